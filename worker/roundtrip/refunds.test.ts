// Refunds that finish later, against wrangler dev + the emulators: Binance refunds asynchronously
// (REFUNDING, then a PAY_REFUND webhook), PayPal can answer a refund PENDING. A refund counts only
// in its final state; a rejected one stays due and the cron asks again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import {
  type Booking,
  binanceOrder,
  control,
  createCheckout,
  endHoldSoon,
  payApi,
  paypalCapture,
  runCron,
  settle,
  status,
  waitForStatus,
} from "./client.ts";

let stack: Stack;
beforeAll(async () => {
  // Holds that end within seconds (endHoldSoon): no 15-minute minimum here.
  stack = await startStack({ quiet: true, vars: { MIN_HOLD_MINUTES: "0" } });
});
afterAll(async () => {
  await stack?.stop();
});

interface EmuBinanceOrder {
  prepayId: string;
  status: string;
  refunds: { refundRequestId: string; status: string }[];
}
async function binanceOrderState(prepayId: string): Promise<EmuBinanceOrder> {
  const state = await control(stack, "binance").get("/state");
  return state.body.binance.orders.find((o: EmuBinanceOrder) => o.prepayId === prepayId);
}

/** A Binance payment that lands after the hold ended, so the Worker must refund it. */
async function latePaidBinance(): Promise<{ b: Booking; prepayId: string }> {
  const b = await createCheckout(stack);
  const { prepayId } = await binanceOrder(stack, b.checkoutId);
  expect(await endHoldSoon(stack, b)).toBe(200);
  await control(stack, "binance").post("/pay", { provider: "binance", prepayId });
  return { b, prepayId };
}

describe("refunds that finish later", () => {
  it("a Binance refund is done only when Binance reports REFUND_SUCCESS", async () => {
    await control(stack, "binance").post("/config", { binanceRefundDelayMs: 600_000 });
    const { b, prepayId } = await latePaidBinance();
    await waitForStatus(stack, b, "refund_pending");
    await settle(stack);
    // Binance accepted the request and is still refunding: not refunded yet, whatever we asked.
    expect((await binanceOrderState(prepayId)).status).toBe("REFUNDING");
    await runCron(stack);
    expect((await status(stack, b)).status).toBe("refund_pending");
    const [request] = (await binanceOrderState(prepayId)).refunds;
    expect(request?.status).toBe("REFUNDING");
    await control(stack, "binance").post(`/binance/refunds/${request?.refundRequestId}`, { outcome: "SUCCESS" });
    await waitForStatus(stack, b, "refunded");
    expect((await binanceOrderState(prepayId)).refunds).toHaveLength(1);
  });

  it("a rejected Binance refund stays due and the cron asks again, as a new request", async () => {
    await control(stack, "binance").post("/config", { binanceRefundDelayMs: 50, binanceRejectRefunds: 1 });
    const { b, prepayId } = await latePaidBinance();
    await waitForStatus(stack, b, "refund_pending");
    await settle(stack);
    const rejected = await binanceOrderState(prepayId);
    expect(rejected.refunds.map((r) => r.status)).toEqual(["REJECTED"]);
    expect(rejected.status).toBe("PAID");
    expect((await status(stack, b)).status).toBe("refund_pending");
    await runCron(stack);
    await waitForStatus(stack, b, "refunded");
    const done = await binanceOrderState(prepayId);
    expect(done.refunds.map((r) => r.status)).toEqual(["REJECTED", "SUCCESS"]);
    expect(new Set(done.refunds.map((r) => r.refundRequestId)).size).toBe(2);
    expect(done.status).toBe("REFUNDED");
  });

  it("a PayPal refund answered PENDING finishes only once PayPal completes it", async () => {
    const pp = control(stack, "paypal");
    await pp.post("/config", { paypalPendingRefunds: 1 });
    const b = await createCheckout(stack);
    const { orderId } = (await payApi(stack, `${b.checkoutId}/paypal/orders`)).body as { orderId: string };
    await pp.post("/deliveries/hold", { provider: "paypal" });
    try {
      // The capture is PENDING (review) while the hold runs out, then completes: too late, refunded.
      await pp.post("/pay", { provider: "paypal", orderId, captureOutcome: "PENDING" });
      const captured = await payApi(stack, `${b.checkoutId}/paypal/orders/${orderId}/capture`);
      expect(captured.body.status).toBe("pending");
    } finally {
      await pp.post("/deliveries/hold", { provider: "paypal", on: false });
    }
    expect(await endHoldSoon(stack, b)).toBe(200);
    // Wait until the Worker has expired the hold (reading the status expires a hold that ran out):
    // a capture completing before that would still count as paid inside the hold.
    await waitForStatus(stack, b, "expired");
    const capture = await paypalCapture(stack, orderId);
    await pp.post(`/paypal/captures/${capture.id}`, { status: "COMPLETED" });
    await waitForStatus(stack, b, "refund_pending");
    await settle(stack);
    const refunds = (await pp.get("/state")).body.paypal.refunds.filter(
      (r: { captureId: string }) => r.captureId === capture.id,
    );
    expect(refunds.map((r: { status: string }) => r.status)).toEqual(["PENDING"]);
    await runCron(stack);
    expect((await status(stack, b)).status).toBe("refund_pending");
    await pp.post(`/paypal/refunds/${refunds[0].id}`, { status: "COMPLETED" });
    await settle(stack);
    // The webhook may or may not be matched; the cron asks PayPal for the refund either way.
    await runCron(stack);
    await waitForStatus(stack, b, "refunded");
  });
});
