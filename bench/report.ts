// Writes BENCHMARKS.md from one run's results. Targets are reported here, never asserted.

import { type BacklogResult, reportBacklog } from "./backlog.ts";
import type { BookPageResult } from "./book-page.ts";
import type { MachineInfo } from "./lib.ts";
import { fmt, median, percentile } from "./lib.ts";
import type { TtiResult } from "./popup-tti.ts";
import { reportBookPage } from "./report-book.ts";
import { type BackgroundResult, type LatencyResult, reportBackground, reportLatency } from "./report-late.ts";
import { BOOKING_STEPS, PRICE_SOURCES, PRICES, scaleOnPaper } from "./scale.ts";
import { reportSlots, type SlotsResult } from "./slots.ts";
import type { WebhookResult } from "./webhooks.ts";
import type { WeightResult } from "./weight.ts";

/** Everything one `npm run bench` measured; a figure that failed carries its error instead. */
export interface BenchResults {
  date: string;
  quick: boolean;
  totalSec: number;
  machine: MachineInfo;
  tti?: TtiResult | { error: string };
  weight?: WeightResult | { error: string };
  webhooks?: WebhookResult | { error: string };
  latency?: LatencyResult | { error: string };
  background?: BackgroundResult | { error: string };
  bookPage?: BookPageResult | { error: string };
  slots?: SlotsResult | { error: string };
  backlog?: BacklogResult | { error: string };
}

const kb = (b: number) => `${fmt(b / 1024, 1)} KB`;
const ok = (pass: boolean) => (pass ? "**met**" : "**not met**");
const raw = (xs: number[], d = 1) => xs.map((x) => fmt(x, d)).join(", ");
/** True for a figure that failed (its error replaces its numbers). */
export const failed = (x: unknown): x is { error: string } => !!x && typeof x === "object" && "error" in x;

function tti(r: BenchResults["tti"]): string[] {
  if (!r) return ["Not run."];
  if (failed(r)) return [`Failed: \`${r.error}\``];
  const m = (k: keyof TtiResult["pages"]) => median(r.pages[k].usable);
  const f = (k: keyof TtiResult["pages"]) => median(r.pages[k].frame);
  const ratio = m("popup") / m("react");
  const row = (name: string, k: keyof TtiResult["pages"]) =>
    `| ${name} | ${fmt(m(k))} | ${fmt(percentile(r.pages[k].usable, 95))} | ${fmt(f(k))} | ${fmt(median(r.pages[k].domContentLoaded))} |`;
  return [
    `**Popup ${fmt(m("popup"))} ms vs React floor ${fmt(m("react"))} ms = ${fmt(ratio, 2)}×** (target ≤ 1.25×: ${ok(ratio <= 1.25)}); blank floor ${fmt(m("blank"))} ms.`,
    "",
    "| page | usable, median ms | usable, p95 ms | first frame showing it, median ms | DOMContentLoaded, median ms |",
    "|---|---|---|---|---|",
    row("blank extension page (static form)", "blank"),
    row("React hello (createRoot + one-field form)", "react"),
    row("LeadsCalendar popup", "popup"),
    "",
    `Method: headless Chromium (\`--headless=new\`, 400×600) with a throwaway copy of the production build that adds the two floor pages and a probe script; ${r.opens} measured opens of each page, round-robin after ${r.warmup} warm-up rounds, each in a fresh tab. Times are \`performance.now()\` (ms since navigation start) when the Title input (\`#f-title\`) is connected, enabled and laid out and the submit button is enabled, seen by a MutationObserver; "first frame" is the next \`requestAnimationFrame\`. The popup is opened as a tab (\`chrome-extension://…/popup.html\`): Playwright cannot open the toolbar popup, whose window adds the same fixed cost to every page. Fresh profile, signed out, no bookings — the form renders the same signed in. What the popup does before its form is usable, unlike the floors: with the browser's own language (a \`localStorage\` hint says so) it renders a default draft at once, before any \`chrome.storage\` read, committed synchronously while its script runs (\`flushSync\`, not a scheduled render), and mounts the booking list and pending actions, and sends its requests to the background, only after that first frame, so the difference is its own code (stores, i18n, the form's components) and the form itself — 14 controls, three of them date/time inputs, laid out in one go; the React floor's first load is ${kb(r.reactFloorGzipBytes)} gzipped (React + ReactDOM + the page).`,
    "",
    "Raw (usable, ms):",
    "",
    `- blank: ${raw(r.pages.blank.usable)}`,
    `- react: ${raw(r.pages.react.usable)}`,
    `- popup: ${raw(r.pages.popup.usable)}`,
  ];
}

