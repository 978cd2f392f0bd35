import type { Config, PayPalConfig } from "../config";
import { providerPrice } from "../config";
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
import * as paypal from "../providers/paypal";
import { need, oneOrderAtATime, requirePayable } from "./common";

/** Creates (or reuses) the PayPal order of a checkout: Smart Buttons' createOrder and the redirect flow. */
export async function startPayPal(db: D1Database, config: Config, row: CheckoutRow) {
  const pp = need(config.paypal, "PayPal");
  requirePayable(row);
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
  const amount = providerPrice(config, "paypal");
  const base = `${config.publicBaseUrl}/pay/${row.checkout_id}`;
  const order = await paypal.createOrder(pp, {
    bookingId: row.booking_id,
    description: `Commitment fee: ${row.summary}`,
    amount,
    returnUrl: `${base}/paypal/return`,
    cancelUrl: `${base}?cancelled=paypal`,
    locale: row.locale,
    // Same key within the hour: a create retried after a lost response returns the same order.
    requestId: `order-${row.checkout_id}-${Math.floor(Date.now() / 3600_000)}`,
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
      paidAt: capture.create_time ?? capture.update_time ?? null,
      wrongAmount,
    },
    event,
  );
}

/** Captures an approved PayPal order of this checkout (onApprove, return_url, APPROVED webhook, cron). */
export async function capturePayPal(db: D1Database, config: Config, row: CheckoutRow, order: ProviderOrderRow) {
  const pp = need(config.paypal, "PayPal");
  const captured = await paypal.captureOrder(pp, order.order_id);
  const capture = paypal.firstCapture(captured);
  if (!capture) return "not_final" as const;
  if (capture.status === "PENDING") {
    await markPendingStmt(db, row.booking_id).run();
    return "not_final" as const;
  }
  return applyPayPalCapture(db, config, order, capture, captured.purchase_units?.[0]?.custom_id);
}
