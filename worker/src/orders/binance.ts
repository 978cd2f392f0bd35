import type { BinanceConfig, Config } from "../config";
import {
  type CheckoutRow,
  closeProviderOrder,
  getOpenOrder,
  insertProviderOrder,
  nowIso,
  type ProviderOrderRow,
} from "../db";
import { type ApplyOutcome, applyPayment } from "../payments";
import { requireOffered } from "../pricing";
import * as binance from "../providers/binance";
import { sameAmount } from "../providers/http";
import { need, oneOrderAtATime, requirePayable } from "./common";

/** Creates (or reuses) a Binance Pay order; it expires with the hold but at most 1 h ahead. */
export async function startBinance(db: D1Database, config: Config, row: CheckoutRow) {
  const bn = need(config.binance, "Binance Pay");
  requirePayable(row);
  requireOffered(config, row, "binance");
  // Any order Binance still accepts is handed out again: a new one only once it expired.
  const reuse = async () => {
    const open = await getOpenOrder(db, "binance", row.booking_id);
    return open?.details && open.expires_at && Date.parse(open.expires_at) > Date.now()
      ? (JSON.parse(open.details) as BinanceView)
      : null;
  };
  return oneOrderAtATime(db, "binance", row.booking_id, reuse, (fresh) => createBinance(db, config, bn, fresh));
}

async function createBinance(db: D1Database, config: Config, bn: BinanceConfig, row: CheckoutRow) {
  const amount = requireOffered(config, row, "binance");
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
  if (q.merchantTradeNo !== undefined && q.merchantTradeNo !== order.reference) return "mismatch";
  // Paid, but not what we asked: recorded as charged and refunded (payments.ts).
  const wrongAmount = q.currency !== order.currency || !sameAmount(q.orderAmount, order.amount_value);
  return applyPayment(
    db,
    config,
    {
      provider: "binance",
      bookingId: order.booking_id,
      orderId: order.order_id,
      paymentId: q.transactionId ?? order.order_id,
      amount: wrongAmount
        ? { value: String(q.orderAmount ?? ""), currency: q.currency ?? "" }
        : { value: order.amount_value, currency: order.currency },
      paidAt: q.transactTime ? new Date(q.transactTime).toISOString() : null,
      wrongAmount,
    },
    event,
  );
}
