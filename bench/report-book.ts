// BENCHMARKS.md section of figure 6 (the public booking page on a throttled phone).
import type { BookPageResult } from "./book-page.ts";
import { fmt, median, percentile } from "./lib.ts";

/** First load budget of the booking page, gzipped. */
const BUDGET_BYTES = 60 * 1024;

/** The section's lines ("Not run." / the failure / the figures). */
export function reportBookPage(r: BookPageResult | { error: string } | undefined): string[] {
  if (!r) return ["Not run."];
  if ("error" in r) return [`Failed: \`${r.error}\``];
  const ok = (pass: boolean) => (pass ? "**met**" : "**not met**");
  const book = median(r.book.frame);
  const other = median(r.bookOtherZone.frame);
  const flat = median(r.static.frame);
  const ratio = book / flat;
  const guessed = r.guessedZone ? `\`${r.guessedZone}\`` : "none";
  const row = (name: string, x: { shown: number[]; frame: number[] }) =>
    `| ${name} | ${fmt(median(x.frame), 0)} | ${fmt(percentile(x.frame, 95), 0)} | ${fmt(median(x.shown), 0)} |`;
  const th = r.throttle;
  return [
    `**First slots usable after ${fmt(book, 0)} ms** (target ≤ 1500 ms: ${ok(book <= 1500)}), **${fmt(ratio, 2)}× the static page of the same size** (${fmt(flat, 0)} ms; target ≤ 1.5×: ${ok(ratio <= 1.5)}), with the phone in the zone of its IP address, where the Worker draws the first view; with the phone in another zone (the page drops that view and draws its own) ${fmt(other, 0)} ms, **${fmt(other / flat, 2)}×** (${ok(other / flat <= 1.5)}). **First load ${fmt(r.servedGzipBytes / 1024, 1)} KB gzipped** (target ≤ 60 KB: ${ok(r.servedGzipBytes <= BUDGET_BYTES)}; ${fmt(r.servedBytes / 1024, 1)} KB raw, one request).`,
    "",
    "| page | first slot usable (next frame), median ms | p95 ms | first slot in the DOM, median ms |",
    "|---|---|---|---|",
    row(`booking page \`/book/intro\`, phone in the Worker's guessed zone (${guessed})`, r.book),
    row(`booking page \`/book/intro\`, phone in another zone (\`${r.otherZone}\`)`, r.bookOtherZone),
    row("static HTML of the same size, one slot button at its end", r.static),
    "",
    `Method: headless Chromium with mobile emulation (360×740 at 2×, touch, the zone of each row), DevTools-protocol throttling of ${th.cpuSlowdown}× CPU, ${th.downloadKbps} kbps down / ${th.uploadKbps} kbps up and ${th.latencyMs} ms added latency per request, cache disabled; every load in a fresh browser context (cold). The host is connected to the Google emulator and has one 30-minute type open every day, so the page computes real slots (freeBusy through the emulator) before it answers. ${r.runs} measured loads of each row, alternating, after ${r.warmup} warm-up round(s). A probe added before any page script records \`performance.now()\` (ms since navigation start) when the first \`button.slot\` is connected, enabled and laid out, and the next animation frame, then says so on the console: the harness injects no script of its own while a page loads (Playwright's polling would, ~100 ms of main-thread work landing wherever the page yields). The static twin is served by a plain Node server with the booking page's exact byte count (its bulk is the booking page's own text, so it compresses alike)${r.servedEncoding ? ` and the same \`content-encoding: ${r.servedEncoding}\`` : ", uncompressed like the Worker's answer under wrangler dev"}. Why the page is close to the floor: the Worker embeds the type and 15 host days of free slots in the HTML, and the script and styles are inline (allowed by hash and by the response's CSP nonce), so slots need no request after the HTML; React alone would exceed the 60 KB budget, so the page is plain DOM code. Building the first view was about 200 ms of main thread at 4× CPU, so the Worker draws it, with the page's own view functions, in the zone Cloudflare gives for the lead's IP (\`request.cf.timezone\`; \`wrangler dev\` always says ${guessed}); a small classic script right after it shows it only when the device is in that zone (pressing a slot then marks it, and the module keeps that choice when it redraws the view after the first frame), and drops it otherwise. In the other-zone row the page draws the first view itself: it makes no Intl object (a page's first one loads ICU's locale data, 100–300 ms): the Worker embeds that drawing's labels formatted with Intl in the lead's language (times of day, day names, duration, price, the host's zone), the page keys them by each slot's wall clock in the lead's zone, and its zone arithmetic uses Temporal; the slots are grouped by day for the week on screen only; the first drawing of the week has the days up to the first one with slots (real buttons with their listeners: the probe's slot is one the lead can press), the other days and the form (below the week) follow right after that frame; off-screen days and the form have \`content-visibility: auto\`. The Worker streams the HTML before the slots are computed, but \`wrangler dev\` compresses the whole answer before sending it, so here it arrives at once, like the static page.`,
    "",
    `Raw (first slot usable, ms): booking page ${r.book.frame.map((x) => fmt(x, 0)).join(", ")}; in another zone ${r.bookOtherZone.frame.map((x) => fmt(x, 0)).join(", ")}; static ${r.static.frame.map((x) => fmt(x, 0)).join(", ")}.`,
  ];
}
