import { Hono } from "hono";
import * as v from "valibot";
import { PROVIDERS, type PublicCheckoutView } from "../../../utils/api/contract";
import { pageBookingView } from "../booking/view";
import { PAY_RATE_LIMITS } from "../config";
import { type CheckoutRow, expireIfDue, getCheckoutByCheckoutId, getOpenOrder, getProviderOrder } from "../db";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { cfg, parseBody, receiptOf, secondsLeft } from "../http";
import { manageUrl } from "../manage/view";
import {
  capturePayPal,
  lastMercadoPagoFailure,
  requirePayable,
  startBinance,
  startMercadoPago,
  startPayPal,
} from "../orders";
import { reconcileOrder } from "../orders/reconcile";
import { servePage } from "../page";
import { checkoutOffer } from "../pricing";
import { ProviderError } from "../providers/http";
import { clientKey, rateLimits } from "../ratelimit";

const CHECKOUT_ID = /^[A-Za-z0-9_-]{22}$/;

async function find(db: D1Database, checkoutId: string): Promise<CheckoutRow | null> {
  const row = CHECKOUT_ID.test(checkoutId) ? await getCheckoutByCheckoutId(db, checkoutId) : null;
  return row && expireIfDue(db, row);
}

async function load(db: D1Database, checkoutId: string): Promise<CheckoutRow> {
  const row = await find(db, checkoutId);
  if (!row) throw new ApiError(404, "not_found", "No such checkout.");
  return row;
}

/** The public JSON the hosted page renders; public because the checkoutId is an unguessable capability. */
export const payApi = new Hono<{ Bindings: Env }>();

// Every POST here can reach a provider (orders, captures): limited per checkout and per client.
payApi.use("/:checkoutId/*", async (c, next) => {
  const id = c.req.param("checkoutId");
  if (c.req.method === "POST" && CHECKOUT_ID.test(id)) {
    await rateLimits(c.env.DB, [
      { key: `pay:co:${id}`, limit: PAY_RATE_LIMITS.perCheckout, windowSeconds: 60, what: "for this checkout" },
      {
        key: `pay:ip:${clientKey(c.req.header("cf-connecting-ip"))}`,
        limit: cfg(c).payRateLimitPerMinute,
        windowSeconds: 60,
        what: "from this network",
      },
    ]);
  }
  await next();
});

payApi.get("/:checkoutId", async (c) => {
  const config = cfg(c);
  const row = await load(c.env.DB, c.req.param("checkoutId"));
  const { providers, prices } = checkoutOffer(config, row);
  const view: PublicCheckoutView = {
    checkoutId: row.checkout_id,
    bookingId: row.booking_id,
    summary: row.summary,
    start: row.start_at,
    end: row.end_at,
    timeZone: row.time_zone,
    holdUntil: row.hold_until,
    secondsLeft: secondsLeft(row.hold_until),
    status: row.status,
    amount: { value: row.amount_value, currency: row.currency },
    prices,
    providers,
    locale: row.locale,
    paypal: config.paypal
      ? { clientId: config.paypal.clientId, sdkBaseUrl: config.paypal.sdkBaseUrl, currency: config.price.currency }
      : null,
    extensionIds: config.extensionIds,
    mercadopagoFailure: config.mercadopago ? await lastMercadoPagoFailure(c.env.DB, row) : null,
    organizer:
      row.organizer_name || row.organizer_email
        ? {
            ...(row.organizer_name ? { name: row.organizer_name } : {}),
            ...(row.organizer_email ? { email: row.organizer_email } : {}),
          }
        : null,
    refundable: row.refundable === 1,
    noAnswer: row.no_answer,
    attendanceWindowHours: config.attendanceWindowHours,
    receipt: await receiptOf(c.env.DB, row),
    booking: await pageBookingView(c.env.DB, config, row),
    manageUrl: row.status === "paid" || row.lead_cancelled_at ? manageUrl(config, row) : null,
  };
  c.header("cache-control", "no-store");
  return c.json(view);
});

payApi.post("/:checkoutId/paypal/orders", async (c) => {
  const row = await load(c.env.DB, c.req.param("checkoutId"));
  return c.json(await startPayPal(c.env.DB, cfg(c), row), 201);
});