function weight(r: BenchResults["weight"]): string[] {
  if (!r) return ["Not run."];
  if (failed(r)) return [`Failed: \`${r.error}\``];
  const files = (l: WeightResult["popup"]) =>
    l.files.map((f) => `\`${f.path}\` ${kb(f.bytes)} → ${kb(f.gzipBytes)}`).join("; ");
  return [
    `**Popup first load ${kb(r.popup.gzipBytes)} gzipped** (target ≤ 90 KB: ${ok(r.popup.gzipBytes <= 90 * 1024)}); chrono-node in the popup's first load: **${r.popupHasChrono ? "yes" : "no"}** (target: no — ${ok(!r.popupHasChrono)}).`,
    "",
    "| what | raw | gzipped |",
    "|---|---|---|",
    `| popup first load (HTML + entry + static imports + CSS) | ${kb(r.popup.bytes)} | ${kb(r.popup.gzipBytes)} |`,
    `| whole extension, unpacked | ${kb(r.extensionDir.bytes)} | ${kb(r.extensionDir.gzipBytes)} (sum of files) |`,
    `| whole extension, store zip (\`wxt zip\`) | ${kb(r.zipBytes)} | — |`,
    `| checkout page first load (\`worker/public/checkout\`) | ${kb(r.checkout.bytes)} | ${kb(r.checkout.gzipBytes)} |`,
    "",
    `Popup files: ${files(r.popup)}.`,
    "",
    `Checkout files: ${files(r.checkout)}. The PayPal JS SDK is loaded from PayPal at run time and is not counted.`,
    "",
    `Method: the production build (\`wxt zip\`, mode production) is walked from \`popup.html\`: \`<script src>\`, \`<link rel=modulepreload|stylesheet>\`, then every static \`import\`/\`export … from\` of each module (dynamic \`import()\` excluded, since it is not first load); each file gzipped at level 9. chrono-node is detected by keys of its time-zone table (${"`ACDT`, `AEDT`, `NZDT`, `CHADT`"}), all of which must appear; the same search finds them in \`background.js\` (control: ${r.backgroundHasChrono ? "found" : "NOT found — the signature is stale"}). The checkout page is rebuilt with \`npm run build:checkout\` first.`,
  ];
}

function webhooks(r: BenchResults["webhooks"]): string[] {
  if (!r) return ["Not run."];
  if (failed(r)) return [`Failed: \`${r.error}\``];
  const base = ((r.healthz[0]?.rps ?? 0) + (r.healthz[1]?.rps ?? 0)) / 2;
  const ratio = r.webhook.rps / base;
  const errs = r.webhook.errors + r.webhook.timeouts + r.webhook.non2xx;
  const row = (name: string, x: WebhookResult["webhook"]) =>
    `| ${name} | ${x.requests} | ${fmt(x.durationSec, 2)} | ${fmt(x.rps)} | ${x.p50} | ${x.p90} | ${x.p99} | ${x.max} | ${x.errors + x.timeouts} | ${x.non2xx} | ${fmt(x.cpuMsPerRequest, 2)} |`;
  const hzCpu = ((r.healthz[0]?.cpuMsPerRequest ?? Number.NaN) + (r.healthz[1]?.cpuMsPerRequest ?? Number.NaN)) / 2;
  const hookCpu = r.webhook.cpuMsPerRequest;
  return [
    `**${fmt(r.webhook.rps)} verified deliveries/s vs ${fmt(base)} req/s on \`/healthz\` = ${fmt(ratio, 2)}×** (target ≥ 0.5×: ${ok(ratio >= 0.5)}); p50 ${r.webhook.p50} ms, p99 ${r.webhook.p99} ms; errors ${errs} (target 0: ${ok(errs === 0)}); duplicates answered ${r.duplicatesAnswered}, checkouts not paid afterwards ${r.notPaidAfter} (target 0: ${ok(r.duplicatesAnswered === 0 && r.notPaidAfter === 0)}); **PayPal calls per state-changing delivery: ${fmt(r.paypalCallsDuringRun / r.webhook.requests, 2)}** (${r.paypalCallsDuringRun} for ${r.webhook.requests}: the capture is read back from PayPal because the delivery's body is not covered by its signature; target ≤ 1: ${ok(r.paypalCallsDuringRun <= r.webhook.requests)}); **per duplicate delivery: ${r.replay ? fmt(r.replay.paypalCalls / r.replay.sent, 2) : "not measured"}** (${r.replay ? `${r.replay.paypalCalls} for ${r.replay.sent} redeliveries, ${r.replay.duplicates} answered as duplicates, ${r.replay.non2xx} non-2xx` : ""}; target 0: ${ok(!!r.replay && r.replay.paypalCalls === 0 && r.replay.duplicates === r.replay.sent)}).`,
    "",
    `Where the time goes: workerd spent **${fmt(hookCpu, 2)} ms of CPU per verified delivery** against ${fmt(hzCpu, 2)} ms per \`/healthz\` (ratio ${fmt(hzCpu / hookCpu, 2)}; the throughput ratio differs from it because wrangler's Node proxy and the load generator share the machine's two cores with workerd, and \`/healthz\` leans on them more). A delivery's work beyond the route floor is, in order: the signature check, one D1 batch of reads (seen? payment? order?), the PayPal \`GET\` of the capture, and one D1 batch of writes; the reads must come before the \`GET\` (a duplicate makes no outbound call) and the writes after it.`,
    "",
    "| run | requests | seconds | req/s | p50 ms | p90 ms | p99 ms | max ms | errors+timeouts | non-2xx | workerd CPU ms / request |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    row("`GET /healthz` before", r.healthz[0] as WebhookResult["webhook"]),
    row("`POST /webhooks/paypal`", r.webhook),
    row("`GET /healthz` after", r.healthz[1] as WebhookResult["webhook"]),
    "",
    `Method: \`wrangler dev\` (local workerd + local D1 in SQLite) on 127.0.0.1, autocannon with ${r.connections} connections. ${r.deliveries + r.warmup} distinct checkouts were created and paid through the Worker with the emulator's capture left PENDING (took ${fmt(r.prepareSec, 0)} s); the emulator then settled each capture to COMPLETED with its deliveries held, so every delivery is a new event id for a real order, signed by the emulator (RSA-SHA256 over \`id|time|webhookId|crc32\`) and the first news of that payment: the full path runs (verify with the cached cert, dedupe lookup, order lookup, payment batch write). Replaying one delivery would only have measured the duplicate short-cut. ${r.warmup} deliveries went first one by one (the first fetches and caches the certificate), then autocannon sent the other ${r.deliveries} exactly once each (bounded by count); their req/s is the count over the span from the first request to the last answer (autocannon's own clock rounds count-bounded runs to whole seconds). Afterwards every checkout was asked for its status. \`/healthz\` ran for a fixed time before and after (its mean is the baseline). Calls to PayPal were counted with a delay-only fault (1 ms, up to 10 000 matches) on every PayPal emulator path: its hit counter is the number of requests the Worker made. Then the same ${r.deliveries} deliveries were sent again (${r.connections} at a time), as PayPal's retries would, each now a duplicate, with a fresh counter. CPU: user + system time of the \`workerd\` process of this \`wrangler dev\` (it runs every isolate of the local Worker: the app, its local D1, the assets router) from Linux's \`/proc\`, over each run, divided by its requests; Node's proxy in front of it and the emulators are not counted.`,
  ];
}

