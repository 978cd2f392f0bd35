// Binance Pay's in-memory orders, its webhook signer and the lifecycle transitions (pay, close,
// expire) shared by the API, the buyer page and the control API.
import { randomBytes } from "node:crypto";
import { rsaSha256Base64 } from "./crypto.ts";
import type { Ctx, WebhookSigner } from "./types.ts";
import { DIGITS, randomFrom } from "./util.ts";

export type BinanceStatus =
  | "INITIAL"
  | "PENDING"
  | "PAID"
  | "CANCELED"
  | "ERROR"
  | "REFUNDING"
  | "REFUNDED"
  | "EXPIRED";

export interface BinanceOrder {
  prepayId: string;
  merchantTradeNo: string;
  checkoutToken: string;
  status: BinanceStatus;
  orderAmount: string;
  currency: string;
  description: string;
  goodsDetails: unknown[];
  returnUrl: string | null;
  cancelUrl: string | null;
  webhookUrl: string | null;
  passThroughInfo: string | null;
  createTime: number;
  expireTime: number;
  transactionId: string | null;
  transactTime: number | null;
  refunds: BinanceRefund[];
}

/** A refund request: REFUNDING until Binance settles it, then SUCCESS or REJECTED (asynchronous). */
export interface BinanceRefund {
  refundRequestId: string;
  refundAmount: string;
  status: "REFUNDING" | "SUCCESS" | "REJECTED";
  createTime: number;
}

export interface BinanceState {
  orders: Map<string, BinanceOrder>;
  /** Nonces seen recently, so a replayed signed request is refused. */
  nonces: Map<string, number>;
  /** Refunds waiting to settle (cleared on reset so nothing settles into the next test). */
  refundTimers: Set<ReturnType<typeof setTimeout>>;
}

export const createBinanceState = (): BinanceState => ({
  orders: new Map(),
  nonces: new Map(),
  refundTimers: new Set(),
});

export const MERCHANT_ID = 98765432;
const NONCE_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Webhooks: RSA-SHA256 over `timestamp\nnonce\nbody\n`, base64, acknowledged only by the exact body. */
export function binanceSigner(ctx: Ctx): WebhookSigner {
  return {
    sign(body) {
      const timestamp = String(Date.now()); // real time: receivers compare it with their clock
      const nonce = randomFrom(NONCE_ALPHABET, 32);
      return {
        "BinancePay-Timestamp": timestamp,
        "BinancePay-Nonce": nonce,
        "BinancePay-Certificate-SN": ctx.keys.binanceCertSerial,
        "BinancePay-Signature": rsaSha256Base64(ctx.keys.binance.privateKey, `${timestamp}\n${nonce}\n${body}\n`),
      };
    },
    breakSignature(headers) {
      const sig = headers["BinancePay-Signature"] ?? "";
      return { ...headers, "BinancePay-Signature": (sig[0] === "A" ? "B" : "A") + sig.slice(1) };
    },
    isAck: (status, body) => status === 200 && body === '{"returnCode":"SUCCESS","returnMessage":null}',
  };
}

/** 19-digit numeric id (above 2^53, which is why Binance also sends bizIdStr). */
export const bigId = (): string => `${1 + (Number(randomBytes(1)[0] ?? 0) % 9)}${randomFrom(DIGITS, 18)}`;

/** Sends a PAY webhook; the body is assembled by hand so bizId stays an exact 19-digit number. */
export function emitBinancePay(ctx: Ctx, o: BinanceOrder, bizStatus: "PAY_SUCCESS" | "PAY_CLOSED"): void {
  if (!o.webhookUrl) return;
  const data = JSON.stringify({
    merchantTradeNo: o.merchantTradeNo,
    productType: "Goods",
    productName: o.description,
    transactTime: o.transactTime ?? ctx.clock.now(),
    tradeType: "WEB",
    totalFee: Number(o.orderAmount),
    currency: o.currency,
    transactionId: o.transactionId ?? undefined,
    openUserId: "1211HS10K81f4273ac031",
    passThroughInfo: o.passThroughInfo ?? undefined,
    commission: 0,
    paymentInfo:
      bizStatus === "PAY_SUCCESS"
        ? {
            payerId: 1000123456,
            payMethod: "funding",
            paymentInstructions: [{ currency: o.currency, amount: Number(o.orderAmount), price: 1 }],
            channel: "DEFAULT",
          }
        : undefined,
  });
  const body = `{"bizType":"PAY","data":${JSON.stringify(data)},"bizIdStr":"${o.prepayId}","bizId":${o.prepayId},"bizStatus":"${bizStatus}"}`;
  ctx.deliver("binance", o.webhookUrl, body, `${o.prepayId}:${bizStatus}`);
}

/**
 * Accepts a refund request: the order goes REFUNDING and the outcome comes later (after
 * `binanceRefundDelayMs`, or when the control API settles it), as a PAY_REFUND webhook.
 */
