// PayPal's in-memory entities and the JSON shapes the REST API returns for them.
import type { Context } from "hono";
import type { Ctx } from "./types.ts";
import { DIGITS, randomFrom, randomHex, UPPER_ALNUM } from "./util.ts";

/** What the next capture of an approved order does (chosen on the approve page or via `POST pay`). */
export type CaptureOutcome = "COMPLETED" | "PENDING" | "DECLINED" | "INSTRUMENT_DECLINED";

export interface PayPalOrder {
  id: string;
  intent: string;
  status: "CREATED" | "SAVED" | "APPROVED" | "VOIDED" | "COMPLETED" | "PAYER_ACTION_REQUIRED";
  purchaseUnits: Record<string, unknown>[];
  paymentSource: Record<string, unknown> | null;
  returnUrl: string | null;
  cancelUrl: string | null;
  payer: { payer_id: string; email_address: string; name: { given_name: string; surname: string } } | null;
  outcome: CaptureOutcome;
  captureIds: string[];
  createTime: string;
  updateTime: string;
}

export interface PayPalCapture {
  id: string;
  orderId: string;
  status: "COMPLETED" | "DECLINED" | "PARTIALLY_REFUNDED" | "PENDING" | "REFUNDED" | "FAILED";
  amount: { currency_code: string; value: string };
  customId: string | null;
  invoiceId: string | null;
  refundIds: string[];
  createTime: string;
  updateTime: string;
}

export interface PayPalRefund {
  id: string;
  captureId: string;
  /** PENDING until settled (control API); FAILED / CANCELLED leave the capture refundable. */
  status: "COMPLETED" | "PENDING" | "FAILED" | "CANCELLED";
  amount: { currency_code: string; value: string };
  createTime: string;
  updateTime?: string;
}

export interface PayPalWebhook {
  id: string;
  url: string;
  event_types: { name: string; description?: string }[];
}

export interface PayPalState {
  tokens: Map<string, number>;
  orders: Map<string, PayPalOrder>;
  captures: Map<string, PayPalCapture>;
  refunds: Map<string, PayPalRefund>;
  webhooks: Map<string, PayPalWebhook>;
  /** Raw bodies of sent webhook events by event id (the online verify endpoint needs the bytes). */
  events: Map<string, string>;
  /** `<operation>:<PayPal-Request-Id>` → the stored answer. */
  idempotency: Map<string, { status: number; body: unknown }>;
  /** `<operation>:<PayPal-Request-Id>` of requests still being processed. */
  inProgress: Set<string>;
}

export function createPayPalState(): PayPalState {
  return {
    tokens: new Map(),
    orders: new Map(),
    captures: new Map(),
    refunds: new Map(),
    webhooks: new Map(),
    events: new Map(),
    idempotency: new Map(),
    inProgress: new Set(),
  };
}

/** PayPal-looking ids: 17 upper-case alphanumerics for orders/captures, 13 for payer ids. */
export const paypalId = (): string => randomFrom(DIGITS, 1) + randomFrom(UPPER_ALNUM, 16);
export const payerId = (): string => randomFrom(UPPER_ALNUM, 13);
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** One PayPal error detail. */
export interface Detail {
  field?: string;
  value?: string;
  location?: string;
  issue: string;
  description: string;
}

const ERROR_NAMES: Record<number, [string, string]> = {
  400: ["INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema."],
  401: [
    "AUTHENTICATION_FAILURE",
    "Authentication failed due to invalid authentication credentials or a missing Authorization header.",
  ],
  403: ["NOT_AUTHORIZED", "Authorization failed due to insufficient permissions."],
  404: ["RESOURCE_NOT_FOUND", "The specified resource does not exist."],
  409: ["RESOURCE_CONFLICT", "The server has detected a conflict while processing this request."],
  415: ["UNSUPPORTED_MEDIA_TYPE", "The server does not support the request payload's media type."],
  422: [
    "UNPROCESSABLE_ENTITY",
    "The requested action could not be performed, semantically incorrect, or failed business validation.",
  ],
  429: ["RATE_LIMIT_REACHED", "Too many requests. Blocked due to rate limiting."],
  500: ["INTERNAL_SERVER_ERROR", "An internal server error has occurred."],
  503: ["SERVICE_UNAVAILABLE", "Service Unavailable."],
};

/** PayPal's error envelope `{name, message, debug_id, details, links}`. */
export function paypalErrorBody(status: number, details: Detail[] = []): Record<string, unknown> {
  const [name, message] = ERROR_NAMES[status] ?? ["INTERNAL_SERVER_ERROR", "An internal server error has occurred."];
  const issue = details[0]?.issue;
  const body: Record<string, unknown> = { name, message, debug_id: randomHex(7) };
  if (details.length > 0) body.details = details;
  body.links = [
    {
      href: issue
        ? `https://developer.paypal.com/api/rest/reference/orders/v2/errors/#${issue}`
        : "https://developer.paypal.com/api/rest/responses/#http-status-codes",
      rel: "information_link",
      method: "GET",
    },
  ];
  return body;
}

/** Sends a PayPal error with the `Paypal-Debug-Id` header real responses carry. */
export function paypalError(c: Context, status: number, details: Detail[] = []): Response {
  const body = paypalErrorBody(status, details);
  c.header("Paypal-Debug-Id", String(body.debug_id));
  return c.json(body, status as 400);
}

