import type { Config, MercadoPagoConfig } from "../config";
import {
  type CheckoutRow,
  closeProviderOrder,
  getCheckout,
  getOpenOrder,
  getProviderOrderByReference,
  insertProviderOrder,
  markPendingStmt,
  nowIso,
  type ProviderOrderRow,
} from "../db";
import { CHECKOUT, moveStmt } from "../lifecycle";
import { type ApplyOutcome, applyPayment } from "../payments";
import { requireOffered } from "../pricing";
import { ProviderError, sameAmount } from "../providers/http";
import * as mercadopago from "../providers/mercadopago";
import { need, oneOrderAtATime, requirePayable } from "./common";

/** Payment statuses that can still turn into `approved` (docs/providers.md, Mercado Pago). */
const UNSETTLED = "('pending','in_process','authorized')";

/** Creates (or reuses) the Mercado Pago preference of a checkout; it expires with the hold. */
export async function startMercadoPago(db: D1Database, config: Config, row: CheckoutRow) {
  const mp = need(config.mercadopago, "Mercado Pago");
  requirePayable(row);
  requireOffered(config, row, "mercadopago");
  const reuse = async () => {
    const open = await getOpenOrder(db, "mercadopago", row.booking_id);
    return open?.details ? { initPoint: open.details } : null;
  };
  return oneOrderAtATime(db, "mercadopago", row.booking_id, reuse, (fresh) => createPreference(db, config, mp, fresh));
}

async function createPreference(db: D1Database, config: Config, mp: MercadoPagoConfig, row: CheckoutRow) {
  const amount = requireOffered(config, row, "mercadopago");
  const pref = await mercadopago.createPreference(mp, {
    bookingId: row.booking_id,
    title: `Commitment fee: ${row.summary}`,
    amount,
    // Without source_news=webhooks Mercado Pago also sends the older unsigned IPN form to this URL.
    notificationUrl: `${config.publicBaseUrl}/webhooks/mercadopago?source_news=webhooks`,
    backUrl: `${config.publicBaseUrl}/pay/${row.checkout_id}?returned=mercadopago`,
    expiresTo: row.hold_until,
    idempotencyKey: `pref-${row.booking_id}`,
  });
  await insertProviderOrder(db, {
    provider: "mercadopago",
    order_id: pref.id,
    booking_id: row.booking_id,
    reference: row.booking_id,
    amount_value: amount.value,
    currency: amount.currency,
    expires_at: row.hold_until,
    details: pref.init_point,
    created_at: nowIso(),
  });
  return { initPoint: pref.init_point };
}

/**
 * Stores a payment's status and moves the checkout with it, in one batch: `pending` while a
 * payment is in progress; back to `open` once a rejected or cancelled one leaves nothing else in
 * progress, so the payer can use any provider again.
 */
async function recordStatus(db: D1Database, bookingId: string, payment: mercadopago.MercadoPagoPayment) {
  const now = nowIso();
  const stmts = [
    db
      .prepare(
        `INSERT INTO mercadopago_payments (payment_id, booking_id, status, status_detail, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (payment_id) DO UPDATE SET status = excluded.status, status_detail = excluded.status_detail,
           updated_at = CASE WHEN mercadopago_payments.status = excluded.status THEN mercadopago_payments.updated_at
                             ELSE excluded.updated_at END`,
      )
      .bind(String(payment.id), bookingId, payment.status, payment.status_detail ?? null, now),
  ];
  if (payment.status === "pending" || payment.status === "in_process" || payment.status === "authorized")
    stmts.push(markPendingStmt(db, bookingId));
  if (payment.status === "rejected" || payment.status === "cancelled")
    stmts.push(
      moveStmt(
        db,
        CHECKOUT,
        "payment_failed",
        { booking_id: bookingId },
        {
          now,
          also: {
            sql: `NOT EXISTS (SELECT 1 FROM mercadopago_payments WHERE booking_id = ? AND status IN ${UNSETTLED})`,
            args: [bookingId],
          },
        },
      ),
    );
  await db.batch(stmts);
}

