// The lead's two actions on the manage page, each one D1 batch of guarded statements so a double
// click, two tabs or a crash apply it once (docs/architecture.md "The lead's manage page"). The
// host-calendar write and the refund call come after the commit; the cron finishes either if
// this request dies first (host-calendar.ts, the refund pass).

import { formatInZone } from "../../../utils/time-zones";
import { dayOf } from "../booking/slots";
import { FREE_SQL } from "../booking/store";
import type { Config } from "../config";
import { nowIso } from "../db";
import { ApiError } from "../errors";
import { hostEventStmt } from "../host-webhooks/outbox";
import { CHECKOUT, PAYMENT } from "../lifecycle/machine";
import { moved, moveStmt } from "../lifecycle/move";
import { getRefund, openRefundStmt } from "../lifecycle/refunds";
import { requestRefund } from "../refunds";
import { syncHostEvent } from "./host-calendar";
import { refundApplies } from "./policy";
import { type ManageContext, payingPayment } from "./view";

const notBooked = (m: ManageContext) =>
  m.state === "creating"
    ? new ApiError(409, "not_ready", "The booking is still being added to the host's calendar. Try again in a minute.")
    : new ApiError(409, "not_active", "This booking is not an active paid booking, so it cannot be changed.");

/**
 * Cancels a paid booking: the checkout moves to `refund_pending` (in the window) or `cancelled`
 * (after it), the payment becomes due for a refund through the lifecycle's refund rows, the
 * page's slot frees at once and its event is owed a delete. Returns true when this call
 * cancelled it, false when it was cancelled already.
 */
export async function cancelBooking(db: D1Database, config: Config, m: ManageContext, nowMs = Date.now()) {
  if (m.state === "cancelled") return false;
  if (m.state !== "booked") throw notBooked(m);
  if (nowMs >= m.startMs)
    throw new ApiError(409, "started", "This booking has already started; it cannot be cancelled.");
  const refund = refundApplies(m.startMs, m.hours, nowMs);
  const id = m.row.booking_id;
  const now = nowIso(nowMs);
  // Every statement after the first acts only if the first one (this request's cancel) committed.
  const mine = {
    sql: "EXISTS (SELECT 1 FROM checkouts WHERE booking_id = ? AND lead_cancelled_at = ?)",
    args: [id, now],
  };
  const stmts = [
    moveStmt(
      db,
      CHECKOUT,
      refund ? "lead_cancel_refund" : "lead_cancel_keep",
      { booking_id: id },
      {
        now,
        set: { lead_cancelled_at: now, lead_refund: refund ? 1 : 0 },
        also: { sql: "lead_cancelled_at IS NULL", args: [] },
      },
    ),
  ];
  const payment = refund ? await payingPayment(db, id) : null;
  if (payment) {
    const key = { provider: payment.provider, payment_id: payment.payment_id };
    stmts.push(
      moveStmt(db, PAYMENT, "refund_due", key, { now, also: mine }),
      openRefundStmt(db, { provider: payment.provider, paymentId: payment.payment_id }, now),
    );
  }
  if (m.reservation)
    stmts.push(
      db
        .prepare(
          `UPDATE page_reservations SET slot_key = NULL, google_pending = 'delete', google_attempts = 0, updated_at = ?
           WHERE reservation_id = ? AND ${mine.sql}`,
        )
        .bind(now, m.reservation.reservation_id, ...mine.args),
    );
  // Announced to the host's webhook exactly when this request's cancel committed.
  stmts.push(
    hostEventStmt(db, {
      bookingId: id,
      type: "booking.cancelled",
      now,
      guard: { sql: "c.lead_cancelled_at = ?", args: [now] },
    }),
  );
  const results = await db.batch(stmts);
  if (!moved(results[0])) {
    const again = await db.prepare("SELECT lead_cancelled_at FROM checkouts WHERE booking_id = ?").bind(id).first();
    if (again?.lead_cancelled_at) return false;
    throw new ApiError(409, "not_active", "This booking changed meanwhile and can no longer be cancelled.");
  }
  // Both are retried by the cron when they fail here.
  if (payment) {
    const due = await getRefund(db, { provider: payment.provider, paymentId: payment.payment_id });
    if (due?.status === "due") await requestRefund(db, config, due);
  }
  if (m.reservation) await syncHostEvent(db, config, m.reservation.reservation_id);
  return true;
}

