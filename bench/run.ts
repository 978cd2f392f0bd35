// `npm run bench [-- --quick] [-- --only=1,2,4]`: measures every benchmark figure against one
// local stack (emulators + wrangler dev on free ports) and writes BENCHMARKS.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findBrowser } from "../scripts/chromium.ts";
import { LOCAL_EXTENSION_ID } from "../scripts/local-extension.ts";
import { type Stack, startStack } from "../scripts/stack.ts";
import { measureBackground } from "./background-cost.ts";
import { measureBacklog } from "./backlog.ts";
import { measureBookPage } from "./book-page.ts";
import { BENCH_TMP, buildBenchExtension } from "./build.ts";
import { measureLatency } from "./latency.ts";
import { log, machineInfo } from "./lib.ts";
import { measureTti } from "./popup-tti.ts";
import { type BenchResults, renderReport } from "./report.ts";
import { measureSlots } from "./slots.ts";
import { measureWebhooks } from "./webhooks.ts";
import { buildCheckoutPage, measureWeight } from "./weight.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice(7).split(",")) : null;
const wanted = (n: number) => !only || only.has(String(n));
/** Hard ceiling for the whole run; every loop inside is also bounded on its own. */
const RUN_LIMIT_MS = (quick ? 8 : 20) * 60_000;

const OUT = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url));

/**
 * Runs one figure; a failure is recorded in the report instead of ending the run. `attempts` > 1
 * retries — used where the machine, not the code, is the likely cause (the shared browser binary
 * being killed by someone else's clean-up).
 */
async function figure<T>(name: string, fn: () => Promise<T>, attempts = 1): Promise<T | { error: string }> {
  let error = "";
  for (let i = 0; i < attempts; i++) {
    const t0 = Date.now();
    log(`${name}${i ? ` (attempt ${i + 1})` : ""}…`);
    try {
      const r = await fn();
      log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      return r;
    } catch (e) {
      log(`${name} FAILED: ${e instanceof Error ? e.stack : e}`);
      error = e instanceof Error ? (e.message.split("\n")[0] ?? "error") : String(e);
    }
  }
  return { error };
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
  // A stray rejection (e.g. a browser killed mid-wait) must not end the run before the stack stops.
  process.on("unhandledRejection", (e) => log(`unhandled rejection: ${e instanceof Error ? e.message : e}`));
  // Ctrl-C or a kill must not leave wrangler dev (its own process group) running.
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
  const watchdog = setTimeout(() => {
    log(`run exceeded ${RUN_LIMIT_MS / 60_000} min: stopping`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(2));
  }, RUN_LIMIT_MS);
  try {
    buildCheckoutPage();
    // Figure 4 prepares 800+ payments from one address: above the pay page's per-client limit.
    stack = await startStack({
      extensionIds: [LOCAL_EXTENSION_ID],
      quiet: true,
      vars: { PAY_RATE_LIMIT_PER_MINUTE: "100000" },
    });
    log(`stack up: worker ${stack.workerUrl}, google ${stack.emulators.urls.google}`);
    const s = stack;
    const built = await buildBenchExtension({ workerUrl: s.workerUrl, googleUrl: s.emulators.urls.google });
    if (wanted(2)) results.weight = await figure("2 weight", async () => measureWeight(built.dir, built.zipBytes));
    if (wanted(1))
      results.tti = await figure("1 popup TTI", () => measureTti(built.dir, LOCAL_EXTENSION_ID, quick ? 5 : 21), 2);
    if (wanted(4))
      results.webhooks = await figure("4 webhooks", () =>
        measureWebhooks(s, quick ? 150 : 800, { healthzSec: quick ? 2 : 5 }),
      );
    if (wanted(3))
      results.latency = await figure("3 payment → confirmed", () =>
        measureLatency(
          s,
          built.dir,
          quick ? { messageRuns: 2, alarmRounds: 1, parallel: 2 } : { messageRuns: 10, alarmRounds: 5, parallel: 2 },
        ),
      );
    if (wanted(5)) results.background = await figure("5 background simulation", async () => measureBackground());
    if (wanted(6)) results.bookPage = await figure("6 booking page", () => measureBookPage(s, quick ? 3 : 11));
    if (wanted(7)) results.slots = await figure("7 booking page slots", () => measureSlots(s, quick ? 30 : 200));
    if (wanted(8))
      results.backlog = await figure("8 cron backlog and returns", () =>
        measureBacklog(
          s,
          quick
            ? { orders: 2000, passes: 3, paidBudget: 900, paidPasses: 2, returns: 2 }
            : { orders: 10_000, passes: 6, paidBudget: 900, paidPasses: 3, returns: 5 },
        ),
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
