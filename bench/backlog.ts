// Figure 8, the cron at scale (docs/architecture.md "Storage and the cron"): a backlog of open
// provider orders, none of which the provider can answer (PayPal says RESOURCE_NOT_FOUND — the
// worst case: every look fails), and how long until the cron has looked at every one. Then the
// other side of the same item: a payer back from Binance Pay / Mercado Pago while the provider's
// webhook is held, and how long until the checkout page says Paid (the page's on-return reconcile).
//
// The backlog is written into a persisted local D1 before `wrangler dev` starts (cloned from one
// real checkout made through the API), so seeding 10,000 rows takes seconds, not 20,000 requests.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { findBrowser } from "../scripts/chromium.ts";
import { type Stack, startStack } from "../scripts/stack.ts";
import { binanceOrder, control, createCheckout, http, mercadoPagoPreference } from "../worker/roundtrip/client.ts";
import { BENCH_TMP } from "./build.ts";
import { log, median, percentile } from "./lib.ts";

/** Results of figure 8. */
export interface BacklogResult {
  orders: number;
  passes: number;
  budget: number;
  passMs: number[];
  /** Orders looked at (attempts ≥ 1) after the measured passes, and the calls they cost. */
  lookedAt: number;
  calls: number;
  /** Same with CRON_CALL_BUDGET raised to `paidBudget` (Workers Paid), fewer passes. */
  paid: { budget: number; passes: number; lookedAt: number; passMs: number[] };
  /** Payer back on the page with the webhook held → the page shows Paid, ms per run. */
  returnMs: { binance: number[]; mercadopago: number[] };
}

const WORKER_DIR = fileURLToPath(new URL("../worker/", import.meta.url));
const WRANGLER = fileURLToPath(new URL("../node_modules/wrangler/bin/wrangler.js", import.meta.url));
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1" };

/** Runs SQL against a persisted local D1 (no Worker running on it); returns the first result's rows. */
function d1(persist: string, sql: string, file = false): Record<string, unknown>[] {
  const args = [WRANGLER, "d1", "execute", "leadscalendar", "--local", "--persist-to", persist, "--json"];
  const r = spawnSync(process.execPath, [...args, file ? "--file" : "--command", sql], {
    cwd: WORKER_DIR,
    env,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`d1 execute failed: ${r.stderr.slice(-500)}`);
  const out = JSON.parse(r.stdout) as { results: Record<string, unknown>[] }[];
  return out[0]?.results ?? [];
}

/** SQL that clones the one checkout `n` times, each with an open PayPal order due now. */
function seedSql(persist: string, n: number): string {
  const cols = d1(persist, "PRAGMA table_info(checkouts)").map((c) => String(c.name));
  // Columns under a unique index get a per-row suffix (booking_id, checkout_id, tokens).
  const unique = new Set<string>(["booking_id"]);
  for (const idx of d1(persist, "PRAGMA index_list(checkouts)"))
    if (Number(idx.unique) === 1)
      for (const c of d1(persist, `PRAGMA index_info(${String(idx.name)})`)) unique.add(String(c.name));
  const select = cols.map((c) => (unique.has(c) ? `${c} || '-' || n.i` : c)).join(", ");
  return `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
INSERT INTO checkouts (${cols.join(", ")}) SELECT ${select} FROM checkouts, n;
INSERT INTO provider_orders (provider, order_id, booking_id, reference, status, amount_value, currency, created_at, updated_at, next_check_at)
  SELECT 'paypal', 'BKLG' || replace(booking_id, '-', ''), booking_id, booking_id, 'open', amount_value, currency, created_at, created_at, ''
  FROM checkouts WHERE booking_id LIKE '%-%' AND booking_id NOT IN (SELECT booking_id FROM provider_orders);`;
}

async function passes(stack: Stack, count: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const res = await http(`${stack.workerUrl}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    if (res.status !== 200) throw new Error(`cron: ${res.status}`);
    ms.push(performance.now() - t0);
  }
  return ms;
}

const lookedAt = (persist: string) =>
  d1(
    persist,
    "SELECT COUNT(*) AS n, COALESCE(SUM(attempts), 0) AS calls FROM provider_orders WHERE order_id LIKE 'BKLG%' AND attempts > 0",
  )[0] as { n: number; calls: number };

/** Measures the backlog with `budget` calls per pass over `count` passes. */
async function backlog(orders: number, count: number, budget: number) {
  const persist = join(BENCH_TMP, `backlog-${budget}`);
  rmSync(persist, { recursive: true, force: true });
  mkdirSync(persist, { recursive: true });
  // One real checkout (through the API) to clone, then the Worker stops and the clones go in.
  const first = await startStack({ quiet: true, persist });
  try {
    await createCheckout(first);
  } finally {
    await first.stop();
  }
  const file = join(persist, "seed.sql");
  writeFileSync(file, seedSql(persist, orders));
  d1(persist, file, true);
  const stack = await startStack({ quiet: true, persist, vars: { CRON_CALL_BUDGET: String(budget) } });
  let ms: number[];
  try {
    ms = await passes(stack, count);
  } finally {
    await stack.stop();
  }
  return { ms, ...lookedAt(persist) };
}

/** One payer back from `provider` with its webhook held: ms from opening the return URL to "Paid". */
async function returnRun(stack: Stack, browser: Browser, provider: "binance" | "mercadopago"): Promise<number> {
  const b = await createCheckout(stack);
  await control(stack, provider).post("/deliveries/hold", { provider });
  const context = await browser.newContext();
  try {
    if (provider === "binance") {
      const { prepayId } = await binanceOrder(stack, b.checkoutId);
      await control(stack, provider).post("/pay", { provider, prepayId });
    } else {
      const preferenceId = await mercadoPagoPreference(stack, b.checkoutId);
      await control(stack, provider).post("/pay", { provider, preferenceId, status: "approved" });
    }
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${stack.workerUrl}/pay/${b.checkoutId}?returned=${provider}`);
    await page.getByRole("status").filter({ hasText: "Paid" }).first().waitFor({ timeout: 30_000 });
    return Date.now() - t0;
  } finally {
    await context.close();
    await control(stack, provider).post("/deliveries/hold", { provider, on: false });
  }
}

