import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import {
  binanceOrder,
  control,
  createCheckout,
  deliveries,
  http,
  mercadoPagoPreference,
  payApi,
  paypalCapture,
  settle,
  status,
  waitForStatus,
} from "./client.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ quiet: true });
});
afterAll(async () => {
  await stack?.stop();
});

describe("each provider end to end: create → buyer pays in the emulator → signed webhook → paid", () => {
  it("PayPal: approve → APPROVED webhook → Worker captures → COMPLETED webhook → paid", async () => {
    const b = await createCheckout(stack);
    const order = await payApi(stack, `${b.checkoutId}/paypal/orders`);
    expect(order.status).toBe(201);
    expect(order.body.approveUrl).toContain(stack.emulators.urls.paypal);
    const paid = await control(stack, "paypal").post("/pay", { provider: "paypal", orderId: order.body.orderId });
    expect(paid.status).toBe(200);
    const s = await waitForStatus(stack, b, "paid");
    expect(s.receipt).toMatchObject({ provider: "paypal", amount: "1.00", currency: "USD" });
    await settle(stack);
    const mine = (await deliveries(stack, "paypal")).filter((d) => d.body.includes(order.body.orderId));
    expect(mine.map((d) => JSON.parse(d.body).event_type)).toEqual(
      expect.arrayContaining(["CHECKOUT.ORDER.APPROVED", "PAYMENT.CAPTURE.COMPLETED"]),
    );
    expect(mine.every((d) => d.status === "succeeded")).toBe(true);
  });

  it("PayPal: the page's onApprove capture and the redirect-flow return both land on paid", async () => {
    await control(stack, "paypal").post("/deliveries/hold", { provider: "paypal" });
    try {
      const b = await createCheckout(stack);
      const order = await payApi(stack, `${b.checkoutId}/paypal/orders`);
      await control(stack, "paypal").post("/pay", { provider: "paypal", orderId: order.body.orderId });
      const capture = await payApi(stack, `${b.checkoutId}/paypal/orders/${order.body.orderId}/capture`);
      expect(capture.body).toEqual({ status: "paid" });
      const b2 = await createCheckout(stack);
      const order2 = await payApi(stack, `${b2.checkoutId}/paypal/orders`);
      await control(stack, "paypal").post("/pay", { provider: "paypal", orderId: order2.body.orderId });
      const ret = await http(
        `${stack.workerUrl}/pay/${b2.checkoutId}/paypal/return?token=${order2.body.orderId}&PayerID=X`,
      );
      expect(ret.status).toBe(303);
      expect(ret.headers.get("location")).toBe(`/pay/${b2.checkoutId}?paypal=captured`);
      expect((await status(stack, b2)).status).toBe("paid");
    } finally {
      await control(stack, "paypal").post("/deliveries/release", { provider: "paypal" });
    }
  });

  it("PayPal: a PENDING capture shows pending, then paid on PAYMENT.CAPTURE.COMPLETED", async () => {
    const b = await createCheckout(stack);
    const order = await payApi(stack, `${b.checkoutId}/paypal/orders`);
    await control(stack, "paypal").post("/pay", {
      provider: "paypal",
      orderId: order.body.orderId,
      captureOutcome: "PENDING",
    });
    await waitForStatus(stack, b, "pending");
    const capture = await paypalCapture(stack, order.body.orderId);
    await control(stack, "paypal").post(`/paypal/captures/${capture.id}`, { status: "COMPLETED" });
    const s = await waitForStatus(stack, b, "paid");
    expect(s.receipt?.transactionId).toBe(capture.id);
  });

  it("Binance Pay: QR order → PAY_SUCCESS webhook → confirmed by query → paid, acknowledged exactly", async () => {
    const b = await createCheckout(stack);
    const { view, prepayId } = await binanceOrder(stack, b.checkoutId);
    expect(Date.parse(view.expireTime)).toBeLessThanOrEqual(Date.now() + 3600_000 + 5000);
    expect(view).toMatchObject({
      qrContent: expect.any(String),
      deeplink: expect.any(String),
      universalUrl: expect.any(String),
    });
    await control(stack, "binance").post("/pay", { provider: "binance", prepayId });
    const s = await waitForStatus(stack, b, "paid");
    expect(s.receipt).toMatchObject({ provider: "binance", amount: "1.00", currency: "USDT" });
    await settle(stack);
    const d = (await deliveries(stack, "binance")).find((x) => x.body.includes(prepayId));
    expect(d?.status).toBe("succeeded");
    expect(d?.attempts.at(-1)?.responseBody).toBe('{"returnCode":"SUCCESS","returnMessage":null}');
  });

  it("Mercado Pago: preference → approved payment → webhook → payment fetched → paid", async () => {
    const b = await createCheckout(stack);
    const prefId = await mercadoPagoPreference(stack, b.checkoutId);
    await control(stack, "mercadopago").post("/pay", {
      provider: "mercadopago",
      preferenceId: prefId,
      status: "approved",
    });
    const s = await waitForStatus(stack, b, "paid");
    expect(s.receipt).toMatchObject({ provider: "mercadopago", amount: "1000.00", currency: "ARS" });
  });

  it("Mercado Pago: a pending payment shows pending, then paid once approved", async () => {
    const b = await createCheckout(stack);
    const prefId = await mercadoPagoPreference(stack, b.checkoutId);
    const p = await control(stack, "mercadopago").post("/pay", {
      provider: "mercadopago",
      preferenceId: prefId,
      status: "in_process",
    });
    await waitForStatus(stack, b, "pending");
    await control(stack, "mercadopago").post(`/mercadopago/payments/${p.body.paymentId}`, { status: "approved" });
    await waitForStatus(stack, b, "paid");
  });
});
