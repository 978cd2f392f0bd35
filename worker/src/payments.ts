import type { Provider } from "../../utils/api/contract";
import type { Config } from "./config";
import { nowIso, type RefundRow, recordEventStmt } from "./db";
import { hostEventStmt } from "./host-webhooks/outbox";
import { checkoutBecamePaid } from "./lifecycle/hooks";
import { CHECKOUT, CHECKOUT_ACTIVE, ORDER, sqlList } from "./lifecycle/machine";
import { moved, moveStmt } from "./lifecycle/move";
import { openRefundStmt } from "./lifecycle/refunds";
import { requestRefund } from "./refunds";

/** A final, verified payment as a provider reported it. */
export interface ObservedPayment {
  provider: Provider;
  bookingId: string;
  orderId: string;
  paymentId: string;
  amount: { value: string; currency: string };
  /** When the provider says the money moved; decides whether it landed inside the hold. */
  paidAt: string | null;
  /**
   * Our order, but not our amount or currency: the money is recorded as it came (`amount` is what
   * the provider charged) and refunded, never kept as payment.
   */
  wrongAmount?: boolean;
}

export type ApplyOutcome = "paid" | "duplicate" | "refunded" | "refund_pending";

function isoOr(now: string, t: string | number | null | undefined): string {
  if (t === null || t === undefined) return now;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? now : d.toISOString();
}

/**
 * Records a payment exactly once and moves the checkout, all in one D1 batch (a transaction):
 * the payment row is unique per provider payment id, and every checkout update is guarded by its
 * current status, so any number of concurrent duplicates apply once. A payment that landed after
 * the hold ended, after a cancel, or on an already paid checkout is stored as `refund_pending`, gets
 * a refund row and is refunded right away (the cron retries refunds that fail). A checkout that
 * became paid here is announced to the "checkout paid" listeners (lifecycle/hooks.ts).
 */
export async function applyPayment(
  db: D1Database,
  config: Config,
  p: ObservedPayment,
  event?: { id: string; type: string },
): Promise<ApplyOutcome> {
  const now = nowIso();
  const paidAt = isoOr(now, p.paidAt);
  const key = { provider: p.provider, paymentId: p.paymentId };
  const paymentIs = (status: string) => ({
    sql: "EXISTS (SELECT 1 FROM payments WHERE provider = ? AND payment_id = ? AND status = ?)",
    args: [p.provider, p.paymentId, status],
  });
  const stmts = [
    db
      .prepare(
        `INSERT INTO payments (provider, payment_id, booking_id, order_id, amount_value, currency, status, paid_at, created_at, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6,
           CASE WHEN ?9 = 0 AND EXISTS (SELECT 1 FROM checkouts WHERE booking_id = ?3 AND status IN ${sqlList(CHECKOUT_ACTIVE)} AND hold_until >= ?7)
                THEN 'completed' ELSE 'refund_pending' END, ?7, ?8, ?8
         WHERE EXISTS (SELECT 1 FROM checkouts WHERE booking_id = ?3)
         ON CONFLICT (provider, payment_id) DO NOTHING`,
      )
      .bind(
        p.provider,
        p.paymentId,
        p.bookingId,
        p.orderId,
        p.amount.value,
        p.amount.currency,
        paidAt,
        now,
        p.wrongAmount ? 1 : 0,
      ),
    openRefundStmt(db, key, now),
    moveStmt(db, CHECKOUT, "pay", { booking_id: p.bookingId }, { now, also: paymentIs("completed") }),
    // Host webhooks: `paid`, and `confirmed` for extension bookings (a page booking is confirmed
    // once its Google event exists: booking/events.ts). Guarded by the status `pay` leads to.
    hostEventStmt(db, { bookingId: p.bookingId, type: "booking.paid", now }),
    hostEventStmt(db, { bookingId: p.bookingId, type: "booking.confirmed", now }),
    // A late payment on a checkout nobody paid: report it as being refunded. A second payment on
    // a paid checkout is refunded quietly and the checkout stays paid.
    moveStmt(db, CHECKOUT, "late_payment", { booking_id: p.bookingId }, { now, also: paymentIs("refund_pending") }),
    moveStmt(db, ORDER, "paid", { provider: p.provider, order_id: p.orderId }, { now }),
  ];
  if (event) stmts.push(recordEventStmt(db, p.provider, event.id, event.type, p.bookingId));
  // Read back in the same batch (one D1 round trip fewer per webhook): did it land as paid or late?
  // Whether a "paid" listener has page work to do, read here so the extension's checkouts (most
  // payments) cost no further query.
  stmts.push(db.prepare("SELECT 1 AS page FROM page_reservations WHERE booking_id = ?").bind(p.bookingId));
  stmts.push(db.prepare("SELECT * FROM refunds WHERE provider = ? AND payment_id = ?").bind(p.provider, p.paymentId));
  const results = await db.batch<RefundRow>(stmts);
  if (results[0]?.meta.changes !== 1) return "duplicate";
  if (moved(results[2]))
    await checkoutBecamePaid(
      { db, config },
      {
        bookingId: p.bookingId,
        provider: p.provider,
        paymentId: p.paymentId,
        amount: p.amount,
        paidAt,
        pageBooking: (results.at(-2)?.results.length ?? 0) > 0,
      },
    );
  const due = results.at(-1)?.results[0];
  if (!due) return "paid";
  return (await requestRefund(db, config, due)) === "completed" ? "refunded" : "refund_pending";
}
