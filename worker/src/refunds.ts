// Refunds at the providers. A refund is finished only in the provider's final state: PayPal
// `COMPLETED` (a refund can answer `PENDING` first), Binance `REFUND_SUCCESS` / order `REFUNDED`
// (Binance only accepts the request and settles it later, with a PAY_REFUND webhook), Mercado Pago
// `approved`. A rejected or failed refund is due again and the cron asks once more, as a new
// request. The state moves are in lifecycle/refunds.ts; docs/architecture.md has the table.
import type { Config } from "./config";
import type { RefundRow } from "./db";
import type { HookContext } from "./lifecycle/hooks";
import { finishRefund, type RefundKey, refundRejected, refundRequested, refundRetryLater } from "./lifecycle/refunds";
import * as binance from "./providers/binance";
import { ProviderError } from "./providers/http";
import * as mercadopago from "./providers/mercadopago";
import * as paypal from "./providers/paypal";

/** Where a refund stands after we talked to its provider. */
export type RefundState = "completed" | "requested" | "due";

/** What a provider said about a refund, in our terms. */
type Verdict =
  | { kind: "finished"; refundId: string | null }
  | { kind: "requested"; refundId: string | null }
  | { kind: "rejected"; reason: string }
  | { kind: "not_final"; reason: string };

/**
 * The idempotency key of a refund request: the same for retries of one request (a lost answer
 * must not refund twice), new after the provider rejected it (`round` counts rejections).
 */
export function refundRequestKey(r: Pick<RefundRow, "provider" | "payment_id" | "round">): string {
  if (r.provider === "binance") {
    // Binance: letters and digits only, at most 32.
    const base = `R${r.payment_id.replace(/[^A-Za-z0-9]/g, "")}`.slice(0, 27);
    return r.round ? `${base}N${r.round}` : base;
  }
  return r.round ? `refund-${r.payment_id}-${r.round}` : `refund-${r.payment_id}`;
}

const key = (r: RefundRow): RefundKey => ({ provider: r.provider, paymentId: r.payment_id });
const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200);

/** Applies a verdict through the lifecycle moves; returns where the refund now stands. */
async function record(ctx: HookContext, r: RefundRow, v: Verdict): Promise<RefundState> {
  if (v.kind === "finished") {
    await finishRefund(ctx, key(r), v.refundId);
    return "completed";
  }
  if (v.kind === "requested") {
    // Already requested (a check that found it still running): keep it, look again later.
    if (r.status === "requested") await refundRetryLater(ctx.db, r, "not final yet");
    else await refundRequested(ctx.db, r, v.refundId);
    return "requested";
  }
  if (v.kind === "rejected") {
    console.warn("refund rejected", r.provider, r.payment_id, v.reason);
    await refundRejected(ctx.db, key(r), v.reason);
    return "due";
  }
  console.error("refund not final", r.provider, r.payment_id, v.reason);
  await refundRetryLater(ctx.db, r, v.reason);
  return r.status === "requested" ? "requested" : "due";
}

/**
 * Asks the provider to refund a `due` refund in full and records the answer. Never throws for a
 * provider failure: the refund stays due (with backoff) and the cron tries again.
 */
export async function requestRefund(db: D1Database, config: Config, r: RefundRow): Promise<RefundState> {
  const ctx = { db, config };
  let v: Verdict;
  try {
    v = await askRefund(config, r);
  } catch (err) {
    v = { kind: "not_final", reason: reasonOf(err) };
  }
  return record(ctx, r, v);
}

