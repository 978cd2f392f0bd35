// The lifecycle's own moves announce themselves to the host-webhook outbox, once each: held on
// insert, paid + confirmed (extension) with the payment, expired by the cron sweep or on read,
// refunded when the checkout's refunds finish — and nothing for moves that did not happen.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newCheckoutRow } from "../src/checkout-row";
import { getConfig } from "../src/config";
import { runCron } from "../src/cron";
import { expireIfDue, getCheckout, insertCheckout } from "../src/db";
import { finishRefund } from "../src/lifecycle";
import { applyPayment } from "../src/payments";

const db = env.DB;
const config = getConfig(env);

beforeAll(async () => {
  await db
    .prepare(
      "INSERT OR REPLACE INTO host_webhook (id, url, secret, created_at, updated_at) VALUES (1, 'http://127.0.0.1:9/x', 'sealed', ?1, ?1)",
    )
    .bind(new Date().toISOString())
    .run();
});

async function types(bookingId: string) {
  const { results } = await db
    .prepare("SELECT type FROM host_events WHERE booking_id = ? ORDER BY seq")
    .bind(bookingId)
    .all<{ type: string }>();
  return results.map((r) => r.type);
}

/** A new extension checkout through the same insert the API uses. */
async function held(holdMs = 3600_000) {
  const bookingId = crypto.randomUUID();
  const start = new Date(Date.now() + 2 * 86400_000);
  const row = newCheckoutRow(
    { ...config, minHoldMinutes: 0 },
    {
      bookingId,
      secretHash: "h".repeat(43),
      summary: "Call",
      start: start.toISOString(),
      end: new Date(start.getTime() + 1800_000).toISOString(),
      timeZone: "UTC",
      holdUntil: new Date(Date.now() + holdMs).toISOString(),
    },
    new Date().toISOString(),
  );
  expect(await insertCheckout(db, row)).toBe(true);
  expect(await insertCheckout(db, row)).toBe(false);
  return bookingId;
}

const payment = (bookingId: string, paymentId = `CAP-${bookingId}`) => ({
  provider: "paypal" as const,
  bookingId,
  orderId: `O-${bookingId}`,
  paymentId,
  amount: { value: "1.00", currency: "USD" },
  paidAt: null,
});

describe("events from the lifecycle's moves", () => {
  it("held once; a payment: paid and confirmed once, duplicates and second payments add nothing", async () => {
    const id = await held();
    expect(await types(id)).toEqual(["booking.held"]);
    expect(await applyPayment(db, config, payment(id))).toBe("paid");
    expect(await applyPayment(db, config, payment(id))).toBe("duplicate");
    // A second payment on a paid checkout is refunded quietly: nothing to announce.
    await applyPayment(db, config, payment(id, `CAP2-${id}`));
    await finishRefund({ db, config }, { provider: "paypal", paymentId: `CAP2-${id}` });
    expect((await getCheckout(db, id))?.status).toBe("paid");
    expect(await types(id)).toEqual(["booking.held", "booking.paid", "booking.confirmed"]);
  });

  it("expired on read; a late payment is no `paid`; its finished refund is `refunded`", async () => {
    const id = await held(50);
    await new Promise((r) => setTimeout(r, 80));
    const row = await getCheckout(db, id);
    expect((await expireIfDue(db, row ?? (undefined as never)))?.status).toBe("expired");
    await expireIfDue(db, row ?? (undefined as never));
    expect(await types(id)).toEqual(["booking.held", "booking.expired"]);
    await applyPayment(db, config, payment(id));
    expect((await getCheckout(db, id))?.status).toBe("refund_pending");
    await finishRefund({ db, config }, { provider: "paypal", paymentId: `CAP-${id}` });
    expect(await types(id)).toEqual(["booking.held", "booking.expired", "booking.refunded"]);
  });

  it("the cron's expiry sweep announces each checkout it expired, once", async () => {
    const ids = [await held(50), await held(50)];
    const kept = await held();
    await new Promise((r) => setTimeout(r, 80));
    await runCron(env);
    await runCron(env);
    for (const id of ids) expect(await types(id)).toEqual(["booking.held", "booking.expired"]);
    expect(await types(kept)).toEqual(["booking.held"]);
  });
});
