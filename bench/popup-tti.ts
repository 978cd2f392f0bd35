// Figure 1, popup time-to-interactive, beside two floors in the same browser and run: a blank
// extension page and a React "hello" page. All three live in a throwaway copy of the production
// build (so they share the extension's origin, CSP and service worker); the product's
// entrypoints are untouched.
//
// "Usable" means: an <input id="f-title"> that is connected, enabled and laid out (has a box),
// and a submit button that is enabled — i.e. the user can focus the Title field and type, and
// press "Create & pay". A classic script injected first into <head> of each page watches the DOM
// with a MutationObserver and records performance.now() (milliseconds since navigation start) the
// moment that holds, then the start of the next animation frame (the first frame showing it).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { build } from "vite";
import { findBrowser, launchWithExtension } from "../scripts/chromium.ts";
import { BENCH_TMP } from "./build.ts";
import { log, median, percentile } from "./lib.ts";
import { firstLoad } from "./weight.ts";

const PROBE = `(() => {
  const usable = () => {
    const t = document.getElementById("f-title");
    const b = document.querySelector('button[type="submit"]');
    return !!t && t.isConnected && !t.disabled && !!b && !b.disabled && t.getClientRects().length > 0;
  };
  const obs = new MutationObserver(() => {
    if (window.__usable !== undefined || !usable()) return;
    window.__usable = performance.now();
    performance.mark("bench-usable");
    obs.disconnect();
    requestAnimationFrame(() => { window.__frame = performance.now(); });
  });
  obs.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

const BLANK = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head>
<body><form><label for="f-title">Title</label><input id="f-title"><button type="submit">Go</button></form></body></html>`;

// The React floor does what bootPage + a one-field form do, without any of the product's code.
const HELLO_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hello</title></head>
<body><div id="root"></div><script type="module" src="./hello.js"></script></body></html>`;
const HELLO_JS = `import { StrictMode, createElement as h } from "react";
import { createRoot } from "react-dom/client";
function Hello() {
  return h("form", null, h("label", { htmlFor: "f-title" }, "Title"), h("input", { id: "f-title" }),
    h("button", { type: "submit" }, "Go"));
}
createRoot(document.getElementById("root")).render(h(StrictMode, null, h(Hello)));`;

const injectProbe = (html: string) => html.replace(/<head>/i, '<head><script src="/bench-probe.js"></script>');

/** Copies the build and adds the probe, `floor-blank.html` and `floor-react/hello.html`. */
export async function prepareTtiExtension(extDir: string): Promise<{ dir: string; reactFloorGzipBytes: number }> {
  const dir = join(BENCH_TMP, "tti-ext");
  rmSync(dir, { recursive: true, force: true });
  cpSync(extDir, dir, { recursive: true });
  writeFileSync(join(dir, "bench-probe.js"), PROBE);
  writeFileSync(join(dir, "popup.html"), injectProbe(readFileSync(join(dir, "popup.html"), "utf8")));
  writeFileSync(join(dir, "floor-blank.html"), injectProbe(BLANK));
  const src = join(BENCH_TMP, "floor-react-src");
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, "hello.html"), HELLO_HTML);
  writeFileSync(join(src, "hello.js"), HELLO_JS);
  await build({
    root: src,
    base: "/floor-react/",
    mode: "production",
    logLevel: "warn",
    configFile: false,
    build: { outDir: join(dir, "floor-react"), emptyOutDir: true, rollupOptions: { input: join(src, "hello.html") } },
  });
  const hello = join(dir, "floor-react/hello.html");
  const reactFloorGzipBytes = firstLoad(hello, "/floor-react/").gzipBytes; // before the probe is added
  writeFileSync(hello, injectProbe(readFileSync(hello, "utf8")));
  return { dir, reactFloorGzipBytes };
}

/** One page's samples (ms since navigation start). */
export interface PageTimes {
  usable: number[];
  frame: number[];
  domContentLoaded: number[];
}

/** Results of figure 1. */
export interface TtiResult {
  opens: number;
  warmup: number;
  /** Gzipped first load of the React floor (React + ReactDOM + the page), for scale beside the popup's. */
  reactFloorGzipBytes: number;
  pages: Record<"blank" | "react" | "popup", PageTimes>;
}

async function openOnce(context: BrowserContext, url: string) {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => (window as { __frame?: number }).__frame !== undefined, null, {
      timeout: 15_000,
    });
    return await page.evaluate(() => {
      const w = window as unknown as { __usable: number; __frame: number };
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      return { usable: w.__usable, frame: w.__frame, domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN };
    });
  } finally {
    await page.close();
  }
}

/**
 * Opens the three pages round-robin (so machine noise hits all three alike), `warmup` rounds
 * discarded, then `opens` measured rounds. Each open is a fresh tab; bounded by a 15 s wait each.
 */
export async function measureTti(extDir: string, extensionId: string, opens: number, warmup = 2): Promise<TtiResult> {
  const browser = findBrowser();
  if (!browser) throw new Error("Chromium not found");
  const { dir, reactFloorGzipBytes } = await prepareTtiExtension(extDir);
  const { context, profileDir } = await launchWithExtension({
    browser,
    extensionDir: dir,
    headless: true,
    viewport: { width: 400, height: 600 },
  });
  const pages: TtiResult["pages"] = {
    blank: { usable: [], frame: [], domContentLoaded: [] },
    react: { usable: [], frame: [], domContentLoaded: [] },
    popup: { usable: [], frame: [], domContentLoaded: [] },
  };
  const urls = {
    blank: `chrome-extension://${extensionId}/floor-blank.html`,
    react: `chrome-extension://${extensionId}/floor-react/hello.html`,
    popup: `chrome-extension://${extensionId}/popup.html`,
  };
  try {
    if (context.serviceWorkers().length === 0) await context.waitForEvent("serviceworker", { timeout: 15_000 });
    for (let round = 0; round < warmup + opens; round++) {
      for (const key of ["blank", "react", "popup"] as const) {
        const t = await openOnce(context, urls[key]);
        if (round < warmup) continue;
        pages[key].usable.push(t.usable);
        pages[key].frame.push(t.frame);
        pages[key].domContentLoaded.push(t.domContentLoaded);
      }
    }
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
  const p = pages.popup.usable;
  log(`popup TTI median ${median(p).toFixed(1)} ms (p95 ${percentile(p, 95).toFixed(1)})`);
  return { opens, warmup, reactFloorGzipBytes, pages };
}
