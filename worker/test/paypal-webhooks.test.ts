import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { crc32 } from "../src/verify/crc32";
import { utf8 } from "../src/verify/encoding";
import { counts, fake, fakeWorker, installFakes, seedOrder } from "./fake-providers";
import { createCheckout } from "./helpers";

// PayPal deliveries inside workerd (docs/providers.md, PayPal): PayPal deliveries are only CRC-32 protected, so the Worker
// reads the capture back from PayPal (the fake's `GET /v2/payments/captures/{id}`) before any state
// changes; refund events carry a refund resource matched by the capture id of its `up` link; and an
// authentic delivery that matches nothing is recorded and answered 200.
type Fakes = Awaited<ReturnType<typeof installFakes>>;
let f: Fakes;
const w = fakeWorker();
beforeAll(async () => {
  f = await installFakes();
});
beforeEach(() => {
  fake.paypalCalls.length = 0;
});

const rand = () => crypto.randomUUID().replace(/-/g, "").toUpperCase();
const send = (d: { path: string; body: string; headers: Record<string, string> }) =>
  w.call("POST", d.path, d.body, { "content-type": "application/json", ...d.headers });
const row = (sql: string, ...args: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...args)
    .first<Record<string, unknown>>();
const checkoutStatus = async (bookingId: string) =>
  (await row("SELECT status FROM checkouts WHERE booking_id = ?", bookingId))?.status;
/** Outbound PayPal API calls other than the token (the fake records every one). */
const calls = () => fake.paypalCalls.filter((c) => !c.endsWith("/v1/oauth2/token"));

/** A checkout with a PayPal order, and its capture at PayPal in `status`. */
async function world(status = "COMPLETED", value = "1.00") {
  const { bookingId } = await createCheckout(w);
  const orderId = `O${rand().slice(0, 16)}`;
  await seedOrder("paypal", bookingId, orderId, bookingId, "USD");
  const capture = {
    id: `C${rand().slice(0, 16)}`,
    status,
    amount: { currency_code: "USD", value },
    custom_id: bookingId,
    supplementary_data: { related_ids: { order_id: orderId } },
    create_time: new Date().toISOString(),
  };
  fake.paypalCaptures.set(capture.id, capture);
  const event = (type: string, resource: Record<string, unknown> = capture, resourceType = "capture") =>
    JSON.stringify({ id: `WH-${rand()}`, event_type: type, resource_type: resourceType, resource });
  return { bookingId, orderId, capture, event };
}

/** PayPal's refund resource: no custom_id, no order id; the capture only in the `up` link. */
const refundResource = (captureId: string) => ({
  id: `R${rand().slice(0, 16)}`,
  status: "COMPLETED",
  amount: { currency_code: "USD", value: "1.00" },
  seller_payable_breakdown: { gross_amount: { currency_code: "USD", value: "1.00" } },
  create_time: new Date().toISOString(),
  update_time: new Date().toISOString(),
  links: [
    { href: `https://api-m.sandbox.paypal.com/v2/payments/refunds/R1`, rel: "self", method: "GET" },
    { href: `https://api-m.sandbox.paypal.com/v2/payments/captures/${captureId}`, rel: "up", method: "GET" },
  ],
});

/**
 * A body of the shape `make(pad)` whose CRC-32 equals `target`: each of 64 pad characters is "a"
 * or "A" (one bit apart), and CRC-32 is affine over GF(2) for messages of one length, so the right
 * subset of flips is a 32×64 linear system, solved by elimination. This is why a PayPal signature
 * proves nothing about a body beyond its CRC.
 */
function sameCrc(target: number, make: (pad: string) => string): string {
  const n = 64;
  const base = "a".repeat(n);
  const c0 = crc32(utf8(make(base)));
  const pivots: ({ v: number; mask: bigint } | undefined)[] = new Array(32);
  for (let i = 0; i < n; i++) {
    let v = (crc32(utf8(make(`${base.slice(0, i)}A${base.slice(i + 1)}`))) ^ c0) >>> 0;
    let mask = 1n << BigInt(i);
    for (let bit = 31; bit >= 0 && v !== 0; bit--) {
      if (((v >>> bit) & 1) === 0) continue;
      const p = pivots[bit];
      if (!p) {
        pivots[bit] = { v, mask };
        break;
      }
      v = (v ^ p.v) >>> 0;
      mask ^= p.mask;
    }
  }
  let t = (target ^ c0) >>> 0;
  let mask = 0n;
  for (let bit = 31; bit >= 0; bit--) {
    if (((t >>> bit) & 1) === 0) continue;
    const p = pivots[bit];
    if (!p) throw new Error("no solution with these pad positions");
    t = (t ^ p.v) >>> 0;
    mask ^= p.mask;
  }
  const pad = [...base].map((ch, i) => ((mask >> BigInt(i)) & 1n ? "A" : ch)).join("");
  return make(pad);
}

