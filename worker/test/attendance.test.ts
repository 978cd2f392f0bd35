// "Did the lead attend?" for refundable fees, inside workerd with faked providers: the window's
// edge to the millisecond, an answer given once (a second one is a 409 naming the first), attended
// → a refund row the cron finishes, no-show → no refund, and the host's default applied once.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type AttendanceRow, answerAttendance, answerByOf, getAttendance, runAttendance } from "../src/attendance";
import { getConfig } from "../src/config";
import { runCron } from "../src/cron";
import { type CheckoutRow, getCheckout, type RefundRow } from "../src/db";
import { ApiError } from "../src/errors";
import { applyPayment } from "../src/payments";
import { fake, fakeWorker, installFakes, seedOrder } from "./fake-providers";
import { bearer, createCheckout } from "./helpers";

const w = fakeWorker();
const config = getConfig(w.env);
const db = env.DB;
const HOUR = 3600_000;
beforeAll(async () => {
  await installFakes();
});

const refundOf = (bookingId: string) =>
  db.prepare("SELECT * FROM refunds WHERE booking_id = ?").bind(bookingId).first<RefundRow>();
const paymentStatus = async (paymentId: string) =>
  (await db.prepare("SELECT status FROM payments WHERE payment_id = ?").bind(paymentId).first<{ status: string }>())
    ?.status;

/** A paid PayPal checkout whose event ended at `endedAt` (ms). */
async function paidBooking(extra: Record<string, unknown> = { refundable: true }, endedAt = Date.now() - 60_000) {
  const b = await createCheckout(w, extra);
  const orderId = `O-${crypto.randomUUID()}`;
  const paymentId = `CAP-${crypto.randomUUID()}`;
  await seedOrder("paypal", b.bookingId, orderId, b.bookingId, "USD");
  expect(
    await applyPayment(db, config, {
      provider: "paypal",
      bookingId: b.bookingId,
      orderId,
      paymentId,
      amount: { value: "1.00", currency: "USD" },
      paidAt: null,
    }),
  ).toBe("paid");
  // The event is over (the API only takes future events, so the test moves it back).
  await db
    .prepare("UPDATE checkouts SET start_at = ?, end_at = ? WHERE booking_id = ?")
    .bind(new Date(endedAt - HOUR).toISOString(), new Date(endedAt).toISOString(), b.bookingId)
    .run();
  const row = (await getCheckout(db, b.bookingId)) as CheckoutRow;
  return { ...b, paymentId, row, endedAt };
}

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe("the window's edge", () => {
  it("takes an answer until 1 ms before the deadline and applies the default from the deadline on", async () => {
    const a = await paidBooking({ refundable: true, noAnswer: "refund" });
    const deadline = Date.parse(answerByOf(new Date(a.endedAt).toISOString(), config.attendanceWindowHours));
    expect(deadline - a.endedAt).toBe(48 * HOUR);
    // One millisecond before: the cron leaves it awaiting, and the host may still answer.
    expect(await runAttendance(db, config, deadline - 1)).toMatchObject({ defaulted: 0 });
    expect((await getAttendance(db, a.bookingId))?.status).toBe("awaiting");
    const late = await answerAttendance(db, config, a.row, false, deadline - 1);
    expect(late.status).toBe("no_show");

    // Exactly at the deadline an answer is too late: the default is what gets recorded.
    const b = await paidBooking({ refundable: true, noAnswer: "refund" });
    const edge = Date.parse(answerByOf(new Date(b.endedAt).toISOString(), config.attendanceWindowHours));
    const err = await refused(answerAttendance(db, config, b.row, false, edge));
    expect(err.status).toBe(409);
    expect(err.message).toBe(
      "Attendance is already recorded: no answer in time, so the default applied: the fee is refunded.",
    );
    expect((await getAttendance(db, b.bookingId))?.status).toBe("defaulted_refund");
    expect(await paymentStatus(b.paymentId)).toBe("refund_pending");
  });

  it("the cron applies the default exactly at the deadline, once", async () => {
    const a = await paidBooking({ refundable: true });
    const deadline = Date.parse(answerByOf(new Date(a.endedAt).toISOString(), config.attendanceWindowHours));
    await runAttendance(db, config, a.endedAt);
    const first = await runAttendance(db, config, deadline);
    expect(first.defaulted).toBeGreaterThanOrEqual(1);
    const row = (await getAttendance(db, a.bookingId)) as AttendanceRow;
    expect(row).toMatchObject({ status: "defaulted_keep", answered_at: null });
    // Kept by default: nothing goes back, and a later pass changes nothing.
    await runAttendance(db, config, deadline + HOUR);
    expect(await getAttendance(db, a.bookingId)).toEqual(row);
    expect(await refundOf(a.bookingId)).toBeNull();
    expect(await paymentStatus(a.paymentId)).toBe("completed");
  });

  it("asks nothing before the event ended, nor for a fee that is not refundable", async () => {
    const a = await paidBooking({ refundable: true }, Date.now() + HOUR);
    const early = await refused(answerAttendance(db, config, a.row, true));
    expect([early.status, early.code]).toEqual([409, "not_ended"]);
    expect(await getAttendance(db, a.bookingId)).toBeNull();
    const b = await paidBooking({});
    await runAttendance(db, config);
    expect(await getAttendance(db, b.bookingId)).toBeNull();
    const res = await w.call("POST", `/v1/checkouts/${b.bookingId}/attendance`, { attended: true }, bearer(b.secret));
    expect([res.status, res.json.error.code]).toEqual([409, "not_refundable"]);
  });
});

