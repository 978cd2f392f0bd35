// Mercado Pago conformance with the official `mercadopago` SDK (its base URL is a static config
// value we point at the emulator), and independent HMAC verification of its webhooks.
import { MercadoPagoConfig, Payment, PaymentRefund, Preference, WebhookSignatureValidator } from "mercadopago";
import { AppConfig } from "mercadopago/dist/utils/config/index.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulators, startEmulators } from "../src/index.ts";
import { control, oneByteChanged, startReceiver, verifyMercadoPago } from "./helpers.ts";

let emu: Emulators;
let hook: Awaited<ReturnType<typeof startReceiver>>;
let preferences: Preference;
let payments: Payment;
let refunds: PaymentRefund;

beforeAll(async () => {
  hook = await startReceiver(() => ({ status: 200, body: "" }));
  emu = await startEmulators({ port: 0, quiet: true, retryDelayScale: 0.01 });
  // BASE_URL is declared readonly but is a plain static property: the SDK reads it per request.
  Object.defineProperty(AppConfig, "BASE_URL", { value: emu.urls.mercadopago });
  const client = new MercadoPagoConfig({
    accessToken: emu.credentials.mercadopago.accessToken,
    options: { timeout: 5000 },
  });
  preferences = new Preference(client);
  payments = new Payment(client);
  refunds = new PaymentRefund(client);
});
afterAll(async () => {
  await emu?.close();
  await hook?.close();
});
beforeEach(async () => {
  hook.received.length = 0;
  await control(emu.urls.mercadopago, "reset", {});
});

const prefBody = (extra: Record<string, unknown> = {}) => ({
  items: [{ id: "fee", title: "Commitment fee", quantity: 1, unit_price: 1000, currency_id: "ARS" }],
  external_reference: "booking-123",
  notification_url: `${hook.url}/webhooks/mercadopago?source=mp&source_news=webhooks`,
  back_urls: {
    success: "https://worker.test/ok",
    pending: "https://worker.test/pending",
    failure: "https://worker.test/fail",
  },
  auto_return: "approved",
  ...extra,
});

