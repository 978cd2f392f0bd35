// The local stack: emulators + the Worker under `wrangler dev`, wired to each other. Used by the
// Worker's round-trip suite, the demo, E2E and benchmarks. Only scripts and tests import this.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Emulators, startEmulators } from "../emulators/src/index.ts";

export type { Emulators };

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Worker port; a free one when omitted (or not a positive integer). */
  workerPort?: number;
  /** Emulator base port (four consecutive ports); 0 or omitted = free ports. */
  emulatorPort?: number;
  /** Extension ids allowed by CORS and told about payments by the checkout page. */
  extensionIds?: string[];
  quiet?: boolean;
  /** Google's consent page approves immediately (default true). */
  autoApprove?: boolean;
  /** Extra Worker vars or secrets (e.g. MAX_HOLD_HOURS), applied last: they override everything. */
  vars?: Record<string, string>;
  /** Keep the local D1 state in this directory across runs (created if missing) instead of a fresh one. */
  persist?: string;
}

/** A running stack. */
export interface Stack {
  workerUrl: string;
  emulators: Emulators;
  /** The vars the Worker runs with: wrangler.jsonc's, then the stack's wiring, then `opts.vars`. */
  vars: Record<string, string>;
  /** Process group of `wrangler dev` and its workerd (the bench reads their CPU time). */
  workerProcessGroup: number | null;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WORKER_DIR = fileURLToPath(new URL("../worker/", import.meta.url));
const WRANGLER = fileURLToPath(new URL("../node_modules/wrangler/bin/wrangler.js", import.meta.url));
const childEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_COLOR: "1",
};

/** A failure of the stack itself (port taken, migrations, wrangler), with a one-line message. */
export class StackError extends Error {}

/** Whether nothing listens on `port` at 127.0.0.1 right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createServer();
    s.once("error", () => done(false));
    s.listen(port, "127.0.0.1", () => s.close(() => done(true)));
  });
}

/**
 * The `vars` of worker/wrangler.jsonc: the defaults every run starts from. JSONC allows comments,
 * so they are dropped first (outside strings only: URLs contain "//").
 */