describe("PayPal bodies are only CRC-32 protected: the capture is read from PayPal first", () => {
  it("a forged body with the genuine one's CRC-32 verifies, yet nothing changes beyond what PayPal says", async () => {
    const x = await world("PENDING");
    const genuine = x.event("PAYMENT.CAPTURE.PENDING", { ...x.capture });
    const delivery = await f.paypal(genuine);
    // The forgery: the same signature headers, a body claiming the capture COMPLETED (which the
    // body-trusting handler paid at once).
    const claim = JSON.parse(genuine);
    const forged = sameCrc(crc32(utf8(genuine)), (pad) =>
      JSON.stringify({
        ...claim,
        event_type: "PAYMENT.CAPTURE.COMPLETED",
        resource: { ...claim.resource, status: "COMPLETED" },
        pad,
      }),
    );
    expect(forged).not.toBe(genuine);
    expect(crc32(utf8(forged))).toBe(crc32(utf8(genuine)));

    const before = await counts();
    const res = await send({ ...delivery, body: forged });
    expect(res.status).toBe(200); // it verified: the signature covers only the CRC
    expect(calls()).toEqual([`GET /v2/payments/captures/${x.capture.id}`]);
    expect(await checkoutStatus(x.bookingId)).toBe("pending"); // PayPal says PENDING, not paid
    expect((await counts()).payments).toBe(before.payments);

    // The genuine delivery (same event id) is not shadowed by the forgery as "already seen".
    fake.paypalCalls.length = 0;
    expect((await send(delivery)).json).toEqual({ ok: true });
    expect(await checkoutStatus(x.bookingId)).toBe("pending");
    // PayPal settles it; the COMPLETED delivery pays, at PayPal's amount.
    fake.paypalCaptures.set(x.capture.id, { ...x.capture, status: "COMPLETED" });
    expect((await send(await f.paypal(x.event("PAYMENT.CAPTURE.COMPLETED")))).status).toBe(200);
    expect(await checkoutStatus(x.bookingId)).toBe("paid");
    expect(await row("SELECT amount_value FROM payments WHERE payment_id = ?", x.capture.id)).toEqual({
      amount_value: "1.00",
    });
  });

  it("a forged COMPLETED for a capture PayPal declined re-opens the checkout instead of paying it", async () => {
    const x = await world("DECLINED");
    await env.DB.prepare("UPDATE checkouts SET status = 'pending' WHERE booking_id = ?").bind(x.bookingId).run();
    const res = await send(await f.paypal(x.event("PAYMENT.CAPTURE.COMPLETED", { ...x.capture, status: "COMPLETED" })));
    expect(res.status).toBe(200);
    expect(await checkoutStatus(x.bookingId)).toBe("open");
    expect(await row("SELECT status FROM provider_orders WHERE order_id = ?", x.orderId)).toEqual({ status: "closed" });
  });

  it("duplicates and no-ops make no call to PayPal; a state change makes exactly one", async () => {
    const x = await world("COMPLETED");
    const d = await f.paypal(x.event("PAYMENT.CAPTURE.COMPLETED"));
    expect((await send(d)).status).toBe(200);
    expect(calls()).toEqual([`GET /v2/payments/captures/${x.capture.id}`]);
    fake.paypalCalls.length = 0;
    expect((await send(d)).json).toEqual({ ok: true, duplicate: true });
    // Another delivery about a capture that already paid (e.g. after the page's own capture).
    expect((await send(await f.paypal(x.event("PAYMENT.CAPTURE.COMPLETED")))).status).toBe(200);
    // PENDING for a checkout that is no longer open, and an event type we do not act on.
    expect((await send(await f.paypal(x.event("PAYMENT.CAPTURE.PENDING")))).status).toBe(200);
    expect((await send(await f.paypal(x.event("BILLING.PLAN.CREATED", {}, "plan")))).status).toBe(200);
    expect(calls()).toEqual([]);
    expect(await checkoutStatus(x.bookingId)).toBe("paid");
  });
});

