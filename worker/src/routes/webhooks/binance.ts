import { Hono } from "hono";
import * as v from "valibot";
import { getProviderOrderByReference, recordEventStmt, seenEvent } from "../../db";
import type { Env } from "../../env";
import { ApiError } from "../../errors";
import { cfg } from "../../http";
import { ORDER } from "../../lifecycle/machine";
import { moveStmt } from "../../lifecycle/move";
import { confirmBinance } from "../../orders";
import * as binance from "../../providers/binance";
import { sameAmount } from "../../providers/http";
import { applyBinanceRefundNotice } from "../../refunds";
import { verifyBinanceWebhook } from "../../verify/binance";
import { header, mismatch, parseJson, recordOnly, rejectSignature, unknownReference } from "./common";

const BinanceEvent = v.object({
  bizType: v.string(),
  bizId: v.optional(v.union([v.number(), v.string()])),
  bizIdStr: v.optional(v.string()),
  bizStatus: v.string(),
  data: v.string(),
});
const BinancePayData = v.looseObject({
  merchantTradeNo: v.string(),
  totalFee: v.optional(v.union([v.string(), v.number()])),
  currency: v.optional(v.string()),
});
/** PAY_REFUND data: the order, and which of our refund requests this outcome is for. */
const BinanceRefundData = v.looseObject({
  merchantTradeNo: v.string(),
  refundInfo: v.optional(v.looseObject({ refundRequestId: v.optional(v.string()) })),
});
/** Binance retries until it gets exactly this body with HTTP 200. */
const BINANCE_ACK = '{"returnCode":"SUCCESS","returnMessage":null}';

/** `POST /webhooks/binance` */
export const binanceWebhook = new Hono<{ Bindings: Env }>();

binanceWebhook.post("/", async (c) => {
  const bn = cfg(c).binance;
  if (!bn) throw new ApiError(404, "provider_unavailable", "Binance Pay is not configured.");
  const body = await c.req.text();
  const verdict = await verifyBinanceWebhook({
    headers: header(c),
    body,
    now: new Date(),
    getPublicKey: (serial) => binance.webhookPublicKey(bn, serial),
  });
  if (!verdict.ok) rejectSignature("binance", verdict.reason);
  const event = parseJson(body, BinanceEvent);
  const ack = () => c.body(BINANCE_ACK, 200, { "content-type": "application/json" });
  const db = c.env.DB;
  const refund = event.bizType === "PAY_REFUND" ? parseJson(event.data, BinanceRefundData) : null;
  const refundRequestId = refund?.refundInfo?.refundRequestId ?? null;
  // Binance has no event id: the business id (bizIdStr keeps precision beyond 2^53) plus status,
  // plus the refund request for refunds (one order can see a rejection, then a success).
  const eventId = `${event.bizIdStr ?? String(event.bizId ?? "")}:${event.bizStatus}${refundRequestId ? `:${refundRequestId}` : ""}`;
  if (await seenEvent(db, "binance", eventId)) return ack();
  const ev = { id: eventId, type: `${event.bizType}.${event.bizStatus}` };
  if (refund) {
    // Refunds finish here (REFUND_SUCCESS) or are due again (REFUND_REJECTED); see refunds.ts.
    const order = await getProviderOrderByReference(db, "binance", refund.merchantTradeNo);
    if (!order) throw unknownReference();
    await applyBinanceRefundNotice({ db, config: cfg(c) }, order.order_id, event.bizStatus, refundRequestId);
    await recordOnly(c, "binance", ev.id, ev.type, order.booking_id);
    return ack();
  }
  if (event.bizType !== "PAY") {
    await recordOnly(c, "binance", ev.id, ev.type, null);
    return ack();
  }
  const data = parseJson(event.data, BinancePayData);
  const order = await getProviderOrderByReference(db, "binance", data.merchantTradeNo);
  if (!order) throw unknownReference();
  if (event.bizStatus === "PAY_SUCCESS") {
    if (
      (data.currency !== undefined && data.currency !== order.currency) ||
      (data.totalFee !== undefined && !sameAmount(data.totalFee, order.amount_value))
    )
      throw mismatch("Paid amount or currency differs from the order.");
    const outcome = await confirmBinance(db, cfg(c), order, ev);
    if (outcome === "mismatch") throw mismatch("The queried order differs from ours.");
    // The query does not say PAID yet: answer non-2xx so Binance delivers again later.
    if (outcome === "not_final")
      throw new ApiError(409, "not_confirmed", "The order query does not confirm payment yet.");
    return ack();
  }
  if (event.bizStatus === "PAY_CLOSED") {
    await db.batch([
      moveStmt(db, ORDER, "close", { provider: "binance", order_id: order.order_id }),
      recordEventStmt(db, "binance", ev.id, ev.type, order.booking_id),
    ]);
    return ack();
  }
  await recordOnly(c, "binance", ev.id, ev.type, order.booking_id);
  return ack();
});
