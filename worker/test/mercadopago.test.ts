// Mercado Pago as it really is, inside workerd with the in-isolate fakes: the site currency is
// configuration, IPN calls are answered without being believed, deduplication cannot be poisoned
// by an unsigned body id, and a charged payer always ends confirmed or refunded.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { runCron } from "../src/cron";
import { fake, fakeWorker, installFakes, seedOrder } from "./fake-providers";
import { bearer, createCheckout, worker } from "./helpers";

type Fakes = Awaited<ReturnType<typeof installFakes>>;
let f: Fakes;
const w = fakeWorker();
beforeAll(async () => {
  f = await installFakes();
});

const send = (d: { path: string; body: string; headers: Record<string, string> }) =>
  w.call("POST", d.path, d.body, { "content-type": "application/json", ...d.headers });
const statusOf = async (bookingId: string) =>
  (
    await env.DB.prepare("SELECT status FROM checkouts WHERE booking_id = ?")
      .bind(bookingId)
      .first<{ status: string }>()
  )?.status;
const refundsOf = async (bookingId: string) =>
  (await env.DB.prepare("SELECT payment_id FROM refunds WHERE booking_id = ?").bind(bookingId).all()).results;
const mpCalls = () =>
  vi.mocked(fetch).mock.calls.filter(([input]) => new Request(input as RequestInfo).url.includes("mp.fake")).length;
let nextPaymentId = 7_000_000_000 + Math.floor(Math.random() * 1e6);

/** A checkout with a Mercado Pago order, and a way to make payments on it at the (fake) provider. */
async function mpCheckout() {
  const c = await createCheckout(w);
  await seedOrder("mercadopago", c.bookingId, `PREF-${crypto.randomUUID()}`, c.bookingId, "ARS");
  return {
    ...c,
    pay(status: string, detail?: string) {
      const id = String(nextPaymentId++);
      fake.mp.set(id, {
        id: Number(id),
        status,
        status_detail: detail ?? status,
        external_reference: c.bookingId,
        transaction_amount: 1,
        currency_id: "ARS",
        date_approved: status === "approved" ? new Date().toISOString() : null,
      });
      return id;
    },
    /** A genuine notification for payment `id`, whose (unsigned) body carries notification id `bodyId`. */
    notify: (id: string, bodyId: number) =>
      f.mercadopago(id, JSON.stringify({ id: bodyId, type: "payment", action: "payment.updated", data: { id } })),
    view: async () => (await w.call("GET", `/v1/pay/${c.checkoutId}`)).json,
    cancel: () => w.call("POST", `/v1/checkouts/${c.bookingId}/cancel`, undefined, bearer(c.secret)),
  };
}

describe("Mercado Pago price configuration", () => {
  const creds = {
    MERCADOPAGO_API_BASE: "https://mp.fake",
    MERCADOPAGO_ACCESS_TOKEN: "token",
    MERCADOPAGO_WEBHOOK_SECRET: "secret",
  };
  const health = async (vars: Record<string, string>) =>
    (await worker({ ...creds, ...vars }).call("GET", "/healthz")).json;

  it("has no default: a missing currency or price hides the provider and says which", async () => {
    const none = await health({});
    expect(none.providers.mercadopago).toBe(false);
    expect(none.problems).toContain("Mercado Pago hidden: missing MERCADOPAGO_CURRENCY, MERCADOPAGO_PRICE_VALUE");
    const noPrice = await health({ MERCADOPAGO_CURRENCY: "ARS" });
    expect(noPrice.providers.mercadopago).toBe(false);
    expect(noPrice.problems).toContain("Mercado Pago hidden: missing MERCADOPAGO_PRICE_VALUE");
  });

  it.each([
    ["USD", "1.00", "MERCADOPAGO_CURRENCY must be the account's site currency"],
    ["EUR", "5.00", "MERCADOPAGO_CURRENCY must be the account's site currency"],
    ["ARS", "1000", "MERCADOPAGO_PRICE_VALUE must be an amount like 1000.00"],
    ["BRL", "0.00", "MERCADOPAGO_PRICE_VALUE must be an amount like 1000.00"],
  ])("%s %s is refused: hidden, with the reason on /healthz", async (currency, price, reason) => {
    const h = await health({ MERCADOPAGO_CURRENCY: currency, MERCADOPAGO_PRICE_VALUE: price });
    expect(h.providers.mercadopago).toBe(false);
    expect(h.problems.join("\n")).toContain(reason);
    if (reason.includes("CURRENCY")) expect(h.problems.join("\n")).toContain("(ARS, BRL, MXN, CLP, COP, PEN, UYU)");
  });

  it.each(["ARS", "BRL", "MXN", "CLP", "COP", "PEN", "UYU"])("%s with a price is live and priced so", async (cur) => {
    const live = worker({ ...creds, MERCADOPAGO_CURRENCY: cur, MERCADOPAGO_PRICE_VALUE: "1500.00" });
    const h = (await live.call("GET", "/healthz")).json;
    expect(h.providers.mercadopago).toBe(true);
    expect(h.problems.filter((p: string) => p.includes("MERCADOPAGO"))).toEqual([]);
    const c = await createCheckout(live);
    const view = (await live.call("GET", `/v1/pay/${c.checkoutId}`)).json;
    expect(view.prices.mercadopago).toEqual({ value: "1500.00", currency: cur });
  });
});