describe("authentic PayPal deliveries that match nothing are recorded and answered 200", () => {
  it.each([
    [
      "a capture PayPal does not know",
      async (x: Awaited<ReturnType<typeof world>>) => {
        fake.paypalCaptures.delete(x.capture.id);
        return x.event("PAYMENT.CAPTURE.COMPLETED");
      },
    ],
    [
      "a capture of another merchant's order",
      async (x: Awaited<ReturnType<typeof world>>) => {
        fake.paypalCaptures.set(x.capture.id, {
          ...x.capture,
          supplementary_data: { related_ids: { order_id: "OTHER" } },
        });
        return x.event("PAYMENT.CAPTURE.COMPLETED");
      },
    ],
    [
      "a capture whose custom_id is another booking",
      async (x: Awaited<ReturnType<typeof world>>) => {
        fake.paypalCaptures.set(x.capture.id, { ...x.capture, custom_id: crypto.randomUUID() });
        return x.event("PAYMENT.CAPTURE.COMPLETED");
      },
    ],
    [
      "a capture of another amount",
      async (x: Awaited<ReturnType<typeof world>>) => {
        fake.paypalCaptures.set(x.capture.id, { ...x.capture, amount: { currency_code: "USD", value: "2.00" } });
        return x.event("PAYMENT.CAPTURE.COMPLETED");
      },
    ],
    [
      "a capture in another currency",
      async (x: Awaited<ReturnType<typeof world>>) => {
        fake.paypalCaptures.set(x.capture.id, { ...x.capture, amount: { currency_code: "EUR", value: "1.00" } });
        return x.event("PAYMENT.CAPTURE.COMPLETED");
      },
    ],
    [
      "a refund of a capture we never recorded",
      async (x: Awaited<ReturnType<typeof world>>) =>
        x.event("PAYMENT.CAPTURE.REFUNDED", refundResource(x.capture.id), "refund"),
    ],
    [
      "an approval of an order that is not ours",
      async (x: Awaited<ReturnType<typeof world>>) =>
        x.event("CHECKOUT.ORDER.APPROVED", { id: "NOT-OURS", status: "APPROVED" }, "checkout-order"),
    ],
  ])("%s", async (_what, make) => {
    const x = await world("COMPLETED");
    const body = await make(x);
    const before = await counts();
    const res = await send(await f.paypal(body));
    expect(res.status).toBe(200);
    expect(await counts()).toEqual({ ...before, events: before.events + 1 });
    expect(await checkoutStatus(x.bookingId)).toBe("open");
  });
});

describe("PayPal refunds and reversals: a refund resource matched by its capture id", () => {
  async function paid() {
    const x = await world("COMPLETED");
    expect((await send(await f.paypal(x.event("PAYMENT.CAPTURE.COMPLETED")))).status).toBe(200);
    expect(await checkoutStatus(x.bookingId)).toBe("paid");
    fake.paypalCalls.length = 0;
    return x;
  }
  const paymentStatus = async (captureId: string) =>
    (await row("SELECT status FROM payments WHERE provider = 'paypal' AND payment_id = ?", captureId))?.status;

  it.each(["PAYMENT.CAPTURE.REFUNDED", "PAYMENT.CAPTURE.REVERSED"])(
    "%s made at PayPal marks the payment refunded, after PayPal confirms it",
    async (type) => {
      const x = await paid();
      fake.paypalCaptures.set(x.capture.id, { ...x.capture, status: "REFUNDED" });
      const d = await f.paypal(x.event(type, refundResource(x.capture.id), "refund"));
      expect((await send(d)).status).toBe(200);
      expect(calls()).toEqual([`GET /v2/payments/captures/${x.capture.id}`]);
      expect(await paymentStatus(x.capture.id)).toBe("refunded");
      fake.paypalCalls.length = 0;
      expect((await send(d)).json).toEqual({ ok: true, duplicate: true });
      expect((await send(await f.paypal(x.event(type, refundResource(x.capture.id), "refund")))).status).toBe(200);
      expect(calls()).toEqual([]);
    },
  );

  it("a forged refund event for a capture PayPal still has COMPLETED changes nothing", async () => {
    const x = await paid();
    const res = await send(await f.paypal(x.event("PAYMENT.CAPTURE.REFUNDED", refundResource(x.capture.id), "refund")));
    expect(res.status).toBe(200);
    expect(await paymentStatus(x.capture.id)).toBe("completed");
    expect(await checkoutStatus(x.bookingId)).toBe("paid");
  });

  it("finishes our own refund when PayPal reports it done", async () => {
    const x = await paid();
    // The payment must go back (as the lifecycle does for a late or second payment): a refund is due.
    await env.DB.batch([
      env.DB.prepare("UPDATE payments SET status = 'refund_pending' WHERE payment_id = ?").bind(x.capture.id),
      env.DB.prepare(
        `INSERT INTO refunds (provider, payment_id, booking_id, order_id, amount_value, currency, status, created_at, updated_at)
         VALUES ('paypal', ?, ?, ?, '1.00', 'USD', 'requested', ?, ?)`,
      ).bind(x.capture.id, x.bookingId, x.orderId, new Date().toISOString(), new Date().toISOString()),
    ]);
    fake.paypalCaptures.set(x.capture.id, { ...x.capture, status: "REFUNDED" });
    const res = await send(await f.paypal(x.event("PAYMENT.CAPTURE.REFUNDED", refundResource(x.capture.id), "refund")));
    expect(res.status).toBe(200);
    expect(await row("SELECT status FROM refunds WHERE payment_id = ?", x.capture.id)).toEqual({ status: "completed" });
    expect(await paymentStatus(x.capture.id)).toBe("refunded");
  });
});

