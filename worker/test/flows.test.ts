import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { runCron } from "../src/cron";
import worker from "../src/index";
import { createCheckout, worker as makeWorker } from "./helpers";

// Pay routes, the hosted page and the cron inside workerd, with the providers played by the
// emulators. Their webhooks go nowhere here, which is exactly a "missed webhook".
const emu = inject("emulators");
const EXT = "abcdefghijklmnopabcdefghijklmnop";
const w = makeWorker({
  ALLOWED_EXTENSION_IDS: EXT,
  PAYPAL_API_BASE: emu.urls.paypal,
  PAYPAL_CERT_HOSTS: emu.urls.paypal,
  PAYPAL_CLIENT_ID: emu.credentials.paypal.clientId,
  PAYPAL_CLIENT_SECRET: emu.credentials.paypal.clientSecret,
  PAYPAL_WEBHOOK_ID: emu.credentials.paypal.webhookId ?? "",
  PAYPAL_SDK_BASE_URL: `${emu.urls.paypal}/sdk/js`,
  BINANCE_API_BASE: emu.urls.binance,
  BINANCE_API_KEY: emu.credentials.binance.apiKey,
  BINANCE_API_SECRET: emu.credentials.binance.apiSecret,
  MERCADOPAGO_API_BASE: emu.urls.mercadopago,
  MERCADOPAGO_ACCESS_TOKEN: emu.credentials.mercadopago.accessToken,
  MERCADOPAGO_WEBHOOK_SECRET: emu.credentials.mercadopago.webhookSecret,
  MERCADOPAGO_CURRENCY: "ARS",
  MERCADOPAGO_PRICE_VALUE: "1000.00",
});
const control = async (provider: "paypal" | "binance" | "mercadopago", path: string, body?: unknown) => {
  const res = await fetch(`${emu.urls[provider]}/__emulator${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: emulator JSON probed ad hoc
  return (await res.json()) as any;
};
const statusOf = async (bookingId: string) =>
  (
    await env.DB.prepare("SELECT status FROM checkouts WHERE booking_id = ?")
      .bind(bookingId)
      .first<{ status: string }>()
  )?.status;
const binanceOrderOf = async (qrContent: string) => {
  const token = new URL(qrContent).pathname.split("/").pop();
  return (await control("binance", "/state")).binance.orders.find(
    (o: { checkoutToken: string }) => o.checkoutToken === token,
  );
};

describe("configuration", () => {
  it("/healthz says which providers are live; an incomplete provider is hidden", async () => {
    expect((await w.call("GET", "/healthz")).json).toEqual({
      ok: true,
      providers: { paypal: true, binance: true, mercadopago: true },
      problems: [],
      limits: { maxHoldHours: 72, minHoldMinutes: 15 },
    });
    const partial = makeWorker({
      BINANCE_API_BASE: emu.urls.binance,
      BINANCE_API_KEY: "k-secret-looking",
      PRICE_VALUE: "1",
    });
    const health = (await partial.call("GET", "/healthz")).json;
    expect(health.providers).toEqual({ paypal: false, binance: false, mercadopago: false });
    expect(health.problems).toEqual(
      expect.arrayContaining(["PRICE_VALUE is invalid, using 1.00", "Binance Pay hidden: missing BINANCE_API_SECRET"]),
    );
    expect(JSON.stringify(health)).not.toContain("k-secret-looking");
    const c = await createCheckout(partial);
    expect(c.res.json.providers).toEqual([]);
    expect((await partial.call("POST", `/v1/pay/${c.checkoutId}/binance`)).json.error.code).toBe(
      "provider_unavailable",
    );
  });
});

describe("pay routes", () => {
  it("GET /v1/pay/:checkoutId is the public view the page renders", async () => {
    const c = await createCheckout(w);
    const res = await w.call("GET", `/v1/pay/${c.checkoutId}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      checkoutId: c.checkoutId,
      bookingId: c.bookingId,
      summary: "Intro call",
      timeZone: "America/Sao_Paulo",
      status: "open",
      amount: { value: "1.00", currency: "USD" },
      prices: {
        paypal: { value: "1.00", currency: "USD" },
        binance: { value: "1.00", currency: "USDT" },
        mercadopago: { value: "1000.00", currency: "ARS" },
      },
      providers: ["paypal", "binance", "mercadopago"],
      paypal: { clientId: emu.credentials.paypal.clientId, sdkBaseUrl: `${emu.urls.paypal}/sdk/js`, currency: "USD" },
      extensionIds: [EXT],
    });
    expect(res.json.secondsLeft).toBeGreaterThan(23 * 3600);
    expect(JSON.stringify(res.json)).not.toContain(c.secret);
    expect((await w.call("GET", "/v1/pay/AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
    expect((await w.call("GET", "/v1/pay/bad")).status).toBe(404);
  });

  it("PayPal: one order per checkout; capture before approval is 409; after approval → paid", async () => {
    const c = await createCheckout(w);
    const a = await w.call("POST", `/v1/pay/${c.checkoutId}/paypal/orders`);
    expect(a.status).toBe(201);
    expect((await w.call("POST", `/v1/pay/${c.checkoutId}/paypal/orders`)).json.orderId).toBe(a.json.orderId);
    const early = await w.call("POST", `/v1/pay/${c.checkoutId}/paypal/orders/${a.json.orderId}/capture`);
    expect(early.status).toBe(409);
    await control("paypal", "/pay", { provider: "paypal", orderId: a.json.orderId });
    const cap = await w.call("POST", `/v1/pay/${c.checkoutId}/paypal/orders/${a.json.orderId}/capture`);
    expect(cap.json).toEqual({ status: "paid" });
    expect((await w.call("POST", `/v1/pay/${c.checkoutId}/paypal/orders/NOPE/capture`)).status).toBe(404);
  });

  it("Binance: the order expires with the hold, at most 1 h ahead, and is reused", async () => {
    const c = await createCheckout(w, { holdUntil: new Date(Date.now() + 20 * 60_000).toISOString() });
    const a = await w.call("POST", `/v1/pay/${c.checkoutId}/binance`);
    expect(a.status).toBe(201);
    expect(Date.parse(a.json.expireTime)).toBeLessThanOrEqual(Date.now() + 20 * 60_000 + 1000);
    expect((await w.call("POST", `/v1/pay/${c.checkoutId}/binance`)).json).toEqual(a.json);
    const long = await createCheckout(w);
    const b = await w.call("POST", `/v1/pay/${long.checkoutId}/binance`);
    expect(Date.parse(b.json.expireTime)).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);
  });

  it("Mercado Pago: a preference with the init_point", async () => {
    const c = await createCheckout(w);
    const res = await w.call("POST", `/v1/pay/${c.checkoutId}/mercadopago`);
    expect(res.status).toBe(201);
    expect(res.json.initPoint).toContain(emu.urls.mercadopago);
  });

  it.each(["paypal/orders", "binance", "mercadopago"])("POST %s on a cancelled checkout is 409", async (route) => {
    const c = await createCheckout(w);
    await w.call("POST", `/v1/checkouts/${c.bookingId}/cancel`, undefined, { authorization: `Bearer ${c.secret}` });
    const res = await w.call("POST", `/v1/pay/${c.checkoutId}/${route}`);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("not_payable");
  });

  it("GET /pay/:checkoutId serves the hosted page", async () => {
    const c = await createCheckout(w);
    const res = await w.call("GET", `/pay/${c.checkoutId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.text).toContain('id="root"');
    expect((await w.call("GET", "/pay/not-an-id")).status).toBe(404);
  });
});

describe("cron", () => {
  it("finds payments whose webhooks never arrived, for all three providers", async () => {
    const pp = await createCheckout(w);
    const order = await w.call("POST", `/v1/pay/${pp.checkoutId}/paypal/orders`);
    await control("paypal", "/pay", { provider: "paypal", orderId: order.json.orderId });
    const bn = await createCheckout(w);
    const bnView = await w.call("POST", `/v1/pay/${bn.checkoutId}/binance`);
    await control("binance", "/pay", {
      provider: "binance",
      prepayId: (await binanceOrderOf(bnView.json.qrContent)).prepayId,
    });
    const mp = await createCheckout(w);
    const pref = await w.call("POST", `/v1/pay/${mp.checkoutId}/mercadopago`);
    const prefId = new URL(pref.json.initPoint).searchParams.get("pref_id");
    await control("mercadopago", "/pay", { provider: "mercadopago", preferenceId: prefId, status: "approved" });
    for (const c of [pp, bn, mp]) expect(await statusOf(c.bookingId)).toBe("open");
    const report = await runCron(w.env);
    expect(report.paid).toBeGreaterThanOrEqual(3);
    for (const c of [pp, bn, mp]) expect(await statusOf(c.bookingId)).toBe("paid");
  });

  it("expires a hold that ran out and closes its Binance order at the provider", async () => {
    const c = await createCheckout(w);
    const view = await w.call("POST", `/v1/pay/${c.checkoutId}/binance`);
    await env.DB.prepare("UPDATE checkouts SET hold_until = ? WHERE booking_id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), c.bookingId)
      .run();
    await runCron(w.env);
    expect(await statusOf(c.bookingId)).toBe("expired");
    expect((await binanceOrderOf(view.json.qrContent)).status).toBe("CANCELED");
    const orders = await env.DB.prepare("SELECT status FROM provider_orders WHERE booking_id = ?")
      .bind(c.bookingId)
      .all();
    expect(orders.results).toEqual([{ status: "closed" }]);
  });

  it("runs from the scheduled handler, which ends only when the pass has (nothing left to waitUntil)", async () => {
    const c = await createCheckout(w);
    await env.DB.prepare("UPDATE checkouts SET hold_until = ? WHERE booking_id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), c.bookingId)
      .run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, ctx);
    // Read before draining ctx: wrangler's /__scheduled answers once the handler resolves, so the
    // pass's effects must be there by then.
    expect(await statusOf(c.bookingId)).toBe("expired");
    await waitOnExecutionContext(ctx);
  });
});
