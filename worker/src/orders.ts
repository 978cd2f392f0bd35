import type { Provider } from "../../utils/api/contract";
import { type Config, providerPrice } from "./config";
import {
  type CheckoutRow,
  closeProviderOrder,
  getOpenOrder,
  insertProviderOrder,
  nowIso,
  type ProviderOrderRow,
} from "./db";
import { ApiError } from "./errors";
import { type ApplyOutcome, applyPayment } from "./payments";
import * as binance from "./providers/binance";
import { sameAmount } from "./providers/http";
import * as mercadopago from "./providers/mercadopago";
import * as paypal from "./providers/paypal";

/** Throws 409 unless the checkout can still take a payment. */
export function requirePayable(row: CheckoutRow): void {
  if ((row.status !== "open" && row.status !== "pending") || row.hold_until <= nowIso())
    throw new ApiError(409, "not_payable", `This checkout is ${row.status === "open" ? "expired" : row.status}.`);
}

function need<T>(value: T | null, provider: string): T {
  if (value === null) throw new ApiError(404, "provider_unavailable", `${provider} is not configured on this server.`);
  return value;
}

/** Creates (or reuses) the PayPal order of a checkout: Smart Buttons' createOrder and the redirect flow. */
export async function startPayPal(db: D1Database, config: Config, row: CheckoutRow) {
  const pp = need(config.paypal, "PayPal");
  requirePayable(row);
  // PayPal orders stay approvable for hours; reusing a recent one keeps one order per checkout.
  const open = await getOpenOrder(db, "paypal", row.booking_id);
  if (open && Date.parse(open.created_at) > Date.now() - 3600_000)
    return { orderId: open.order_id, approveUrl: open.details ?? null };
  const amount = providerPrice(config, "paypal");
  const base = `${config.publicBaseUrl}/pay/${row.checkout_id}`;
  const order = await paypal.createOrder(pp, {
    bookingId: row.booking_id,
    description: `Commitment fee: ${row.summary}`,
    amount,
    returnUrl: `${base}/paypal/return`,
    cancelUrl: `${base}?cancelled=paypal`,
    locale: row.locale,
    requestId: crypto.randomUUID(),
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
  if (
    (customId ?? capture.custom_id) !== order.booking_id ||
    capture.amount?.currency_code !== order.currency ||
    !sameAmount(capture.amount?.value, order.amount_value)
  )
    return "mismatch";
  return applyPayment(
    db,
    config,
    {
      provider: "paypal",
      bookingId: order.booking_id,
      orderId: order.order_id,
      paymentId: capture.id,
      amount: { value: order.amount_value, currency: order.currency },
      paidAt: capture.create_time ?? capture.update_time ?? null,
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
    await db
      .prepare("UPDATE checkouts SET status = 'pending', updated_at = ? WHERE booking_id = ? AND status = 'open'")
      .bind(nowIso(), row.booking_id)
      .run();
    return "not_final" as const;
  }
  return applyPayPalCapture(db, config, order, capture, captured.purchase_units?.[0]?.custom_id);
}

/** Creates (or reuses) a Binance Pay order; it expires with the hold but at most 1 h ahead. */
export async function startBinance(db: D1Database, config: Config, row: CheckoutRow) {
  const bn = need(config.binance, "Binance Pay");
  requirePayable(row);
  const open = await getOpenOrder(db, "binance", row.booking_id);
  if (open?.details && open.expires_at && Date.parse(open.expires_at) > Date.now() + 5 * 60_000)
    return JSON.parse(open.details) as BinanceView;
  const amount = providerPrice(config, "binance");
  const merchantTradeNo = binance.newMerchantTradeNo();
  const base = `${config.publicBaseUrl}/pay/${row.checkout_id}`;
  const expireAtMs = Math.min(Date.parse(row.hold_until), Date.now() + 3600_000);
  const order = await binance.createOrder(bn, {
    merchantTradeNo,
    amount: amount.value,
    description: `Commitment fee: ${row.summary}`,
    returnUrl: `${base}?returned=binance`,
    cancelUrl: `${base}?cancelled=binance`,
    webhookUrl: `${config.publicBaseUrl}/webhooks/binance`,
    expireAtMs,
  });
  const view: BinanceView = {
    checkoutUrl: order.checkoutUrl,
    qrContent: order.qrContent,
    deeplink: order.deeplink,
    universalUrl: order.universalUrl,
    expireTime: new Date(order.expireTime ?? expireAtMs).toISOString(),
  };
  await insertProviderOrder(db, {
    provider: "binance",
    order_id: order.prepayId,
    booking_id: row.booking_id,
    reference: merchantTradeNo,
    amount_value: amount.value,
    currency: amount.currency,
    expires_at: view.expireTime,
    details: JSON.stringify(view),
    created_at: nowIso(),
  });
  return view;
}

/** What the page shows for Binance Pay. */
export interface BinanceView {
  checkoutUrl: string;
  qrContent: string;
  deeplink: string;
  universalUrl: string;
  expireTime: string;
}

/** Confirms a Binance order by querying it (never trusting the webhook alone), then applies it. */
export async function confirmBinance(
  db: D1Database,
  config: Config,
  order: ProviderOrderRow,
  event?: { id: string; type: string },
): Promise<ApplyOutcome | "mismatch" | "not_final"> {
  const bn = need(config.binance, "Binance Pay");
  const q = await binance.queryOrder(bn, order.reference);
  if (q.status === "EXPIRED" || q.status === "CANCELED") await closeProviderOrder(db, "binance", order.order_id);
  if (q.status !== "PAID") return "not_final";
  if (q.currency !== order.currency || !sameAmount(q.orderAmount, order.amount_value)) return "mismatch";
  if (q.merchantTradeNo !== undefined && q.merchantTradeNo !== order.reference) return "mismatch";
  return applyPayment(
    db,
    config,
    {
      provider: "binance",
      bookingId: order.booking_id,
      orderId: order.order_id,
      paymentId: q.transactionId ?? order.order_id,
      amount: { value: order.amount_value, currency: order.currency },
      paidAt: q.transactTime ? new Date(q.transactTime).toISOString() : null,
    },
    event,
  );
}

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
    await db
      .prepare("UPDATE checkouts SET status = 'pending', updated_at = ? WHERE booking_id = ? AND status = 'open'")
      .bind(nowIso(), order.booking_id)
      .run();
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

/**
 * Closes a booking's open provider orders (hold expired or cancelled). Binance has a close call;
 * PayPal orders lapse unapproved and Mercado Pago preferences carry the hold as expiration, so
 * those are closed locally. Any payment that still lands is refunded by applyPayment.
 */
export async function closeOrdersFor(db: D1Database, config: Config, bookingId: string): Promise<void> {
  const { results } = await db
    .prepare("SELECT * FROM provider_orders WHERE booking_id = ? AND status = 'open'")
    .bind(bookingId)
    .all<ProviderOrderRow>();
  for (const order of results) {
    if (order.provider === "binance" && config.binance) {
      try {
        await binance.closeOrder(config.binance, order.reference);
      } catch (err) {
        // Already paid or expired at Binance: the reconcile pass sorts out which.
        console.warn("binance close failed", order.order_id, err instanceof Error ? err.message : "");
        continue;
      }
    }
    await closeProviderOrder(db, order.provider as Provider, order.order_id);
  }
}