describe("Mercado Pago with the official SDK", () => {
  it("creates preferences idempotently and rejects invalid ones", async () => {
    const a = await preferences.create({ body: prefBody(), requestOptions: { idempotencyKey: "k1" } });
    expect(a.id).toMatch(/^\d+-[0-9a-f-]{36}$/);
    expect(a.init_point).toBe(`${emu.urls.mercadopago}/checkout/v1/redirect?pref_id=${a.id}`);
    const b = await preferences.create({ body: prefBody(), requestOptions: { idempotencyKey: "k1" } });
    expect(b.id).toBe(a.id);
    expect((await preferences.get({ preferenceId: a.id ?? "" })).external_reference).toBe("booking-123");
    const bad = await preferences
      .create({ body: prefBody({ back_urls: {} }), requestOptions: { idempotencyKey: "k2" } })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, error: "invalid_auto_return" });
  });

  it("rejects a wrong access token with 401", async () => {
    const res = await fetch(`${emu.urls.mercadopago}/v1/payments/1`, { headers: { authorization: "Bearer nope" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: 401, error: "unauthorized" });
  });

  it("approves on the buyer page, redirects to back_urls.success and signs the webhook", async () => {
    const pref = await preferences.create({ body: prefBody() });
    const page = await fetch(pref.init_point ?? "");
    expect(await page.text()).toContain("Approve");
    const res = await fetch(`${emu.urls.mercadopago}/checkout/v1/redirect`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ pref_id: pref.id ?? "", status: "approved" }),
      redirect: "manual",
    });
    const back = new URL(res.headers.get("location") ?? "");
    expect(`${back.origin}${back.pathname}`).toBe("https://worker.test/ok");
    expect(back.searchParams.get("status")).toBe("approved");
    expect(back.searchParams.get("external_reference")).toBe("booking-123");
    const paymentId = back.searchParams.get("payment_id") ?? "";

    const [r] = await hook.waitFor(1);
    const url = new URL(r?.url ?? "", hook.url);
    expect(url.searchParams.get("data.id")).toBe(paymentId);
    expect(url.searchParams.get("type")).toBe("payment");
    expect(url.searchParams.get("source")).toBe("mp"); // the merchant's own query survives
    expect(JSON.parse(r?.body ?? "{}")).toMatchObject({
      type: "payment",
      action: "payment.updated",
      live_mode: false,
      data: { id: paymentId },
    });
    const secret = emu.credentials.mercadopago.webhookSecret;
    expect(verifyMercadoPago(r?.headers ?? {}, r?.url ?? "", secret)).toBe(true);
    expect(
      verifyMercadoPago(
        r?.headers ?? {},
        (r?.url ?? "").replace(`data.id=${paymentId}`, `data.id=${oneByteChanged(paymentId)}`),
        secret,
      ),
    ).toBe(false);
    expect(
      verifyMercadoPago(
        { ...r?.headers, "x-request-id": oneByteChanged(String(r?.headers["x-request-id"])) },
        r?.url ?? "",
        secret,
      ),
    ).toBe(false);
    // The SDK's own validator agrees (and reads ts as seconds).
    expect(() =>
      WebhookSignatureValidator.validate({
        xSignature: r?.headers["x-signature"],
        xRequestId: r?.headers["x-request-id"],
        dataId: paymentId,
        secret,
        toleranceSeconds: 300,
      }),
    ).not.toThrow();

    const payment = await payments.get({ id: paymentId });
    expect(payment).toMatchObject({
      status: "approved",
      status_detail: "accredited",
      external_reference: "booking-123",
      transaction_amount: 1000,
      currency_id: "ARS",
    });
    expect(payment.date_approved).toBeTruthy();

    const refund = await refunds.total({ payment_id: paymentId });
    expect(refund.amount).toBe(1000);
    expect((await payments.get({ id: paymentId })).status).toBe("refunded");
  });

  it("completes pending and rejected buyer steps through the control API", async () => {
    const pref = await preferences.create({ body: prefBody() });
    const pending = await control<{ paymentId: number }>(emu.urls.mercadopago, "pay", {
      provider: "mercadopago",
      preferenceId: pref.id,
      status: "pending",
    });
    expect((await payments.get({ id: pending.paymentId })).status).toBe("pending");
    await control(emu.urls.mercadopago, `mercadopago/payments/${pending.paymentId}`, { status: "approved" });
    expect((await payments.get({ id: pending.paymentId })).status).toBe("approved");
    const rejected = await control<{ paymentId: number }>(emu.urls.mercadopago, "pay", {
      provider: "mercadopago",
      preferenceId: pref.id,
      status: "rejected",
    });
    expect((await payments.get({ id: rejected.paymentId })).status).toBe("rejected");
    const got = await hook.waitFor(3);
    expect(got.every((r) => verifyMercadoPago(r.headers, r.url, emu.credentials.mercadopago.webhookSecret))).toBe(true);
    const missing = await payments.get({ id: 999 }).catch((e: unknown) => e);
    expect(JSON.stringify(missing)).toContain("404");
  });
});