describe("the host's answer through the API", () => {
  it("attended → the payment's refund row, finished by PayPal, the checkout stays paid", async () => {
    const a = await paidBooking();
    const res = await w.call("POST", `/v1/checkouts/${a.bookingId}/attendance`, { attended: true }, bearer(a.secret));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: "paid",
      attendance: { status: "attended", refund: "refunded", noAnswer: "keep" },
      receipt: { transactionId: a.paymentId },
    });
    expect(await refundOf(a.bookingId)).toMatchObject({ status: "completed", payment_id: a.paymentId });
    expect(await paymentStatus(a.paymentId)).toBe("refunded");
    expect(fake.refunds.filter((t) => t === `paypal:${a.paymentId}`)).toHaveLength(1);
  });

  it("a second answer is a 409 naming the first, and changes nothing", async () => {
    const a = await paidBooking();
    const first = await w.call(
      "POST",
      `/v1/checkouts/${a.bookingId}/attendance`,
      { attended: false },
      bearer(a.secret),
    );
    expect(first.json.attendance).toMatchObject({ status: "no_show", refund: "none" });
    for (const attended of [true, false]) {
      const again = await w.call("POST", `/v1/checkouts/${a.bookingId}/attendance`, { attended }, bearer(a.secret));
      expect(again.status).toBe(409);
      expect(again.json.error).toEqual({
        code: "already_answered",
        message: "Attendance is already recorded: no-show (the fee is kept).",
      });
    }
    // No-show: the fee is kept, no refund row at all.
    expect(await refundOf(a.bookingId)).toBeNull();
    expect(await paymentStatus(a.paymentId)).toBe("completed");
  });

  it("two answers at once: exactly one is recorded and one refund asked for", async () => {
    const a = await paidBooking();
    const results = await Promise.all(
      [true, true, false].map((attended) =>
        w.call("POST", `/v1/checkouts/${a.bookingId}/attendance`, { attended }, bearer(a.secret)),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const status = (await getAttendance(db, a.bookingId))?.status;
    expect(fake.refunds.filter((t) => t === `paypal:${a.paymentId}`)).toHaveLength(status === "attended" ? 1 : 0);
  });

  it("refuses a wrong secret and a body without `attended`, writing nothing", async () => {
    const a = await paidBooking();
    const other = await createCheckout(w);
    const wrong = await w.call(
      "POST",
      `/v1/checkouts/${a.bookingId}/attendance`,
      { attended: true },
      bearer(other.secret),
    );
    expect(wrong.status).toBe(401);
    const bad = await w.call("POST", `/v1/checkouts/${a.bookingId}/attendance`, { attended: "yes" }, bearer(a.secret));
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe("attended must be true or false.");
    expect(await getAttendance(db, a.bookingId)).toBeNull();
  });
});

