import { Hono } from "hono";
import * as v from "valibot";
import {
  getCheckout,
  getProviderOrder,
  getProviderOrderByReference,
  markPendingStmt,
  nowIso,
  recordEventStmt,
  seenEvent,
  seenEventAndOrder,
} from "../../db";
import type { Env } from "../../env";
import { ApiError } from "../../errors";
import { cfg } from "../../http";
import { CHECKOUT } from "../../lifecycle/machine";
import { moveStmt } from "../../lifecycle/move";
import { applyPayPalCapture, capturePayPal } from "../../orders";
import * as paypal from "../../providers/paypal";
import { verifyPayPalWebhook } from "../../verify/paypal";
import { fetchCert } from "../../verify/paypal-cert";
import { header, mismatch, parseJson, parseResource, recordOnly, rejectSignature, unknownReference } from "./common";

const PayPalEvent = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  event_type: v.string(),
  resource: v.looseObject({ id: v.optional(v.string()) }),
});

/** `POST /webhooks/paypal` */
export const paypalWebhook = new Hono<{ Bindings: Env }>();

paypalWebhook.post("/", async (c) => {
  const pp = cfg(c).paypal;
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
  const event = parseJson(new TextDecoder().decode(raw), PayPalEvent);
  const db = c.env.DB;
  const isCapture = event.event_type.startsWith("PAYMENT.CAPTURE.");
  const capture = isCapture ? parseResource(event.resource, paypal.PayPalCaptureSchema) : null;
  const orderId = capture?.supplementary_data?.related_ids?.order_id;
  const { seen, order: orderById } = orderId
    ? await seenEventAndOrder(db, "paypal", event.id, orderId)
    : { seen: await seenEvent(db, "paypal", event.id), order: null };
  if (seen) return c.json({ ok: true, duplicate: true });
  const ev = { id: event.id, type: event.event_type };

  if (capture) {
    const order = orderId
      ? orderById
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
        moveStmt(db, CHECKOUT, "payment_failed", { booking_id: order.booking_id }),
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