function scale(r: BenchResults): string[] {
  const wh = failed(r.webhooks) || !r.webhooks ? null : r.webhooks;
  // Single-threaded workerd: wall time per request at saturation bounds its CPU time from above.
  const webhookMs = wh ? 1000 / wh.webhook.rps : 10;
  const otherMs = wh ? 1000 / Math.max(wh.healthz[0]?.rps ?? 1, wh.healthz[1]?.rps ?? 1) : 3;
  const s = scaleOnPaper(1_000_000, { webhook: webhookMs, other: otherMs * 2 });
  const m = (x: number) => `${fmt(x / 1e6, 1)} M`;
  return [
    "Per booking (PayPal, checkout page open ~30 s, confirmed by the message path), read from the Worker's routes:",
    "",
    "| step | Worker requests | D1 rows read | D1 rows written |",
    "|---|---|---|---|",
    ...BOOKING_STEPS.map((x) => `| ${x.what} | ${x.requests} | ${x.rowsRead} | ${x.rowsWritten} |`),
    `| **total** | **${s.perBooking.requests}** | **${s.perBooking.rowsRead}** | **${s.perBooking.rowsWritten}** |`,
    "",
    `CPU time: \`wrangler dev\` reports no CPU time per invocation, so this run's saturated service time bounds it from above — ${fmt(webhookMs, 1)} ms per verified webhook (1 / webhook req/s) and, for every other request, twice the \`/healthz\` service time (${fmt(otherMs * 2, 1)} ms; they do one or two D1 queries and JSON). That is ≤ ${fmt(s.perBooking.cpuMs, 0)} ms per booking. The batched poll adds at most one request per open booking per tick, shared; with the page closed the 31 page polls disappear and one poll request takes their place.`,
    "",
    "1 million bookings a month on Workers Paid (Standard) + D1:",
    "",
    "| item | used | included | price | cost |",
    "|---|---|---|---|---|",
    `| base | — | — | $${PRICES.baseMonthly}/month | $${fmt(s.cost.base, 2)} |`,
    `| requests | ${s.perBooking.requests} × 1 M = ${m(s.monthly.requests)} | 10 M | $0.30 / M | (${m(s.monthly.requests)} − 10 M) × 0.30 = $${fmt(s.cost.requests, 2)} |`,
    `| CPU time | ${fmt(s.perBooking.cpuMs, 0)} ms × 1 M = ${m(s.monthly.cpuMs)} ms | 30 M ms | $0.02 / M ms | max(0, ${m(s.monthly.cpuMs)} − 30 M) × 0.02 = $${fmt(s.cost.cpu, 2)} |`,
    `| D1 rows read | ${s.perBooking.rowsRead} × 1 M = ${m(s.monthly.rowsRead)} | 25 000 M | $0.001 / M | $${fmt(s.cost.rowsRead, 2)} |`,
    `| D1 rows written | ${s.perBooking.rowsWritten} × 1 M = ${m(s.monthly.rowsWritten)} | 50 M | $1.00 / M | $${fmt(s.cost.rowsWritten, 2)} |`,
    `| **total** | | | | **$${fmt(s.total, 2)} / month** |`,
    "",
    "D1 storage is left out of the monthly sum: a booking keeps about five rows (checkout, order, payment, webhook event, a share of rate-limit rows) of well under 1 KB each, so 1 M bookings add roughly 1–2 GB a month, inside the 5 GB included for the first months and $0.75/GB-month beyond. Provider fees (PayPal, Binance, Mercado Pago) are not Cloudflare costs and are not included.",
    "",
    "Prices, as stored by the search tool (docs corpus) and read on the date of this run:",
    "",
    ...PRICE_SOURCES.map((x) => `- ${x}`),
  ];
}