async function askRefund(config: Config, r: RefundRow): Promise<Verdict> {
  const requestKey = refundRequestKey(r);
  if (r.provider === "paypal") {
    if (!config.paypal) return { kind: "not_final", reason: "PayPal is not configured" };
    try {
      return paypalVerdict(await paypal.refundCapture(config.paypal, r.payment_id, requestKey));
    } catch (err) {
      // Refunded before (by us with a lost answer, or in PayPal's dashboard): done.
      if (err instanceof ProviderError && err.code === "CAPTURE_FULLY_REFUNDED")
        return { kind: "finished", refundId: null };
      throw err;
    }
  }
  if (r.provider === "binance") {
    if (!config.binance) return { kind: "not_final", reason: "Binance Pay is not configured" };
    try {
      await binance.refundOrder(config.binance, {
        prepayId: r.order_id,
        amount: r.amount_value,
        refundRequestId: requestKey,
      });
      return { kind: "requested", refundId: requestKey };
    } catch (err) {
      // Refused: maybe because it is refunded or refunding already. The order says which.
      if (!(err instanceof ProviderError) || err.status === 0 || err.status >= 500) throw err;
      const q = await binance.queryOrderByPrepayId(config.binance, r.order_id);
      const v = binanceOrderVerdict(q.status, requestKey);
      return v.kind === "rejected" ? { kind: "not_final", reason: reasonOf(err) } : v;
    }
  }
  if (!config.mercadopago) return { kind: "not_final", reason: "Mercado Pago is not configured" };
  try {
    const res = await mercadopago.refundPayment(config.mercadopago, r.payment_id, requestKey);
    return mercadoPagoVerdict(res.status, String(res.id));
  } catch (err) {
    if (!(err instanceof ProviderError) || err.status === 0 || err.status >= 500) throw err;
    const p = await mercadopago.getPayment(config.mercadopago, r.payment_id);
    if (p.status === "refunded") return { kind: "finished", refundId: null };
    throw err;
  }
}

/** Asks the provider where a `requested` refund stands (the cron, when no webhook told us). */
export async function checkRefund(db: D1Database, config: Config, r: RefundRow): Promise<RefundState> {
  let v: Verdict;
  try {
    if (r.provider === "paypal") {
      if (!config.paypal || !r.refund_id) v = { kind: "not_final", reason: "no refund id to look up" };
      else v = paypalVerdict(await paypal.getRefund(config.paypal, r.refund_id));
    } else if (r.provider === "binance") {
      if (!config.binance) v = { kind: "not_final", reason: "Binance Pay is not configured" };
      else
        v = binanceOrderVerdict((await binance.queryOrderByPrepayId(config.binance, r.order_id)).status, r.refund_id);
    } else if (!config.mercadopago) v = { kind: "not_final", reason: "Mercado Pago is not configured" };
    else {
      const p = await mercadopago.getPayment(config.mercadopago, r.payment_id);
      v = p.status === "refunded" ? { kind: "finished", refundId: r.refund_id } : { kind: "requested", refundId: null };
    }
  } catch (err) {
    v = { kind: "not_final", reason: reasonOf(err) };
  }
  return record({ db, config }, r, v);
}

function paypalVerdict(res: paypal.PayPalRefund): Verdict {
  if (res.status === "COMPLETED") return { kind: "finished", refundId: res.id };
  if (res.status === "PENDING") return { kind: "requested", refundId: res.id };
  return { kind: "rejected", reason: `PayPal refund ${res.status}` };
}

function binanceOrderVerdict(status: string, refundId: string | null): Verdict {
  if (status === "REFUNDED" || status === "FULL_REFUNDED") return { kind: "finished", refundId };
  if (status === "REFUNDING") return { kind: "requested", refundId };
  // Back to PAID: Binance rejected the refund.
  if (status === "PAID") return { kind: "rejected", reason: "Binance order is PAID again (refund rejected)" };
  return { kind: "not_final", reason: `Binance order is ${status}` };
}

function mercadoPagoVerdict(status: string | undefined, id: string): Verdict {
  if (status === undefined || status === "approved") return { kind: "finished", refundId: id };
  if (status === "in_process" || status === "pending") return { kind: "requested", refundId: id };
  return { kind: "rejected", reason: `Mercado Pago refund ${status}` };
}

/**
 * A verified Binance PAY_REFUND notification for one of our orders: REFUND_SUCCESS finishes the
 * refund; REFUND_REJECTED of the request we sent last makes it due again (an older request's
 * rejection changes nothing). Returns false when no refund of ours belongs to the order.
 */
export async function applyBinanceRefundNotice(
  ctx: HookContext,
  orderId: string,
  bizStatus: string,
  refundRequestId: string | null,
): Promise<boolean> {
  const r = await ctx.db
    .prepare("SELECT * FROM refunds WHERE provider = 'binance' AND order_id = ?")
    .bind(orderId)
    .first<RefundRow>();
  if (!r) return false;
  if (bizStatus === "REFUND_SUCCESS") await finishRefund(ctx, key(r), refundRequestId ?? r.refund_id);
  else if (bizStatus === "REFUND_REJECTED" && (refundRequestId === null || refundRequestId === refundRequestKey(r)))
    await refundRejected(ctx.db, key(r), "REFUND_REJECTED");
  return true;
}
