// The cron at scale (docs/architecture.md "Storage and the cron") inside workerd with faked providers: one pass never makes
// more outbound calls than its budget and leaves the rest for the next pass, an order whose check
// keeps failing is looked at less and less often instead of staying first, old rate-limit and
// webhook-id rows are pruned, and a payer back from a provider gets an answer from that provider
// at once (`POST /v1/pay/:id/reconcile`).
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BudgetSpent,
  CallBudget,
  CRON_CALL_BUDGET,
  HOOK_CALLS_RESERVED,
  MAX_CALLS_PER_ITEM,
  spendCall,
  withBudget,
} from "../src/budget";
import { runCron } from "../src/cron";
import type { ProviderOrderRow } from "../src/db";
import { fake, fakeWorker, installFakes, seedOrder } from "./fake-providers";
import { createCheckout } from "./helpers";

const w = fakeWorker();
const db = env.DB;
const rand = () => crypto.randomUUID().replace(/-/g, "").slice(0, 16);
const orderRow = (orderId: string) =>
  db.prepare("SELECT * FROM provider_orders WHERE order_id = ?").bind(orderId).first<ProviderOrderRow>();

beforeAll(async () => {
  await installFakes();
});
// Each test starts with no other work due, so its counts are its own.
beforeEach(async () => {
  await db.batch([
    db.prepare("UPDATE provider_orders SET status = 'closed' WHERE status = 'open'"),
    db.prepare("UPDATE refunds SET next_check_at = '9999' WHERE status != 'completed'"),
  ]);
});

/** `n` checkouts, each with an open PayPal order the fake reports as CREATED (nothing final). */
async function openOrders(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await createCheckout(w);
    const orderId = `O${rand()}`;
    await seedOrder("paypal", c.bookingId, orderId, c.bookingId, "USD");
    ids.push(orderId);
  }
  return ids;
}

describe("the call budget", () => {
  it("counts calls inside withBudget only, and refuses the one past the limit", async () => {
    const b = new CallBudget(2);
    spendCall(); // outside any budget: free
    await withBudget(b, async () => {
      spendCall();
      spendCall();
      expect(() => spendCall()).toThrow(BudgetSpent);
    });
    expect(b.used).toBe(2);
    expect(b.left).toBe(0);
  });

  it("a pass over 45 open orders stays within the budget, and the next pass takes the ones left", async () => {
    const ids = await openOrders(45);
    const before = fake.paypalCalls.length;
    const first = await runCron(w.env);
    const apiCalls = fake.paypalCalls.length - before;
    expect(first.calls).toBeLessThanOrEqual(CRON_CALL_BUDGET);
    expect(apiCalls).toBeLessThanOrEqual(CRON_CALL_BUDGET);
    // One order costs one GET here; the loop stops while a whole item still fits beside the calls
    // kept for host-webhook deliveries.
    expect(first.reconciled).toBeGreaterThanOrEqual(CRON_CALL_BUDGET - HOOK_CALLS_RESERVED - MAX_CALLS_PER_ITEM);
    expect(first.reconciled).toBeLessThanOrEqual(CRON_CALL_BUDGET - HOOK_CALLS_RESERVED);
    expect(first.reconciled).toBeLessThan(45);
    expect(first.deferred).toBeGreaterThan(0);
    const lookedAt = async () => {
      let n = 0;
      for (const id of ids) if (((await orderRow(id))?.attempts ?? 0) > 0) n++;
      return n;
    };
    expect(await lookedAt()).toBe(first.reconciled);
    // The next pass starts with the orders not looked at yet (oldest next-check first).
    await runCron(w.env);
    expect(await lookedAt()).toBe(45);
  }, 30_000);
});

describe("orders that never answer", () => {
  it("a failing check still schedules the next one, further away each time", async () => {
    const [bad] = await openOrders(1);
    // A body that does not fit PayPal's schema: the check throws every time.
    fake.paypalOrders.set(bad as string, { id: 7, status: 12 });
    const first = await runCron(w.env);
    expect(first.errors).toBeGreaterThanOrEqual(1);
    expect((await orderRow(bad as string))?.attempts).toBe(1);
    await runCron(w.env);
    const row = await orderRow(bad as string);
    expect(row?.attempts).toBe(2);
    expect(Date.parse(row?.next_check_at ?? "")).toBeGreaterThan(Date.now() + 50_000);
    fake.paypalOrders.delete(bad as string);
  });
});

describe("pruning", () => {
  it("deletes rate-limit windows older than an hour and webhook ids older than 30 days, keeps the rest", async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 86_400_000).toISOString();
    await db.batch([
      db
        .prepare("INSERT INTO rate_limits (key, window_start, count) VALUES ('t:old', ?, 3), ('t:new', ?, 1)")
        .bind(nowS - 7200, nowS - 30),
      db
        .prepare(
          "INSERT INTO webhook_events (provider, event_id, event_type, received_at) VALUES ('paypal', 'E-old', 'x', ?), ('paypal', 'E-new', 'x', ?)",
        )
        .bind(old, recent),
    ]);
    const report = await runCron(w.env);
    expect(report.pruned).toBeGreaterThanOrEqual(2);
    const keys = await db.prepare("SELECT key FROM rate_limits WHERE key LIKE 't:%'").all<{ key: string }>();
    expect(keys.results.map((r) => r.key)).toEqual(["t:new"]);
    const events = await db
      .prepare("SELECT event_id FROM webhook_events WHERE event_id LIKE 'E-%'")
      .all<{ event_id: string }>();
    expect(events.results.map((r) => r.event_id)).toEqual(["E-new"]);
  });
});

describe("POST /v1/pay/:checkoutId/reconcile (a payer back from a provider)", () => {
  it("asks the provider at once and answers paid when it has a final payment", async () => {
    const c = await createCheckout(w);
    const orderId = `O${rand()}`;
    await seedOrder("paypal", c.bookingId, orderId, c.bookingId, "USD");
    fake.paypalOrders.set(orderId, {
      id: orderId,
      status: "COMPLETED",
      purchase_units: [
        {
          custom_id: c.bookingId,
          payments: {
            captures: [
              {
                id: `C${rand()}`,
                status: "COMPLETED",
                amount: { currency_code: "USD", value: "1.00" },
                custom_id: c.bookingId,
                supplementary_data: { related_ids: { order_id: orderId } },
              },
            ],
          },
        },
      ],
    });
    const res = await w.call("POST", `/v1/pay/${c.checkoutId}/reconcile`, { provider: "paypal" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "paid" });
    expect(fake.paypalCalls).toContain(`GET /v2/checkout/orders/${orderId}`);
  });

  it("an order the provider has nothing final for leaves the checkout open", async () => {
    const c = await createCheckout(w);
    const id = `O${rand()}`;
    await seedOrder("paypal", c.bookingId, id, c.bookingId, "USD");
    const res = await w.call("POST", `/v1/pay/${c.checkoutId}/reconcile`, { provider: "paypal" });
    expect(res.json).toEqual({ status: "open" });
  });

  it("an unknown provider is a 400 naming the field, and nothing is asked", async () => {
    const c = await createCheckout(w);
    const before = fake.paypalCalls.length;
    const res = await w.call("POST", `/v1/pay/${c.checkoutId}/reconcile`, { provider: "stripe" });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("provider");
    expect(fake.paypalCalls.length).toBe(before);
  });
});