describe("Mercado Pago IPN calls (unsigned)", () => {
  it("are answered 200 and only used to fetch the named payment from the API", async () => {
    const c = await mpCheckout();
    const id = c.pay("approved");
    // A forged IPN body claims something else entirely: it is never read.
    const res = await w.call("POST", `/webhooks/mercadopago?id=${id}&topic=payment`, '{"status":"refunded"}');
    expect(res.status).toBe(200);
    expect(await statusOf(c.bookingId)).toBe("paid");
  });

  it("naming nothing real, a merchant order or garbage: 200 and nothing written", async () => {
    const c = await mpCheckout();
    const pending = c.pay("pending");
    for (const q of ["id=123&topic=payment", `id=${pending}&topic=merchant_order`, "topic=payment&id=../x", "topic="]) {
      const res = await w.call("POST", `/webhooks/mercadopago?${q}`, "not json");
      expect(res.status).toBe(200);
    }
    expect(await statusOf(c.bookingId)).toBe("open");
  });
});

describe("Mercado Pago deduplication", () => {
  it("a genuine delivery replayed with another body id cannot hide a later payment (buyer B is confirmed)", async () => {
    // Buyer A pays; the genuine signed notification for A's payment carries body id N.
    const a = await mpCheckout();
    const paymentA = a.pay("approved");
    const n = 120_000_000_000 + Math.floor(Math.random() * 1e9);
    const genuineA = await a.notify(paymentA, n);
    expect((await send(genuineA)).status).toBe(200);
    expect(await statusOf(a.bookingId)).toBe("paid");
    // An attacker replays it (still signed: the signature does not cover the body) with the id
    // the next notification will carry.
    const replayed = { ...genuineA, body: JSON.stringify({ ...JSON.parse(genuineA.body), id: n + 1 }) };
    expect((await send(replayed)).status).toBe(200);
    // Buyer B pays; Mercado Pago's genuine notification is id N+1.
    const b = await mpCheckout();
    const paymentB = b.pay("approved");
    expect((await send(await b.notify(paymentB, n + 1))).status).toBe(200);
    expect(await statusOf(b.bookingId)).toBe("paid");
    expect((await b.cancel()).status).toBe(409);
    expect(await refundsOf(b.bookingId)).toEqual([]);
  });

  it("repeating the exact signed delivery records it once", async () => {
    const c = await mpCheckout();
    const d = await c.notify(c.pay("pending"), 1);
    for (let i = 0; i < 3; i++) expect((await send(d)).status).toBe(200);
    const events = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_events WHERE event_id LIKE ?")
      .bind(`%request-id:${d.headers["x-request-id"]};%`)
      .first<{ n: number }>();
    expect(events?.n).toBe(1);
  });
});

