import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import { control, createCheckout, deliveries, http, runCron, settle, status, waitForStatus } from "./client.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ quiet: true });
});
afterAll(async () => {
  await stack?.stop();
});

const pay = (path: string, json: unknown = {}) => http(`${stack.workerUrl}/v1/pay/${path}`, { json });

async function binanceOrder(checkoutId: string) {
  const view = await pay(`${checkoutId}/binance`);
  expect(view.status).toBe(201);
  const token = new URL(view.body.qrContent).pathname.split("/").pop();
  const state = await control(stack, "binance").get("/state");
  const order = state.body.binance.orders.find((o: { checkoutToken: string }) => o.checkoutToken === token);
  return { view: view.body, prepayId: order.prepayId as string };
}

async function mercadoPagoPreference(checkoutId: string) {
  const res = await pay(`${checkoutId}/mercadopago`);
  expect(res.status).toBe(201);
  return new URL(res.body.initPoint).searchParams.get("pref_id") as string;
}

describe("each provider end to end: create → buyer pays in the emulator → signed webhook → paid", () => {
  it("PayPal: approve → APPROVED webhook → Worker captures → COMPLETED webhook → paid", async () => {
    const b = await createCheckout(stack);
    const order = await pay(`${b.checkoutId}/paypal/orders`);
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
      const order = await pay(`${b.checkoutId}/paypal/orders`);
      await control(stack, "paypal").post("/pay", { provider: "paypal", orderId: order.body.orderId });
      const capture = await pay(`${b.checkoutId}/paypal/orders/${order.body.orderId}/capture`);
      expect(capture.body).toEqual({ status: "paid" });
      const b2 = await createCheckout(stack);
      const order2 = await pay(`${b2.checkoutId}/paypal/orders`);
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
    const order = await pay(`${b.checkoutId}/paypal/orders`);
    await control(stack, "paypal").post("/pay", {
      provider: "paypal",
      orderId: order.body.orderId,
      captureOutcome: "PENDING",
    });
    await waitForStatus(stack, b, "pending");
    const state = await control(stack, "paypal").get("/state");
    const capture = state.body.paypal.captures.find((c: { orderId: string }) => c.orderId === order.body.orderId);
    await control(stack, "paypal").post(`/paypal/captures/${capture.id}`, { status: "COMPLETED" });
    const s = await waitForStatus(stack, b, "paid");
    expect(s.receipt?.transactionId).toBe(capture.id);
  });

  it("Binance Pay: QR order → PAY_SUCCESS webhook → confirmed by query → paid, acknowledged exactly", async () => {
    const b = await createCheckout(stack);
    const { view, prepayId } = await binanceOrder(b.checkoutId);
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
    const prefId = await mercadoPagoPreference(b.checkoutId);
    await control(stack, "mercadopago").post("/pay", {
      provider: "mercadopago",
      preferenceId: prefId,
      status: "approved",
    });
    const s = await waitForStatus(stack, b, "paid");
    expect(s.receipt).toMatchObject({ provider: "mercadopago", amount: "1.00", currency: "USD" });
  });

  it("Mercado Pago: a pending payment shows pending, then paid once approved", async () => {
    const b = await createCheckout(stack);
    const prefId = await mercadoPagoPreference(b.checkoutId);
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

describe("payments that arrive late, twice or never", () => {
  it("50 concurrent duplicate deliveries record exactly one payment", async () => {
    await control(stack, "binance").post("/deliveries/hold", { provider: "binance" });
    const b = await createCheckout(stack);
    const { prepayId } = await binanceOrder(b.checkoutId);
    await control(stack, "binance").post("/pay", { provider: "binance", prepayId });
    const held = (await deliveries(stack, "binance")).find((d) => d.body.includes(prepayId) && d.status === "held");
    expect(held).toBeDefined();
    await control(stack, "binance").post("/deliveries/hold", { provider: "binance", on: false });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        http(held?.url as string, { method: "POST", headers: held?.headers, body: held?.body }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(results.every((r) => r.text === '{"returnCode":"SUCCESS","returnMessage":null}')).toBe(true);
    const s = await status(stack, b);
    expect(s.status).toBe("paid");
    // The emulator's own byte-for-byte duplicates, fired together, change nothing either.
    await Promise.all(
      Array.from({ length: 10 }, () => control(stack, "binance").post(`/deliveries/${held?.id}/duplicate`)),
    );
    await settle(stack);
    expect((await status(stack, b)).receipt?.transactionId).toBe(s.receipt?.transactionId);
    const state = await control(stack, "binance").get("/state");
    const order = state.body.binance.orders.find((o: { prepayId: string }) => o.prepayId === prepayId);
    expect(order.status).toBe("PAID");
    expect(order.refunds).toEqual([]);
  });

  it("a payment after the hold ran out is refunded automatically (Binance)", async () => {
    const b = await createCheckout(stack);
    const { prepayId } = await binanceOrder(b.checkoutId);
    const hold = new Date(Date.now() + 1500).toISOString();
    expect(
      (
        await http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}`, {
          method: "PATCH",
          json: { holdUntil: hold },
          headers: { authorization: `Bearer ${b.secret}` },
        })
      ).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 2000));
    await control(stack, "binance").post("/pay", { provider: "binance", prepayId });
    await waitForStatus(stack, b, "refunded");
    const state = await control(stack, "binance").get("/state");
    const order = state.body.binance.orders.find((o: { prepayId: string }) => o.prepayId === prepayId);
    expect(order.refunds.length).toBe(1);
  });

  it("a refund the provider refused is retried by the cron", async () => {
    const b = await createCheckout(stack);
    const { prepayId } = await binanceOrder(b.checkoutId);
    const hold = new Date(Date.now() + 1500).toISOString();
    await http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}`, {
      method: "PATCH",
      json: { holdUntil: hold },
      headers: { authorization: `Bearer ${b.secret}` },
    });
    await new Promise((r) => setTimeout(r, 2000));
    const fault = await control(stack, "binance").post("/faults", {
      provider: "binance",
      path: "/binancepay/openapi/order/refund",
      status: 500,
      count: 1,
    });
    expect(fault.status).toBe(201);
    await control(stack, "binance").post("/pay", { provider: "binance", prepayId });
    await waitForStatus(stack, b, "refund_pending");
    await runCron(stack);
    await waitForStatus(stack, b, "refunded");
  });

  it("a payment after the user cancelled is refunded automatically (Mercado Pago)", async () => {
    const b = await createCheckout(stack);
    const prefId = await mercadoPagoPreference(b.checkoutId);
    await http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}/cancel`, {
      method: "POST",
      headers: { authorization: `Bearer ${b.secret}` },
    });
    const p = await control(stack, "mercadopago").post("/pay", {
      provider: "mercadopago",
      preferenceId: prefId,
      status: "approved",
    });
    await waitForStatus(stack, b, "refunded");
    const state = await control(stack, "mercadopago").get("/state");
    const payment = state.body.mercadopago.payments.find((x: { id: number }) => x.id === p.body.paymentId);
    expect(payment.status).toBe("refunded");
  });

  it.each(["paypal", "binance", "mercadopago"] as const)(
    "a missed %s webhook is found by the cron",
    async (provider) => {
      await control(stack, provider).post("/deliveries/hold", { provider });
      try {
        const b = await createCheckout(stack);
        if (provider === "paypal") {
          const order = await pay(`${b.checkoutId}/paypal/orders`);
          await control(stack, "paypal").post("/pay", { provider, orderId: order.body.orderId });
        } else if (provider === "binance") {
          const { prepayId } = await binanceOrder(b.checkoutId);
          await control(stack, "binance").post("/pay", { provider, prepayId });
        } else {
          const prefId = await mercadoPagoPreference(b.checkoutId);
          await control(stack, "mercadopago").post("/pay", { provider, preferenceId: prefId, status: "approved" });
        }
        expect((await status(stack, b)).status).toBe("open");
        await runCron(stack);
        await waitForStatus(stack, b, "paid");
      } finally {
        await control(stack, provider).post("/deliveries/hold", { provider, on: false });
      }
    },
  );

  it("an expired hold is expired by the cron and its Binance order closed", async () => {
    const b = await createCheckout(stack);
    const { prepayId } = await binanceOrder(b.checkoutId);
    const hold = new Date(Date.now() + 1500).toISOString();
    await http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}`, {
      method: "PATCH",
      json: { holdUntil: hold },
      headers: { authorization: `Bearer ${b.secret}` },
    });
    await new Promise((r) => setTimeout(r, 2000));
    await runCron(stack);
    expect((await status(stack, b)).status).toBe("expired");
    const state = await control(stack, "binance").get("/state");
    const order = state.body.binance.orders.find((o: { prepayId: string }) => o.prepayId === prepayId);
    expect(order.status).toBe("CANCELED");
  });
});
