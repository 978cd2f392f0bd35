import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, portIsFree, type Stack } from "../../scripts/stack.ts";
import type { StackLine } from "../../scripts/stack-cli.ts";
import { createCheckout, http, status } from "./client.ts";

// `npm run stack` as an integrator runs it: one JSON line once everything answers, then running
// until a signal, and nothing left behind afterwards.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  done: Promise<number | null>;
}

function stack(args: string[]): Run {
  // Its own process group, as a terminal gives a foreground command (Ctrl-C signals the group).
  const child = spawn("npm", ["run", "-s", "stack", "--", ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    err += d;
  });
  const done = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, out: () => out, err: () => err, done };
}

async function firstLine(run: Run, timeoutMs = 150_000): Promise<StackLine> {
  const until = Date.now() + timeoutMs;
  while (!run.out().includes("\n")) {
    if (run.child.exitCode !== null) throw new Error(`stack exited ${run.child.exitCode}: ${run.err()}`);
    if (Date.now() > until) throw new Error(`no JSON line within ${timeoutMs} ms: ${run.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return JSON.parse(run.out().split("\n")[0] ?? "") as StackLine;
}

/** Every process below `pid`, found through /proc (wrangler runs in a process group of its own). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) {
      if (pp === p) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Four consecutive ports free right now, for --emulator-port. */
async function freeRange(): Promise<number> {
  for (;;) {
    const base = (await freePort()) & ~3;
    const ok = await Promise.all([0, 1, 2, 3].map((i) => portIsFree(base + i)));
    if (base > 1024 && base < 65530 && ok.every(Boolean)) return base;
  }
}

describe("npm run stack", () => {
  it("prints one JSON line with the URLs, credentials and effective vars; SIGTERM stops every process", async () => {
    const workerPort = await freePort();
    const emulatorPort = await freeRange();
    const run = stack([
      "--worker-port",
      String(workerPort),
      "--emulator-port",
      String(emulatorPort),
      "--var",
      "MAX_HOLD_HOURS=5",
    ]);
    const line = await firstLine(run);
    expect(line.workerUrl).toBe(`http://127.0.0.1:${workerPort}`);
    expect(line.emulators).toEqual({
      google: `http://127.0.0.1:${emulatorPort}`,
      paypal: `http://127.0.0.1:${emulatorPort + 1}`,
      binance: `http://127.0.0.1:${emulatorPort + 2}`,
      mercadopago: `http://127.0.0.1:${emulatorPort + 3}`,
    });
    // --var wins over wrangler.jsonc's 72; wrangler.jsonc's own defaults are part of the effective vars.
    expect(line.vars.MAX_HOLD_HOURS).toBe("5");
    expect(line.vars.PRICE_VALUE).toBe("1.00");
    expect(line.vars.PAYPAL_API_BASE).toBe(line.emulators.paypal);
    // The emulator's certificate host (http, a port) is allowed only through this one var.
    expect(line.vars.PAYPAL_CERT_HOSTS).toBe(line.emulators.paypal);
    expect(line.credentials).toMatchObject({ paypal: { clientId: line.vars.PAYPAL_CLIENT_ID } });
    const health = await http(`${line.workerUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(health.body.providers).toEqual({ paypal: true, binance: true, mercadopago: true });
    expect((await http(`${line.emulators.google}/__emulator/state`)).status).toBe(200);

    const tree = descendants(run.child.pid as number);
    expect(tree.length).toBeGreaterThan(2); // tsx, node, wrangler, workerd…
    run.child.kill("SIGTERM"); // only npm itself, as `kill <pid>` would (npm does not relay it)
    await run.done;
    expect(run.out().trim().split("\n")).toHaveLength(1);
    const until = Date.now() + 10_000;
    while (tree.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(tree.filter(alive)).toEqual([]);
    expect(await portIsFree(workerPort)).toBe(true);
    expect(await portIsFree(emulatorPort)).toBe(true);
  }, 240_000);

  it("keeps D1 state across runs with --persist", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stack-persist-"));
    dirs.push(dir);
    const first = stack(["--persist", dir]);
    const a = await firstLine(first);
    const booking = await createCheckout({ workerUrl: a.workerUrl } as Stack);
    process.kill(-(first.child.pid as number), "SIGINT"); // Ctrl-C (npm itself then ends by the signal)
    await first.done;
    expect(await portIsFree(Number(new URL(a.workerUrl).port))).toBe(true);

    const second = stack(["--persist", dir]);
    const b = await firstLine(second);
    try {
      expect((await status({ workerUrl: b.workerUrl } as Stack, booking)).status).toBe("open");
    } finally {
      process.kill(-(second.child.pid as number), "SIGINT");
      await second.done;
    }
  }, 360_000);

  it("says in one line which port is taken, and exits 1 without starting anything", async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(port, "127.0.0.1", () => r()));
    try {
      const run = stack(["--worker-port", String(port)]);
      expect(await run.done).toBe(1);
      expect(run.out()).toBe("");
      expect(run.err().trim()).toBe(`stack: port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 60_000);

  it.each([
    [["--var", "max_hold=1"], /--var takes NAME=VALUE/],
    [["--worker-port", "eighty"], /--worker-port must be a port number/],
    [["--colour"], /Unknown option '--colour'/],
  ])(
    "refuses %j with one clear line",
    async (args, message) => {
      const run = stack(args);
      expect(await run.done).toBe(1);
      expect(run.out()).toBe("");
      const lines = run.err().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    },
    60_000,
  );
});
