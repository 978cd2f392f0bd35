import { Hono } from "hono";
import * as v from "valibot";
import { getProviderOrderByReference, seenEvent } from "../../db";
import type { Env } from "../../env";
import { ApiError } from "../../errors";
import { cfg } from "../../http";
import { applyMercadoPagoPayment } from "../../orders";
import { ProviderError } from "../../providers/http";
import * as mercadopago from "../../providers/mercadopago";
import { verifyMercadoPagoWebhook } from "../../verify/mercadopago";
import { header, mismatch, parseJson, recordOnly, rejectSignature, unknownReference } from "./common";

const MercadoPagoEvent = v.looseObject({
  id: v.optional(v.union([v.string(), v.number()])),
  type: v.optional(v.string()),
  action: v.optional(v.string()),
  data: v.optional(v.looseObject({ id: v.optional(v.union([v.string(), v.number()])) })),
});

/** `POST /webhooks/mercadopago` */
export const mercadopagoWebhook = new Hono<{ Bindings: Env }>();

mercadopagoWebhook.post("/", async (c) => {
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
