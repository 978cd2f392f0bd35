import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { counts, fake, fakeWorker, installFakes, seedOrder } from "./fake-providers";
import { createCheckout } from "./helpers";

type Fakes = Awaited<ReturnType<typeof installFakes>>;
type Delivery = { path: string; body: string; headers: Record<string, string> };
let f: Fakes;
const w = fakeWorker();
beforeAll(async () => {
  f = await installFakes();
});

const send = (d: Delivery) => w.call("POST", d.path, d.body, { "content-type": "application/json", ...d.headers });
const checkoutStatus = async (bookingId: string) =>
  (
    await env.DB.prepare("SELECT status FROM checkouts WHERE booking_id = ?")
      .bind(bookingId)
      .first<{ status: string }>()
  )?.status;
const rand = () => crypto.randomUUID().replace(/-/g, "");
const flipByte = (s: string) => s.replace(/"1\.00"|1\.00/, (m) => m.replace("1.00", "1.01"));
const FOUR_DAYS = 4 * 86400_000;

/** One provider's world for a fresh checkout: how to build a good delivery and its variations. */
interface World {
  bookingId: string;
  deliver(o?: {
    value?: string;
    currency?: string;
    reference?: string;
    eventId?: string;
    time?: Date;
    forge?: boolean;
  }): Promise<Delivery>;
}

const worlds: Record<"paypal" | "binance" | "mercadopago", () => Promise<World>> = {
  async paypal() {
    const { bookingId } = await createCheckout(w);
    const orderId = `ORDER-${rand()}`;
    await seedOrder("paypal", bookingId, orderId, bookingId, "USD");
    const captureId = `CAP-${rand()}`;
    return {
      bookingId,
      deliver: (o = {}) => {
        const resource = {
          id: captureId,
          status: "COMPLETED",
          amount: { currency_code: o.currency ?? "USD", value: o.value ?? "1.00" },
          custom_id: o.reference ?? bookingId,
          supplementary_data: { related_ids: { order_id: o.reference ? `ORDER-${rand()}` : orderId } },
          create_time: new Date().toISOString(),
        };
        // What PayPal signed is what PayPal has: the Worker reads the capture back before acting.
        fake.paypalCaptures.set(captureId, resource);
        return f.paypal(
          JSON.stringify({
            id: o.eventId ?? `WH-${rand()}`,
            event_type: "PAYMENT.CAPTURE.COMPLETED",
            resource_type: "capture",
            resource,
          }),
          { time: o.time, key: o.forge ? f.otherKey : undefined },
        );
      },
    };
  },
  async binance() {
    const { bookingId } = await createCheckout(w);
    const prepayId = String(Date.now()) + String(Math.floor(Math.random() * 1e6));
    const tradeNo = rand();
    await seedOrder("binance", bookingId, prepayId, tradeNo, "USDT");
    const transactionId = `T${rand()}`;
    fake.binance.set(tradeNo, { status: "PAID", orderAmount: "1.00", currency: "USDT", transactionId, prepayId });
    return {
      bookingId,
      deliver: (o = {}) => {
        const data = {
          merchantTradeNo: o.reference ?? tradeNo,
          totalFee: o.value ?? "1.00",
          currency: o.currency ?? "USDT",
          transactionId,
        };
        const body = `{"bizType":"PAY","data":${JSON.stringify(JSON.stringify(data))},"bizIdStr":"${o.eventId ?? prepayId}","bizId":${prepayId},"bizStatus":"PAY_SUCCESS"}`;
        return f.binance(body, { time: o.time, key: o.forge ? f.otherKey : undefined });
      },
    };
  },
  async mercadopago() {
    const { bookingId } = await createCheckout(w);
    await seedOrder("mercadopago", bookingId, `PREF-${rand()}`, bookingId, "ARS");
    return {
      bookingId,
      deliver: async (o = {}) => {
        // Mercado Pago's body says nothing trustworthy: what matters is the payment fetched from the API.
        const paymentId = String(Math.floor(Math.random() * 1e12));
        fake.mp.set(paymentId, {
          id: Number(paymentId),
          status: "approved",
          external_reference: o.reference ?? bookingId,
          transaction_amount: Number(o.value ?? "1.00"),
          currency_id: o.currency ?? "ARS",
          date_approved: new Date().toISOString(),
        });
        const body = JSON.stringify({
          id: o.eventId ?? Number(paymentId) + 1,
          type: "payment",
          action: "payment.updated",
          data: { id: paymentId },
        });
        return f.mercadopago(paymentId, body, { time: o.time, secret: o.forge ? "not-the-secret" : undefined });
      },
    };
  },
};

