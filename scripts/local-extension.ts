// Builds the extension for the local stack (emulators + wrangler dev) with a fixed manifest `key`,
// so its id is known before Chromium loads it (the Worker's CORS list and the checkout page need
// it). Used by the demo, the E2E suite and the benchmarks; production builds never get a key.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Public half of a throwaway RSA key (base64 DER SPKI); no private key exists or is needed for unpacked loads. */
export const LOCAL_EXTENSION_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmHG8381Ju+LFsx8N4uYjdXxre6MBpGPyygoD5N8DVWGv7aTvWV0vmFPoiB3Rum1MpZzi/sLMS3052Im/Hba5CFlWIMz9BJeKPcZCcRPc9vF0ohm4qyuKsanj8tkKalTNSwacQoW58SHUcFLA+ZFJgK85NerIFOZKWNDe+5ldvNC20t9mnKcRFfdrFsyT9VkmpiZpkr5snYgc1kEWISaODW3qB9vALK0wsaj8jsB3vbpcZhOYXwRo24smortm1oOCXI1Q2I10Ajss0aBu9+FF0/OEasEweTys62tG6qEeu5McnsYdQG+8x5DZvkmKnTvjYPiCD+ECPAqJNlQGkKFzdwIDAQAB";

/** Chromium's id for an extension key: SHA-256 of the DER key, first 16 bytes as letters a–p. */
export function extensionIdFromKey(base64Key: string): string {
  const hex = createHash("sha256").update(Buffer.from(base64Key, "base64")).digest("hex").slice(0, 32);
  return [...hex].map((h) => String.fromCharCode(97 + Number.parseInt(h, 16))).join("");
}

/** The id of every locally built extension. */
export const LOCAL_EXTENSION_ID = extensionIdFromKey(LOCAL_EXTENSION_KEY);

/** Where the local build lands: a production build (React's production bundle) in its own folder. */
export const LOCAL_EXTENSION_DIR = join(ROOT, ".output/chrome-mv3-emulated");

/** Build-time variables pointing the extension at a local Worker and the Google emulator. */
export function localBuildEnv(opts: { workerUrl: string; googleUrl: string; googleClientId?: string }) {
  return {
    WXT_WORKER_URL: opts.workerUrl,
    WXT_GOOGLE_API_URL: opts.googleUrl,
    WXT_GOOGLE_AUTH_URL: `${opts.googleUrl}/o/oauth2/v2/auth`,
    WXT_GOOGLE_TOKEN_URL: `${opts.googleUrl}/token`,
    WXT_GOOGLE_USERINFO_URL: `${opts.googleUrl}/v1/userinfo`,
    WXT_GOOGLE_CLIENT_ID: opts.googleClientId ?? "leadscalendar-local.apps.googleusercontent.com",
    WXT_EXTENSION_KEY: LOCAL_EXTENSION_KEY,
    LC_OUT_DIR_TEMPLATE: "{{browser}}-mv{{manifestVersion}}-emulated",
  };
}

/** Runs `wxt build` for the local stack; returns the output directory. Throws with WXT's output on failure. */
export function buildLocalExtension(opts: { workerUrl: string; googleUrl: string; googleClientId?: string }): string {
  const run = spawnSync(process.execPath, [join(ROOT, "node_modules/wxt/bin/wxt.mjs"), "build"], {
    cwd: ROOT,
    env: { ...process.env, ...localBuildEnv(opts) },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`wxt build failed:\n${run.stdout}\n${run.stderr}`);
  return LOCAL_EXTENSION_DIR;
}