describe("refunds that fail are retried by the cron", () => {
  it("attended while PayPal answers PENDING: the refund waits, a later cron pass finishes it", async () => {
    const a = await paidBooking();
    fake.paypalRefundStatus = "PENDING";
    try {
      await answerAttendance(db, config, a.row, true);
    } finally {
      fake.paypalRefundStatus = "COMPLETED";
    }
    const r = (await refundOf(a.bookingId)) as RefundRow;
    expect(r.status).toBe("requested");
    fake.paypalRefunds.set(r.refund_id as string, "COMPLETED");
    await db.prepare("UPDATE refunds SET next_check_at = '' WHERE booking_id = ?").bind(a.bookingId).run();
    await runCron(w.env);
    expect(await refundOf(a.bookingId)).toMatchObject({ status: "completed" });
    expect(await paymentStatus(a.paymentId)).toBe("refunded");
    expect((await getCheckout(db, a.bookingId))?.status).toBe("paid");
  });

  it("a default of refund opens the refund in the cron and the same pass asks PayPal for it", async () => {
    const a = await paidBooking({ refundable: true, noAnswer: "refund" }, Date.now() - 49 * HOUR);
    await runCron(w.env);
    expect((await getAttendance(db, a.bookingId))?.status).toBe("defaulted_refund");
    expect(await refundOf(a.bookingId)).toMatchObject({ status: "completed" });
    await runCron(w.env);
    expect(fake.refunds.filter((t) => t === `paypal:${a.paymentId}`)).toHaveLength(1);
  });
});

describe("the host's webhooks hear of it", () => {
  const hostEvents = async (bookingId: string) =>
    (
      await db
        .prepare("SELECT type, dedupe, body FROM host_events WHERE booking_id = ? ORDER BY seq")
        .bind(bookingId)
        .all<{ type: string; dedupe: string; body: string }>()
    ).results.filter((e) => e.type === "booking.no_show" || e.type === "booking.refunded");
  beforeAll(async () => {
    await db
      .prepare(
        "INSERT OR REPLACE INTO host_webhook (id, url, secret, created_at, updated_at) VALUES (1, 'https://hooks.example.com/x', 'sealed', ?1, ?1)",
      )
      .bind(new Date().toISOString())
      .run();
  });

  it("no-show (answered or by default) is booking.no_show, once", async () => {
    const a = await paidBooking();
    await answerAttendance(db, config, a.row, false);
    await refused(answerAttendance(db, config, a.row, false));
    expect((await hostEvents(a.bookingId)).map((e) => e.type)).toEqual(["booking.no_show"]);
    const b = await paidBooking({ refundable: true }, Date.now() - 49 * HOUR);
    await runAttendance(db, config);
    await runAttendance(db, config);
    expect((await getAttendance(db, b.bookingId))?.status).toBe("defaulted_keep");
    expect((await hostEvents(b.bookingId)).map((e) => e.type)).toEqual(["booking.no_show"]);
  });

  it("attended is booking.refunded once the refund finished, not before, and only once", async () => {
    const a = await paidBooking();
    fake.paypalRefundStatus = "PENDING";
    try {
      await answerAttendance(db, config, a.row, true);
    } finally {
      fake.paypalRefundStatus = "COMPLETED";
    }
    expect(await hostEvents(a.bookingId)).toEqual([]);
    const r = (await refundOf(a.bookingId)) as RefundRow;
    fake.paypalRefunds.set(r.refund_id as string, "COMPLETED");
    for (let i = 0; i < 2; i++) {
      await db.prepare("UPDATE refunds SET next_check_at = '' WHERE booking_id = ?").bind(a.bookingId).run();
      await runCron(w.env);
    }
    const events = await hostEvents(a.bookingId);
    expect(events.map((e) => [e.type, e.dedupe])).toEqual([["booking.refunded", "attendance"]]);
    expect(JSON.parse(events[0]?.body ?? "{}").data).toMatchObject({
      booking: { status: "paid", refundable: true },
      payment: { transactionId: a.paymentId, status: "refunded" },
    });
  });
});
