import * as v from "valibot";
import type { MercadoPagoConfig } from "../config";
import { AmountSchema, fetchJson } from "./http";

const codeOf = (b: unknown) => {
  const x = b as { error?: string; code?: string; message?: string } | null;
  return String(x?.error ?? x?.code ?? "unknown");
};

function headers(cfg: MercadoPagoConfig, idempotencyKey?: string) {
  return {
    authorization: `Bearer ${cfg.accessToken}`,
    "content-type": "application/json",
    ...(idempotencyKey ? { "x-idempotency-key": idempotencyKey } : {}),
  };
}

/** A Checkout Pro preference (the page sends the payer to `init_point`). */
const PreferenceSchema = v.looseObject({
  id: v.string(),
  init_point: v.string(),
  sandbox_init_point: v.optional(v.string()),
});
export type MercadoPagoPreference = v.InferOutput<typeof PreferenceSchema>;

export async function createPreference(
  cfg: MercadoPagoConfig,
  p: {
    bookingId: string;
    title: string;
    /** What the payer pays, in the account's currency (worker/src/pricing.ts). */
    amount: { value: string; currency: string };
    notificationUrl: string;
    backUrl: string;
    expiresTo: string;
    idempotencyKey: string;
  },
): Promise<MercadoPagoPreference> {
  const { body } = await fetchJson(
    "mercadopago",
    `${cfg.apiBase}/checkout/preferences`,
    {
      method: "POST",
      headers: headers(cfg, p.idempotencyKey),
      body: JSON.stringify({
        items: [
          {
            id: "commitment-fee",
            title: p.title.slice(0, 256),
            quantity: 1,
            unit_price: Number(p.amount.value),
            currency_id: p.amount.currency,
          },
        ],
        external_reference: p.bookingId,
        notification_url: p.notificationUrl,
        back_urls: { success: p.backUrl, pending: p.backUrl, failure: p.backUrl },
        auto_return: "approved",
        expires: true,
        expiration_date_to: p.expiresTo,
      }),
    },
    codeOf,
    PreferenceSchema,
  );
  return body;
}

/** A payment as `GET /v1/payments/{id}` returns it: the only source of truth for its status. */
export const MercadoPagoPaymentSchema = v.looseObject({
  id: v.union([v.number(), v.string()]),
  status: v.string(),
  status_detail: v.optional(v.nullable(v.string())),
  external_reference: v.optional(v.nullable(v.string())),
  transaction_amount: v.optional(AmountSchema),
  currency_id: v.optional(v.string()),
  date_approved: v.optional(v.nullable(v.string())),
});
export type MercadoPagoPayment = v.InferOutput<typeof MercadoPagoPaymentSchema>;
const SearchSchema = v.looseObject({ results: v.optional(v.array(MercadoPagoPaymentSchema)) });
const RefundSchema = v.looseObject({ id: v.union([v.number(), v.string()]), status: v.optional(v.string()) });

export async function getPayment(cfg: MercadoPagoConfig, id: string): Promise<MercadoPagoPayment> {
  const url = `${cfg.apiBase}/v1/payments/${encodeURIComponent(id)}`;
  return (await fetchJson("mercadopago", url, { headers: headers(cfg) }, codeOf, MercadoPagoPaymentSchema)).body;
}

/** Payments for a booking, newest first: how the cron finds a payment whose webhook never came. */
export async function searchPayments(cfg: MercadoPagoConfig, externalReference: string): Promise<MercadoPagoPayment[]> {
  const url = `${cfg.apiBase}/v1/payments/search?external_reference=${encodeURIComponent(externalReference)}&sort=date_created&criteria=desc`;
  const { body } = await fetchJson("mercadopago", url, { headers: headers(cfg) }, codeOf, SearchSchema);
  return body.results ?? [];
}

/** Full refund; `idempotencyKey` makes a retry after a lost answer the same refund. */
export async function refundPayment(cfg: MercadoPagoConfig, id: string, idempotencyKey = `refund-${id}`) {
  const url = `${cfg.apiBase}/v1/payments/${encodeURIComponent(id)}/refunds`;
  const init = { method: "POST", headers: headers(cfg, idempotencyKey), body: "{}" };
  return (await fetchJson("mercadopago", url, init, codeOf, RefundSchema)).body;
}
