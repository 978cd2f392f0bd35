import type { MercadoPagoConfig } from "../config";
import { fetchJson } from "./http";

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
export interface MercadoPagoPreference {
  id: string;
  init_point: string;
  sandbox_init_point?: string;
}

export async function createPreference(
  cfg: MercadoPagoConfig,
  p: {
    bookingId: string;
    title: string;
    notificationUrl: string;
    backUrl: string;
    expiresTo: string;
    idempotencyKey: string;
  },
): Promise<MercadoPagoPreference> {
  const { body } = await fetchJson<MercadoPagoPreference>(
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
            unit_price: Number(cfg.priceValue),
            currency_id: cfg.currency,
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
  );
  return body;
}

/** A payment as `GET /v1/payments/{id}` returns it: the only source of truth for its status. */
export interface MercadoPagoPayment {
  id: number | string;
  status: string;
  status_detail?: string;
  external_reference?: string | null;
  transaction_amount?: number;
  currency_id?: string;
  date_approved?: string | null;
}

export async function getPayment(cfg: MercadoPagoConfig, id: string): Promise<MercadoPagoPayment> {
  const url = `${cfg.apiBase}/v1/payments/${encodeURIComponent(id)}`;
  return (await fetchJson<MercadoPagoPayment>("mercadopago", url, { headers: headers(cfg) }, codeOf)).body;
}

/** Payments for a booking, newest first: how the cron finds a payment whose webhook never came. */
export async function searchPayments(cfg: MercadoPagoConfig, externalReference: string): Promise<MercadoPagoPayment[]> {
  const url = `${cfg.apiBase}/v1/payments/search?external_reference=${encodeURIComponent(externalReference)}&sort=date_created&criteria=desc`;
  const { body } = await fetchJson<{ results?: MercadoPagoPayment[] }>(
    "mercadopago",
    url,
    { headers: headers(cfg) },
    codeOf,
  );
  return body.results ?? [];
}

/** Full refund; idempotent per payment. */
export async function refundPayment(cfg: MercadoPagoConfig, id: string): Promise<{ id: number | string }> {
  const url = `${cfg.apiBase}/v1/payments/${encodeURIComponent(id)}/refunds`;
  const init = { method: "POST", headers: headers(cfg, `refund-${id}`), body: "{}" };
  return (await fetchJson<{ id: number | string }>("mercadopago", url, init, codeOf)).body;
}
