import { Hono } from "hono";
import * as v from "valibot";
import { seenEvent } from "../../db";
import type { Env } from "../../env";
import { ApiError } from "../../errors";
import { type Ctx, cfg } from "../../http";
import { applyMercadoPagoPaymentById } from "../../orders";
import { rateLimit } from "../../ratelimit";
import { signedManifest, verifyMercadoPagoWebhook } from "../../verify/mercadopago";
import { header, mismatch, parseJson, recordOnly, rejectSignature, unknownReference } from "./common";

const MercadoPagoEvent = v.looseObject({
  id: v.optional(v.union([v.string(), v.number()])),
  type: v.optional(v.string()),
  action: v.optional(v.string()),
  data: v.optional(v.looseObject({ id: v.optional(v.union([v.string(), v.number()])) })),
});

/** Payment look-ups that unsigned IPN calls may cause, per minute (anyone can send one). */
const IPN_LOOKUPS_PER_MINUTE = 20;
const PAYMENT_ID = /^\d{1,20}$/;

/** `POST /webhooks/mercadopago` */
export const mercadopagoWebhook = new Hono<{ Bindings: Env }>();

mercadopagoWebhook.post("/", async (c) => {
  const mp = cfg(c).mercadopago;
  if (!mp) throw new ApiError(404, "provider_unavailable", "Mercado Pago is not configured.");
  const body = await c.req.text();
  if (c.req.query("topic") !== undefined && !c.req.header("x-signature")) return answerIpn(c);
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
  // The body's `id` is not signed: keyed on it, one genuine delivery replayed with another id
  // would mark a future notification as seen. So the key is what the signature covers.
  const ev = { id: signedManifest(header(c), dataId), type: event.action ?? type };
  if (type !== "payment") {
    if (!(await seenEvent(db, "mercadopago", ev.id))) await recordOnly(c, "mercadopago", ev.id, ev.type, null);
    return c.json({ ok: true });
  }
  // Payment notifications are not deduplicated: the payment is fetched and applying it is
  // idempotent per payment id. The signature covers the query's data.id only, so that is the id.
  if (!dataId || (event.data?.id !== undefined && String(event.data.id) !== dataId))
    throw new ApiError(400, "invalid_request", "data.id is missing or differs between query and body.");
  const outcome = await applyMercadoPagoPaymentById(db, cfg(c), dataId, ev);
  if (outcome === "unknown") throw unknownReference();
  if (outcome === "mismatch") throw mismatch("Payment amount or currency differs from the order.");
  if (outcome === "not_final") await recordOnly(c, "mercadopago", ev.id, ev.type, null);
  return c.json({ ok: true });
});

/**
 * The older IPN form (`?id=&topic=`) carries no signature, so nothing in it is believed: it is
 * answered 200 (Mercado Pago would retry anything else) and at most, rate-limited, the payment
 * it names is fetched from the API and applied like any reconciled payment.
 */
async function answerIpn(c: Ctx) {
  const id = c.req.query("id") ?? "";
  if (c.req.query("topic") === "payment" && PAYMENT_ID.test(id)) {
    try {
      await rateLimit(c.env.DB, "mercadopago:ipn", IPN_LOOKUPS_PER_MINUTE, 60);
      await applyMercadoPagoPaymentById(c.env.DB, cfg(c), id);
    } catch (err) {
      // A hint only: the signed webhook and the cron still find the payment.
      console.warn("mercadopago ipn lookup skipped", err instanceof Error ? err.message : "");
    }
  }
  return c.json({ ok: true });
}
