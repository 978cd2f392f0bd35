// Figure 5 from the runner's side: runs the simulated hour (background-cost.sim.ts) in Vitest,
// which has WXT's plugin and fakeBrowser, and reads back its JSON.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_TMP } from "./build.ts";
import type { BackgroundResult } from "./report-late.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Runs the simulation (bounded to 3 minutes) and returns its result. */
export function measureBackground(): BackgroundResult {
  const out = join(BENCH_TMP, "background-sim.json");
  rmSync(out, { force: true });
  const run = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "-c", "bench/vitest.config.ts"],
    { cwd: ROOT, env: { ...process.env, BENCH_SIM_OUT: out }, encoding: "utf8", timeout: 180_000 },
  );
  if (run.status !== 0) throw new Error(`simulation failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(readFileSync(out, "utf8")) as BackgroundResult;
}