describe("the Mercado Pago account's site", () => {
  const item = (currency_id: string) => ({ id: "fee", title: "Fee", quantity: 1, unit_price: 1000, currency_id });

  it("refuses a currency other than the site's (MLA: ARS) with Mercado Pago's error body", async () => {
    for (const currency of ["USD", "BRL", "EUR"]) {
      const bad = await preferences.create({ body: prefBody({ items: [item(currency)] }) }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ status: 400, error: "invalid_items" });
      expect((bad as Error).message).toBe("currency_id invalid");
    }
    const ok = await preferences.create({ body: prefBody({ items: [item("ARS")] }) });
    expect(ok).toMatchObject({ site_id: "MLA", items: [{ currency_id: "ARS" }] });
    // Without currency_id the preference takes the site's currency.
    const implied = await preferences.create({ body: prefBody({ items: [{ title: "Fee", unit_price: 10 }] }) });
    expect(implied.items?.[0]?.currency_id).toBe("ARS");
  });

  it("follows the configured site: MLB takes BRL and refuses ARS", async () => {
    const other = await startEmulators({ port: 0, quiet: true, mercadopagoSite: "MLB" });
    try {
      const create = (currency: string) =>
        fetch(`${other.urls.mercadopago}/checkout/preferences`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${other.credentials.mercadopago.accessToken}`,
            "content-type": "application/json",
          },
          body: JSON.stringify(prefBody({ items: [item(currency)] })),
        });
      const brl = await create("BRL");
      expect(brl.status).toBe(201);
      expect(await brl.json()).toMatchObject({ site_id: "MLB" });
      const ars = await create("ARS");
      expect(ars.status).toBe(400);
      expect(await ars.json()).toEqual({
        message: "currency_id invalid",
        error: "invalid_items",
        status: 400,
        cause: [],
      });
    } finally {
      await other.close();
    }
    // The control API switches the site of a running emulator too.
    await control(emu.urls.mercadopago, "config", { mercadopagoSite: "MLU" });
    try {
      const pref = await preferences.create({ body: prefBody({ items: [item("UYU")] }) });
      expect(pref.site_id).toBe("MLU");
    } finally {
      await control(emu.urls.mercadopago, "config", { mercadopagoSite: "MLA" });
    }
  });
});

describe("Mercado Pago IPN calls", () => {
  const pay = async (notificationUrl: string) => {
    const pref = await preferences.create({
      body: prefBody({ notification_url: notificationUrl }),
      requestOptions: { idempotencyKey: crypto.randomUUID() },
    });
    return control<{ paymentId: number }>(emu.urls.mercadopago, "pay", {
      provider: "mercadopago",
      preferenceId: pref.id,
      status: "approved",
    });
  };

  it("sends the unsigned IPN form too unless the URL carries source_news=webhooks", async () => {
    const { paymentId } = await pay(`${hook.url}/webhooks/mercadopago`);
    const got = await hook.waitFor(2);
    const urls = got.map((r) => new URL(r.url, hook.url));
    const ipn = got[urls.findIndex((u) => u.searchParams.has("topic"))];
    const webhook = got[urls.findIndex((u) => u.searchParams.has("data.id"))];
    const ipnUrl = new URL(ipn?.url ?? "", hook.url);
    expect(ipnUrl.searchParams.get("id")).toBe(String(paymentId));
    expect(ipnUrl.searchParams.get("topic")).toBe("payment");
    expect(ipn?.headers["x-signature"]).toBeUndefined();
    expect(JSON.parse(ipn?.body ?? "{}")).toEqual({ resource: String(paymentId), topic: "payment" });
    expect(
      verifyMercadoPago(webhook?.headers ?? {}, webhook?.url ?? "", emu.credentials.mercadopago.webhookSecret),
    ).toBe(true);
  });

  it("sends only the signed webhook with source_news=webhooks, only IPN with source_news=ipn", async () => {
    await pay(`${hook.url}/webhooks/mercadopago?source_news=webhooks`);
    await pay(`${hook.url}/webhooks/mercadopago?source_news=ipn`);
    // Deliveries are recorded when queued, so the list is complete once both payments exist.
    const { deliveries } = await control<{ deliveries: { url: string; headers: Record<string, string> }[] }>(
      emu.urls.mercadopago,
      "deliveries?provider=mercadopago",
    );
    const kinds = deliveries.map((d) => {
      const u = new URL(d.url);
      return `${u.searchParams.get("source_news")}:${u.searchParams.has("topic") ? "ipn" : "webhook"}`;
    });
    expect(kinds.sort(), JSON.stringify(deliveries.map((d) => d.url))).toEqual(["ipn:ipn", "webhooks:webhook"]);
    expect(deliveries.find((d) => d.url.includes("topic="))?.headers).not.toHaveProperty("x-signature");
  });
});
