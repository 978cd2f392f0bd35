// The refund moves, as the batches that keep payments, refunds and the checkout in step. Provider
// calls live in ../payments.ts; webhook handlers that learn a refund's outcome call these directly.
import type { Provider } from "../../../utils/api/contract";
import type { RefundRow } from "../db";
import { hostEventStmt } from "../host-webhooks/outbox";
import { type HookContext, refundFinished } from "./hooks";
import { CHECKOUT, PAYMENT, REFUND } from "./machine";
import { moved, moveStmt } from "./move";
import { nextCheckAt } from "./schedule";

/** Names one refund: the payment it gives back. */
export interface RefundKey {
  provider: Provider;
  paymentId: string;
}

const refundKey = (k: RefundKey) => ({ provider: k.provider, payment_id: k.paymentId });

/**
 * Statement opening the refund of a payment that is `refund_pending` (a no-op otherwise, and for
 * a payment whose refund exists already): batch it right after the write that made it so.
 */
export function openRefundStmt(db: D1Database, k: RefundKey, now = new Date().toISOString()) {
  return db
    .prepare(
      `INSERT INTO refunds (provider, payment_id, booking_id, order_id, amount_value, currency, status, created_at, updated_at)
       SELECT provider, payment_id, booking_id, order_id, amount_value, currency, 'due', ?1, ?1
       FROM payments WHERE provider = ?2 AND payment_id = ?3 AND status = 'refund_pending'
       ON CONFLICT (provider, payment_id) DO NOTHING`,
    )
    .bind(now, k.provider, k.paymentId);
}

/** A payment that paid its checkout has to go back after all: it becomes due for a refund. */
export async function requireRefund(db: D1Database, k: RefundKey): Promise<boolean> {
  const [res] = await db.batch([moveStmt(db, PAYMENT, "refund_due", refundKey(k)), openRefundStmt(db, k)]);
  return moved(res);
}

/** The provider accepted the request but has not finished it: look again later. */
export async function refundRequested(db: D1Database, r: RefundRow, refundId: string | null, nowMs = Date.now()) {
  return (
    (
      await moveStmt(db, REFUND, "requested", refundKey({ provider: r.provider, paymentId: r.payment_id }), {
        set: { refund_id: refundId, attempts: 0, next_check_at: nextCheckAt("refund", 0, nowMs), last_error: null },
      }).run()
    ).meta.changes > 0
  );
}

/** The provider rejected or failed the refund: it is due again, after a backoff, as a new request. */
export async function refundRejected(db: D1Database, k: RefundKey, reason: string, nowMs = Date.now()) {
  const row = await getRefund(db, k);
  if (!row) return false;
  return (
    (
      await moveStmt(db, REFUND, "rejected", refundKey(k), {
        set: { next_check_at: nextCheckAt("refund", row.attempts, nowMs), last_error: reason.slice(0, 200) },
        increment: ["round", "attempts"],
      }).run()
    ).meta.changes > 0
  );
}

/** A call failed or the answer is not final: keep the state, look again after a longer wait. */
export async function refundRetryLater(db: D1Database, r: RefundRow, reason: string, nowMs = Date.now()) {
  await moveStmt(db, REFUND, "retry_later", refundKey({ provider: r.provider, paymentId: r.payment_id }), {
    set: { next_check_at: nextCheckAt("refund", r.attempts, nowMs), last_error: reason.slice(0, 200) },
    increment: ["attempts"],
  }).run();
}

/**
 * The refund reached its final, successful state (or the provider says it was refunded already):
 * refund → completed, payment → refunded, and the checkout → refunded once none of its payments
 * still waits for a refund. Announces "refund finished" when this call made the change.
 */
export async function finishRefund(ctx: HookContext, k: RefundKey, refundId: string | null = null): Promise<boolean> {
  const { db } = ctx;
  const now = new Date().toISOString();
  const row = await getRefund(db, k);
  if (!row) return false;
  const results = await db.batch([
    moveStmt(db, REFUND, "finished", refundKey(k), {
      now,
      set: { refund_id: refundId ?? row.refund_id, last_error: null },
    }),
    moveStmt(db, PAYMENT, "refund_finished", refundKey(k), { now }),
    moveStmt(
      db,
      CHECKOUT,
      "refunded",
      { booking_id: row.booking_id },
      {
        now,
        also: {
          sql: "NOT EXISTS (SELECT 1 FROM payments WHERE booking_id = ? AND status = 'refund_pending')",
          args: [row.booking_id],
        },
      },
    ),
    // Host webhooks: once the checkout is refunded (a refund of a second payment on a paid
    // checkout leaves it paid and announces nothing).
    hostEventStmt(db, { bookingId: row.booking_id, type: "booking.refunded", now }),
    attendanceRefundedStmt(db, row, now),
  ]);
  if (!moved(results[0])) return false;
  await refundFinished(ctx, {
    bookingId: row.booking_id,
    provider: row.provider,
    paymentId: row.payment_id,
    refundId: refundId ?? row.refund_id,
    checkoutRefunded: moved(results[2]),
  });
  return true;
}

/**
 * `booking.refunded` for a fee refunded because the lead attended (or by the host's default): its
 * checkout stays `paid`, so the checkout-level announcement does not cover it. Once per booking.
 */
function attendanceRefundedStmt(db: D1Database, r: RefundRow, now: string) {
  return hostEventStmt(db, {
    bookingId: r.booking_id,
    type: "booking.refunded",
    dedupe: "attendance",
    now,
    guard: {
      sql: `EXISTS (SELECT 1 FROM attendance a WHERE a.booking_id = c.booking_id AND a.provider = ? AND a.payment_id = ?
              AND a.status IN ('attended','defaulted_refund'))
            AND EXISTS (SELECT 1 FROM refunds f WHERE f.provider = ? AND f.payment_id = ? AND f.status = 'completed')`,
      args: [r.provider, r.payment_id, r.provider, r.payment_id],
    },
  });
}

export function getRefund(db: D1Database, k: RefundKey) {
  return db
    .prepare("SELECT * FROM refunds WHERE provider = ? AND payment_id = ?")
    .bind(k.provider, k.paymentId)
    .first<RefundRow>();
}
