import { Hono } from "hono";
import * as v from "valibot";
import type { Env } from "../../env";
import { ApiError } from "../../errors";
import { cfg } from "../../http";
import { toHex } from "../../verify/encoding";
import { verifyPayPalWebhook } from "../../verify/paypal";
import { fetchCert } from "../../verify/paypal-cert";
import { header, parseJson, rejectSignature } from "./common";
import { classify, firstReads, ignore, onCaptureEvent, onOrderApproved, onRefundEvent } from "./paypal-events";

const PayPalEnvelope = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  event_type: v.pipe(v.string(), v.maxLength(128)),
  resource_type: v.optional(v.string()),
  resource: v.looseObject({}),
});

/** `POST /webhooks/paypal` */
export const paypalWebhook = new Hono<{ Bindings: Env }>();

paypalWebhook.post("/", async (c) => {
  const config = cfg(c);
  const pp = config.paypal;
  if (!pp) throw new ApiError(404, "provider_unavailable", "PayPal is not configured.");
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const verdict = await verifyPayPalWebhook({
    headers: header(c),
    body: raw,
    webhookId: pp.webhookId,
    now: new Date(),
    certOrigins: pp.certOrigins,
    getCertPem: fetchCert,
  });
  if (!verdict.ok) rejectSignature("paypal", verdict.reason);
  const body = parseJson(new TextDecoder().decode(raw), PayPalEnvelope);
  // Deduplicated by event id *and* body: a forged body (same CRC-32, so it verifies) that reuses a
  // genuine event's id must not mark the genuine delivery as already seen. PayPal's own redeliveries
  // repeat the same bytes; one that did not would only cost a GET and an idempotent apply.
  const digest = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", raw))).slice(0, 16);
  const event = {
    id: `${body.id}:${digest}`,
    type: body.event_type,
    resource: { ...body.resource, ...(body.resource_type ? { resource_type: body.resource_type } : {}) },
  };
  const db = c.env.DB;
  const about = classify(event);
  const known = await firstReads(db, event.id, about?.captureId ?? null, about?.orderHint);
  if (known.seen) return c.json({ ok: true, duplicate: true });
  if (about?.kind === "capture") return c.json(await onCaptureEvent(db, config, event, about.captureId, known));
  if (about?.kind === "refund") return c.json(await onRefundEvent(db, config, event, about.captureId, known.payment));
  if (event.type === "CHECKOUT.ORDER.APPROVED") return c.json(await onOrderApproved(db, config, event));
  return c.json(await ignore(db, event, null, "an event type we do not act on"));
});
