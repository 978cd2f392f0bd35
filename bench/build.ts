// The extension build the benchmarks measure: a production-mode build (minified, React's production
// bundle) for the local stack, in its own directory, zipped by WXT.
//
// Why not `buildLocalExtension()`: it writes `.output/chrome-mv3-emulated`, which the E2E suite
// may be loading at that moment, and the benchmarks also need WXT's zip. The build variables (Worker/Google URLs, the fixed key) are the same ones, from
// `localBuildEnv()`, so the id is still LOCAL_EXTENSION_ID.
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { zip } from "wxt";
import { localBuildEnv } from "../scripts/local-extension.ts";

/** Root of every scratch file the benchmarks write (gitignored). */
export const BENCH_TMP = fileURLToPath(new URL("../.tmp/bench/", import.meta.url));

/** Where the production build and its zip land. */
export const BENCH_BUILD_ROOT = join(BENCH_TMP, "wxt");

/** The built extension and its store zip. */
export interface BenchBuild {
  dir: string;
  zipPath: string;
  zipBytes: number;
}

/** Builds and zips the extension in production mode against the given stack URLs. */
export async function buildBenchExtension(opts: { workerUrl: string; googleUrl: string }): Promise<BenchBuild> {
  rmSync(BENCH_BUILD_ROOT, { recursive: true, force: true });
  // Same variables as the E2E build, but in the bench's own folder (WXT's default layout there).
  const { LC_OUT_DIR_TEMPLATE: _ownFolder, ...env } = localBuildEnv(opts);
  Object.assign(process.env, env);
  const zips = await zip({
    root: fileURLToPath(new URL("..", import.meta.url)),
    mode: "production",
    browser: "chrome",
    manifestVersion: 3,
    outDir: BENCH_BUILD_ROOT,
  });
  const zipPath = zips.find((z) => z.endsWith(".zip") && !z.includes("sources"));
  if (!zipPath) throw new Error(`wxt zip produced no zip: ${zips.join(", ")}`);
  const dir = join(BENCH_BUILD_ROOT, "chrome-mv3");
  readdirSync(dir); // throws when the layout differs from what the scripts expect
  return { dir, zipPath, zipBytes: statSync(zipPath).size };
}
