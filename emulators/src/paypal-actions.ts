// PayPal order and capture transitions shared by the REST routes, the buyer pages and the control
// API: approval, capture (with the outcome chosen at approval), and later settlement.
import {
  type CaptureOutcome,
  captureJson,
  type Detail,
  iso,
  orderJson,
  type PayPalCapture,
  type PayPalOrder,
  type PayPalRefund,
  type PayPalState,
  payerId,
  paypalId,
  refundJson,
} from "./paypal-state.ts";
import { emitPayPalEvent } from "./paypal-webhooks.ts";
import type { Ctx } from "./types.ts";

/** Buyer approval: APPROVED + CHECKOUT.ORDER.APPROVED; returns the URL to send the buyer to. */
export function approveOrder(
  ctx: Ctx,
  st: PayPalState,
  id: string,
  outcome: CaptureOutcome = "COMPLETED",
): string | Error {
  const o = st.orders.get(id);
  if (!o) return new Error("order not found");
  if (o.status !== "CREATED" && o.status !== "PAYER_ACTION_REQUIRED" && o.status !== "APPROVED") {
    return new Error(`order is ${o.status}`);
  }
  o.status = "APPROVED";
  o.outcome = outcome;
  o.payer ??= {
    payer_id: payerId(),
    email_address: "buyer@example.com",
    name: { given_name: "Test", surname: "Buyer" },
  };
  o.updateTime = iso(ctx.clock.now());
  emitPayPalEvent(ctx, st, "CHECKOUT.ORDER.APPROVED", "An order has been approved by buyer", orderJson(ctx, st, o));
  if (!o.returnUrl) return "";
  const u = new URL(o.returnUrl);
  u.searchParams.set("token", o.id);
  u.searchParams.set("PayerID", o.payer.payer_id);
  return u.toString();
}

/** Buyer cancel: the order stays unapproved; returns cancel_url?token=… (or ""). */
export function cancelOrderUrl(st: PayPalState, id: string): string {
  const o = st.orders.get(id);
  if (!o?.cancelUrl) return "";
  const u = new URL(o.cancelUrl);
  u.searchParams.set("token", o.id);
  return u.toString();
}

/** Changes a capture's status from the control API (pending → completed/denied, or a reversal). */
export function settleCapture(ctx: Ctx, st: PayPalState, id: string, status: string): Error | PayPalCapture {
  const cap = st.captures.get(id);
  if (!cap) return new Error("capture not found");
  const events: Record<string, string> = {
    COMPLETED: "PAYMENT.CAPTURE.COMPLETED",
    DECLINED: "PAYMENT.CAPTURE.DENIED",
    REVERSED: "PAYMENT.CAPTURE.REVERSED",
  };
  const type = events[status];
  if (!type) return new Error("status must be COMPLETED, DECLINED or REVERSED");
  const now = iso(ctx.clock.now());
  cap.status = status === "REVERSED" ? "REFUNDED" : (status as PayPalCapture["status"]);
  cap.updateTime = now;
  if (status !== "REVERSED") {
    emitPayPalEvent(ctx, st, type, `Payment capture ${status.toLowerCase()}`, captureJson(ctx, cap));
    return cap;
  }
  // A reversal (chargeback) takes the money back as a refund: like a refund event, the resource is
  // the refund, which names its capture only through the "up" link.
  const refund: PayPalRefund = {
    id: paypalId(),
    captureId: cap.id,
    status: "COMPLETED",
    amount: cap.amount,
    createTime: now,
  };
  st.refunds.set(refund.id, refund);
  cap.refundIds.push(refund.id);
  emitPayPalEvent(
    ctx,
    st,
    type,
    `A ${cap.amount.value} ${cap.amount.currency_code} capture payment was reversed`,
    refundJson(ctx, refund),
  );
  return cap;
}

/** Why an order cannot be captured now (PayPal 422 issue), or null. */
export function captureIssue(st: PayPalState, o: PayPalOrder): Detail | null {
  if (o.status === "COMPLETED")
    return {
      issue: "ORDER_ALREADY_CAPTURED",
      description: "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
    };
  if (o.status !== "APPROVED")
    return {
      issue: "ORDER_NOT_APPROVED",
      description:
        "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
    };
  if (o.outcome === "INSTRUMENT_DECLINED")
    return {
      issue: "INSTRUMENT_DECLINED",
      description:
        "The instrument presented  was either declined by the processor or bank, or it can't be used for this payment.",
    };
  const invoice = o.purchaseUnits[0]?.invoice_id;
  if (typeof invoice === "string") {
    const dup = [...st.captures.values()].some((cap) => cap.invoiceId === invoice && cap.status !== "DECLINED");
    if (dup)
      return {
        issue: "DUPLICATE_INVOICE_ID",
        description:
          "Duplicate Invoice ID detected. To avoid a potential duplicate transaction your account setting requires that Invoice Id be unique for each transaction.",
      };
  }
  return null;
}

/** Captures an approved order; the capture status follows the outcome chosen at approval. */
export function capture(ctx: Ctx, st: PayPalState, o: PayPalOrder): PayPalCapture {
  const pu = o.purchaseUnits[0] ?? {};
  const amount = pu.amount as { currency_code: string; value: string };
  const now = iso(ctx.clock.now());
  const status = o.outcome === "PENDING" ? "PENDING" : o.outcome === "DECLINED" ? "DECLINED" : "COMPLETED";
  const cap: PayPalCapture = {
    id: paypalId(),
    orderId: o.id,
    status,
    amount: { currency_code: amount.currency_code, value: amount.value },
    customId: typeof pu.custom_id === "string" ? pu.custom_id : null,
    invoiceId: typeof pu.invoice_id === "string" ? pu.invoice_id : null,
    refundIds: [],
    createTime: now,
    updateTime: now,
  };
  st.captures.set(cap.id, cap);
  o.captureIds.push(cap.id);
  o.status = "COMPLETED";
  o.updateTime = now;
  const type =
    status === "COMPLETED"
      ? "PAYMENT.CAPTURE.COMPLETED"
      : status === "PENDING"
        ? "PAYMENT.CAPTURE.PENDING"
        : "PAYMENT.CAPTURE.DENIED";
  emitPayPalEvent(
    ctx,
    st,
    type,
    `Payment ${status.toLowerCase()} for $ ${cap.amount.value} ${cap.amount.currency_code}`,
    captureJson(ctx, cap),
  );
  return cap;
}