describe("a charged payer ends confirmed or refunded", () => {
  it("a payment whose notification never came is found and refunded when the checkout is cancelled", async () => {
    const c = await mpCheckout();
    const paid = c.pay("approved");
    expect((await c.cancel()).status).toBe(200);
    expect(await statusOf(c.bookingId)).toBe("refunded");
    expect(await refundsOf(c.bookingId)).toEqual([{ payment_id: paid }]);
  });

  it("a payment still in progress at cancel keeps the order watched; its late approval is refunded", async () => {
    const c = await mpCheckout();
    const late = c.pay("in_process");
    expect((await c.cancel()).json.status).toBe("cancelled");
    const order = () =>
      env.DB.prepare("SELECT status FROM provider_orders WHERE booking_id = ?").bind(c.bookingId).first();
    expect(await order()).toEqual({ status: "open" });
    (fake.mp.get(late) as Record<string, unknown>).status = "approved";
    await runCron(w.env); // no notification at all: the cron's search finds it
    expect(await statusOf(c.bookingId)).toBe("refunded");
    expect(await refundsOf(c.bookingId)).toEqual([{ payment_id: late }]);
    expect(await order()).toEqual({ status: "paid" });
  });

  it("a payment after the cancel, through a preference still valid at Mercado Pago, is found and refunded", async () => {
    const c = await mpCheckout();
    const order = () =>
      env.DB.prepare("SELECT status FROM provider_orders WHERE booking_id = ?").bind(c.bookingId).first();
    const expires = (t: number) =>
      env.DB.prepare("UPDATE provider_orders SET expires_at = ?, next_check_at = '' WHERE booking_id = ?")
        .bind(new Date(t).toISOString(), c.bookingId)
        .run();
    await expires(Date.now() + 3600_000);
    expect((await c.cancel()).status).toBe(200);
    expect(await order()).toEqual({ status: "open" }); // the payer's Mercado Pago tab can still pay
    const late = c.pay("approved"); // and its notification is lost
    await expires(Date.now() + 3600_000);
    await runCron(w.env);
    expect(await statusOf(c.bookingId)).toBe("refunded");
    expect(await refundsOf(c.bookingId)).toEqual([{ payment_id: late }]);
  });

  it("the cron closes a cancelled checkout's order once its preference expired and nothing is in progress", async () => {
    const c = await mpCheckout();
    await env.DB.prepare("UPDATE provider_orders SET expires_at = ? WHERE booking_id = ?")
      .bind(new Date(Date.now() + 3600_000).toISOString(), c.bookingId)
      .run();
    await c.cancel();
    const order = () =>
      env.DB.prepare("SELECT status FROM provider_orders WHERE booking_id = ?").bind(c.bookingId).first();
    expect(await order()).toEqual({ status: "open" });
    await env.DB.prepare("UPDATE provider_orders SET expires_at = ?, next_check_at = '' WHERE booking_id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), c.bookingId)
      .run();
    await runCron(w.env);
    expect(await order()).toEqual({ status: "closed" });
    expect(await statusOf(c.bookingId)).toBe("cancelled");
  });

  it("an order closed earlier still takes a late notification: the payment is refunded", async () => {
    const c = await mpCheckout();
    expect((await c.cancel()).json.status).toBe("cancelled");
    const late = c.pay("approved");
    expect((await send(await c.notify(late, 5))).status).toBe(200);
    expect(await statusOf(c.bookingId)).toBe("refunded");
    expect(await refundsOf(c.bookingId)).toEqual([{ payment_id: late }]);
  });
});

describe("rejected and cancelled Mercado Pago payments", () => {
  it.each(["rejected", "cancelled"])("a %s payment puts a pending checkout back to open and says so", async (end) => {
    const c = await mpCheckout();
    const id = c.pay("in_process");
    await send(await c.notify(id, 1));
    expect(await statusOf(c.bookingId)).toBe("pending");
    expect((await c.view()).mercadopagoFailure).toBeNull();
    (fake.mp.get(id) as Record<string, unknown>).status = end;
    await send(await c.notify(id, 2));
    expect(await statusOf(c.bookingId)).toBe("open");
    expect((await c.view()).mercadopagoFailure).toBe(end);
    // The payer can start another provider now (the Worker refuses nothing for an open checkout).
    const again = c.pay("approved");
    await send(await c.notify(again, 3));
    expect(await statusOf(c.bookingId)).toBe("paid");
    expect((await c.view()).mercadopagoFailure).toBeNull();
  });

  it("stays pending while another of its payments is still in progress", async () => {
    const c = await mpCheckout();
    const first = c.pay("pending");
    const second = c.pay("in_process");
    await send(await c.notify(first, 1));
    await send(await c.notify(second, 2));
    (fake.mp.get(second) as Record<string, unknown>).status = "rejected";
    await send(await c.notify(second, 3));
    expect(await statusOf(c.bookingId)).toBe("pending");
  });

  it("a rejection straight away leaves the checkout open and tells the page", async () => {
    const c = await mpCheckout();
    await send(await c.notify(c.pay("rejected", "cc_rejected_insufficient_amount"), 1));
    expect(await statusOf(c.bookingId)).toBe("open");
    expect((await c.view()).mercadopagoFailure).toBe("rejected");
  });
});

// Last: it uses up the IPN look-up budget of the current minute.
describe("IPN look-ups are rate-limited", () => {
  it("past the budget an IPN is still answered 200 but causes no outbound call", async () => {
    const c = await mpCheckout();
    const id = c.pay("pending");
    const before = mpCalls();
    for (let i = 0; i < 25; i++)
      expect((await w.call("POST", `/webhooks/mercadopago?id=${id}&topic=payment`, "")).status).toBe(200);
    expect(mpCalls() - before).toBeLessThanOrEqual(20);
    expect(mpCalls() - before).toBeGreaterThan(0);
  });
});
