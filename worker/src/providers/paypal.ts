import * as v from "valibot";
import type { PayPalConfig } from "../config";
import { fetchJson, ProviderError } from "./http";

const codeOf = (body: unknown) => {
  const b = body as { name?: string; details?: { issue?: string }[]; error?: string } | null;
  return b?.details?.[0]?.issue ?? b?.name ?? b?.error ?? "unknown";
};

// Tokens live for hours (expires_in is in seconds); one per client id, renewed a minute early.
const tokens = new Map<string, { token: string; expiresAt: number }>();

async function accessToken(cfg: PayPalConfig): Promise<string> {
  const key = `${cfg.apiBase}|${cfg.clientId}`;
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  const { body } = await fetchJson(
    "paypal",
    `${cfg.apiBase}/v1/oauth2/token`,
    {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa(`${cfg.clientId}:${cfg.clientSecret}`)}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    },
    codeOf,
    TokenSchema,
  );
  tokens.set(key, { token: body.access_token, expiresAt: Date.now() + (body.expires_in - 60) * 1000 });
  return body.access_token;
}

const TokenSchema = v.object({ access_token: v.string(), expires_in: v.number() });

async function call<S extends v.GenericSchema>(
  cfg: PayPalConfig,
  schema: S,
  method: string,
  path: string,
  body?: unknown,
  requestId?: string,
) {
  const send = async () =>
    fetchJson(
      "paypal",
      `${cfg.apiBase}${path}`,
      {
        method,
        headers: {
          authorization: `Bearer ${await accessToken(cfg)}`,
          "content-type": "application/json",
          prefer: "return=representation",
          ...(requestId ? { "paypal-request-id": requestId } : {}),
        },
        body: body === undefined ? (method === "POST" ? "" : undefined) : JSON.stringify(body),
      },
      codeOf,
      schema,
    );
  try {
    return await send();
  } catch (err) {
    // A revoked or expired token: drop it and try once more with a fresh one.
    if (err instanceof ProviderError && err.status === 401) {
      tokens.delete(`${cfg.apiBase}|${cfg.clientId}`);
      return send();
    }
    throw err;
  }
}

const MoneySchema = v.object({ currency_code: v.string(), value: v.string() });
const LinksSchema = v.array(v.looseObject({ href: v.string(), rel: v.string() }));

/** A capture as PayPal returns it in orders and webhooks (the parts we read; others pass through). */
export const PayPalCaptureSchema = v.looseObject({
  id: v.string(),
  status: v.string(),
  amount: v.optional(MoneySchema),
  custom_id: v.optional(v.string()),
  create_time: v.optional(v.string()),
  update_time: v.optional(v.string()),
  supplementary_data: v.optional(
    v.looseObject({ related_ids: v.optional(v.looseObject({ order_id: v.optional(v.string()) })) }),
  ),
  links: v.optional(LinksSchema),
});
export type PayPalCapture = v.InferOutput<typeof PayPalCaptureSchema>;

/** The parts of an order we read. */
export const PayPalOrderSchema = v.looseObject({
  id: v.string(),
  status: v.string(),
  links: v.optional(LinksSchema),
  purchase_units: v.optional(
    v.array(
      v.looseObject({
        custom_id: v.optional(v.string()),
        amount: v.optional(MoneySchema),
        payments: v.optional(v.looseObject({ captures: v.optional(v.array(PayPalCaptureSchema)) })),
      }),
    ),
  ),
});
export type PayPalOrder = v.InferOutput<typeof PayPalOrderSchema>;

/** A refund as the refund call and `GET /v2/payments/refunds/{id}` return it. */
export const PayPalRefundSchema = v.looseObject({
  id: v.string(),
  status: v.string(),
  amount: v.optional(MoneySchema),
  links: v.optional(LinksSchema),
});
export type PayPalRefund = v.InferOutput<typeof PayPalRefundSchema>;

/** The buyer's approval link (`payer-action` with experience_context, `approve` otherwise). */
export function approveLink(order: PayPalOrder): string | null {
  return order.links?.find((l) => l.rel === "payer-action" || l.rel === "approve")?.href ?? null;
}

/** The first capture of an order, if it was captured. */
export function firstCapture(order: PayPalOrder): PayPalCapture | null {
  return order.purchase_units?.[0]?.payments?.captures?.[0] ?? null;
}

