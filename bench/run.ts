// `npm run bench [-- --quick] [-- --only=1,2,4]`: measures every figure of issue 8 against one
// local stack (emulators + wrangler dev on free ports) and writes BENCHMARKS.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findBrowser } from "../scripts/chromium.ts";
import { LOCAL_EXTENSION_ID } from "../scripts/local-extension.ts";
import { type Stack, startStack } from "../scripts/stack.ts";
import { BENCH_TMP, buildBenchExtension } from "./build.ts";
import { log, machineInfo } from "./lib.ts";
import { measureTti } from "./popup-tti.ts";
import { type BenchResults, renderReport } from "./report.ts";
import { measureWebhooks } from "./webhooks.ts";
import { measureWeight } from "./weight.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice(7).split(",")) : null;
const wanted = (n: number) => !only || only.has(String(n));
/** Hard ceiling for the whole run; every loop inside is also bounded on its own. */
const RUN_LIMIT_MS = (quick ? 8 : 20) * 60_000;

const OUT = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url));

async function figure<T>(name: string, fn: () => Promise<T>): Promise<T | { error: string }> {
  const t0 = Date.now();
  log(`${name}…`);
  try {
    const r = await fn();
    log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return r;
  } catch (e) {
    log(`${name} FAILED: ${e instanceof Error ? e.stack : e}`);
    return { error: e instanceof Error ? (e.message.split("\n")[0] ?? "error") : String(e) };
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(BENCH_TMP, { recursive: true });
  const browser = findBrowser();
  const results: BenchResults = {
    date: new Date().toISOString(),
    quick,
    totalSec: 0,
    machine: machineInfo(browser?.path ?? null),
  };
  let stack: Stack | null = null;
  const watchdog = setTimeout(() => {
    log(`run exceeded ${RUN_LIMIT_MS / 60_000} min: stopping`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(2));
  }, RUN_LIMIT_MS);
  try {
    stack = await startStack({ extensionIds: [LOCAL_EXTENSION_ID], quiet: true });
    log(`stack up: worker ${stack.workerUrl}, google ${stack.emulators.urls.google}`);
    const s = stack;
    const built = await buildBenchExtension({ workerUrl: s.workerUrl, googleUrl: s.emulators.urls.google });
    if (wanted(2)) results.weight = await figure("2 weight", async () => measureWeight(built.dir, built.zipBytes));
    if (wanted(1))
      results.tti = await figure("1 popup TTI", () => measureTti(built.dir, LOCAL_EXTENSION_ID, quick ? 5 : 21));
    if (wanted(4))
      results.webhooks = await figure("4 webhooks", () =>
        measureWebhooks(s, quick ? 150 : 800, { healthzSec: quick ? 2 : 5 }),
      );
  } finally {
    clearTimeout(watchdog);
    await stack?.stop();
  }
  results.totalSec = (Date.now() - started) / 1000;
  writeFileSync(join(BENCH_TMP, "results.json"), JSON.stringify(results, null, 2));
  writeFileSync(OUT, renderReport(results));
  log(`wrote ${OUT} (${(results.totalSec / 60).toFixed(1)} min)`);
}

main().then(
  () => process.exit(0),
  (e) => {
    log(`bench failed: ${e instanceof Error ? e.stack : e}`);
    process.exit(1);
  },
);
