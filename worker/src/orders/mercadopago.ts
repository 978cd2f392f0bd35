import { type Config, providerPrice } from "../config";
import {
  type CheckoutRow,
  getOpenOrder,
  insertProviderOrder,
  markPendingStmt,
  nowIso,
  type ProviderOrderRow,
} from "../db";
import { type ApplyOutcome, applyPayment } from "../payments";
import { sameAmount } from "../providers/http";
import * as mercadopago from "../providers/mercadopago";
import { need, requirePayable } from "./common";

/** Creates (or reuses) the Mercado Pago preference of a checkout; it expires with the hold. */
export async function startMercadoPago(db: D1Database, config: Config, row: CheckoutRow) {
  const mp = need(config.mercadopago, "Mercado Pago");
  requirePayable(row);
  const open = await getOpenOrder(db, "mercadopago", row.booking_id);
  if (open?.details) return { initPoint: open.details };
  const amount = providerPrice(config, "mercadopago");
  const pref = await mercadopago.createPreference(mp, {
    bookingId: row.booking_id,
    title: `Commitment fee: ${row.summary}`,
    notificationUrl: `${config.publicBaseUrl}/webhooks/mercadopago`,
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

/** Applies a Mercado Pago payment fetched from the API (the webhook body is never trusted). */
export async function applyMercadoPagoPayment(
  db: D1Database,
  config: Config,
  order: ProviderOrderRow,
  payment: mercadopago.MercadoPagoPayment,
  event?: { id: string; type: string },
): Promise<ApplyOutcome | "mismatch" | "not_final"> {
  if (payment.external_reference !== order.booking_id) return "mismatch";
  if (payment.status === "pending" || payment.status === "in_process") {
    await markPendingStmt(db, order.booking_id).run();
  }
  if (payment.status !== "approved") return "not_final";
  if (payment.currency_id !== order.currency || !sameAmount(payment.transaction_amount, order.amount_value))
    return "mismatch";
  return applyPayment(
    db,
    config,
    {
      provider: "mercadopago",
      bookingId: order.booking_id,
      orderId: order.order_id,
      paymentId: String(payment.id),
      amount: { value: order.amount_value, currency: order.currency },
      paidAt: payment.date_approved ?? null,
    },
    event,
  );
}