describe("the page's PayPal capture", () => {
  const capture = (checkoutId: string, orderId: string) =>
    w.call("POST", `/v1/pay/${checkoutId}/paypal/orders/${orderId}/capture`, "{}");
  async function approved() {
    const c = await createCheckout(w);
    const orderId = `O${rand().slice(0, 16)}`;
    await seedOrder("paypal", c.bookingId, orderId, c.bookingId, "USD");
    return { ...c, orderId };
  }
  const capturedOrder = (orderId: string, bookingId: string, status: string) => ({
    id: orderId,
    status: "COMPLETED",
    purchase_units: [
      {
        custom_id: bookingId,
        payments: {
          captures: [
            {
              id: `C${rand().slice(0, 16)}`,
              status,
              amount: { currency_code: "USD", value: "1.00" },
              custom_id: bookingId,
              supplementary_data: { related_ids: { order_id: orderId } },
            },
          ],
        },
      },
    ],
  });

  it("409 PREVIOUS_REQUEST_IN_PROGRESS (the webhook is capturing the same order): re-reads the order, paid", async () => {
    const x = await approved();
    fake.paypalCaptureAnswers.push({
      status: 409,
      body: { name: "RESOURCE_CONFLICT", details: [{ issue: "PREVIOUS_REQUEST_IN_PROGRESS" }] },
    });
    fake.paypalOrders.set(x.orderId, capturedOrder(x.orderId, x.bookingId, "COMPLETED"));
    const res = await capture(x.checkoutId, x.orderId);
    expect(res.json).toEqual({ status: "paid" });
    expect(calls()).toEqual([`POST /v2/checkout/orders/${x.orderId}/capture`, `GET /v2/checkout/orders/${x.orderId}`]);
  });

  it("INSTRUMENT_DECLINED answers 422 instrument_declined and keeps the order for another funding source", async () => {
    const x = await approved();
    fake.paypalCaptureAnswers.push({
      status: 422,
      body: { name: "UNPROCESSABLE_ENTITY", details: [{ issue: "INSTRUMENT_DECLINED" }] },
    });
    const res = await capture(x.checkoutId, x.orderId);
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("instrument_declined");
    expect(await row("SELECT status FROM provider_orders WHERE order_id = ?", x.orderId)).toEqual({ status: "open" });
  });

  it("a DECLINED capture answers 402 payment_declined, re-opens the checkout and closes the spent order", async () => {
    const x = await approved();
    await env.DB.prepare("UPDATE checkouts SET status = 'pending' WHERE booking_id = ?").bind(x.bookingId).run();
    fake.paypalCaptureAnswers.push({ status: 201, body: capturedOrder(x.orderId, x.bookingId, "DECLINED") });
    const res = await capture(x.checkoutId, x.orderId);
    expect(res.status).toBe(402);
    expect(res.json.error.code).toBe("payment_declined");
    expect(await checkoutStatus(x.bookingId)).toBe("open");
    expect(await row("SELECT status FROM provider_orders WHERE order_id = ?", x.orderId)).toEqual({ status: "closed" });
  });
});
