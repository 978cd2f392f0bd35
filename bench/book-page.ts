// Figure 6: the public booking page on a slow phone — time until the first slots are shown and
// clickable, beside a static HTML page of the same size under the same throttling — and its
// first-load weight. Chromium's mobile emulation: 4× CPU slowdown, ~1.6 Mbps down / 750 kbps up,
// 150 ms round trip, through the DevTools protocol.
import { createServer, type Server } from "node:http";
import { gzipSync } from "node:zlib";
import { type Browser, chromium } from "playwright-core";
import { setUpHost } from "../scripts/book-host.ts";
import { findBrowser } from "../scripts/chromium.ts";
import type { Stack } from "../scripts/stack.ts";
import { log, median } from "./lib.ts";

/** The throttling, as Chrome DevTools' "Fast 3G"-like profile (a mid-range phone on a weak mobile link). */
export const THROTTLE = { latencyMs: 150, downloadKbps: 1600, uploadKbps: 750, cpuSlowdown: 4 };

/** Results of figure 6 (times in ms since navigation start). */
export interface BookPageResult {
  runs: number;
  warmup: number;
  throttle: typeof THROTTLE;
  /** The page as the Worker served it (HTML with the script, styles and first slots inline). */
  servedBytes: number;
  servedGzipBytes: number;
  /** Whether wrangler dev compressed it on the wire (the static page is sent the same way). */
  servedEncoding: string | null;
  /** The zone the Worker drew the first view in (`request.cf.timezone`; wrangler dev's is made up). */
  guessedZone: string | null;
  /** The zone of the device in the `otherZone` loads (not the guessed one). */
  otherZone: string;
  /** Loads with the device in the guessed zone (the Worker's first view shows), and in another (the page draws it). */
  book: { shown: number[]; frame: number[] };
  bookOtherZone: { shown: number[]; frame: number[] };
  static: { shown: number[]; frame: number[] };
}

/** What the probe logs once it has both times (the load is then over for the measurement). */
const DONE = "lc-probe-done";

// Records when the first slot button is connected, enabled and laid out (its listener is attached
// when it is created), then the next frame: the moment a lead can see and press a slot. It says so
// on the console rather than being polled: Playwright's polling (waitForFunction) injects its own
// script, ~100 ms of main-thread work under the CPU slowdown, which lands wherever the page yields
// (inside the booking page's load, after the static page's) and is nothing a lead's phone runs.
const PROBE = `(() => {
  const ready = () => {
    const b = document.querySelector("button.slot");
    return !!b && b.isConnected && !b.disabled && b.getClientRects().length > 0;
  };
  const check = () => {
    if (window.__shown !== undefined || !ready()) return;
    window.__shown = performance.now();
    requestAnimationFrame(() => { window.__frame = performance.now(); console.debug("${DONE}"); });
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener("DOMContentLoaded", check);
})();`;

/** A static page exactly `bytes` long whose bulk is the booking page's own text (similar compressibility), ending in one slot button. */
export function staticTwin(html: string, bytes: number): string {
  const escaped = html.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const head =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>static</title></head><body><pre hidden>';
  const tail =
    '</pre><main><h1>Free times</h1><ul><li><button class="slot" type="button">9:00 AM</button></li></ul></main></body></html>';
  const room = Math.max(0, bytes - Buffer.byteLength(head + tail));
  let body = escaped;
  while (Buffer.byteLength(body) < room) body += escaped;
  body = Buffer.from(body)
    .subarray(0, room)
    .toString("latin1")
    .replace(/[^\x20-\x7e\n]/g, "x");
  return head + body + tail;
}

function serveStatic(html: string, encoding: string | null): Promise<{ server: Server; url: string }> {
  const body = encoding === "gzip" ? gzipSync(html) : Buffer.from(html);
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      ...(encoding === "gzip" ? { "content-encoding": "gzip" } : {}),
    });
    res.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}/` });
    }),
  );
}

/** One cold load (fresh context: no cache, new connection) under the throttling. */
async function loadOnce(browser: Browser, url: string, timezoneId: string): Promise<{ shown: number; frame: number }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "en-US",
    timezoneId,
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: THROTTLE.latencyMs,
      downloadThroughput: (THROTTLE.downloadKbps * 1000) / 8,
      uploadThroughput: (THROTTLE.uploadKbps * 1000) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE.cpuSlowdown });
    await page.addInitScript(PROBE);
    const done = page.waitForEvent("console", { predicate: (m) => m.text() === DONE, timeout: 30_000 });
    await page.goto(url, { waitUntil: "commit", timeout: 30_000 });
    await done;
    return await page.evaluate(() => {
      const w = window as unknown as { __shown: number; __frame: number };
      return { shown: w.__shown, frame: w.__frame };
    });
  } finally {
    await context.close();
  }
}

/**
 * Sets the stack's host up with an always-open page, then loads `/book/intro` (with the device in
 * the zone the Worker guessed, then in another) and its static twin alternately (`warmup` rounds
 * discarded), each load cold.
 */
export async function measureBookPage(stack: Stack, runs: number, warmup = 1): Promise<BookPageResult> {
  const found = findBrowser();
  if (!found) throw new Error("Chromium not found");
  await setUpHost(stack);
  const pageUrl = `${stack.workerUrl}/book/intro`;
  const served = await fetch(pageUrl, { headers: { "accept-encoding": "gzip" } });
  const html = await served.text();
  if (!served.ok || !html.includes('"slots":{')) throw new Error(`the booking page has no slots: ${served.status}`);
  const servedEncoding = served.headers.get("content-encoding");
  const guessedZone = html.match(/<main id="root" data-zone="([^"]+)"/)?.[1] ?? null;
  const otherZone = guessedZone === "America/New_York" ? "Europe/Lisbon" : "America/New_York";
  const { server, url: staticUrl } = await serveStatic(staticTwin(html, Buffer.byteLength(html)), servedEncoding);
  const browser = await chromium.launch({
    executablePath: found.path,
    headless: true,
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
  const result: BookPageResult = {
    runs,
    warmup,
    throttle: THROTTLE,
    servedBytes: Buffer.byteLength(html),
    servedGzipBytes: gzipSync(html, { level: 9 }).length,
    servedEncoding,
    guessedZone,
    otherZone,
    book: { shown: [], frame: [] },
    bookOtherZone: { shown: [], frame: [] },
    static: { shown: [], frame: [] },
  };
  try {
    for (let round = 0; round < warmup + runs; round++) {
      const zone = guessedZone ?? otherZone;
      for (const [key, url, device] of [
        ["book", pageUrl, zone],
        ["bookOtherZone", pageUrl, otherZone],
        ["static", staticUrl, zone],
      ] as const) {
        const t = await loadOnce(browser, url, device);
        if (round < warmup) continue;
        result[key].shown.push(t.shown);
        result[key].frame.push(t.frame);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  log(
    `booking page: slots usable at ${median(result.book.frame).toFixed(0)} ms, ${median(result.bookOtherZone.frame).toFixed(0)} ms in another zone (static ${median(result.static.frame).toFixed(0)} ms)`,
  );
  return result;
}