/**
 * Moves a paid booking to `startMs`, allowed until the refund deadline. A page booking's new slot
 * is claimed and its old one released in one statement (the unique `slot_key` and the same free
 * check as a reservation), guarded by the reschedule counter: of two tabs, one wins. Returns false
 * when the booking already was at that time (the same pick twice).
 */
export async function rescheduleBooking(
  db: D1Database,
  config: Config,
  m: ManageContext,
  slot: { start: number; end: number; bufferBefore: number; bufferAfter: number; maxPerDay: number },
  nowMs = Date.now(),
) {
  if (m.state !== "booked") throw notBooked(m);
  if (!refundApplies(m.startMs, m.hours, nowMs))
    throw new ApiError(409, "too_late", `A booking can be moved until ${m.hours} hours before it starts.`);
  const id = m.row.booking_id;
  const r = m.reservation;
  const now = nowIso(nowMs);
  const zone = r?.host_time_zone ?? m.row.time_zone;
  const [start, end] = [formatInZone(slot.start, zone), formatInZone(slot.end, zone)];
  const n = m.row.reschedules;
  const stmts: D1PreparedStatement[] = [];
  if (r) {
    const [blockStart, blockEnd] = [nowIso(slot.start - slot.bufferBefore), nowIso(slot.end + slot.bufferAfter)];
    stmts.push(
      db
        .prepare(
          `UPDATE page_reservations SET start_at = ?8, end_at = ?9, block_start = ?2, block_end = ?3, day = ?5,
             slot_key = ?8, google_pending = 'move', google_attempts = 0, updated_at = ?1
           WHERE reservation_id = ?7 AND start_at = ?10
           AND EXISTS (SELECT 1 FROM checkouts c WHERE c.booking_id = ?11 AND c.status = 'paid'
             AND c.reschedules = ?12 AND c.lead_cancelled_at IS NULL)
           AND ${FREE_SQL}`,
        )
        .bind(
          now,
          blockStart,
          blockEnd,
          r.type_id,
          dayOf(zone, slot.start),
          slot.maxPerDay,
          r.reservation_id,
          nowIso(slot.start),
          nowIso(slot.end),
          r.start_at,
          id,
          n,
        ),
    );
  }
  const also = r
    ? {
        sql: "reschedules = ? AND lead_cancelled_at IS NULL AND EXISTS (SELECT 1 FROM page_reservations WHERE booking_id = ? AND start_at = ?)",
        args: [n, id, nowIso(slot.start)],
      }
    : { sql: "reschedules = ? AND lead_cancelled_at IS NULL", args: [n] };
  stmts.push(
    moveStmt(
      db,
      CHECKOUT,
      "reschedule",
      { booking_id: id },
      {
        now,
        set: { start_at: start, end_at: end },
        increment: ["reschedules"],
        also,
      },
    ),
  );
  // One per move: the counter this move leads to is the dedupe key and the guard.
  stmts.push(
    hostEventStmt(db, {
      bookingId: id,
      type: "booking.rescheduled",
      dedupe: String(n + 1),
      now,
      guard: { sql: "c.reschedules = ? AND c.start_at = ?", args: [n + 1, start] },
    }),
  );
  let results: D1Result[];
  try {
    results = await db.batch(stmts);
  } catch (err) {
    if (err instanceof Error && /UNIQUE constraint failed: page_reservations\.slot_key/.test(err.message))
      throw new ApiError(409, "slot_taken", "This time is no longer free. Please pick another one.");
    throw err;
  }
  if (!moved(results[results.length - 2])) {
    const again = await db
      .prepare("SELECT start_at, reschedules FROM checkouts WHERE booking_id = ?")
      .bind(id)
      .first<{ start_at: string; reschedules: number }>();
    if (again && Date.parse(again.start_at) === slot.start) return false;
    // Unchanged booking: the slot's free check refused it (someone took it since the live check).
    if (again?.reschedules === n && r)
      throw new ApiError(409, "slot_taken", "This time is no longer free. Please pick another one.");
    throw new ApiError(
      409,
      "conflict",
      "This booking was changed meanwhile (in another tab?). Reload the page to see where it stands.",
    );
  }
  if (r) await syncHostEvent(db, config, r.reservation_id);
  return true;
}
