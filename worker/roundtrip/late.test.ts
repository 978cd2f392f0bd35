// Payments that arrive late, twice or never, against wrangler dev + the emulators.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import {
  binanceOrder,
  control,
  createCheckout,
  deliveries,
  endHoldSoon,
  http,
  mercadoPagoPreference,
  payApi,
  runCron,
  settle,
  status,
  waitForStatus,
} from "./client.ts";

let stack: Stack;
beforeAll(async () => {
  // Holds that end within seconds (endHoldSoon): no 15-minute minimum here.
  // Every request here comes from 127.0.0.1: the flood below would spend the pay page's
  // per-client limit for the tests after it (that limit is tested inside workerd).
  stack = await startStack({ quiet: true, vars: { MIN_HOLD_MINUTES: "0", PAY_RATE_LIMIT_PER_MINUTE: "100000" } });
});
afterAll(async () => {
  await stack?.stop();
});

describe("order floods on wrangler dev", () => {
  it("50 concurrent POSTs make one Binance order at the emulator", async () => {
    const b = await createCheckout(stack);
    const before = (await control(stack, "binance").get("/state")).body.binance.orders.length;
    const results = await Promise.all(Array.from({ length: 50 }, () => payApi(stack, `${b.checkoutId}/binance`)));
    const ok = results.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThan(0);
    expect(results.every((r) => r.status === 201 || r.status === 429)).toBe(true);
    expect(new Set(ok.map((r) => r.body.qrContent)).size).toBe(1);
    const after = (await control(stack, "binance").get("/state")).body.binance.orders.length;
    expect(after - before).toBe(1);
  });
});

describe("payments that arrive late, twice or never", () => {
  it("50 concurrent duplicate deliveries record exactly one payment", async () => {
    await control(stack, "binance").post("/deliveries/hold", { provider: "binance" });
    const b = await createCheckout(stack);
    const { prepayId } = await binanceOrder(stack, b.checkoutId);
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
    const { prepayId } = await binanceOrder(stack, b.checkoutId);
    expect(await endHoldSoon(stack, b)).toBe(200);
    await control(stack, "binance").post("/pay", { provider: "binance", prepayId });
    await waitForStatus(stack, b, "refunded");
    const state = await control(stack, "binance").get("/state");
    const order = state.body.binance.orders.find((o: { prepayId: string }) => o.prepayId === prepayId);
    expect(order.refunds.length).toBe(1);
  });

  it("a refund the provider refused is retried by the cron", async () => {
    const b = await createCheckout(stack);
    const { prepayId } = await binanceOrder(stack, b.checkoutId);
    expect(await endHoldSoon(stack, b)).toBe(200);
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
    const prefId = await mercadoPagoPreference(stack, b.checkoutId);
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
          const order = await payApi(stack, `${b.checkoutId}/paypal/orders`);
          await control(stack, "paypal").post("/pay", { provider, orderId: order.body.orderId });
        } else if (provider === "binance") {
          const { prepayId } = await binanceOrder(stack, b.checkoutId);
          await control(stack, "binance").post("/pay", { provider, prepayId });
        } else {
          const prefId = await mercadoPagoPreference(stack, b.checkoutId);
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
    const { prepayId } = await binanceOrder(stack, b.checkoutId);
    expect(await endHoldSoon(stack, b)).toBe(200);
    await runCron(stack);
    expect((await status(stack, b)).status).toBe("expired");
    const state = await control(stack, "binance").get("/state");
    const order = state.body.binance.orders.find((o: { prepayId: string }) => o.prepayId === prepayId);
    expect(order.status).toBe("CANCELED");
  });

  it("a payer back from Binance or Mercado Pago while the webhook is held: the on-return reconcile makes it paid, no cron", async () => {
    for (const provider of ["binance", "mercadopago"] as const) {
      await control(stack, provider).post("/deliveries/hold", { provider });
      try {
        const b = await createCheckout(stack);
        if (provider === "binance") {
          const { prepayId } = await binanceOrder(stack, b.checkoutId);
          await control(stack, "binance").post("/pay", { provider, prepayId });
        } else {
          const preferenceId = await mercadoPagoPreference(stack, b.checkoutId);
          await control(stack, provider).post("/pay", { provider, preferenceId, status: "approved" });
        }
        expect((await status(stack, b)).status).toBe("open");
        const back = await payApi(stack, `${b.checkoutId}/reconcile`, { provider });
        expect(back.status).toBe(200);
        expect(back.body).toEqual({ status: "paid" });
        expect((await status(stack, b)).receipt?.provider).toBe(provider);
      } finally {
        await control(stack, provider).post("/deliveries/hold", { provider, on: false });
      }
    }
  });
});
