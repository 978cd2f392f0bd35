// Prices and providers per checkout (worker/src/pricing.ts): a booking type's own price and
// providers reach its checkouts, each provider charges what it can charge without converting a
// currency, and the pay routes refuse a provider the checkout does not offer.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { getConfig } from "../src/config";
import { checkoutOffer, checkoutPrice } from "../src/pricing";
import { connectAs, dayFromNow, googleToken, openPage, pageWorker } from "./booking-helpers";
import { fakeWorker } from "./fake-providers";

describe("checkoutPrice", () => {
  // PayPal, Binance (USDT) and Mercado Pago (ARS 1000.00) live; the default price is USD 1.00.
  const config = getConfig(fakeWorker().env);
  const row = (value: string, currency: string) => ({ amount_value: value, currency });
  it.each([
    ["the default price", row("1.00", "USD"), ["USD 1.00", "USDT 1.00", "ARS 1000.00"]],
    ["a type's USD price", row("5.00", "USD"), ["USD 5.00", "USDT 5.00", null]],
    ["a type's EUR price", row("3.00", "EUR"), ["EUR 3.00", null, null]],
    ["a type's ARS price (PayPal takes no ARS)", row("2500.00", "ARS"), [null, null, "ARS 2500.00"]],
    ["a type's USDT price", row("2.00", "USDT"), [null, "USDT 2.00", null]],
  ])("%s", (_what, r, want) => {
    const got = (["paypal", "binance", "mercadopago"] as const).map((p) => {
      const m = checkoutPrice(config, r, p);
      return m ? `${m.currency} ${m.value}` : null;
    });
    expect(got).toEqual(want);
  });

  it("a checkout's provider list narrows what is offered", () => {
    expect(checkoutOffer(config, { ...row("5.00", "USD"), providers: "binance" })).toEqual({
      providers: ["binance"],
      prices: { binance: { value: "5.00", currency: "USDT" } },
    });
    expect(checkoutOffer(config, { ...row("5.00", "USD"), providers: null }).providers).toEqual(["paypal", "binance"]);
  });
});

describe("a booking type with its own price and providers", () => {
  const emu = inject("emulators");
  // Binance is live too, so refusing it is the type's choice, not a missing configuration.
  const w = pageWorker({
    BINANCE_API_BASE: emu.urls.binance,
    BINANCE_API_KEY: emu.credentials.binance.apiKey,
    BINANCE_API_SECRET: emu.credentials.binance.apiSecret,
  });
  let admin: Record<string, string>;
  beforeAll(async () => {
    expect((await connectAs(w, w.host)).callback.status).toBe(200);
    admin = { authorization: `Bearer ${await googleToken(w.host)}` };
  });

  it("its checkout charges that price with PayPal, and refuses a provider the type does not offer", async () => {
    const page = openPage({ price: { value: "3.50", currency: "EUR" }, providers: ["paypal"] });
    expect((await w.call("PUT", "/v1/admin/booking-page", page, admin)).status).toBe(200);
    const type = await w.call("GET", "/v1/book/intro");
    expect(type.json).toMatchObject({ price: { value: "3.50", currency: "EUR" }, providers: ["paypal"] });
    const day = dayFromNow(3);
    const slots = (await w.call("GET", `/v1/book/intro/slots?from=${day}&to=${day}`)).json.slots as {
      start: string;
    }[];
    const res = await w.call("POST", "/v1/book/intro/reservations", {
      start: slots[0]?.start,
      name: "Eva Lead",
      email: "eva@lead.test",
      locale: "en",
    });
    expect(res.status).toBe(201);
    const id = res.json.checkoutId as string;
    const view = await w.call("GET", `/v1/pay/${id}`);
    expect(view.json).toMatchObject({
      amount: { value: "3.50", currency: "EUR" },
      providers: ["paypal"],
      prices: { paypal: { value: "3.50", currency: "EUR" } },
    });
    const order = await w.call("POST", `/v1/pay/${id}/paypal/orders`, {});
    expect(order.status).toBe(201);
    const stored = await env.DB.prepare("SELECT amount_value, currency FROM provider_orders WHERE order_id = ?")
      .bind(order.json.orderId)
      .first();
    expect(stored).toEqual({ amount_value: "3.50", currency: "EUR" });
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM provider_orders").first();
    const binance = await w.call("POST", `/v1/pay/${id}/binance`, {});
    expect(binance.status).toBe(409);
    expect(binance.json.error).toMatchObject({ code: "provider_not_offered" });
    expect(binance.json.error.message).toContain("Binance Pay");
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM provider_orders").first()).toEqual(before);
  });

  it("a price none of the type's providers can charge is refused with 400 naming the field, and nothing is saved", async () => {
    const saved = await w.call("GET", "/v1/admin/booking-page", undefined, admin);
    const res = await w.call(
      "PUT",
      "/v1/admin/booking-page",
      openPage({ price: { value: "3.00", currency: "ARS" }, providers: ["paypal"] }),
      admin,
    );
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/^types\[0\]\.price: /);
    expect((await w.call("GET", "/v1/admin/booking-page", undefined, admin)).json.types).toEqual(saved.json.types);
  });
});
