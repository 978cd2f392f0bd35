import { describe, expect, inject, it } from "vitest";
import type { BinanceConfig, MercadoPagoConfig, PayPalConfig } from "../src/config";
import * as binance from "../src/providers/binance";
import { ProviderError } from "../src/providers/http";
import * as mercadopago from "../src/providers/mercadopago";
import * as paypal from "../src/providers/paypal";

// The provider clients inside workerd against the emulators (started by global-setup.ts).
const emu = inject("emulators");
const pp: PayPalConfig = {
  apiBase: emu.urls.paypal,
  clientId: emu.credentials.paypal.clientId,
  clientSecret: emu.credentials.paypal.clientSecret,
  webhookId: emu.credentials.paypal.webhookId ?? "",
  certOrigins: [],
  sdkBaseUrl: "",
};
const bn: BinanceConfig = {
  apiBase: emu.urls.binance,
  apiKey: emu.credentials.binance.apiKey,
  apiSecret: emu.credentials.binance.apiSecret,
  currency: "USDT",
};
const mp: MercadoPagoConfig = {
  apiBase: emu.urls.mercadopago,
  accessToken: emu.credentials.mercadopago.accessToken,
  webhookSecret: emu.credentials.mercadopago.webhookSecret,
  currency: "ARS",
  priceValue: "1000.00",
};
const emulatorPay = (base: string, body: unknown) =>
  fetch(`${base}/__emulator/pay`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<Record<string, unknown>>);

describe("PayPal client", () => {
  const order = (requestId: string) =>
    paypal.createOrder(pp, {
      bookingId: crypto.randomUUID(),
      description: "Commitment fee",
      amount: { value: "1.00", currency: "USD" },
      returnUrl: "http://127.0.0.1:9/return",
      cancelUrl: "http://127.0.0.1:9/cancel",
      locale: "es",
      requestId,
    });

  it("creates an order idempotently per PayPal-Request-Id, with an approval link", async () => {
    const requestId = crypto.randomUUID();
    const a = await order(requestId);
    const b = await order(requestId);
    expect(b.id).toBe(a.id);
    expect(paypal.approveLink(a)).toContain(emu.urls.paypal);
    expect((await order(crypto.randomUUID())).id).not.toBe(a.id);
  });

  it("captures an approved order (COMPLETED), reads a second capture back, and refunds it", async () => {
    const o = await order(crypto.randomUUID());
    await emulatorPay(emu.urls.paypal, { provider: "paypal", orderId: o.id });
    const captured = await paypal.captureOrder(pp, o.id);
    const capture = paypal.firstCapture(captured);
    expect(capture).toMatchObject({ status: "COMPLETED", amount: { currency_code: "USD", value: "1.00" } });
    expect(paypal.firstCapture(await paypal.captureOrder(pp, o.id))?.id).toBe(capture?.id);
    const refund = await paypal.refundCapture(pp, capture?.id as string, `refund-${capture?.id}`);
    expect(refund.status).toBe("COMPLETED");
  });

  it("refuses to capture an order the buyer has not approved", async () => {
    const o = await order(crypto.randomUUID());
    await expect(paypal.captureOrder(pp, o.id)).rejects.toMatchObject({ status: 422, code: "ORDER_NOT_APPROVED" });
  });

  it("surfaces bad credentials as a ProviderError", async () => {
    const bad = { ...pp, clientSecret: "wrong" };
    await expect(paypal.getOrder(bad, "X")).rejects.toBeInstanceOf(ProviderError);
  });
});

