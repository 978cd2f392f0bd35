import { Hono } from "hono";
import * as v from "valibot";
import type { Provider } from "../../../utils/api/contract";
import {
  getCheckout,
  getProviderOrder,
  getProviderOrderByReference,
  markPendingStmt,
  nowIso,
  recordEventStmt,
  seenEvent,
} from "../db";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { type Ctx, cfg } from "../http";
import { applyMercadoPagoPayment, applyPayPalCapture, capturePayPal, confirmBinance } from "../orders";
import * as binance from "../providers/binance";
import { ProviderError, sameAmount } from "../providers/http";
import * as mercadopago from "../providers/mercadopago";
import * as paypal from "../providers/paypal";
import { verifyBinanceWebhook } from "../verify/binance";
import { verifyMercadoPagoWebhook } from "../verify/mercadopago";
import { verifyPayPalWebhook } from "../verify/paypal";

/**
 * Provider notifications. Each handler reads the raw body once, verifies it before parsing (401),
 * rejects malformed bodies (400) and deliveries that do not match our records (422) without writing
 * anything, deduplicates by the provider's event id, and answers 2xx only after its D1 batch committed.
 */
export const webhooks = new Hono<{ Bindings: Env }>();

const header = (c: Ctx) => (name: string) => c.req.header(name) ?? null;

function rejectSignature(provider: Provider, reason: string): never {
  // The reason names the failed check only; headers and bodies stay out of the logs.
  console.warn(`${provider} webhook rejected: ${reason}`);
  throw new ApiError(401, "invalid_signature", reason);
}

function parseJson<S extends v.GenericSchema>(text: string, schema: S): v.InferOutput<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const res = v.safeParse(schema, raw);
  if (!res.success) throw new ApiError(400, "invalid_request", "The body is not a notification we understand.");
  return res.output;
}

const mismatch = (what: string) => new ApiError(422, "mismatch", what);
const unknownReference = () => new ApiError(422, "unknown_reference", "No order of ours has this reference.");

async function recordOnly(c: Ctx, provider: Provider, id: string, type: string, bookingId: string | null) {
  await recordEventStmt(c.env.DB, provider, id, type, bookingId).run();
}

const PayPalEvent = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  event_type: v.string(),
  resource: v.looseObject({ id: v.optional(v.string()) }),
});

webhooks.post("/paypal", async (c) => {
  const pp = cfg(c).paypal;
  if (!pp) throw new ApiError(404, "provider_unavailable", "PayPal is not configured.");
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const verdict = await verifyPayPalWebhook({
    headers: header(c),
    body: raw,
    webhookId: pp.webhookId,
    now: new Date(),
    certUrlPrefixes: pp.certUrlPrefixes,
    getCertPem: paypal.fetchCert,
  });
  if (!verdict.ok) rejectSignature("paypal", verdict.reason);
  const event = parseJson(new TextDecoder().decode(raw), PayPalEvent);
  const db = c.env.DB;
  if (await seenEvent(db, "paypal", event.id)) return c.json({ ok: true, duplicate: true });
  const ev = { id: event.id, type: event.event_type };

  if (event.event_type.startsWith("PAYMENT.CAPTURE.")) {
    const capture = event.resource as unknown as paypal.PayPalCapture;
    const orderId = capture.supplementary_data?.related_ids?.order_id;
    const order = orderId
      ? await getProviderOrder(db, "paypal", orderId)
      : capture.custom_id
        ? await getProviderOrderByReference(db, "paypal", capture.custom_id)
        : null;
    if (!order || (capture.custom_id !== undefined && capture.custom_id !== order.booking_id)) throw unknownReference();
    if (event.event_type === "PAYMENT.CAPTURE.COMPLETED") {
      const outcome = await applyPayPalCapture(db, cfg(c), order, capture, capture.custom_id, ev);
      if (outcome === "mismatch") throw mismatch("Capture amount or currency differs from the order.");
      if (outcome === "not_final") throw mismatch("A COMPLETED event whose capture is not COMPLETED.");
    } else if (event.event_type === "PAYMENT.CAPTURE.PENDING") {
      await db.batch([
        markPendingStmt(db, order.booking_id),
        recordEventStmt(db, "paypal", ev.id, ev.type, order.booking_id),
      ]);
    } else if (event.event_type === "PAYMENT.CAPTURE.DENIED") {
      await db.batch([
        db
          .prepare("UPDATE checkouts SET status = 'open', updated_at = ? WHERE booking_id = ? AND status = 'pending'")
          .bind(nowIso(), order.booking_id),
        recordEventStmt(db, "paypal", ev.id, ev.type, order.booking_id),
      ]);
    } else await recordOnly(c, "paypal", ev.id, ev.type, order.booking_id);
    return c.json({ ok: true });
  }

  if (event.event_type === "CHECKOUT.ORDER.APPROVED") {
    const order = event.resource.id ? await getProviderOrder(db, "paypal", event.resource.id) : null;
    if (!order) throw unknownReference();
    const row = await getCheckout(db, order.booking_id);
    // The buyer approved but the page may have closed before capturing: capture here, while the
    // hold lasts. After it, nothing is captured, so no money moves and nothing needs a refund.
    if (row && (row.status === "open" || row.status === "pending") && row.hold_until > nowIso()) {
      const outcome = await capturePayPal(db, cfg(c), row, order);
      if (outcome === "mismatch") throw mismatch("Capture amount or currency differs from the order.");
    }
    await recordOnly(c, "paypal", ev.id, ev.type, order.booking_id);
    return c.json({ ok: true });
  }

  await recordOnly(c, "paypal", ev.id, ev.type, null);
  return c.json({ ok: true });
});

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
/** Binance retries until it gets exactly this body with HTTP 200. */
const BINANCE_ACK = '{"returnCode":"SUCCESS","returnMessage":null}';