/** Applies a Mercado Pago payment fetched from the API (a notification body is never trusted). */
export async function applyMercadoPagoPayment(
  db: D1Database,
  config: Config,
  order: ProviderOrderRow,
  payment: mercadopago.MercadoPagoPayment,
  event?: { id: string; type: string },
): Promise<ApplyOutcome | "mismatch" | "not_final"> {
  if (payment.external_reference !== order.booking_id) return "mismatch";
  await recordStatus(db, order.booking_id, payment);
  if (payment.status !== "approved") return "not_final";
  // Approved, but not what we asked: recorded as charged and refunded (payments.ts).
  const wrongAmount =
    payment.currency_id !== order.currency || !sameAmount(payment.transaction_amount, order.amount_value);
  return applyPayment(
    db,
    config,
    {
      provider: "mercadopago",
      bookingId: order.booking_id,
      orderId: order.order_id,
      paymentId: String(payment.id),
      amount: wrongAmount
        ? { value: String(payment.transaction_amount ?? ""), currency: payment.currency_id ?? "" }
        : { value: order.amount_value, currency: order.currency },
      paidAt: payment.date_approved ?? null,
      wrongAmount,
    },
    event,
  );
}

/**
 * Fetches payment `paymentId` from the API and applies it to the order of its external_reference
 * (open or already closed: a charged payer must end confirmed or refunded). "unknown" when the
 * payment does not exist or belongs to no order of ours.
 */
export async function applyMercadoPagoPaymentById(
  db: D1Database,
  config: Config,
  paymentId: string,
  event?: { id: string; type: string },
): Promise<ApplyOutcome | "mismatch" | "not_final" | "unknown"> {
  const mp = need(config.mercadopago, "Mercado Pago");
  let payment: mercadopago.MercadoPagoPayment;
  try {
    payment = await mercadopago.getPayment(mp, paymentId);
  } catch (err) {
    if (err instanceof ProviderError && err.status === 404) return "unknown";
    throw err;
  }
  const order = payment.external_reference
    ? await getProviderOrderByReference(db, "mercadopago", payment.external_reference)
    : null;
  return order ? applyMercadoPagoPayment(db, config, order, payment, event) : "unknown";
}

/**
 * Asks Mercado Pago for every payment of the order's booking (search by external_reference),
 * which finds payments whose notification never came, and applies each. `unsettled` says a
 * payment is still in progress, so the order must stay watched even once the checkout is closed.
 */
export async function reconcileMercadoPago(
  db: D1Database,
  config: Config,
  order: ProviderOrderRow,
): Promise<{ outcome: ApplyOutcome | "mismatch" | "not_final"; unsettled: boolean }> {
  const mp = need(config.mercadopago, "Mercado Pago");
  const payments = await mercadopago.searchPayments(mp, order.reference);
  let outcome: ApplyOutcome | "mismatch" | "not_final" = "not_final";
  let unsettled = false;
  // Oldest first, so the newest payment's status is the one the page shows.
  for (const p of [...payments].reverse()) {
    if (p.external_reference !== order.booking_id) continue;
    const o = await applyMercadoPagoPayment(db, config, order, p);
    if (p.status === "approved" && outcome === "not_final") outcome = o;
    if (p.status === "pending" || p.status === "in_process" || p.status === "authorized") unsettled = true;
  }
  return { outcome, unsettled };
}

/**
 * The cron's look at one Mercado Pago order ({@link reconcileMercadoPago}), which also closes it,
 * but only once nothing can still be charged through it: its checkout no longer takes payment,
 * the preference has expired at Mercado Pago, and none of its payments is in progress. Until then
 * a payment made after a cancel (the payer's Mercado Pago tab was still open) is found and refunded
 * even if its notification never comes.
 */
export async function watchMercadoPago(db: D1Database, config: Config, order: ProviderOrderRow) {
  const { outcome, unsettled } = await reconcileMercadoPago(db, config, order);
  const now = nowIso();
  if (unsettled || (order.expires_at !== null && order.expires_at > now)) return outcome;
  const row = await getCheckout(db, order.booking_id);
  if (row && (row.status === "open" || row.status === "pending")) return outcome;
  await closeProviderOrder(db, "mercadopago", order.order_id);
  return outcome;
}

/**
 * Whether the Mercado Pago payment that changed last on this open checkout was rejected or
 * cancelled, for the page to explain what happened (null otherwise).
 */
export async function lastMercadoPagoFailure(
  db: D1Database,
  row: CheckoutRow,
): Promise<"rejected" | "cancelled" | null> {
  if (row.status !== "open") return null;
  const last = await db
    .prepare(
      "SELECT status FROM mercadopago_payments WHERE booking_id = ? ORDER BY updated_at DESC, rowid DESC LIMIT 1",
    )
    .bind(row.booking_id)
    .first<{ status: string }>();
  return last?.status === "rejected" || last?.status === "cancelled" ? last.status : null;
}
