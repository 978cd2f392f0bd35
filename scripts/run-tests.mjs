// `npm test`: every suite in turn, each through Vitest's JSON reporter, then one closing line
// "total: N passed, N failed". Fails when any suite fails or when a suite ran zero tests, so CI can
// never pass by skipping. `npm test -- unit worker` runs only the named suites.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";

/** Suite name → the npm script that runs it (each script forwards extra vitest arguments). */
const SUITES = {
  unit: "test:unit",
  emulators: "test:emulators",
  worker: "test:worker",
  "worker-roundtrip": "test:worker-roundtrip",
  e2e: "test:e2e",
};
const wanted = process.argv.slice(2).filter((a) => a in SUITES);
const names = wanted.length ? wanted : Object.keys(SUITES);
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
mkdirSync(".tmp", { recursive: true });

let passed = 0;
let failed = 0;
const problems = [];
for (const name of names) {
  const out = resolve(`.tmp/results-${name}.json`); // absolute: suites set their own vitest root
  rmSync(out, { force: true });
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(
    "npm",
    ["run", "-s", SUITES[name], "--", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`],
    { stdio: "inherit", env },
  );
  let result = null;
  try {
    result = JSON.parse(readFileSync(out, "utf8"));
  } catch {
    problems.push(`${name}: no results (exit code ${run.status})`);
    failed++;
    continue;
  }
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  if (result.numTotalTests === 0) problems.push(`${name}: ran zero tests`);
  if (result.numPendingTests + result.numTodoTests > 0) problems.push(`${name}: skipped or todo tests`);
  if (run.status !== 0 && result.numFailedTests === 0) problems.push(`${name}: exit code ${run.status}`);
}
for (const p of problems) console.error(`✖ ${p}`);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