/** Renders BENCHMARKS.md. */
export function renderReport(r: BenchResults): string {
  const m = r.machine;
  return [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench${r.quick ? " -- --quick" : ""}\` on ${r.date} in ${fmt(r.totalSec / 60, 1)} min${r.quick ? " (**quick mode: fewer runs; not the committed figures**)" : ""}. Every figure is measured in one run on the machine below, which is shared with other work (2 cores), so ratios between numbers of the same run matter more than absolute values. Targets are reported, never asserted in tests.`,
    "",
    "| machine | |",
    "|---|---|",
    `| CPU | ${m.cpu}, ${m.cores} cores |`,
    `| memory | ${m.memoryGiB} GiB (${m.freeMemoryGiB} GiB free at start) |`,
    `| OS | ${m.os} |`,
    `| Node | ${m.node} |`,
    `| Chromium | ${m.chromium} |`,
    `| wrangler | ${m.wrangler} |`,
    "",
    "## 1. Popup time-to-interactive",
    "",
    "What it means for a user: the time from clicking the toolbar icon (or the keyboard shortcut) until they can type a title and press Create & pay.",
    "",
    ...tti(r.tti),
    "",
    "## 2. Weight",
    "",
    "What it means for a user: a smaller first load parses and runs sooner each time the popup opens (extension files are read from disk, not downloaded, so gzip size stands for parse and compile work); the zip is the Web Store download; the checkout page is what a payer on a phone downloads before the pay buttons show.",
    "",
    ...weight(r.weight),
    "",
    "## 3. Payment → confirmed latency",
    "",
    "What it means for a user: how long after paying the event in Google Calendar turns from the tentative hold into the confirmed event.",
    "",
    ...reportLatency(r.latency),
    "",
    "## 4. Webhook throughput",
    "",
    "What it means for a user: how many payment notifications one Worker instance absorbs when many payments land at once, and that a flood of them never double-counts a payment or calls PayPal back.",
    "",
    ...webhooks(r.webhooks),
    "",
    "## 5. Background cost",
    "",
    "What it means for a user: battery and CPU the extension spends while the browser is open, and how many times it touches their Google Calendar per booking.",
    "",
    ...reportBackground(r.background, r.latency),
    "",
    "## 6. Booking page on a slow phone",
    "",
    "What it means for a lead: how soon after opening the host's link on a mid-range phone over a weak mobile connection they can see and press a free time, compared with the fastest a page of that size can appear.",
    "",
    ...reportBookPage(r.bookPage),
    "",
    "## 7. Booking page: slots answer time",
    "",
    "What it means for a lead: how long the booking page waits for the free slots of a week after asking.",
    "",
    ...reportSlots(r.slots),
    "",
    "## 8. The cron at scale, and a payer coming back",
    "",
    "What it means for a host and a payer: with thousands of orders open, how long until the Worker has asked the provider about each one (a payment whose webhook was lost is found then), and how soon a payer who comes back from Binance Pay or Mercado Pago sees Paid when the webhook is late.",
    "",
    ...reportBacklog(r.backlog),
    "",
    "## Scale on paper",
    "",
    ...scale(r),
    "",
  ].join("\n");
}