/** Figure 8 on its own stacks (the backlog) and the shared one (returns). */
export async function measureBacklog(
  stack: Stack,
  o: { orders: number; passes: number; paidBudget: number; paidPasses: number; returns: number },
): Promise<BacklogResult> {
  const found = findBrowser();
  if (!found) throw new Error("Chromium not found");
  const budget = Number(stack.vars.CRON_CALL_BUDGET ?? 40);
  log(`backlog: ${o.orders} orders, ${o.passes} passes at budget ${budget}`);
  const free = await backlog(o.orders, o.passes, budget);
  log(`backlog: ${free.n} looked at; now budget ${o.paidBudget}`);
  const paid = await backlog(o.orders, o.paidPasses, o.paidBudget);
  const returnMs = { binance: [] as number[], mercadopago: [] as number[] };
  const browser = await chromium.launch({
    executablePath: found.path,
    headless: true,
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
  try {
    for (let i = 0; i < o.returns; i++)
      for (const p of ["binance", "mercadopago"] as const) returnMs[p].push(await returnRun(stack, browser, p));
  } finally {
    await browser.close();
  }
  return {
    orders: o.orders,
    passes: o.passes,
    budget,
    passMs: free.ms,
    lookedAt: free.n,
    calls: free.calls,
    paid: { budget: o.paidBudget, passes: o.paidPasses, lookedAt: paid.n, passMs: paid.ms },
    returnMs,
  };
}

/** The figure's lines for BENCHMARKS.md. */
export function reportBacklog(r: BacklogResult | { error: string } | undefined): string[] {
  if (!r) return ["Not measured in this run."];
  if ("error" in r) return [`**Failed**: ${r.error}`];
  const perPass = r.lookedAt / r.passes;
  const passesAll = Math.ceil(r.orders / perPass);
  const paidPerPass = r.paid.lookedAt / r.paid.passes;
  const paidAll = Math.ceil(r.orders / paidPerPass);
  const h = (passes: number, minutes: number) => `${((passes * minutes) / 60).toFixed(1)} h`;
  const worst = Math.max(...r.returnMs.binance, ...r.returnMs.mercadopago);
  return [
    `**Backlog of ${r.orders.toLocaleString("en")} open orders: ${perPass.toFixed(0)} looked at per pass with the default budget of ${r.budget} calls, so every one has been looked at after ${passesAll} passes = ${h(passesAll, 1)} at the every-minute cron; with CRON_CALL_BUDGET=${r.paid.budget} (Workers Paid) ${paidPerPass.toFixed(0)} per pass, ${paidAll} passes = ${h(paidAll, 1)}.** Payer back from the provider with the webhook held → page shows Paid: Binance p50 ${(median(r.returnMs.binance) / 1000).toFixed(2)} s, Mercado Pago p50 ${(median(r.returnMs.mercadopago) / 1000).toFixed(2)} s, worst ${(worst / 1000).toFixed(2)} s (target ≤ 5 s: **${worst <= 5000 ? "met" : "not met"}**).`,
    "",
    "| what | value |",
    "|---|---|",
    `| calls per pass (default budget) | ${(r.calls / r.passes).toFixed(1)} provider calls (+ 1 OAuth token per pass at most), budget ${r.budget} of which 10 are kept for host-webhook deliveries |`,
    `| pass duration, budget ${r.budget} | p50 ${median(r.passMs).toFixed(0)} ms, max ${Math.max(...r.passMs).toFixed(0)} ms over ${r.passes} passes |`,
    `| pass duration, budget ${r.paid.budget} | p50 ${median(r.paid.passMs).toFixed(0)} ms, max ${Math.max(...r.paid.passMs).toFixed(0)} ms over ${r.paid.passes} passes |`,
    `| orders looked at after the measured passes | ${r.lookedAt} (budget ${r.budget}, ${r.passes} passes), ${r.paid.lookedAt} (budget ${r.paid.budget}, ${r.paid.passes} passes) |`,
    `| return → Paid, Binance (ms) | ${r.returnMs.binance.map((x) => x.toFixed(0)).join(", ")} (p95 ${percentile(r.returnMs.binance, 95).toFixed(0)}) |`,
    `| return → Paid, Mercado Pago (ms) | ${r.returnMs.mercadopago.map((x) => x.toFixed(0)).join(", ")} (p95 ${percentile(r.returnMs.mercadopago, 95).toFixed(0)}) |`,
    "",
    `Method: a persisted local D1 gets ${r.orders.toLocaleString("en")} checkouts cloned from one made through the API, each with an open PayPal order that the emulator does not know (every look answers RESOURCE_NOT_FOUND: the worst case, every check fails); \`wrangler dev\` then starts on it and \`/__scheduled\` runs the passes back to back. "Looked at" = the order's \`attempts\` ≥ 1 afterwards; calls = the sum of attempts. The time to cover the backlog is extrapolated from the measured rate (each pass takes the most overdue rows first, so passes cover new rows until all are seen). Returns: a checkout is paid at the emulator's Binance / Mercado Pago with the Worker's webhook held, then Chromium opens \`/pay/<id>?returned=<provider>\` and waits for the Paid status; no cron runs.`,
  ];
}