describe("Binance Pay client (signed requests)", () => {
  const create = (tradeNo = binance.newMerchantTradeNo()) =>
    binance.createOrder(bn, {
      merchantTradeNo: tradeNo,
      amount: "1.00",
      description: "Commitment fee",
      returnUrl: "http://127.0.0.1:9/r",
      cancelUrl: "http://127.0.0.1:9/c",
      webhookUrl: "http://127.0.0.1:9/webhooks/binance",
      expireAtMs: Date.now() + 3600_000,
    });

  it("creates a USDT order, sees it paid by query, and refunds it", async () => {
    const tradeNo = binance.newMerchantTradeNo();
    const o = await create(tradeNo);
    expect(o).toMatchObject({
      prepayId: expect.any(String),
      qrContent: expect.any(String),
      checkoutUrl: expect.any(String),
    });
    expect((await binance.queryOrder(bn, tradeNo)).status).toBe("INITIAL");
    await emulatorPay(emu.urls.binance, { provider: "binance", prepayId: o.prepayId });
    const q = await binance.queryOrder(bn, tradeNo);
    expect(q).toMatchObject({
      status: "PAID",
      orderAmount: "1.00",
      currency: "USDT",
      transactionId: expect.any(String),
    });
    await binance.refundOrder(bn, {
      prepayId: o.prepayId,
      amount: "1.00",
      refundRequestId: `R${tradeNo}`.slice(0, 32),
    });
  });

  it("closes an unpaid order", async () => {
    const tradeNo = binance.newMerchantTradeNo();
    await create(tradeNo);
    await binance.closeOrder(bn, tradeNo);
    expect((await binance.queryOrder(bn, tradeNo)).status).toBe("CANCELED");
  });

  it("rejects an order expiring more than an hour ahead, and a wrong secret", async () => {
    await expect(
      binance.createOrder(bn, {
        merchantTradeNo: binance.newMerchantTradeNo(),
        amount: "1.00",
        description: "x",
        returnUrl: "http://127.0.0.1:9/r",
        cancelUrl: "http://127.0.0.1:9/c",
        webhookUrl: "http://127.0.0.1:9/w",
        expireAtMs: Date.now() + 2 * 3600_000,
      }),
    ).rejects.toBeInstanceOf(ProviderError);
    await expect(binance.queryOrder({ ...bn, apiSecret: "wrong" }, "X")).rejects.toMatchObject({ code: "400002" });
  });

  it("fetches the webhook public key for a certificate serial", async () => {
    const state = (await (await fetch(`${emu.urls.binance}/__emulator/state`)).json()) as Record<string, unknown>;
    expect(state).toBeTruthy();
    expect(await binance.webhookPublicKey(bn, "no-such-serial")).toBeNull();
  });
});

describe("Mercado Pago client", () => {
  it("creates a preference, reads the approved payment, finds it by reference, refunds it", async () => {
    const bookingId = crypto.randomUUID();
    const pref = await mercadopago.createPreference(mp, {
      bookingId,
      amount: { value: mp.priceValue, currency: mp.currency },
      title: "Commitment fee",
      notificationUrl: "http://127.0.0.1:9/webhooks/mercadopago",
      backUrl: "http://127.0.0.1:9/back",
      expiresTo: new Date(Date.now() + 3600_000).toISOString(),
      idempotencyKey: `pref-${bookingId}`,
    });
    expect(pref.init_point).toContain(emu.urls.mercadopago);
    const paid = await emulatorPay(emu.urls.mercadopago, {
      provider: "mercadopago",
      preferenceId: pref.id,
      status: "approved",
    });
    const payment = await mercadopago.getPayment(mp, String(paid.paymentId));
    expect(payment).toMatchObject({
      status: "approved",
      external_reference: bookingId,
      transaction_amount: 1000,
      currency_id: "ARS",
    });
    const found = await mercadopago.searchPayments(mp, bookingId);
    expect(found.map((p) => String(p.id))).toContain(String(paid.paymentId));
    await mercadopago.refundPayment(mp, String(paid.paymentId));
    expect((await mercadopago.getPayment(mp, String(paid.paymentId))).status).toBe("refunded");
  });

  it("answers 404 for an unknown payment", async () => {
    await expect(mercadopago.getPayment(mp, "1")).rejects.toMatchObject({ status: 404 });
  });

  it("is refused in a currency that is not the account's site currency", async () => {
    const bookingId = crypto.randomUUID();
    const usd = { ...mp, currency: "USD", priceValue: "1.00" };
    await expect(
      mercadopago.createPreference(usd, {
        bookingId,
        amount: { value: "1.00", currency: "USD" },
        title: "Commitment fee",
        notificationUrl: "http://127.0.0.1:9/webhooks/mercadopago",
        backUrl: "http://127.0.0.1:9/back",
        expiresTo: new Date(Date.now() + 3600_000).toISOString(),
        idempotencyKey: `pref-${bookingId}`,
      }),
    ).rejects.toMatchObject({ status: 400, code: "invalid_items" });
  });
});