webhooks.post("/binance", async (c) => {
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
  // Binance has no event id: the business id (bizIdStr keeps precision beyond 2^53) plus status.
  const eventId = `${event.bizIdStr ?? String(event.bizId ?? "")}:${event.bizStatus}`;
  if (await seenEvent(db, "binance", eventId)) return ack();
  const ev = { id: eventId, type: `${event.bizType}.${event.bizStatus}` };
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
      db
        .prepare(
          "UPDATE provider_orders SET status = 'closed', updated_at = ? WHERE provider = 'binance' AND order_id = ? AND status = 'open'",
        )
        .bind(nowIso(), order.order_id),
      recordEventStmt(db, "binance", ev.id, ev.type, order.booking_id),
    ]);
    return ack();
  }
  await recordOnly(c, "binance", ev.id, ev.type, order.booking_id);
  return ack();
});

const MercadoPagoEvent = v.looseObject({
  id: v.optional(v.union([v.string(), v.number()])),
  type: v.optional(v.string()),
  action: v.optional(v.string()),
  data: v.optional(v.looseObject({ id: v.optional(v.union([v.string(), v.number()])) })),
});

webhooks.post("/mercadopago", async (c) => {
  const mp = cfg(c).mercadopago;
  if (!mp) throw new ApiError(404, "provider_unavailable", "Mercado Pago is not configured.");
  const body = await c.req.text();
  const dataId = c.req.query("data.id") ?? null;
  const verdict = await verifyMercadoPagoWebhook({
    headers: header(c),
    dataId,
    secret: mp.webhookSecret,
    now: new Date(),
  });
  if (!verdict.ok) rejectSignature("mercadopago", verdict.reason);
  const event = parseJson(body, MercadoPagoEvent);
  const type = event.type ?? c.req.query("type") ?? "unknown";
  const db = c.env.DB;
  const eventId = String(event.id ?? `${type}:${dataId}:${c.req.header("x-request-id") ?? ""}`);
  if (await seenEvent(db, "mercadopago", eventId)) return c.json({ ok: true, duplicate: true });
  const ev = { id: eventId, type: event.action ?? type };
  if (type !== "payment") {
    await recordOnly(c, "mercadopago", ev.id, ev.type, null);
    return c.json({ ok: true });
  }
  // The signature covers the query's data.id only, so that is the id we act on.
  if (!dataId || (event.data?.id !== undefined && String(event.data.id) !== dataId))
    throw new ApiError(400, "invalid_request", "data.id is missing or differs between query and body.");
  let payment: mercadopago.MercadoPagoPayment;
  try {
    payment = await mercadopago.getPayment(mp, dataId);
  } catch (err) {
    if (err instanceof ProviderError && err.status === 404) throw unknownReference();
    throw err;
  }
  const order = payment.external_reference
    ? await getProviderOrderByReference(db, "mercadopago", payment.external_reference)
    : null;
  if (!order) throw unknownReference();
  const outcome = await applyMercadoPagoPayment(db, cfg(c), order, payment, ev);
  if (outcome === "mismatch") throw mismatch("Payment amount or currency differs from the order.");
  if (outcome === "not_final") await recordOnly(c, "mercadopago", ev.id, ev.type, order.booking_id);
  return c.json({ ok: true });
});