/** Creates an order for one checkout; `requestId` makes a retried call return the same order. */
export async function createOrder(
  cfg: PayPalConfig,
  o: {
    bookingId: string;
    description: string;
    amount: { value: string; currency: string };
    returnUrl: string;
    cancelUrl: string;
    locale?: string | null;
    requestId: string;
  },
): Promise<PayPalOrder> {
  const { body } = await call(
    cfg,
    PayPalOrderSchema,
    "POST",
    "/v2/checkout/orders",
    {
      intent: "CAPTURE",
      purchase_units: [
        {
          reference_id: "default",
          custom_id: o.bookingId,
          description: o.description.slice(0, 127),
          amount: { currency_code: o.amount.currency, value: o.amount.value },
        },
      ],
      payment_source: {
        paypal: {
          experience_context: {
            user_action: "PAY_NOW",
            shipping_preference: "NO_SHIPPING",
            return_url: o.returnUrl,
            cancel_url: o.cancelUrl,
            brand_name: "LeadsCalendar",
            ...(o.locale ? { locale: o.locale === "pt-BR" ? "pt-BR" : o.locale === "es" ? "es-ES" : "en-US" } : {}),
          },
        },
      },
    },
    o.requestId,
  );
  return body;
}

export async function getOrder(cfg: PayPalConfig, orderId: string): Promise<PayPalOrder> {
  return (await call(cfg, PayPalOrderSchema, "GET", `/v2/checkout/orders/${encodeURIComponent(orderId)}`)).body;
}

/** A capture as PayPal has it now: what a webhook claims is checked against this (bodies are only CRC-32 protected). */
export async function getCapture(cfg: PayPalConfig, captureId: string): Promise<PayPalCapture> {
  const path = `/v2/payments/captures/${encodeURIComponent(captureId)}`;
  return (await call(cfg, PayPalCaptureSchema, "GET", path)).body;
}

/** Waits before re-reading an order whose capture another request is still running (ms; 3 reads, ~2 s). */
const IN_PROGRESS_WAITS_MS = [250, 600, 1200];

/**
 * Captures an approved order. An order captured before (e.g. by a webhook race) is read back instead.
 * So is one whose capture is still running under the same PayPal-Request-Id (the page's onApprove and
 * the APPROVED webhook capture at once; PayPal refuses the second with 409 PREVIOUS_REQUEST_IN_PROGRESS):
 * the order is re-read until the first capture shows, and returned as it stands after that (an order
 * without a capture yet is "not final", and the capture's own webhook or the cron finishes it).
 */
export async function captureOrder(cfg: PayPalConfig, orderId: string): Promise<PayPalOrder> {
  try {
    const path = `/v2/checkout/orders/${encodeURIComponent(orderId)}/capture`;
    return (await call(cfg, PayPalOrderSchema, "POST", path, undefined, `capture-${orderId}`)).body;
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    if (err.code === "ORDER_ALREADY_CAPTURED") return getOrder(cfg, orderId);
    if (err.code !== "PREVIOUS_REQUEST_IN_PROGRESS") throw err;
    let order: PayPalOrder | null = null;
    for (const ms of IN_PROGRESS_WAITS_MS) {
      await new Promise((r) => setTimeout(r, ms));
      order = await getOrder(cfg, orderId);
      if (firstCapture(order)) return order;
    }
    return order as PayPalOrder;
  }
}

/**
 * Refunds a capture in full. `requestId` (PayPal-Request-Id) makes a retry after a lost answer the
 * same refund; the answer may be `PENDING`, finished later (see {@link getRefund}).
 */
export async function refundCapture(cfg: PayPalConfig, captureId: string, requestId: string): Promise<PayPalRefund> {
  const path = `/v2/payments/captures/${encodeURIComponent(captureId)}/refund`;
  return (await call(cfg, PayPalRefundSchema, "POST", path, {}, requestId)).body;
}

/** A refund's current state (`GET /v2/payments/refunds/{id}`). */
export async function getRefund(cfg: PayPalConfig, refundId: string): Promise<PayPalRefund> {
  return (await call(cfg, PayPalRefundSchema, "GET", `/v2/payments/refunds/${encodeURIComponent(refundId)}`)).body;
}
