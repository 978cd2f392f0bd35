// Refunds that finish later, inside workerd with faked providers: Binance accepts a refund and
// settles it with a PAY_REFUND webhook (success or rejection), PayPal may answer PENDING. A refund
// is done only in its final state; a rejected one is due again and the cron asks anew.
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "../src/config";
import { runCron } from "../src/cron";
import type { RefundRow } from "../src/db";
import { applyPayment } from "../src/payments";
import { refundRequestKey } from "../src/refunds";
import { fake, fakeWorker, installFakes, seedOrder } from "./fake-providers";
import { createCheckout } from "./helpers";

type Fakes = Awaited<ReturnType<typeof installFakes>>;
let f: Fakes;
const w = fakeWorker();
const config = getConfig(w.env);
beforeAll(async () => {
  f = await installFakes();
});
afterEach(() => {
  fake.paypalRefundStatus = "COMPLETED";
});

const db = env.DB;
const rand = () => crypto.randomUUID().replace(/-/g, "");
const checkoutStatus = async (bookingId: string) =>
  (await db.prepare("SELECT status FROM checkouts WHERE booking_id = ?").bind(bookingId).first<{ status: string }>())
    ?.status;
const refundOf = (bookingId: string) =>
  db.prepare("SELECT * FROM refunds WHERE booking_id = ?").bind(bookingId).first<RefundRow>();
/** Makes every open refund due now (the cron's backoff would otherwise wait minutes). */
const dueNow = () => db.prepare("UPDATE refunds SET next_check_at = '' WHERE status != 'completed'").run();

/** A payment that lands after the hold ended: the Worker stores it and asks for a refund at once. */
async function latePayment(provider: "paypal" | "binance") {
  const { bookingId } = await createCheckout(w);
  const orderId = provider === "binance" ? String(Date.now()) + String(Math.floor(Math.random() * 1e6)) : `O-${rand()}`;
  const tradeNo = rand();
  const paymentId = provider === "binance" ? `T${rand()}` : `CAP-${rand()}`;
  await seedOrder(
    provider,
    bookingId,
    orderId,
    provider === "binance" ? tradeNo : bookingId,
    provider === "binance" ? "USDT" : "USD",
  );
  if (provider === "binance")
    fake.binance.set(tradeNo, {
      status: "PAID",
      orderAmount: "1.00",
      currency: "USDT",
      transactionId: paymentId,
      prepayId: orderId,
    });
  await db
    .prepare("UPDATE checkouts SET hold_until = ? WHERE booking_id = ?")
    .bind(new Date(Date.now() - 1000).toISOString(), bookingId)
    .run();
  const outcome = await applyPayment(db, config, {
    provider,
    bookingId,
    orderId,
    paymentId,
    amount: { value: "1.00", currency: provider === "binance" ? "USDT" : "USD" },
    paidAt: null,
  });
  return { bookingId, orderId, tradeNo, paymentId, outcome };
}

/** A signed Binance PAY_REFUND delivery for one refund request. */
async function payRefund(orderId: string, tradeNo: string, bizStatus: string, refundRequestId: string) {
  const data = {
    merchantTradeNo: tradeNo,
    totalFee: 1,
    currency: "USDT",
    refundInfo: { refundRequestId, refundAmount: "1.00" },
  };
  const body = `{"bizType":"PAY_REFUND","data":${JSON.stringify(JSON.stringify(data))},"bizIdStr":"${orderId}","bizId":${orderId},"bizStatus":"${bizStatus}"}`;
  const d = await f.binance(body);
  return w.call("POST", d.path, d.body, { "content-type": "application/json", ...d.headers });
}