export function captureJson(ctx: Ctx, cap: PayPalCapture): Record<string, unknown> {
  const base = ctx.urls.paypal;
  const out: Record<string, unknown> = {
    id: cap.id,
    status: cap.status,
    amount: cap.amount,
    final_capture: true,
    seller_protection: { status: "ELIGIBLE", dispute_categories: ["ITEM_NOT_RECEIVED", "UNAUTHORIZED_TRANSACTION"] },
    seller_receivable_breakdown: {
      gross_amount: cap.amount,
      paypal_fee: { currency_code: cap.amount.currency_code, value: "0.35" },
      net_amount: {
        currency_code: cap.amount.currency_code,
        value: Math.max(0, Number(cap.amount.value) - 0.35).toFixed(2),
      },
    },
    links: [
      { href: `${base}/v2/payments/captures/${cap.id}`, rel: "self", method: "GET" },
      { href: `${base}/v2/payments/captures/${cap.id}/refund`, rel: "refund", method: "POST" },
      { href: `${base}/v2/checkout/orders/${cap.orderId}`, rel: "up", method: "GET" },
    ],
    create_time: cap.createTime,
    update_time: cap.updateTime,
    supplementary_data: { related_ids: { order_id: cap.orderId } },
  };
  if (cap.status === "PENDING") out.status_details = { reason: "PENDING_REVIEW" };
  if (cap.customId !== null) out.custom_id = cap.customId;
  if (cap.invoiceId !== null) out.invoice_id = cap.invoiceId;
  return out;
}

/** A refund as `GET /v2/payments/refunds/{id}` returns it, and as refund webhook events carry it. */
export function refundJson(ctx: Ctx, r: PayPalRefund): Record<string, unknown> {
  return {
    id: r.id,
    amount: r.amount,
    // PayPal keeps its fixed fee on a refund: none of the capture's fee comes back.
    seller_payable_breakdown: {
      gross_amount: r.amount,
      paypal_fee: { currency_code: r.amount.currency_code, value: "0.00" },
      net_amount: r.amount,
      total_refunded_amount: r.amount,
    },
    status: r.status,
    create_time: r.createTime,
    update_time: r.updateTime ?? r.createTime,
    links: [
      { href: `${ctx.urls.paypal}/v2/payments/refunds/${r.id}`, rel: "self", method: "GET" },
      { href: `${ctx.urls.paypal}/v2/payments/captures/${r.captureId}`, rel: "up", method: "GET" },
    ],
  };
}

/** Full representation of an order (`Prefer: return=representation`). */
export function orderJson(ctx: Ctx, st: PayPalState, o: PayPalOrder): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: o.id,
    intent: o.intent,
    status: o.status,
    purchase_units: o.purchaseUnits.map((pu, i) => {
      const caps = i === 0 ? o.captureIds.map((id) => st.captures.get(id)).filter((x) => x !== undefined) : [];
      const unit: Record<string, unknown> = { reference_id: pu.reference_id ?? "default", ...pu };
      unit.payee = { email_address: "merchant@example.com", merchant_id: "EMULATORMERCH" };
      if (caps.length > 0) unit.payments = { captures: caps.map((cap) => captureJson(ctx, cap)) };
      return unit;
    }),
    create_time: o.createTime,
    update_time: o.updateTime,
    links: orderLinks(ctx, o),
  };
  // Like PayPal: the request's experience_context is not echoed; the payer's account appears once approved.
  if (o.payer) {
    out.payment_source = {
      paypal: {
        email_address: o.payer.email_address,
        account_id: o.payer.payer_id,
        account_status: "VERIFIED",
        name: o.payer.name,
        address: { country_code: "US" },
      },
    };
  } else if (o.paymentSource) out.payment_source = { paypal: {} };
  if (o.payer) out.payer = o.payer;
  return out;
}

/** Minimal representation (the default `Prefer: return=minimal`). */
export function orderMinimal(ctx: Ctx, o: PayPalOrder): Record<string, unknown> {
  return { id: o.id, status: o.status, links: orderLinks(ctx, o) };
}

function orderLinks(ctx: Ctx, o: PayPalOrder): { href: string; rel: string; method: string }[] {
  const base = ctx.urls.paypal;
  const links = [{ href: `${base}/v2/checkout/orders/${o.id}`, rel: "self", method: "GET" }];
  if (o.status === "CREATED" || o.status === "PAYER_ACTION_REQUIRED") {
    // experience_context orders get rel "payer-action", legacy ones rel "approve" (docs/providers.md).
    links.push({
      href: `${base}/checkoutnow?token=${o.id}`,
      rel: o.status === "PAYER_ACTION_REQUIRED" ? "payer-action" : "approve",
      method: "GET",
    });
    links.push({ href: `${base}/v2/checkout/orders/${o.id}`, rel: "update", method: "PATCH" });
  }
  if (o.status === "APPROVED") {
    links.push({ href: `${base}/v2/checkout/orders/${o.id}`, rel: "update", method: "PATCH" });
    links.push({ href: `${base}/v2/checkout/orders/${o.id}/capture`, rel: "capture", method: "POST" });
  }
  return links;
}
