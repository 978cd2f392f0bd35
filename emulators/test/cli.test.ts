// `npm run emulators` answers on its four ports and stops cleanly on a signal. How fast it starts is
// a benchmark figure (bench/), not something a test on a busy machine can fairly assert.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";

/** A base port whose four consecutive ports are free right now. */
async function freeBase(): Promise<number> {
  for (let i = 0; i < 40; i++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const ok = await Promise.all(
      [0, 1, 2, 3].map(
        (k) =>
          new Promise<boolean>((resolve) => {
            const s = createServer();
            s.once("error", () => resolve(false));
            s.listen(base + k, "127.0.0.1", () => s.close(() => resolve(true)));
          }),
      ),
    );
    if (ok.every(Boolean)) return base;
  }
  throw new Error("no free ports");
}

describe("npm run emulators", () => {
  it("prints four base URLs and answers on them, then stops on SIGTERM", async () => {
    const base = await freeBase();
    const started = Date.now();
    const child = spawn("npm", ["run", "-s", "emulators", "--", "--port", String(base), "--quiet"], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // own process group, so the signal reaches tsx behind npm
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    try {
      let state: Response | null = null;
      while (Date.now() - started < 60_000 && !state) {
        state = await fetch(`http://127.0.0.1:${base}/__emulator/state`).catch(() => null);
        if (!state) await new Promise((r) => setTimeout(r, 50));
      }
      expect(state?.status).toBe(200);
      const body = (await state?.json()) as {
        urls: Record<string, string>;
        credentials: { paypal: { clientId: string } };
      };
      expect(body.urls).toEqual({
        google: `http://127.0.0.1:${base}`,
        paypal: `http://127.0.0.1:${base + 1}`,
        binance: `http://127.0.0.1:${base + 2}`,
        mercadopago: `http://127.0.0.1:${base + 3}`,
      });
      expect(body.credentials.paypal.clientId).toBe("emu-paypal-client-id");
      for (const k of [1, 2, 3])
        expect((await fetch(`http://127.0.0.1:${base + k}/__emulator/clock`)).status).toBe(200);
      for (const u of Object.values(body.urls)) expect(out).toContain(u);
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    }
    const code = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => resolve(-1), 5000);
      child.once("exit", (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    expect(code === 0 || code === null || code === 143).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(await fetch(`http://127.0.0.1:${base}/__emulator/state`).catch(() => null)).toBeNull();
  }, 90_000);
});
