import type { Provider } from "../../utils/api/contract";
import { onCheckoutPaid } from "./booking/events";
import type { Config } from "./config";
import { ACTIVE, nowIso, type PaymentRow, recordEventStmt } from "./db";
import * as binance from "./providers/binance";
import * as mercadopago from "./providers/mercadopago";
import * as paypal from "./providers/paypal";

/** A final, verified payment as a provider reported it. */
export interface ObservedPayment {
  provider: Provider;
  bookingId: string;
  orderId: string;
  paymentId: string;
  amount: { value: string; currency: string };
  /** When the provider says the money moved; decides whether it landed inside the hold. */
  paidAt: string | null;
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
 * the hold ended, after a cancel, or on an already paid checkout is stored as `refund_pending` and
 * refunded right away (the cron retries refunds that fail).
 */
export async function applyPayment(
  db: D1Database,
  config: Config,
  p: ObservedPayment,
  event?: { id: string; type: string },
): Promise<ApplyOutcome> {
  const now = nowIso();
  const paidAt = isoOr(now, p.paidAt);
  const stmts = [
    db
      .prepare(
        `INSERT INTO payments (provider, payment_id, booking_id, order_id, amount_value, currency, status, paid_at, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6,
           CASE WHEN EXISTS (SELECT 1 FROM checkouts WHERE booking_id = ?3 AND status IN ${ACTIVE} AND hold_until >= ?7)
                THEN 'completed' ELSE 'refund_pending' END, ?7, ?8
         WHERE EXISTS (SELECT 1 FROM checkouts WHERE booking_id = ?3)
         ON CONFLICT (provider, payment_id) DO NOTHING`,
      )
      .bind(p.provider, p.paymentId, p.bookingId, p.orderId, p.amount.value, p.amount.currency, paidAt, now),
    db
      .prepare(
        `UPDATE checkouts SET status = 'paid', updated_at = ?1 WHERE booking_id = ?2 AND status IN ${ACTIVE}
         AND EXISTS (SELECT 1 FROM payments WHERE provider = ?3 AND payment_id = ?4 AND status = 'completed')`,
      )
      .bind(now, p.bookingId, p.provider, p.paymentId),
    // A late payment on a checkout nobody paid: report it as being refunded. A second payment on
    // a paid checkout is refunded quietly and the checkout stays paid.
    db
      .prepare(
        `UPDATE checkouts SET status = 'refund_pending', updated_at = ?1
         WHERE booking_id = ?2 AND status IN ('open','pending','expired','cancelled')
         AND EXISTS (SELECT 1 FROM payments WHERE provider = ?3 AND payment_id = ?4 AND status = 'refund_pending')`,
      )
      .bind(now, p.bookingId, p.provider, p.paymentId),
    db
      .prepare("UPDATE provider_orders SET status = 'paid', updated_at = ? WHERE provider = ? AND order_id = ?")
      .bind(now, p.provider, p.orderId),
  ];
  if (event) stmts.push(recordEventStmt(db, p.provider, event.id, event.type, p.bookingId));
  // Read back in the same batch (one D1 round trip fewer per webhook): did it land as paid or late?
  stmts.push(db.prepare("SELECT * FROM payments WHERE provider = ? AND payment_id = ?").bind(p.provider, p.paymentId));
  const results = await db.batch<PaymentRow>(stmts);
  if (results[0]?.meta.changes !== 1) return "duplicate";
  const row = results.at(-1)?.results[0];
  if (row?.status !== "refund_pending") {
    await onCheckoutPaid(db, config, p.bookingId);
    return "paid";
  }
  return (await refund(db, config, row)) ? "refunded" : "refund_pending";
}

/** Refunds one `refund_pending` payment at its provider, then records it; false if the provider failed. */
export async function refund(db: D1Database, config: Config, payment: PaymentRow): Promise<boolean> {
  let refundId: string;
  try {
    if (payment.provider === "paypal") {
      if (!config.paypal) return false;
      refundId = (await paypal.refundCapture(config.paypal, payment.payment_id)).id;
    } else if (payment.provider === "binance") {
      if (!config.binance) return false;
      const refundRequestId = `R${payment.payment_id}`.replace(/[^A-Za-z0-9]/g, "").slice(0, 32);
      const res = await binance.refundOrder(config.binance, {
        prepayId: payment.order_id,
        amount: payment.amount_value,
        refundRequestId,
      });
      refundId = res.refundId ?? res.refundRequestId ?? refundRequestId;
    } else {
      if (!config.mercadopago) return false;
      refundId = String((await mercadopago.refundPayment(config.mercadopago, payment.payment_id)).id);
    }
  } catch (err) {
    console.error("refund failed", payment.provider, payment.payment_id, err instanceof Error ? err.message : "");
    return false;
  }
  const now = nowIso();
  await db.batch([
    db
      .prepare(
        `INSERT INTO refunds (provider, payment_id, refund_id, booking_id, amount_value, currency, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'completed', ?) ON CONFLICT DO NOTHING`,
      )
      .bind(
        payment.provider,
        payment.payment_id,
        refundId,
        payment.booking_id,
        payment.amount_value,
        payment.currency,
        now,
      ),
    db
      .prepare(
        "UPDATE payments SET status = 'refunded' WHERE provider = ? AND payment_id = ? AND status = 'refund_pending'",
      )
      .bind(payment.provider, payment.payment_id),
    db
      .prepare(
        `UPDATE checkouts SET status = 'refunded', updated_at = ?1 WHERE booking_id = ?2 AND status = 'refund_pending'
         AND NOT EXISTS (SELECT 1 FROM payments WHERE booking_id = ?2 AND status = 'refund_pending')`,
      )
      .bind(now, payment.booking_id),
  ]);
  return true;
}
