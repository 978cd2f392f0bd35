// What each authentic PayPal delivery does. A PayPal signature covers the body only through its
// CRC-32, which a forged body can match (docs/providers.md, "PayPal"), so a body is a hint: before
// anything changes, the capture is read from PayPal (`GET /v2/payments/captures/{id}`) and what
// PayPal says is applied. Duplicates and deliveries that change nothing make no outbound call. An
// authentic delivery that matches nothing of ours is recorded and answered 200 (PayPal retries 4xx
// for days).
import * as v from "valibot";
import type { Config } from "../../config";
import { getCheckout, getProviderOrder, type PaymentRow, type ProviderOrderRow, recordEventStmt } from "../../db";
import { PAYMENT } from "../../lifecycle/machine";
import { moveStmt } from "../../lifecycle/move";
import { finishRefund, getRefund } from "../../lifecycle/refunds";
import { applyPayPalStatus, capturePayPal, type PayPalOutcome } from "../../orders";
import { ProviderError } from "../../providers/http";
import * as paypal from "../../providers/paypal";

/** The verified envelope. */
export interface PayPalEvent {
  id: string;
  type: string;
  resource: Record<string, unknown>;
}

/** What the handler answers (always 200: errors worth a retry are thrown). */
export type EventResult = { ok: true; duplicate?: true; ignored?: string };