export function wranglerVars(): Record<string, string> {
  const text = readFileSync(join(WORKER_DIR, "wrangler.jsonc"), "utf8");
  const json = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str) => str ?? "");
  const vars = (JSON.parse(json) as { vars?: Record<string, unknown> }).vars ?? {};
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, output: () => string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new StackError(`wrangler dev exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new StackError(`wrangler dev did not answer /healthz within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the emulators, then the Worker configured for them with a fresh local D1 (migrated) in a
 * per-run directory, and resolves once `/healthz` answers. A developer's `worker/.dev.vars` is
 * never touched: the configuration goes to a generated env file in the run directory.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  // Anything but a real port (undefined, 0, NaN from an absent CLI flag) means "pick a free one".
  const given = (p: number | undefined) => (p !== undefined && Number.isInteger(p) && p > 0 ? p : undefined);
  const workerPort = given(opts.workerPort) ?? (await freePort());
  const emulatorPort = given(opts.emulatorPort);
  // Say which port is taken before starting anything, instead of a child's EADDRINUSE stack trace.
  const wanted = [workerPort, ...(emulatorPort ? [0, 1, 2, 3].map((i) => emulatorPort + i) : [])];
  for (const port of wanted) {
    if (!(await portIsFree(port))) throw new StackError(`port ${port} on 127.0.0.1 is already in use`);
  }
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const emulators = await startEmulators({
    port: emulatorPort ?? 0,
    paypalWebhookUrl: `${workerUrl}/webhooks/paypal`,
    autoApprove: opts.autoApprove ?? true,
    quiet: opts.quiet ?? true,
  });
  const runDir = mkdtempSync(join(tmpdir(), "leadscalendar-stack-"));
  let child: ChildProcess | null = null;
  const stop = async () => {
    if (child && child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child?.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }
    }
    await emulators.close();
    rmSync(runDir, { recursive: true, force: true });
  };
  try {
    const { credentials: cr, urls } = emulators;
    const wiring: Record<string, string> = {
      PUBLIC_BASE_URL: workerUrl,
      ALLOWED_EXTENSION_IDS: (opts.extensionIds ?? []).join(","),
      CHECKOUT_RATE_LIMIT_PER_HOUR: "100000",
      PAYPAL_API_BASE: urls.paypal,
      PAYPAL_CLIENT_ID: cr.paypal.clientId,
      PAYPAL_CLIENT_SECRET: cr.paypal.clientSecret,
      PAYPAL_WEBHOOK_ID: cr.paypal.webhookId ?? "",
      // The emulator's certificate host, over http on a port: allowed only through this one var.
      PAYPAL_CERT_HOSTS: urls.paypal,
      PAYPAL_SDK_BASE_URL: `${urls.paypal}/sdk/js`,
      BINANCE_API_BASE: urls.binance,
      BINANCE_API_KEY: cr.binance.apiKey,
      BINANCE_API_SECRET: cr.binance.apiSecret,
      MERCADOPAGO_API_BASE: urls.mercadopago,
      MERCADOPAGO_ACCESS_TOKEN: cr.mercadopago.accessToken,
      MERCADOPAGO_WEBHOOK_SECRET: cr.mercadopago.webhookSecret,
      // The emulator's account is on site MLA, which takes ARS only (like a real Argentine account).
      MERCADOPAGO_CURRENCY: "ARS",
      MERCADOPAGO_PRICE_VALUE: "1000.00",
      // The booking page, with the Google emulator as the host's Google (alice is its host).
      ADMIN_EMAIL: "alice@example.com",
      AUTH_GOOGLE_ID: "leadscalendar-web.apps.googleusercontent.com",
      AUTH_GOOGLE_SECRET: "emu-google-web-secret",
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      GOOGLE_AUTH_URL: `${urls.google}/o/oauth2/v2/auth`,
      GOOGLE_TOKEN_URL: `${urls.google}/token`,
      GOOGLE_API_BASE: urls.google,
      GOOGLE_USERINFO_URL: `${urls.google}/v1/userinfo`,
    };
    const vars: Record<string, string> = { ...wranglerVars(), ...wiring, ...opts.vars };
    const envFile = join(runDir, "worker.env");
    writeFileSync(
      envFile,
      Object.entries(vars)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join("\n"),
    );
    // The hosted pages are build artifacts (gitignored); build each once if it is missing.
    for (const [page, config] of [
      ["checkout", "worker/checkout/vite.config.ts"],
      ["book-page", "worker/checkout/book/vite.config.ts"],
    ] as const) {
      if (existsSync(join(WORKER_DIR, `public/${page}/index.html`))) continue;
      const vite = fileURLToPath(new URL("../node_modules/vite/bin/vite.js", import.meta.url));
      const build = spawnSync(process.execPath, [vite, "build", "-c", config], {
        cwd: ROOT,
        env: childEnv,
        encoding: "utf8",
      });
      if (build.status !== 0) throw new Error(`${page} page build failed:\n${build.stdout}\n${build.stderr}`);
    }
    const persist = opts.persist ? resolve(opts.persist) : join(runDir, "state");
    if (opts.persist) mkdirSync(persist, { recursive: true });
    const migrate = spawnSync(
      process.execPath,
      [WRANGLER, "d1", "migrations", "apply", "leadscalendar", "--local", "--persist-to", persist],
      { cwd: WORKER_DIR, env: childEnv, encoding: "utf8" },
    );
    if (migrate.status !== 0) throw new StackError(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
    let output = "";
    child = spawn(
      process.execPath,
      [
        WRANGLER,
        "dev",
        "--ip",
        "127.0.0.1",
        "--port",
        String(workerPort),
        "--persist-to",
        persist,
        "--env-file",
        envFile,
        "--test-scheduled",
        "--show-interactive-dev-session=false",
        "--inspector-port",
        String(await freePort()),
      ],
      { cwd: WORKER_DIR, env: childEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (!opts.quiet) process.stderr.write(`[worker] ${chunk}`);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    await waitForHealth(workerUrl, child, 60_000, () => output);
    return { workerUrl, emulators, vars, workerProcessGroup: child.pid ?? null, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
