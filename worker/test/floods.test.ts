// Order floods inside workerd against the emulators: concurrent POSTs make one provider order,
// unexpired orders are reused, /v1/pay/* POSTs are rate-limited per checkout and per client
// (IPv6 by /64), holds are at least MIN_HOLD_MINUTES, and a paid checkout gets no new order.
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { MIN_HOLD_MINUTES, PAY_RATE_LIMITS } from "../src/config";
import { clientKey } from "../src/ratelimit";
import { checkoutBody, createCheckout, worker as makeWorker, newBooking } from "./helpers";

const emu = inject("emulators");
const w = makeWorker({
  BINANCE_API_BASE: emu.urls.binance,
  BINANCE_API_KEY: emu.credentials.binance.apiKey,
  BINANCE_API_SECRET: emu.credentials.binance.apiSecret,
});
const ordersOf = async (bookingId: string) =>
  (
    await env.DB.prepare("SELECT COUNT(*) AS n FROM provider_orders WHERE booking_id = ?")
      .bind(bookingId)
      .first<{ n: number }>()
  )?.n;

describe("order floods", () => {
  it("50 concurrent POSTs make exactly one Binance order; the rest reuse it or are rate-limited", async () => {
    const c = await createCheckout(w);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        w.call("POST", `/v1/pay/${c.checkoutId}/binance`, {}, { "cf-connecting-ip": `10.9.${i}.1` }),
      ),
    );
    const ok = results.filter((r) => r.status === 201);
    expect(ok.length).toBe(PAY_RATE_LIMITS.perCheckout);
    expect(results.filter((r) => r.status === 429).length).toBe(50 - PAY_RATE_LIMITS.perCheckout);
    expect(new Set(ok.map((r) => r.json.qrContent)).size).toBe(1);
    expect(await ordersOf(c.bookingId)).toBe(1);
  });

  it("limits one client (an IPv6 /64) across checkouts", async () => {
    const ips = Array.from({ length: PAY_RATE_LIMITS.perClient + 1 }, (_, i) => `2001:db8:aa:bb::${i.toString(16)}`);
    let last = 0;
    for (const ip of ips) {
      // A checkout id that exists nowhere still counts: the limit comes before the lookup.
      last = (await w.call("POST", `/v1/pay/${"x".repeat(22)}/binance`, {}, { "cf-connecting-ip": ip })).status;
    }
    expect(last).toBe(429);
    // Another /64 is another client (on another unknown checkout, whose own limit is untouched).
    const other = await w.call(
      "POST",
      `/v1/pay/${"y".repeat(22)}/binance`,
      {},
      { "cf-connecting-ip": "2001:db8:aa:bc::1" },
    );
    expect(other.status).toBe(404);
  });

  it.each([
    ["2001:db8:aa:bb::1", "2001:db8:aa:bb::/64"],
    ["2001:0db8:00aa:00bb:1:2:3:4", "2001:db8:aa:bb::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["192.0.2.7", "192.0.2.7"],
    [undefined, "unknown"],
  ])("counts %s as %s", (ip, key) => expect(clientKey(ip)).toBe(key));

  it("refuses a paid checkout a new order", async () => {
    const c = await createCheckout(w);
    await env.DB.prepare("UPDATE checkouts SET status = 'paid' WHERE booking_id = ?").bind(c.bookingId).run();
    const res = await w.call("POST", `/v1/pay/${c.checkoutId}/binance`, {}, { "cf-connecting-ip": "10.8.0.1" });
    expect(res.status).toBe(409);
    expect(await ordersOf(c.bookingId)).toBe(0);
  });
});

describe("minimum hold", () => {
  it(`refuses a hold shorter than ${MIN_HOLD_MINUTES} minutes, naming holdUntil`, async () => {
    const b = await newBooking();
    const res = await w.call(
      "POST",
      "/v1/checkouts",
      checkoutBody(b, { holdUntil: new Date(Date.now() + 5 * 60_000).toISOString() }),
      { "cf-connecting-ip": "10.7.0.1" },
    );
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/^holdUntil must be at least 15 minutes/);
    const stored = await env.DB.prepare("SELECT 1 FROM checkouts WHERE booking_id = ?").bind(b.bookingId).first();
    expect(stored).toBeNull();
  });

  it("refuses a PATCH that shortens the hold below the minimum, and an event too soon for one", async () => {
    const c = await createCheckout(w);
    const auth = { authorization: `Bearer ${c.secret}` };
    const short = await w.call(
      "PATCH",
      `/v1/checkouts/${c.bookingId}`,
      { holdUntil: new Date(Date.now() + 60_000).toISOString() },
      auth,
    );
    expect(short.status).toBe(400);
    expect(short.json.error.message).toMatch(/^holdUntil/);
    const b = await newBooking();
    const start = new Date(Date.now() + 10 * 60_000);
    const soon = await w.call(
      "POST",
      "/v1/checkouts",
      checkoutBody(b, {
        start: start.toISOString(),
        end: new Date(start.getTime() + 1800_000).toISOString(),
        holdUntil: start.toISOString(),
      }),
      { "cf-connecting-ip": "10.7.0.2" },
    );
    expect(soon.status).toBe(400);
    expect(soon.json.error.message).toMatch(/^holdUntil/);
  });

  it("MIN_HOLD_MINUTES=0 lets a hold end within seconds (what the round trips use)", async () => {
    const w0 = makeWorker({ MIN_HOLD_MINUTES: "0" });
    const c = await createCheckout(w0);
    const res = await w0.call(
      "PATCH",
      `/v1/checkouts/${c.bookingId}`,
      { holdUntil: new Date(Date.now() + 5000).toISOString() },
      { authorization: `Bearer ${c.secret}` },
    );
    expect(res.status).toBe(200);
  });
});