/** A refund (REFUNDED / REVERSED) names its capture only by the end of its `up` link. */
const RefundHint = v.looseObject({
  id: v.optional(v.string()),
  links: v.optional(v.array(v.looseObject({ rel: v.string(), href: v.string() }))),
});
const CaptureHint = v.looseObject({
  id: v.string(),
  supplementary_data: v.optional(
    v.looseObject({ related_ids: v.optional(v.looseObject({ order_id: v.optional(v.string()) })) }),
  ),
});
const CAPTURE_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The capture id a refund resource's `up` link points at, or null. */
export function refundedCaptureId(resource: unknown): string | null {
  const r = v.safeParse(RefundHint, resource);
  const up = r.success ? r.output.links?.find((l) => l.rel === "up")?.href : undefined;
  const id = up?.match(/\/v2\/payments\/captures\/([^/?#]+)$/)?.[1];
  return id && CAPTURE_ID.test(id) ? id : null;
}

/** Which capture a delivery is about, and how: a capture event, a refund event, or neither. */
export function classify(
  event: PayPalEvent,
): { kind: "capture" | "refund"; captureId: string; orderHint?: string } | null {
  const resourceType = typeof event.resource.resource_type === "string" ? event.resource.resource_type : null;
  if (
    event.type === "PAYMENT.CAPTURE.REFUNDED" ||
    event.type === "PAYMENT.CAPTURE.REVERSED" ||
    resourceType === "refund"
  ) {
    const captureId = refundedCaptureId(event.resource);
    return captureId ? { kind: "refund", captureId } : null;
  }
  if (!event.type.startsWith("PAYMENT.CAPTURE.")) return null;
  const c = v.safeParse(CaptureHint, event.resource);
  if (!c.success || !CAPTURE_ID.test(c.output.id)) return null;
  return { kind: "capture", captureId: c.output.id, orderHint: c.output.supplementary_data?.related_ids?.order_id };
}

/**
 * The reads every delivery starts with, in one D1 round trip: seen before? the payment this
 * capture made, if any; and the order the body names (only a hint: checked against PayPal's answer).
 */
export async function firstReads(db: D1Database, eventId: string, captureId: string | null, orderHint?: string) {
  const [seen, payment, order] = await db.batch([
    db.prepare("SELECT 1 AS x FROM webhook_events WHERE provider = 'paypal' AND event_id = ?").bind(eventId),
    db.prepare("SELECT * FROM payments WHERE provider = 'paypal' AND payment_id = ?").bind(captureId ?? ""),
    db
      .prepare(
        `SELECT o.*, c.status AS checkout_status FROM provider_orders o JOIN checkouts c ON c.booking_id = o.booking_id
         WHERE o.provider = 'paypal' AND o.order_id = ?`,
      )
      .bind(orderHint ?? ""),
  ]);
  return {
    seen: (seen?.results.length ?? 0) > 0,
    payment: (payment?.results[0] as PaymentRow | undefined) ?? null,
    orderByHint: (order?.results[0] as (ProviderOrderRow & { checkout_status: string }) | undefined) ?? null,
  };
}

const record = (db: D1Database, e: PayPalEvent, bookingId: string | null) =>
  recordEventStmt(db, "paypal", e.id, e.type, bookingId).run();

/** Reads the capture from PayPal; null when PayPal has no such capture (a forged or foreign id). */
async function fetchCapture(config: Config, captureId: string): Promise<paypal.PayPalCapture | null> {
  try {
    return await paypal.getCapture(config.paypal as NonNullable<Config["paypal"]>, captureId);
  } catch (err) {
    if (err instanceof ProviderError && err.status === 404) return null;
    throw err;
  }
}

/** A capture event (COMPLETED, PENDING, DENIED …): apply the capture as PayPal reports it. */
export async function onCaptureEvent(
  db: D1Database,
  config: Config,
  e: PayPalEvent,
  captureId: string,
  known: Awaited<ReturnType<typeof firstReads>>,
): Promise<EventResult> {
  // This capture already paid (or is being refunded): nothing a capture event says can change that.
  if (known.payment) {
    await record(db, e, known.payment.booking_id);
    return { ok: true };
  }
  // PENDING for a checkout that is no longer open (the page's capture said so first), or DENIED for
  // an order already closed: no-ops, so no call to PayPal.
  const hinted = known.orderByHint;
  if (
    hinted &&
    ((e.type === "PAYMENT.CAPTURE.PENDING" && hinted.checkout_status !== "open") ||
      (e.type === "PAYMENT.CAPTURE.DENIED" && hinted.status !== "open"))
  ) {
    await record(db, e, hinted.booking_id);
    return { ok: true };
  }
  const capture = await fetchCapture(config, captureId);
  const orderId = capture?.supplementary_data?.related_ids?.order_id;
  const order =
    orderId === undefined
      ? null
      : known.orderByHint?.order_id === orderId
        ? known.orderByHint
        : await getProviderOrder(db, "paypal", orderId);
  if (!capture || !order) return ignore(db, e, null, "no order of ours has this capture");
  if (capture.custom_id !== undefined && capture.custom_id !== order.booking_id)
    return ignore(db, e, order.booking_id, "the capture's custom_id is not this order's booking");
  const outcome: PayPalOutcome = await applyPayPalStatus(db, config, order, capture, capture.custom_id, {
    id: e.id,
    type: e.type,
  });
  if (outcome === "mismatch")
    return ignore(db, e, order.booking_id, "capture amount or currency differs from the order");
  return { ok: true };
}

/**
 * A refund or reversal: matched to our payment by the capture id of its `up` link. Our own refund
 * finishes once PayPal shows the capture refunded; a refund made elsewhere (PayPal's dashboard, a
 * chargeback) marks the payment refunded.
 */
export async function onRefundEvent(
  db: D1Database,
  config: Config,
  e: PayPalEvent,
  captureId: string,
  payment: PaymentRow | null,
): Promise<EventResult> {
  if (!payment) return ignore(db, e, null, "no payment of ours has this capture");
  if (payment.status === "refunded") {
    await record(db, e, payment.booking_id);
    return { ok: true };
  }
  const capture = await fetchCapture(config, captureId);
  if (capture?.status !== "REFUNDED")
    return ignore(db, e, payment.booking_id, `the capture is ${capture?.status ?? "unknown"} at PayPal`);
  const key = { provider: "paypal" as const, paymentId: payment.payment_id };
  if (await getRefund(db, key)) await finishRefund({ db, config }, key);
  else {
    console.warn("paypal: capture refunded outside the Worker", payment.payment_id, e.type);
    await moveStmt(db, PAYMENT, "refunded_elsewhere", { provider: "paypal", payment_id: payment.payment_id }).run();
  }
  await record(db, e, payment.booking_id);
  return { ok: true };
}

/**
 * CHECKOUT.ORDER.APPROVED: the payer approved, and the page may have closed before capturing, so
 * capture here while the hold lasts (the capture call is PayPal's own answer). After the hold,
 * nothing is captured, so no money moves and nothing needs a refund.
 */
export async function onOrderApproved(db: D1Database, config: Config, e: PayPalEvent): Promise<EventResult> {
  const orderId = typeof e.resource.id === "string" ? e.resource.id : null;
  const order = orderId ? await getProviderOrder(db, "paypal", orderId) : null;
  if (!order) return ignore(db, e, null, "no order of ours has this id");
  const row = await getCheckout(db, order.booking_id);
  if (
    order.status === "open" &&
    row &&
    (row.status === "open" || row.status === "pending") &&
    row.hold_until > new Date().toISOString()
  ) {
    const outcome = await capturePayPal(db, config, row, order);
    if (outcome === "mismatch")
      return ignore(db, e, order.booking_id, "capture amount or currency differs from the order");
  }
  await record(db, e, order.booking_id);
  return { ok: true };
}

/** Records an authentic delivery that changes nothing, logs why, and answers 200. */
export async function ignore(
  db: D1Database,
  e: PayPalEvent,
  bookingId: string | null,
  why: string,
): Promise<EventResult> {
  console.warn(`paypal webhook ${e.type} ${e.id} changes nothing: ${why}`);
  await record(db, e, bookingId);
  return { ok: true, ignored: why };
}