export function requestBinanceRefund(
  ctx: Ctx,
  st: BinanceState,
  o: BinanceOrder,
  refundRequestId: string,
  refundAmount: string,
) {
  const r: BinanceRefund = { refundRequestId, refundAmount, status: "REFUNDING", createTime: ctx.clock.now() };
  o.refunds.push(r);
  o.status = "REFUNDING";
  const reject = ctx.settings.binanceRejectRefunds > 0;
  if (reject) ctx.settings.binanceRejectRefunds--;
  const timer = setTimeout(() => {
    st.refundTimers.delete(timer);
    settleBinanceRefund(ctx, o, r, reject ? "REJECTED" : "SUCCESS");
  }, ctx.settings.binanceRefundDelayMs);
  timer.unref?.();
  st.refundTimers.add(timer);
  return r;
}

/** Ends a REFUNDING request: SUCCESS refunds the order, REJECTED puts it back to PAID; sends PAY_REFUND. */
export function settleBinanceRefund(ctx: Ctx, o: BinanceOrder, r: BinanceRefund, outcome: "SUCCESS" | "REJECTED") {
  if (r.status !== "REFUNDING") return false;
  r.status = outcome;
  const refunded = o.refunds.filter((x) => x.status === "SUCCESS").reduce((s, x) => s + Number(x.refundAmount), 0);
  o.status = outcome === "SUCCESS" && refunded >= Number(o.orderAmount) ? "REFUNDED" : "PAID";
  if (!o.webhookUrl) return true;
  const data = JSON.stringify({
    merchantTradeNo: o.merchantTradeNo,
    productType: "Goods",
    productName: o.description,
    tradeType: "WEB",
    totalFee: Number(o.orderAmount),
    currency: o.currency,
    transactionId: o.transactionId ?? undefined,
    openUserId: "1211HS10K81f4273ac031",
    commission: 0,
    refundInfo: {
      refundRequestId: r.refundRequestId,
      prepayId: o.prepayId,
      orderAmount: o.orderAmount,
      refundedAmount: refunded.toFixed(2),
      refundAmount: r.refundAmount,
      remainingAttempts: 9,
      payerOpenId: "1211HS10K81f4273ac031",
      duplicateRequest: "N",
      refundCommission: "0",
    },
  });
  const bizStatus = outcome === "SUCCESS" ? "REFUND_SUCCESS" : "REFUND_REJECTED";
  const body = `{"bizType":"PAY_REFUND","data":${JSON.stringify(data)},"bizIdStr":"${o.prepayId}","bizId":${o.prepayId},"bizStatus":"${bizStatus}"}`;
  ctx.deliver("binance", o.webhookUrl, body, `${o.prepayId}:${bizStatus}:${r.refundRequestId}`);
  return true;
}

/** Buyer pays: PAID, a transaction id, and a PAY_SUCCESS webhook. */
export function payBinance(ctx: Ctx, o: BinanceOrder): Error | BinanceOrder {
  expireDue(ctx, o);
  if (o.status !== "INITIAL" && o.status !== "PENDING") return new Error(`order is ${o.status}`);
  o.status = "PAID";
  o.transactionId = `M_P_${randomFrom(DIGITS, 19)}`;
  o.transactTime = ctx.clock.now();
  emitBinancePay(ctx, o, "PAY_SUCCESS");
  return o;
}

/** Closes an unpaid order (merchant close or expiry) with a PAY_CLOSED webhook. */
export function closeBinance(ctx: Ctx, o: BinanceOrder, status: "CANCELED" | "EXPIRED"): boolean {
  if (o.status !== "INITIAL" && o.status !== "PENDING") return false;
  o.status = status;
  emitBinancePay(ctx, o, "PAY_CLOSED");
  return true;
}

/** Applies expiry when the (emulated) clock has passed orderExpireTime. */
export function expireDue(ctx: Ctx, o: BinanceOrder): void {
  if (o.expireTime <= ctx.clock.now()) closeBinance(ctx, o, "EXPIRED");
}

/** Clock tick: expire every due order. */
export function expireAll(ctx: Ctx, st: BinanceState): void {
  for (const o of st.orders.values()) expireDue(ctx, o);
  const cutoff = Date.now() - 10 * 60_000;
  for (const [n, at] of st.nonces) if (at < cutoff) st.nonces.delete(n);
}

/** The order as the v2 query returns it. */
export function queryJson(o: BinanceOrder): Record<string, unknown> {
  return {
    merchantId: MERCHANT_ID,
    prepayId: o.prepayId,
    transactionId: o.transactionId,
    merchantTradeNo: o.merchantTradeNo,
    status: o.status,
    currency: o.currency,
    orderAmount: o.orderAmount,
    openUserId: o.status === "PAID" ? "1211HS10K81f4273ac031" : "",
    passThroughInfo: o.passThroughInfo ?? "",
    transactTime: o.transactTime ?? undefined,
    createTime: o.createTime,
    paymentInfo: o.transactionId ? { payerId: 1000123456, payMethod: "funding", channel: "DEFAULT" } : undefined,
  };
}
