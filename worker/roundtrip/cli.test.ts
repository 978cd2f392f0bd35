import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// `npm run webhook:verify` on the real PayPal sandbox delivery of 2015 (body, headers, the
// certificate its cert URL served, its webhook id).
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const vector = JSON.parse(readFileSync(join(ROOT, "worker/test/fixtures/paypal-webhook-2015.json"), "utf8"));
const dir = mkdtempSync(join(tmpdir(), "webhook-verify-vector-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function files(body: string, headers: Record<string, string>) {
  writeFileSync(join(dir, "body.txt"), body);
  writeFileSync(join(dir, "h.json"), JSON.stringify(headers));
  writeFileSync(join(dir, "cert.pem"), vector.cert_pem);
  return ["--provider", "paypal", "--headers", join(dir, "h.json"), "--body", join(dir, "body.txt")];
}

const HEADERS = {
  "Paypal-Transmission-Id": vector.transmission_id,
  "paypal-transmission-time": vector.transmission_time,
  "PAYPAL-TRANSMISSION-SIG": vector.transmission_sig,
  "PAYPAL-CERT-URL": vector.cert_url,
  "PayPal-Auth-Algo": vector.auth_algo,
};
const WHEN = ["--webhook-id", vector.webhook_id, "--cert", join(dir, "cert.pem"), "--now", vector.transmission_time];

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "scripts/webhook-verify.ts"), ...args],
    { cwd: ROOT },
  );
  let out = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out: out.trim() })));
}

describe("webhook:verify on PayPal's 2015 sandbox vector", () => {
  it("accepts it with its webhook id, certificate and --now at its transmission time", async () => {
    expect(await cli([...files(vector.body, HEADERS), ...WHEN])).toEqual({ code: 0, out: "valid" });
  });

  it.each([
    ["one body byte", () => files(vector.body.replace('"20.00"', '"20.01"'), HEADERS), WHEN],
    ["the webhook id", () => files(vector.body, HEADERS), ["--webhook-id", "4JH86294D6297925G", ...WHEN.slice(2)]],
    [
      "the transmission id",
      () => files(vector.body, { ...HEADERS, "Paypal-Transmission-Id": vector.transmission_id.replace("dfb", "dfc") }),
      WHEN,
    ],
    ["the time (no --now: the certificate expired in 2017)", () => files(vector.body, HEADERS), WHEN.slice(0, 4)],
  ])("rejects it after changing %s", async (_n, make, rest) => {
    const res = await cli([...make(), ...rest]);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/^invalid: /);
  });

  it("explains a missing argument", async () => {
    const res = await cli(["--provider", "paypal"]);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/^invalid: missing arguments/);
  });
});
