// Mercado Pago's in-memory preferences and payments, its webhook signer and the payment lifecycle.
import { createHmac } from "node:crypto";
import { type Ctx, MP_SITE_CURRENCIES, type WebhookSigner } from "./types.ts";
import { randomUUID } from "./util.ts";

export const COLLECTOR_ID = 1234567890;

export interface MpPreference {
  id: string;
  body: Record<string, unknown>;
  dateCreated: string;
}

export type MpStatus = "approved" | "pending" | "in_process" | "rejected" | "cancelled" | "refunded" | "charged_back";

export interface MpPayment {
  id: number;
  preferenceId: string;
  status: MpStatus;
  statusDetail: string;
  externalReference: string | null;
  amount: number;
  currency: string;
  dateCreated: string;
  dateApproved: string | null;
  dateLastUpdated: string;
  refunds: { id: number; amount: number; date_created: string }[];
}

export interface MpState {
  preferences: Map<string, MpPreference>;
  payments: Map<number, MpPayment>;
  /** X-Idempotency-Key → stored answer. */
  idempotency: Map<string, { status: number; body: unknown }>;
  nextPaymentId: number;
  nextNotificationId: number;
}

export const createMpState = (): MpState => ({
  preferences: new Map(),
  payments: new Map(),
  idempotency: new Map(),
  nextPaymentId: 1_320_000_001,
  nextNotificationId: 120_000_000_001,
});

/** MP's local-time ISO format with milliseconds and offset (we use UTC-04:00 like MP's servers). */
export function mpDate(ms: number): string {
  return `${new Date(ms - 4 * 3_600_000).toISOString().replace("Z", "")}-04:00`;
}

/** An IPN call (`?id=&topic=`): Mercado Pago's older notification form, which carries no signature. */
const isIpn = (url: string) => new URL(url).searchParams.has("topic");

/** `x-signature: ts=<seconds>,v1=<hex HMAC-SHA256 of id:…;request-id:…;ts:…;>` plus x-request-id. */
export function mpSigner(ctx: Ctx): WebhookSigner {
  return {
    sign(_body, url): Record<string, string> {
      if (isIpn(url)) return {};
      const dataId = new URL(url).searchParams.get("data.id");
      const requestId = randomUUID();
      const ts = String(Math.floor(Date.now() / 1000)); // real time, like the other signers
      let manifest = "";
      if (dataId) manifest += `id:${dataId.toLowerCase()};`;
      manifest += `request-id:${requestId};ts:${ts};`;
      const v1 = createHmac("sha256", ctx.creds.mercadopago.webhookSecret).update(manifest).digest("hex");
      return { "x-signature": `ts=${ts},v1=${v1}`, "x-request-id": requestId };
    },
    breakSignature(headers) {
      if (!headers["x-signature"]) return headers;
      const sig = headers["x-signature"] ?? "";
      const last = sig.at(-1) === "0" ? "1" : "0";
      return { ...headers, "x-signature": sig.slice(0, -1) + last };
    },
    isAck: (status) => status === 200 || status === 201,
  };
}

/**
 * Notifies the preference's notification_url about payment `p`: a signed Webhooks call
 * (`?data.id=&type=payment`) and, unless the URL says `source_news=webhooks`, also the older
 * unsigned IPN call (`?id=&topic=payment`) — as Mercado Pago does (`source_news=ipn`: IPN only).
 */
export function notifyPayment(ctx: Ctx, st: MpState, p: MpPayment): void {
  const pref = st.preferences.get(p.preferenceId);
  const base = pref?.body.notification_url;
  if (typeof base !== "string") return;
  const source = new URL(base).searchParams.get("source_news");
  if (source !== "ipn") notifyWebhook(ctx, st, base, p);
  if (source === "webhooks") return;
  const ipn = new URL(base);
  ipn.searchParams.set("id", String(p.id));
  ipn.searchParams.set("topic", "payment");
  ctx.deliver("mercadopago", ipn.toString(), JSON.stringify({ resource: String(p.id), topic: "payment" }));
}