describe("Binance refunds are asynchronous", () => {
  it("stay refund_pending while Binance is REFUNDING and finish with REFUND_SUCCESS, once", async () => {
    const p = await latePayment("binance");
    expect(p.outcome).toBe("refund_pending");
    const r = await refundOf(p.bookingId);
    expect(r).toMatchObject({
      status: "requested",
      round: 0,
      refund_id: refundRequestKey({ provider: "binance", payment_id: p.paymentId, round: 0 }),
    });
    expect(await checkoutStatus(p.bookingId)).toBe("refund_pending");
    // The cron asks where it stands: still REFUNDING, so nothing changes but the next look.
    await dueNow();
    await runCron(w.env);
    expect((await refundOf(p.bookingId))?.status).toBe("requested");
    const res = await payRefund(p.orderId, p.tradeNo, "REFUND_SUCCESS", r?.refund_id as string);
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"returnCode":"SUCCESS","returnMessage":null}');
    expect(await checkoutStatus(p.bookingId)).toBe("refunded");
    expect(await refundOf(p.bookingId)).toMatchObject({ status: "completed" });
    const payment = await db.prepare("SELECT status FROM payments WHERE payment_id = ?").bind(p.paymentId).first();
    expect(payment).toEqual({ status: "refunded" });
    expect((await payRefund(p.orderId, p.tradeNo, "REFUND_SUCCESS", r?.refund_id as string)).status).toBe(200);
    expect(await checkoutStatus(p.bookingId)).toBe("refunded");
  });

  it("a rejected refund is due again and the cron sends a new request, which then succeeds", async () => {
    const p = await latePayment("binance");
    const first = (await refundOf(p.bookingId)) as RefundRow;
    // Binance puts the order back to PAID when it rejects the refund.
    (fake.binance.get(p.tradeNo) as { status: string }).status = "PAID";
    // A rejection naming some other request changes nothing.
    expect((await payRefund(p.orderId, p.tradeNo, "REFUND_REJECTED", "RsomethingElse")).status).toBe(200);
    expect((await refundOf(p.bookingId))?.status).toBe("requested");
    expect((await payRefund(p.orderId, p.tradeNo, "REFUND_REJECTED", first.refund_id as string)).status).toBe(200);
    expect(await refundOf(p.bookingId)).toMatchObject({ status: "due", round: 1, last_error: "REFUND_REJECTED" });
    expect(await checkoutStatus(p.bookingId)).toBe("refund_pending");
    await dueNow();
    const before = fake.binanceRefundRequests.length;
    await runCron(w.env);
    const second = (await refundOf(p.bookingId)) as RefundRow;
    expect(second.status).toBe("requested");
    expect(fake.binanceRefundRequests.slice(before)).toEqual([second.refund_id]);
    expect(second.refund_id).not.toBe(first.refund_id);
    expect((await payRefund(p.orderId, p.tradeNo, "REFUND_SUCCESS", second.refund_id as string)).status).toBe(200);
    expect(await checkoutStatus(p.bookingId)).toBe("refunded");
  });

  it("an order Binance already refunded counts as done without a second refund", async () => {
    const p = await latePayment("binance");
    // The answer to our request was lost, and Binance finished the refund meanwhile.
    await db
      .prepare("UPDATE refunds SET status = 'due', next_check_at = '' WHERE booking_id = ?")
      .bind(p.bookingId)
      .run();
    (fake.binance.get(p.tradeNo) as { status: string }).status = "REFUNDED";
    const before = fake.binanceRefundRequests.length;
    await runCron(w.env);
    expect(fake.binanceRefundRequests.length).toBe(before);
    expect(await checkoutStatus(p.bookingId)).toBe("refunded");
  });
});

describe("PayPal refunds answered PENDING", () => {
  it("stay requested until PayPal says COMPLETED", async () => {
    fake.paypalRefundStatus = "PENDING";
    const p = await latePayment("paypal");
    expect(p.outcome).toBe("refund_pending");
    const r = (await refundOf(p.bookingId)) as RefundRow;
    expect(r.status).toBe("requested");
    expect(r.refund_id).toMatch(/^RF-/);
    // Each look that finds it still PENDING waits longer before the next one.
    for (const n of [1, 2]) {
      await dueNow();
      await runCron(w.env);
      const still = (await refundOf(p.bookingId)) as RefundRow;
      expect(still).toMatchObject({ status: "requested", attempts: n });
    }
    expect(Date.parse(((await refundOf(p.bookingId)) as RefundRow).next_check_at)).toBeGreaterThan(Date.now() + 60_000);
    fake.paypalRefunds.set(r.refund_id as string, "COMPLETED");
    await dueNow();
    await runCron(w.env);
    expect(await checkoutStatus(p.bookingId)).toBe("refunded");
  });

  it("a refund PayPal FAILED is due again and asked for with a new request id", async () => {
    fake.paypalRefundStatus = "PENDING";
    const p = await latePayment("paypal");
    const r = (await refundOf(p.bookingId)) as RefundRow;
    fake.paypalRefunds.set(r.refund_id as string, "FAILED");
    await dueNow();
    await runCron(w.env);
    expect(await refundOf(p.bookingId)).toMatchObject({ status: "due", round: 1 });
    fake.paypalRefundStatus = "COMPLETED";
    await dueNow();
    await runCron(w.env);
    const done = (await refundOf(p.bookingId)) as RefundRow;
    expect(done.status).toBe("completed");
    expect(done.refund_id).toBe(`RF-${p.paymentId}-refund-${p.paymentId}-1`);
    expect(await checkoutStatus(p.bookingId)).toBe("refunded");
  });
});
