// PayPal as it really behaves (docs/providers.md, PayPal), against wrangler dev + the corrected
// emulator: refund events carry a refund resource, a declined capture frees the checkout for a new
// order, and the page's capture races the APPROVED webhook's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import {
  control,
  createCheckout,
  deliveries,
  endHoldSoon,
  payApi,
  paypalCapture,
  settle,
  status,
  waitForStatus,
} from "./client.ts";

let stack: Stack;
beforeAll(async () => {
  // endHoldSoon moves holds to seconds away, below the usual 15-minute minimum.
  stack = await startStack({ quiet: true, vars: { MIN_HOLD_MINUTES: "0" } });
});
afterAll(async () => {
  await stack?.stop();
});

const pp = () => control(stack, "paypal");
const captureOf = (orderId: string) => paypalCapture(stack, orderId);
/** The emulator's deliveries of one event type that mention `id`. */
const deliveriesOf = async (type: string, id: string) =>
  (await deliveries(stack, "paypal")).filter((d) => JSON.parse(d.body).event_type === type && d.body.includes(id));

describe("PayPal refund events carry the refund, matched by its capture id", () => {
  it("the refund of a late payment is acknowledged (200) instead of retried for days as unknown", async () => {
    const b = await createCheckout(stack);
    const order = await payApi(stack, `${b.checkoutId}/paypal/orders`);
    await pp().post("/pay", { provider: "paypal", orderId: order.body.orderId, captureOutcome: "PENDING" });
    await waitForStatus(stack, b, "pending");
    // The hold ends while PayPal reviews the capture; then PayPal completes it: too late, refunded.
    expect(await endHoldSoon(stack, b)).toBe(200);
    const capture = await captureOf(order.body.orderId);
    await pp().post(`/paypal/captures/${capture?.id}`, { status: "COMPLETED" });
    await waitForStatus(stack, b, "refunded");
    await settle(stack);
    const [refunded] = await deliveriesOf("PAYMENT.CAPTURE.REFUNDED", capture?.id ?? "?");
    const resource = JSON.parse(refunded?.body ?? "{}").resource;
    expect(resource).not.toHaveProperty("custom_id");
    expect(resource.links.find((l: { rel: string }) => l.rel === "up").href).toContain(capture?.id);
    expect(refunded?.status).toBe("succeeded");
    expect(refunded?.attempts.map((a) => a.status)).toEqual([200]);
  });

  it("a reversal (chargeback) of a paid capture marks the payment refunded and is acknowledged", async () => {
    const b = await createCheckout(stack);
    const order = await payApi(stack, `${b.checkoutId}/paypal/orders`);
    await pp().post("/pay", { provider: "paypal", orderId: order.body.orderId });
    await waitForStatus(stack, b, "paid");
    const capture = await captureOf(order.body.orderId);
    expect((await pp().post(`/paypal/captures/${capture?.id}`, { status: "REVERSED" })).status).toBe(200);
    await settle(stack);
    const [reversal] = await deliveriesOf("PAYMENT.CAPTURE.REVERSED", capture?.id ?? "?");
    expect(JSON.parse(reversal?.body ?? "{}").resource).not.toHaveProperty("custom_id");
    expect(reversal?.status).toBe("succeeded");
    expect(reversal?.attempts.map((a) => a.status)).toEqual([200]);
    expect((await status(stack, b)).status).toBe("paid");
  });
});

describe("PayPal declines", () => {
  it("a DECLINED capture answers payment_declined, and the next attempt gets a fresh order that can pay", async () => {
    const b = await createCheckout(stack);
    const first = await payApi(stack, `${b.checkoutId}/paypal/orders`);
    await pp().post("/deliveries/hold", { provider: "paypal" });
    try {
      await pp().post("/pay", { provider: "paypal", orderId: first.body.orderId, captureOutcome: "DECLINED" });
      const cap = await payApi(stack, `${b.checkoutId}/paypal/orders/${first.body.orderId}/capture`);
      expect(cap.status).toBe(402);
      expect(cap.body.error.code).toBe("payment_declined");
      expect((await status(stack, b)).status).toBe("open");
      const second = await payApi(stack, `${b.checkoutId}/paypal/orders`);
      expect(second.status).toBe(201);
      expect(second.body.orderId).not.toBe(first.body.orderId);
      await pp().post("/pay", { provider: "paypal", orderId: second.body.orderId });
      const paid = await payApi(stack, `${b.checkoutId}/paypal/orders/${second.body.orderId}/capture`);
      expect(paid.body).toEqual({ status: "paid" });
    } finally {
      await pp().post("/deliveries/release", { provider: "paypal" });
    }
    await settle(stack);
    // The held webhooks (APPROVED, DENIED, APPROVED, COMPLETED) change nothing more and are all acknowledged.
    const mine = (await deliveries(stack, "paypal")).filter(
      (d) => d.body.includes(b.bookingId) || d.body.includes(first.body.orderId),
    );
    expect(mine.every((d) => d.status === "succeeded")).toBe(true);
    expect((await status(stack, b)).status).toBe("paid");
  });

  it("INSTRUMENT_DECLINED answers instrument_declined and the same order can be approved again and paid", async () => {
    const b = await createCheckout(stack);
    const order = await payApi(stack, `${b.checkoutId}/paypal/orders`);
    await pp().post("/deliveries/hold", { provider: "paypal" });
    try {
      await pp().post("/pay", {
        provider: "paypal",
        orderId: order.body.orderId,
        captureOutcome: "INSTRUMENT_DECLINED",
      });
      const cap = await payApi(stack, `${b.checkoutId}/paypal/orders/${order.body.orderId}/capture`);
      expect(cap.status).toBe(422);
      expect(cap.body.error.code).toBe("instrument_declined");
      await pp().post("/pay", { provider: "paypal", orderId: order.body.orderId });
      const again = await payApi(stack, `${b.checkoutId}/paypal/orders/${order.body.orderId}/capture`);
      expect(again.body).toEqual({ status: "paid" });
    } finally {
      await pp().post("/deliveries/release", { provider: "paypal" });
    }
  });
});

describe("the page's capture and the APPROVED webhook's capture at once", () => {
  it("the second gets 409 PREVIOUS_REQUEST_IN_PROGRESS, re-reads the order, and the payer sees paid", async () => {
    await pp().post("/config", { paypalCaptureMs: 1500 });
    try {
      const b = await createCheckout(stack);
      const order = await payApi(stack, `${b.checkoutId}/paypal/orders`);
      // The APPROVED webhook reaches the Worker, which starts capturing (1.5 s at PayPal) …
      await pp().post("/pay", { provider: "paypal", orderId: order.body.orderId });
      await new Promise((r) => setTimeout(r, 300));
      // … while the page's onApprove asks for the same capture.
      const page = await payApi(stack, `${b.checkoutId}/paypal/orders/${order.body.orderId}/capture`);
      expect(page.status).toBe(200);
      expect(page.body).toEqual({ status: "paid" });
      await settle(stack);
      const [approved] = await deliveriesOf("CHECKOUT.ORDER.APPROVED", order.body.orderId);
      expect(approved?.status).toBe("succeeded");
      const state = (await pp().get("/state")).body;
      expect(state.paypal.captures.filter((c: { orderId: string }) => c.orderId === order.body.orderId)).toHaveLength(
        1,
      );
    } finally {
      await pp().post("/config", { paypalCaptureMs: 0 });
    }
  });
});
