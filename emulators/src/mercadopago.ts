// Mercado Pago (api.mercadopago.com): Checkout Pro preferences, payments, refunds, and the buyer
// page at init_point (approve / reject / pending → back_urls, plus a signed webhook).
import type { Context, Hono } from "hono";
import {
  COLLECTOR_ID,
  type MpPreference,
  type MpState,
  mpDate,
  notifyPayment,
  paymentJson,
  payPreference,
} from "./mercadopago-state.ts";
import { type Ctx, MP_SITE_CURRENCIES } from "./types.ts";
import { buttonForm, esc, isObject, page, randomUUID, readJson } from "./util.ts";

/** MP's error envelope `{message, error, status, cause}`. */
export function mpErrorBody(status: number, message?: string, error?: string): Record<string, unknown> {
  const defaults: Record<number, [string, string]> = {
    400: ["bad request", "bad_request"],
    401: ["invalid access token", "unauthorized"],
    404: ["resource not found", "not_found"],
    429: ["too many requests", "too_many_requests"],
    500: ["internal server error", "internal_server_error"],
  };
  const [m, e] = defaults[status] ?? ["internal server error", "internal_server_error"];
  return { message: message ?? m, error: error ?? e, status, cause: [] };
}
const fail = (c: Context, status: number, message?: string, error?: string) =>
  c.json(mpErrorBody(status, message, error), status as 400);

/** The account's one currency: Mercado Pago refuses any other `currency_id` (even USD). */
export const siteCurrency = (ctx: Ctx): string => MP_SITE_CURRENCIES[ctx.settings.mercadopagoSite];

function checkPreference(ctx: Ctx, b: unknown): string | Record<string, unknown> {
  if (!isObject(b)) return "invalid body";
  if (!Array.isArray(b.items) || b.items.length === 0) return "items needed";
  for (const item of b.items) {
    if (!isObject(item)) return "items invalid";
    if (typeof item.unit_price !== "number" || !(item.unit_price > 0)) return "unit_price invalid";
    if (item.quantity !== undefined && (!Number.isInteger(item.quantity) || Number(item.quantity) < 1))
      return "quantity invalid";
    if (item.currency_id !== undefined && item.currency_id !== siteCurrency(ctx)) return "currency_id invalid";
  }
  const back = isObject(b.back_urls) ? b.back_urls : {};
  if (b.auto_return !== undefined && typeof back.success !== "string")
    return "auto_return invalid. back_url.success must be defined";
  if (
    b.notification_url !== undefined &&
    (typeof b.notification_url !== "string" || !URL.canParse(b.notification_url))
  ) {
    return "notification_url attribute must be url valid";
  }
  return b;
}

function preferenceJson(ctx: Ctx, p: MpPreference): Record<string, unknown> {
  const b = p.body;
  const items = (b.items as Record<string, unknown>[]).map((i) => ({
    quantity: 1,
    currency_id: siteCurrency(ctx),
    description: "",
    ...i,
  }));
  const init = `${ctx.urls.mercadopago}/checkout/v1/redirect?pref_id=${encodeURIComponent(p.id)}`;
  return {
    additional_info: "",
    auto_return: b.auto_return ?? "",
    back_urls: { failure: "", pending: "", success: "", ...(isObject(b.back_urls) ? b.back_urls : {}) },
    binary_mode: b.binary_mode ?? false,
    client_id: "6295877106812064",
    collector_id: COLLECTOR_ID,
    date_created: p.dateCreated,
    expires: b.expires ?? false,
    expiration_date_from: b.expiration_date_from ?? null,
    expiration_date_to: b.expiration_date_to ?? null,
    external_reference: b.external_reference ?? "",
    id: p.id,
    init_point: init,
    sandbox_init_point: `${init}&sandbox=1`,
    items,
    marketplace: "NONE",
    metadata: b.metadata ?? {},
    notification_url: b.notification_url ?? null,
    operation_type: "regular_payment",
    payer: b.payer ?? {},
    payment_methods: b.payment_methods ?? {},
    site_id: ctx.settings.mercadopagoSite,
    statement_descriptor: b.statement_descriptor ?? null,
  };
}

function expired(ctx: Ctx, p: MpPreference): boolean {
  const to = p.body.expiration_date_to;
  return p.body.expires === true && typeof to === "string" && Date.parse(to) < ctx.clock.now();
}