function notifyWebhook(ctx: Ctx, st: MpState, base: string, p: MpPayment): void {
  const u = new URL(base);
  u.searchParams.set("data.id", String(p.id));
  u.searchParams.set("type", "payment");
  const id = st.nextNotificationId++;
  const body = JSON.stringify({
    id,
    live_mode: false,
    type: "payment",
    date_created: mpDate(ctx.clock.now()),
    user_id: COLLECTOR_ID,
    api_version: "v1",
    action: "payment.updated",
    data: { id: String(p.id) },
  });
  ctx.deliver("mercadopago", u.toString(), body, String(id));
}

const DETAILS: Record<string, string> = {
  approved: "accredited",
  rejected: "cc_rejected_other_reason",
  pending: "pending_waiting_payment",
  in_process: "pending_contingency",
  cancelled: "expired",
};

/** The buyer finishes checkout: a payment with `status`, then a webhook. */
export function payPreference(
  ctx: Ctx,
  st: MpState,
  pref: MpPreference,
  status: "approved" | "rejected" | "pending" | "in_process",
): MpPayment {
  const items = Array.isArray(pref.body.items) ? (pref.body.items as Record<string, unknown>[]) : [];
  const amount = items.reduce((s, i) => s + Number(i.unit_price ?? 0) * Number(i.quantity ?? 1), 0);
  const now = mpDate(ctx.clock.now());
  const p: MpPayment = {
    id: st.nextPaymentId++,
    preferenceId: pref.id,
    status,
    statusDetail: DETAILS[status] ?? status,
    externalReference: typeof pref.body.external_reference === "string" ? pref.body.external_reference : null,
    amount: Math.round(amount * 100) / 100,
    currency: String(items[0]?.currency_id ?? MP_SITE_CURRENCIES[ctx.settings.mercadopagoSite]),
    dateCreated: now,
    dateApproved: status === "approved" ? now : null,
    dateLastUpdated: now,
    refunds: [],
  };
  st.payments.set(p.id, p);
  notifyPayment(ctx, st, p);
  return p;
}

/** Moves a payment to another status (control API: a pending payment gets approved, a chargeback…). */
export function updatePayment(ctx: Ctx, st: MpState, p: MpPayment, status: MpStatus): void {
  p.status = status;
  p.statusDetail = DETAILS[status] ?? status;
  p.dateLastUpdated = mpDate(ctx.clock.now());
  if (status === "approved") p.dateApproved ??= p.dateLastUpdated;
  notifyPayment(ctx, st, p);
}

/** The payment as `GET /v1/payments/{id}` returns it (the fields clients use, plus common ones). */
export function paymentJson(p: MpPayment): Record<string, unknown> {
  const refunded = p.refunds.reduce((s, r) => s + r.amount, 0);
  return {
    id: p.id,
    date_created: p.dateCreated,
    date_approved: p.dateApproved,
    date_last_updated: p.dateLastUpdated,
    money_release_date: p.dateApproved,
    operation_type: "regular_payment",
    payment_method_id: "account_money",
    payment_type_id: "account_money",
    status: p.status,
    status_detail: p.statusDetail,
    currency_id: p.currency,
    description: null,
    live_mode: false,
    collector_id: COLLECTOR_ID,
    payer: { id: "1234567", email: "test_user_123@testuser.com", type: "registered" },
    metadata: {},
    order: { id: String(p.id + 9_000_000_000), type: "mercadopago" },
    external_reference: p.externalReference,
    transaction_amount: p.amount,
    transaction_amount_refunded: refunded,
    transaction_details: { net_received_amount: p.amount, total_paid_amount: p.amount, installment_amount: p.amount },
    installments: 1,
    refunds: p.refunds.map((r) => ({
      id: r.id,
      payment_id: p.id,
      amount: r.amount,
      status: "approved",
      date_created: r.date_created,
    })),
    captured: true,
    binary_mode: false,
    preference_id: p.preferenceId,
  };
}