payApi.post("/:checkoutId/paypal/orders/:orderId/capture", async (c) => {
  const config = cfg(c);
  const row = await load(c.env.DB, c.req.param("checkoutId"));
  const order = await getProviderOrder(c.env.DB, "paypal", c.req.param("orderId"));
  if (!order || order.booking_id !== row.booking_id)
    throw new ApiError(404, "not_found", "No such order for this checkout.");
  // Paid already (by this order or another): nothing more is captured.
  if (row.status === "paid") return c.json({ status: row.status });
  // Capturing moves money: only while the hold lasts, so nothing has to be refunded afterwards.
  requirePayable(row);
  let outcome: Awaited<ReturnType<typeof capturePayPal>>;
  try {
    outcome = await capturePayPal(c.env.DB, config, row, order);
  } catch (err) {
    if (err instanceof ProviderError && err.code === "ORDER_NOT_APPROVED")
      throw new ApiError(409, "not_approved", "The buyer has not approved this PayPal order yet.");
    throw err;
  }
  if (outcome === "mismatch") throw new ApiError(409, "mismatch", "The captured amount does not match this checkout.");
  // The page tells the payer; on instrument_declined it calls actions.restart() (same order).
  if (outcome === "instrument_declined")
    throw new ApiError(422, "instrument_declined", "PayPal declined this funding source; choose another one.");
  if (outcome === "declined")
    throw new ApiError(402, "payment_declined", "PayPal declined the payment; nothing was charged.");
  const now = await load(c.env.DB, row.checkout_id);
  return c.json({ status: now.status });
});

payApi.post("/:checkoutId/binance", async (c) => {
  const row = await load(c.env.DB, c.req.param("checkoutId"));
  return c.json(await startBinance(c.env.DB, cfg(c), row), 201);
});

payApi.post("/:checkoutId/mercadopago", async (c) => {
  const row = await load(c.env.DB, c.req.param("checkoutId"));
  return c.json(await startMercadoPago(c.env.DB, cfg(c), row), 201);
});

const ReconcileRequest = v.object({
  provider: v.picklist(PROVIDERS, "provider must be paypal, binance or mercadopago"),
});

// A payer back from a provider's page (`?returned=<provider>` on the return URL): ask that
// provider now instead of waiting for its webhook or the next cron pass. Only the provider's own
// answer is applied (the same reconcile the cron runs); nothing the browser says is trusted.
payApi.post("/:checkoutId/reconcile", async (c) => {
  const config = cfg(c);
  const row = await load(c.env.DB, c.req.param("checkoutId"));
  const { provider } = await parseBody(c, ReconcileRequest);
  const order = row.status === "paid" ? null : await getOpenOrder(c.env.DB, provider, row.booking_id);
  if (order) {
    try {
      await reconcileOrder(c.env.DB, config, order);
    } catch (err) {
      // The payment is not lost: the webhook or the cron still applies it.
      if (!(err instanceof ProviderError)) throw err;
      console.warn("on-return reconcile failed", provider, err.message);
    }
  }
  const now = await load(c.env.DB, row.checkout_id);
  return c.json({ status: now.status });
});

/** The hosted page itself and PayPal's redirect-flow return. */
export const payPage = new Hono<{ Bindings: Env }>();

payPage.get("/:checkoutId/paypal/return", async (c) => {
  const config = cfg(c);
  const row = await find(c.env.DB, c.req.param("checkoutId"));
  if (!row) return servePage(c, 404);
  const token = c.req.query("token") ?? "";
  const order = token ? await getProviderOrder(c.env.DB, "paypal", token) : null;
  let result = "error";
  if (order && order.booking_id === row.booking_id) {
    try {
      if (row.status === "paid") result = "captured";
      else {
        requirePayable(row);
        const outcome = await capturePayPal(c.env.DB, config, row, order);
        result = outcome === "paid" || outcome === "duplicate" ? "captured" : outcome;
      }
    } catch (err) {
      result = err instanceof ApiError ? err.code : "error";
      if (!(err instanceof ApiError))
        console.error("paypal return capture failed", err instanceof Error ? err.message : "");
    }
  }
  return c.redirect(`/pay/${row.checkout_id}?paypal=${encodeURIComponent(result)}`, 303);
});

// Every other page under /pay/ is the same page: for a link that matches no checkout it says so,
// in the payer's language, with a 404 status (browsers get a page, never raw JSON).
payPage.get("/:checkoutId", async (c) => {
  const id = c.req.param("checkoutId");
  const known = CHECKOUT_ID.test(id) && (await getCheckoutByCheckoutId(c.env.DB, id)) !== null;
  return servePage(c, known ? 200 : 404);
});
payPage.get("*", (c) => servePage(c, 404));