const PROVIDERS = ["paypal", "binance", "mercadopago"] as const;

describe.each(PROVIDERS)("%s webhook", (provider) => {
  it("a good delivery marks the checkout paid, once", async () => {
    const world = await worlds[provider]();
    const before = await counts();
    const d = await world.deliver();
    const res = await send(d);
    expect(res.status).toBe(200);
    if (provider === "binance") expect(res.text).toBe('{"returnCode":"SUCCESS","returnMessage":null}');
    expect(await checkoutStatus(world.bookingId)).toBe("paid");
    expect(await counts()).toEqual({ ...before, payments: before.payments + 1, events: before.events + 1 });
    // Replayed: the same delivery again is acknowledged and changes nothing.
    const again = await send(d);
    expect(again.status).toBe(200);
    expect(await counts()).toEqual({ ...before, payments: before.payments + 1, events: before.events + 1 });
  });

  const rejections: [string, (world: World) => Promise<Delivery>, number][] = [
    ["forged (another key / secret)", (x) => x.deliver({ forge: true }), 401],
    [
      "tampered (one byte changed after signing)",
      async (x) => {
        const d = await x.deliver();
        // Mercado Pago signs the query's data.id, not the body (which is never trusted anyway).
        if (provider === "mercadopago")
          return { ...d, path: d.path.replace(/data\.id=(\d)/, (_m, c) => `data.id=${(Number(c) + 1) % 10}`) };
        return { ...d, body: flipByte(d.body) };
      },
      401,
    ],
    ["replayed from 4 days ago", (x) => x.deliver({ time: new Date(Date.now() - FOUR_DAYS) }), 401],
    ["from the future", (x) => x.deliver({ time: new Date(Date.now() + 3600_000) }), 401],
    ["unknown reference", (x) => x.deliver({ reference: rand() }), 422],
    [
      "signed but malformed JSON",
      async (x) => {
        const d = await x.deliver();
        const body = `${d.body.slice(0, -1)},`;
        if (provider === "paypal") return f.paypal(body);
        if (provider === "binance") return f.binance(body);
        return f.mercadopago(new URL(`http://x${d.path}`).searchParams.get("data.id") as string, body);
      },
      400,
    ],
    [
      "oversized (> 64 KB)",
      async (x) => {
        const d = await x.deliver();
        return { ...d, body: `${d.body.slice(0, -1)},"pad":"${"x".repeat(70_000)}"}` };
      },
      413,
    ],
    ["unsigned", async (x) => ({ ...(await x.deliver()), headers: {} }), 401],
  ];
  // A Binance body's amount is not what Binance charged: refused. (Mercado Pago's payment is
  // fetched from the API, so a wrong amount there is money that came: refunded, below.)
  if (provider === "binance")
    rejections.push(
      ["wrong amount", (x) => x.deliver({ value: "2.00" }), 422],
      ["wrong currency", (x) => x.deliver({ currency: "EUR" }), 422],
    );
  if (provider === "paypal") {
    // Authentic PayPal deliveries that match nothing of ours are recorded and answered 200, never
    // 4xx (PayPal retries those for days): paypal-webhooks.test.ts covers them.
    const authentic = new Set(["wrong amount", "wrong currency", "unknown reference"]);
    rejections.splice(0, rejections.length, ...rejections.filter(([name]) => !authentic.has(name)));
    rejections.push([
      "signed for another webhook id",
      async (x) => f.paypal((await x.deliver()).body, { webhookId: "WH-OTHER" }),
      401,
    ]);
  }
  if (provider === "binance")
    rejections.push([
      "signed with an unknown certificate serial",
      async (x) => f.binance((await x.deliver()).body, { serial: "SN-OTHER" }),
      401,
    ]);

  it.each(rejections)("rejects %s with nothing written", async (_name, make, expected) => {
    const world = await worlds[provider]();
    const d = await make(world);
    const before = await counts();
    const res = await send(d);
    expect(res.status).toBe(expected);
    expect(res.json.error.code).toEqual(expect.any(String));
    // A 401 never says which check failed (the log does).
    if (expected === 401)
      expect(res.json).toEqual({
        error: { code: "invalid_signature", message: "The signature could not be verified." },
      });
    expect(await counts()).toEqual(before);
    expect(await checkoutStatus(world.bookingId)).toBe("open");
  });

  if (provider === "mercadopago")
    it.each([
      ["amount", { value: "2.00" } as { value?: string; currency?: string }],
      ["currency", { currency: "EUR" } as { value?: string; currency?: string }],
    ])("a payment of the wrong %s is refunded, not kept", async (_what, o) => {
      const world = await worlds.mercadopago();
      const res = await send(await world.deliver(o));
      expect(res.status).toBe(200);
      expect(await checkoutStatus(world.bookingId)).toBe("refunded");
      const row = await env.DB.prepare("SELECT status, amount_value, currency FROM payments WHERE booking_id = ?")
        .bind(world.bookingId)
        .first();
      // Recorded as Mercado Pago charged it (a JSON number there).
      expect(row).toEqual({
        status: "refunded",
        amount_value: o.value ? "2" : "1",
        currency: o.currency ?? expect.any(String),
      });
    });

  it("50 concurrent duplicate deliveries record exactly one payment", async () => {
    const world = await worlds[provider]();
    const before = await counts();
    const d = await world.deliver();
    const results = await Promise.all(Array.from({ length: 50 }, () => send(d)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect((await counts()).payments).toBe(before.payments + 1);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM payments WHERE booking_id = ?")
      .bind(world.bookingId)
      .first();
    expect(rows).toEqual({ n: 1 });
    expect(await checkoutStatus(world.bookingId)).toBe("paid");
  });

  it("a payment landing after the hold ended is refunded and reported as refunded", async () => {
    const world = await worlds[provider]();
    await env.DB.prepare("UPDATE checkouts SET hold_until = ? WHERE booking_id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), world.bookingId)
      .run();
    const res = await send(await world.deliver());
    expect(res.status).toBe(200);
    const refund = () =>
      env.DB.prepare("SELECT provider, status FROM refunds WHERE booking_id = ?").bind(world.bookingId).first();
    // Binance refunds asynchronously: requested now, finished by its PAY_REFUND webhook (refunds.test.ts).
    expect(await checkoutStatus(world.bookingId)).toBe(provider === "binance" ? "refund_pending" : "refunded");
    expect(await refund()).toEqual({ provider, status: provider === "binance" ? "requested" : "completed" });
    expect(fake.refunds.some((r) => r.startsWith(`${provider}:`))).toBe(true);
  });
});

describe("PayPal events that are not payments", () => {
  it("records PAYMENT.CAPTURE.PENDING as pending, and other events once", async () => {
    const world = await worlds.paypal();
    const good = JSON.parse((await world.deliver()).body);
    const pending = {
      ...good,
      id: `WH-${rand()}`,
      event_type: "PAYMENT.CAPTURE.PENDING",
      resource: { ...good.resource, status: "PENDING" },
    };
    fake.paypalCaptures.set(good.resource.id, pending.resource);
    expect((await send(await f.paypal(JSON.stringify(pending)))).status).toBe(200);
    expect(await checkoutStatus(world.bookingId)).toBe("pending");
    const other = { id: `WH-${rand()}`, event_type: "BILLING.PLAN.CREATED", resource: {} };
    const d = await f.paypal(JSON.stringify(other));
    expect((await send(d)).status).toBe(200);
    expect((await send(d)).json).toEqual({ ok: true, duplicate: true });
  });
});
