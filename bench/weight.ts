// Figure 2, weight: what a page downloads before it can run (its HTML, the entry module, every
// static import reached from it, its stylesheets), gzipped; the store zip; the checkout page.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** One file of a page's first load. */
export interface LoadedFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

/** A page's first load: files and totals. */
export interface FirstLoad {
  files: LoadedFile[];
  bytes: number;
  gzipBytes: number;
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

/** Resolves a URL from HTML or JS (root-relative or relative) to a file under `root`. */
function toFile(root: string, from: string, ref: string, urlBase: string): string {
  if (ref.startsWith("/")) return join(root, ref.slice(urlBase.length));
  return resolve(dirname(from), ref);
}

/** Static imports of an ES module (`import … from "x"`, `import "x"`, `export … from "x"`); dynamic `import()` is left out on purpose. */
export function staticImports(code: string): string[] {
  const out = new Set<string>();
  const re = /(?:\bimport|\bexport)\s*(?:[\w*${}\s,]+?\s*from\s*)?["'`]([^"'`]+\.m?js)["'`]/g;
  for (const m of code.matchAll(re)) if (m[1]) out.add(m[1]);
  return [...out];
}

/**
 * Walks an HTML page's first load: `<script type=module src>`, `<link rel=modulepreload|stylesheet>`,
 * then the static import graph of every module. `urlBase` is the path the page's root is served at
 * ("/" for the extension, "/checkout/" for the Worker's page).
 */
export function firstLoad(htmlPath: string, urlBase = "/"): FirstLoad {
  const root = dirname(htmlPath);
  const html = readFileSync(htmlPath, "utf8");
  const queue: string[] = [];
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g))
    if (m[1]) queue.push(toFile(root, htmlPath, m[1], urlBase));
  for (const m of html.matchAll(/<link[^>]*rel="(?:modulepreload|stylesheet)"[^>]*href="([^"]+)"/g))
    if (m[1]) queue.push(toFile(root, htmlPath, m[1], urlBase));
  const seen = new Set<string>([htmlPath]);
  for (let i = 0; i < queue.length && i < 500; i++) {
    const file = queue[i] as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith(".js")) {
      for (const ref of staticImports(readFileSync(file, "utf8"))) queue.push(toFile(root, file, ref, urlBase));
    }
  }
  const files = [...seen].map((f) => {
    const buf = readFileSync(f);
    return { path: relative(root, f), bytes: buf.length, gzipBytes: gz(buf) };
  });
  return {
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
  };
}

/**
 * Strings that survive minification only if chrono-node is bundled: keys of its time-zone
 * abbreviation table. Checked against the background bundle, which does use chrono, as a control.
 */
export const CHRONO_SIGNATURE = ["ACDT", "AEDT", "NZDT", "CHADT"];

/** True when every signature string occurs in the text. */
export function hasChrono(code: string): boolean {
  return CHRONO_SIGNATURE.every((s) => code.includes(s));
}

/** Every file under a directory with its raw and gzipped size. */
function dirWeight(dir: string): FirstLoad {
  const files: LoadedFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const buf = readFileSync(p);
        files.push({ path: relative(dir, p), bytes: buf.length, gzipBytes: gz(buf) });
      }
    }
  };
  walk(dir);
  return {
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
  };
}

/** Results of figure 2. */
export interface WeightResult {
  popup: FirstLoad;
  popupHasChrono: boolean;
  backgroundHasChrono: boolean;
  extensionDir: FirstLoad;
  zipBytes: number;
  checkout: FirstLoad;
  checkoutDir: FirstLoad;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHECKOUT_DIR = join(ROOT, "worker/public/checkout");

/**
 * Rebuilds the checkout page (`npm run build:checkout`) so its weight matches the tree. Call it
 * before `wrangler dev` starts: the Worker serves that directory and restarts when it changes.
 */
export function buildCheckoutPage(): void {
  const build = spawnSync("npm", ["run", "-s", "build:checkout"], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0 || !existsSync(join(CHECKOUT_DIR, "index.html")))
    throw new Error(`build:checkout failed:\n${build.stdout}\n${build.stderr}`);
}

/** Measures figure 2 on a built extension and the checkout page as built. */
export function measureWeight(extDir: string, zipBytes: number): WeightResult {
  const popup = firstLoad(join(extDir, "popup.html"));
  const popupCode = popup.files
    .filter((f) => f.path.endsWith(".js"))
    .map((f) => readFileSync(join(extDir, f.path), "utf8"))
    .join("\n");
  return {
    popup,
    popupHasChrono: hasChrono(popupCode),
    backgroundHasChrono: hasChrono(readFileSync(join(extDir, "background.js"), "utf8")),
    extensionDir: dirWeight(extDir),
    zipBytes,
    checkout: firstLoad(join(CHECKOUT_DIR, "index.html"), "/checkout/"),
    checkoutDir: dirWeight(CHECKOUT_DIR),
  };
}
