import type { Config, PayPalConfig } from "../config";
import {
  type CheckoutRow,
  getOpenOrder,
  insertProviderOrder,
  markPendingStmt,
  nowIso,
  type ProviderOrderRow,
  recordEventStmt,
} from "../db";
import { CHECKOUT, ORDER } from "../lifecycle/machine";
import { moveStmt } from "../lifecycle/move";
import { type ApplyOutcome, applyPayment } from "../payments";
import { requireOffered } from "../pricing";
import { ProviderError, sameAmount } from "../providers/http";
import * as paypal from "../providers/paypal";
import { need, oneOrderAtATime, requirePayable } from "./common";

/** Creates (or reuses) the PayPal order of a checkout: Smart Buttons' createOrder and the redirect flow. */
export async function startPayPal(db: D1Database, config: Config, row: CheckoutRow) {
  const pp = need(config.paypal, "PayPal");
  requirePayable(row);
  requireOffered(config, row, "paypal");
  // PayPal orders stay approvable for hours; reusing a recent one keeps one order per checkout.
  const reuse = async () => {
    const open = await getOpenOrder(db, "paypal", row.booking_id);
    return open && Date.parse(open.created_at) > Date.now() - 3600_000
      ? { orderId: open.order_id, approveUrl: open.details ?? null }
      : null;
  };
  return oneOrderAtATime(db, "paypal", row.booking_id, reuse, (fresh) => createPayPal(db, config, pp, fresh));
}

async function createPayPal(db: D1Database, config: Config, pp: PayPalConfig, row: CheckoutRow) {
  const amount = requireOffered(config, row, "paypal");
  const base = `${config.publicBaseUrl}/pay/${row.checkout_id}`;
  // Orders of this checkout that can no longer be paid (declined, spent): the next one needs a new
  // PayPal-Request-Id, or PayPal would hand back the dead order for the same key.
  const spent = await db
    .prepare(
      "SELECT COUNT(*) AS n FROM provider_orders WHERE provider = 'paypal' AND booking_id = ? AND status != 'open'",
    )
    .bind(row.booking_id)
    .first<{ n: number }>();
  const order = await paypal.createOrder(pp, {
    bookingId: row.booking_id,
    description: `Commitment fee: ${row.summary}`,
    amount,
    returnUrl: `${base}/paypal/return`,
    cancelUrl: `${base}?cancelled=paypal`,
    locale: row.locale,
    // Same key within the hour: a create retried after a lost response returns the same order.
    requestId: `order-${row.checkout_id}-${Math.floor(Date.now() / 3600_000)}-${spent?.n ?? 0}`,
  });
  const approveUrl = paypal.approveLink(order);
  await insertProviderOrder(db, {
    provider: "paypal",
    order_id: order.id,
    booking_id: row.booking_id,
    reference: row.booking_id,
    amount_value: amount.value,
    currency: amount.currency,
    expires_at: null,
    details: approveUrl,
    created_at: nowIso(),
  });
  return { orderId: order.id, approveUrl };
}

/** Turns a PayPal capture into an applied payment after checking amount, currency and reference. */
export async function applyPayPalCapture(
  db: D1Database,
  config: Config,
  order: ProviderOrderRow,
  capture: paypal.PayPalCapture,
  customId: string | undefined,
  event?: { id: string; type: string },
): Promise<ApplyOutcome | "mismatch" | "not_final"> {
  if (capture.status !== "COMPLETED") return "not_final";
  if ((customId ?? capture.custom_id) !== order.booking_id) return "mismatch";
  // Captured, but not what we asked: recorded as charged and refunded (payments.ts).
  const wrongAmount =
    capture.amount?.currency_code !== order.currency || !sameAmount(capture.amount?.value, order.amount_value);
  // A webhook's capture is only CRC-protected (forgeable): it may not trigger a refund. The cron
  // and the capture call read the capture from PayPal's API, which may.
  if (wrongAmount && event) return "mismatch";
  return applyPayment(
    db,
    config,
    {
      provider: "paypal",
      bookingId: order.booking_id,
      orderId: order.order_id,
      paymentId: capture.id,
      amount: wrongAmount
        ? { value: capture.amount?.value ?? "", currency: capture.amount?.currency_code ?? "" }
        : { value: order.amount_value, currency: order.currency },
      // When the capture became COMPLETED (its last update), not when it was created: a capture
      // PayPal held PENDING inside the hold and completed after it is a late payment, whoever
      // looks first (the webhook, the cron, or a status read that expires the hold).
      paidAt: capture.update_time ?? capture.create_time ?? null,
      wrongAmount,
    },
    event,
  );
}

/** What a PayPal capture did to our checkout. */
export type PayPalOutcome = ApplyOutcome | "mismatch" | "not_final" | "declined" | "instrument_declined";

/**
 * Applies a capture as PayPal reports it — from a capture call or a fetched `GET capture`, never
 * from a webhook body alone: COMPLETED pays (after the amount, currency and reference checks),
 * PENDING marks the checkout pending, DECLINED/FAILED puts it back to open and closes the order so
 * the payer's next attempt gets a fresh one (a captured PayPal order can never be approved again).
 * `event` is recorded in the same batch.
 */
export async function applyPayPalStatus(
  db: D1Database,
  config: Config,
  order: ProviderOrderRow,
  capture: paypal.PayPalCapture,
  customId: string | undefined,
  event?: { id: string; type: string },
): Promise<PayPalOutcome> {
  const record = event ? [recordEventStmt(db, "paypal", event.id, event.type, order.booking_id)] : [];
  if (capture.status === "COMPLETED") return applyPayPalCapture(db, config, order, capture, customId, event);
  if (capture.status === "PENDING") {
    await db.batch([markPendingStmt(db, order.booking_id), ...record]);
    return "not_final";
  }
  if (capture.status === "DECLINED" || capture.status === "FAILED") {
    await db.batch([
      moveStmt(db, CHECKOUT, "payment_failed", { booking_id: order.booking_id }),
      moveStmt(db, ORDER, "close", { provider: "paypal", order_id: order.order_id }),
      ...record,
    ]);
    return "declined";
  }
  if (record.length) await db.batch(record);
  return "not_final";
}

/**
 * Captures an approved PayPal order of this checkout (onApprove, return_url, APPROVED webhook,
 * cron). `instrument_declined` (422 INSTRUMENT_DECLINED) leaves the order approved: the payer
 * picks another funding source for the same order (the Smart Buttons' `actions.restart()`).
 */
export async function capturePayPal(
  db: D1Database,
  config: Config,
  _row: CheckoutRow,
  order: ProviderOrderRow,
): Promise<PayPalOutcome> {
  const pp = need(config.paypal, "PayPal");
  let captured: paypal.PayPalOrder;
  try {
    captured = await paypal.captureOrder(pp, order.order_id);
  } catch (err) {
    if (err instanceof ProviderError && err.code === "INSTRUMENT_DECLINED") return "instrument_declined";
    throw err;
  }
  const capture = paypal.firstCapture(captured);
  if (!capture) return "not_final";
  return applyPayPalStatus(db, config, order, capture, captured.purchase_units?.[0]?.custom_id);
}
