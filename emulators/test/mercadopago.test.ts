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
  items: [{ id: "fee", title: "Commitment fee", quantity: 1, unit_price: 1, currency_id: "USD" }],
  external_reference: "booking-123",
  notification_url: `${hook.url}/webhooks/mercadopago?source=mp`,
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
      transaction_amount: 1,
      currency_id: "USD",
    });
    expect(payment.date_approved).toBeTruthy();

    const refund = await refunds.total({ payment_id: paymentId });
    expect(refund.amount).toBe(1);
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
