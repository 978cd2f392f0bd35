import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { E2E_EMULATOR_PORT, E2E_WORKER_PORT } from "./global-setup.ts";

// `npm run demo` as a person runs it, on the E2E ports: the build it makes is the very build the
// other specs load (same ports, same key), so running it here changes nothing for them.
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PORTS = ["--worker-port", String(E2E_WORKER_PORT), "--emulator-port", String(E2E_EMULATOR_PORT)];
const WORKER = `http://127.0.0.1:${E2E_WORKER_PORT}`;

/** Starts `npm run demo -- <args>` in its own process group, collecting stdout. */
function demo(args: string[]): { child: ChildProcess; out: () => string; done: Promise<number | null> } {
  const child = spawn("npm", ["run", "-s", "demo", "--", ...args, ...PORTS], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.resume();
  // "close": every holder of the output pipes (the demo and what it started) is gone.
  const done = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, out: () => out, done };
}

async function workerAnswers(): Promise<boolean> {
  try {
    return (await fetch(`${WORKER}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

describe("npm run demo", () => {
  it("--smoke books, pays with PayPal and sees the event confirmed, then prints one line and exits 0", async () => {
    const run = demo(["--smoke"]);
    expect(await run.done).toBe(0);
    const lines = run
      .out()
      .split("\n")
      .filter((l) => l.trim());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^smoke: ok — "Smoke test call" confirmed after paying with PayPal \(\d+\.\d s\)$/);
    expect(await workerAnswers()).toBe(false);
  }, 120_000);

  it("runs the whole product, prints every URL and stops everything on Ctrl-C", async () => {
    const run = demo(["--headless"]);
    const until = Date.now() + 90_000;
    while (!run.out().includes("Press Ctrl-C") && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    const out = run.out();
    for (const url of [WORKER, `http://127.0.0.1:${E2E_EMULATOR_PORT}`, "chrome-extension://"])
      expect(out).toContain(url);
    expect(await workerAnswers()).toBe(true);
    // The welcome page explains what to try and links the local services.
    const welcome = out.match(/Welcome page\s+file:\/\/(\S+)/)?.[1];
    expect(welcome).toBeTruthy();
    const html = readFileSync(decodeURIComponent(welcome ?? ""), "utf8");
    expect(html).toContain("Book this time");
    expect(html).toContain(`${WORKER}/healthz`);

    // Ctrl-C in a terminal signals the whole foreground process group.
    process.kill(-(run.child.pid as number), "SIGINT");
    await run.done;
    expect(run.out()).toContain("Stopped: Chromium, the Worker and the emulators are down.");
    expect(await workerAnswers()).toBe(false);
  }, 120_000);
});