export function mercadoPagoRoutes(app: Hono, ctx: Ctx, st: MpState): void {
  const authed = (c: Context) => c.req.header("authorization") === `Bearer ${ctx.creds.mercadopago.accessToken}`;
  for (const prefix of ["/checkout/preferences", "/checkout/preferences/*", "/v1/*"]) {
    app.use(prefix, async (c, next) => (authed(c) ? next() : fail(c, 401)));
  }

  app.post("/checkout/preferences", async (c) => {
    const key = c.req.header("x-idempotency-key");
    const stored = key ? st.idempotency.get(`pref:${key}`) : undefined;
    if (stored) return c.json(stored.body as object, stored.status as 201);
    const { value, malformed } = await readJson(c);
    const checked = malformed ? "invalid body" : checkPreference(ctx, value);
    if (typeof checked === "string") {
      return fail(c, 400, checked, checked.startsWith("auto_return") ? "invalid_auto_return" : "invalid_items");
    }
    const pref: MpPreference = {
      id: `${COLLECTOR_ID}-${randomUUID()}`,
      body: checked,
      dateCreated: mpDate(ctx.clock.now()),
    };
    st.preferences.set(pref.id, pref);
    const body = preferenceJson(ctx, pref);
    if (key) st.idempotency.set(`pref:${key}`, { status: 201, body });
    return c.json(body, 201);
  });

  app.get("/checkout/preferences/:id", (c) => {
    const p = st.preferences.get(c.req.param("id"));
    return p ? c.json(preferenceJson(ctx, p)) : fail(c, 404, "Preference not found", "not_found");
  });

  app.get("/v1/payments/search", (c) => {
    const ref = c.req.query("external_reference");
    const results = [...st.payments.values()]
      .filter((p) => ref === undefined || p.externalReference === ref)
      .map(paymentJson);
    return c.json({ paging: { total: results.length, limit: 30, offset: 0 }, results });
  });

  app.get("/v1/payments/:id", (c) => {
    const p = st.payments.get(Number(c.req.param("id")));
    return p
      ? c.json(paymentJson(p))
      : c.json(
          {
            ...mpErrorBody(404, "Payment not found", "not_found"),
            cause: [{ code: 2000, description: "Payment not found", data: null }],
          },
          404,
        );
  });

  app.post("/v1/payments/:id/refunds", async (c) => {
    const key = c.req.header("x-idempotency-key");
    const stored = key ? st.idempotency.get(`refund:${key}`) : undefined;
    if (stored) return c.json(stored.body as object, stored.status as 201);
    const p = st.payments.get(Number(c.req.param("id")));
    if (!p) return fail(c, 404, "Payment not found", "not_found");
    const { value } = await readJson(c);
    const remaining = Math.round((p.amount - p.refunds.reduce((s, r) => s + r.amount, 0)) * 100) / 100;
    const amount = isObject(value) && typeof value.amount === "number" ? value.amount : remaining;
    if (p.status !== "approved") return fail(c, 400, "Payment not refundable", "invalid_payment_status");
    if (!(amount > 0) || amount > remaining) return fail(c, 400, "Invalid refund amount", "invalid_amount");
    const refund = { id: st.nextPaymentId++ + 5_000_000_000, amount, date_created: mpDate(ctx.clock.now()) };
    p.refunds.push(refund);
    if (amount === remaining) {
      p.status = "refunded";
      p.statusDetail = "refunded";
    }
    p.dateLastUpdated = refund.date_created;
    notifyPayment(ctx, st, p);
    const body = {
      ...refund,
      payment_id: p.id,
      source: { id: String(COLLECTOR_ID), name: "Emulator", type: "collector" },
      status: "approved",
      refund_mode: "standard",
      unique_sequence_number: null,
      adjustment_amount: 0,
      amount_refunded_to_payer: amount,
    };
    if (key) st.idempotency.set(`refund:${key}`, { status: 201, body });
    return c.json(body, 201);
  });

  app.get("/v1/payments/:id/refunds", (c) => {
    const p = st.payments.get(Number(c.req.param("id")));
    return p ? c.json(paymentJson(p).refunds) : fail(c, 404, "Payment not found", "not_found");
  });

  app.get("/checkout/v1/redirect", (c) => {
    const pref = st.preferences.get(c.req.query("pref_id") ?? "");
    if (!pref) return c.html(page("Mercado Pago", "<h1>Preference not found</h1>"), 404);
    if (expired(ctx, pref)) return c.html(page("Mercado Pago", "<h1>This payment link has expired</h1>"), 410);
    const items = pref.body.items as Record<string, unknown>[];
    const lines = items
      .map(
        (i) =>
          `<li>${esc(String(i.title ?? ""))} — ${esc(String(i.unit_price))} ${esc(String(i.currency_id ?? siteCurrency(ctx)))}</li>`,
      )
      .join("");
    const form = buttonForm("/checkout/v1/redirect", { pref_id: pref.id }, [
      { name: "status", value: "approved", label: "Approve" },
      { name: "status", value: "rejected", label: "Reject" },
      { name: "status", value: "pending", label: "Pending" },
    ]);
    return c.html(page("Mercado Pago", `<h1>Mercado Pago</h1><ul>${lines}</ul>${form}`));
  });

  app.post("/checkout/v1/redirect", async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const pref = st.preferences.get(form.get("pref_id") ?? "");
    if (!pref) return c.html(page("Mercado Pago", "<h1>Preference not found</h1>"), 404);
    if (expired(ctx, pref)) return c.html(page("Mercado Pago", "<h1>This payment link has expired</h1>"), 410);
    const chosen = form.get("status");
    const status = chosen === "approved" || chosen === "rejected" ? chosen : "pending";
    const url = backUrl(ctx, pref, payPreference(ctx, st, pref, status).id, status);
    const auto = pref.body.auto_return === "all" || (pref.body.auto_return === "approved" && status === "approved");
    if (url && auto) return c.redirect(url, 302);
    const link = url ? `<p><a id="back" href="${esc(url)}">Return to the site</a></p>` : "";
    return c.html(page("Mercado Pago", `<h1>Payment ${esc(status)}</h1>${link}`));
  });
}

/** back_urls.success|failure|pending with the query MP appends. */
export function backUrl(ctx: Ctx, pref: MpPreference, paymentId: number, status: string): string | null {
  const back = isObject(pref.body.back_urls) ? pref.body.back_urls : {};
  const target = status === "approved" ? back.success : status === "rejected" ? back.failure : back.pending;
  if (typeof target !== "string" || !URL.canParse(target)) return null;
  const u = new URL(target);
  const q: Record<string, string> = {
    collection_id: String(paymentId),
    collection_status: status,
    payment_id: String(paymentId),
    status,
    external_reference: String(pref.body.external_reference ?? "null"),
    payment_type: "account_money",
    merchant_order_id: String(paymentId + 9_000_000_000),
    preference_id: pref.id,
    site_id: ctx.settings.mercadopagoSite,
    processing_mode: "aggregator",
    merchant_account_id: "null",
  };
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
  return u.toString();
}
