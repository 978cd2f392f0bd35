// The control API under /__emulator/ (mounted on every port, one shared state): inspect and reset
// state, mint Google tokens, inject faults, steer webhook deliveries, move the clock, and complete
// buyer steps without a browser.
import type { Context, Hono } from "hono";
import { closeBinance, payBinance, settleBinanceRefund } from "./binance-state.ts";
import type { Deliveries } from "./deliveries.ts";
import { type Fault, parseFault } from "./faults.ts";
import { googleControlRoutes } from "./google-control.ts";
import { issueAccessToken, normalizeScope } from "./google-state.ts";
import { paymentJson, payPreference, updatePayment } from "./mercadopago-state.ts";
import { settlePayPalRefund } from "./paypal.ts";
import { approveOrder, cancelOrderUrl, settleCapture } from "./paypal-actions.ts";
import { orderJson } from "./paypal-state.ts";
import { addWebhook } from "./paypal-webhooks.ts";
import type { State } from "./state.ts";
import { type Ctx, isMpSite, PROVIDERS, type Provider } from "./types.ts";
import { isObject, readJson } from "./util.ts";

const err = (c: Context, status: number, message: string) =>
  c.json({ error: { code: status === 404 ? "not_found" : "invalid_request", message } }, status as 400);

async function body(c: Context): Promise<Record<string, unknown>> {
  const { value } = await readJson(c);
  return isObject(value) ? value : {};
}

/** Everything the control API touches. */
export interface ControlDeps {
  ctx: Ctx;
  state: State;
  faults: Fault[];
  deliveries: Deliveries;
  snapshot(): unknown;
  reset(): void;
  tick(): void;
}

export function controlRoutes(app: Hono, d: ControlDeps): void {
  const { ctx, state, faults, deliveries } = d;
  const r = "/__emulator";

  app.get(`${r}/state`, (c) => c.json(d.snapshot() as object));
  app.post(`${r}/reset`, (c) => {
    d.reset();
    return c.json({ ok: true });
  });

  app.post(`${r}/config`, async (c) => {
    const b = await body(c);
    const s = ctx.settings;
    if (typeof b.retryDelayScale === "number" && b.retryDelayScale >= 0 && b.retryDelayScale <= 100)
      s.retryDelayScale = b.retryDelayScale;
    if (
      typeof b.maxAttempts === "number" &&
      Number.isInteger(b.maxAttempts) &&
      b.maxAttempts >= 1 &&
      b.maxAttempts <= 25
    )
      s.maxAttempts = b.maxAttempts;
    if (typeof b.autoApprove === "boolean") s.autoApprove = b.autoApprove;
    if (typeof b.binanceRecvWindowMs === "number" && b.binanceRecvWindowMs > 0)
      s.binanceRecvWindowMs = b.binanceRecvWindowMs;
    const count = (x: unknown) => typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 1000;
    if (typeof b.binanceRefundDelayMs === "number" && b.binanceRefundDelayMs >= 0 && b.binanceRefundDelayMs <= 600_000)
      s.binanceRefundDelayMs = b.binanceRefundDelayMs;
    if (count(b.binanceRejectRefunds)) s.binanceRejectRefunds = b.binanceRejectRefunds as number;
    if (count(b.paypalPendingRefunds)) s.paypalPendingRefunds = b.paypalPendingRefunds as number;
    if (typeof b.paypalCaptureMs === "number" && b.paypalCaptureMs >= 0 && b.paypalCaptureMs <= 10_000)
      s.paypalCaptureMs = b.paypalCaptureMs;
    if (isMpSite(b.mercadopagoSite)) s.mercadopagoSite = b.mercadopagoSite;
    if (typeof b.googleMeetPendingMs === "number" && b.googleMeetPendingMs >= 0 && b.googleMeetPendingMs <= 3_600_000)
      s.googleMeetPendingMs = b.googleMeetPendingMs;
    return c.json({ settings: s });
  });

  app.post(`${r}/google/tokens`, async (c) => {
    const b = await body(c);
    if (typeof b.email !== "string" || !b.email.includes("@")) return err(c, 400, "email is required");
    const raw = Array.isArray(b.scopes)
      ? b.scopes
      : typeof b.scopes === "string"
        ? b.scopes.split(/\s+/)
        : ["calendar.events"];
    const scopes = raw.filter((s): s is string => typeof s === "string" && s !== "").map(normalizeScope);
    const { token, expiresIn } = issueAccessToken(ctx, state.google, {
      email: b.email,
      scopes,
      clientId: String(b.clientId ?? "emulator-test-client"),
    });
    return c.json({ access_token: token, token_type: "Bearer", expires_in: expiresIn, scope: scopes.join(" ") });
  });

  googleControlRoutes(app, state);

  app.get(`${r}/faults`, (c) => c.json({ faults }));
  app.post(`${r}/faults`, async (c) => {
    const f = parseFault(await body(c));
    if (typeof f === "string") return err(c, 400, f);
    faults.push(f);
    return c.json(f, 201);
  });
  app.delete(`${r}/faults`, (c) => {
    faults.length = 0;
    return c.json({ ok: true });
  });
  app.delete(`${r}/faults/:id`, (c) => {
    const i = faults.findIndex((f) => f.id === c.req.param("id"));
    if (i < 0) return err(c, 404, "no such fault");
    faults.splice(i, 1);
    return c.json({ ok: true });
  });

  app.get(`${r}/deliveries`, (c) => {
    const provider = c.req.query("provider");
    const status = c.req.query("status");
    const items = deliveries.items.filter(
      (x) => (!provider || x.provider === provider) && (!status || x.status === status),
    );
    return c.json({ deliveries: items, holding: [...deliveries.holding] });
  });
  app.post(`${r}/deliveries/hold`, async (c) => {
    const b = await body(c);
    const target = (typeof b.provider === "string" ? b.provider : "*") as Provider | "*";
    if (target !== "*" && !PROVIDERS.includes(target)) return err(c, 400, "unknown provider");
    if (b.on === false) deliveries.holding.delete(target);
    else deliveries.holding.add(target);
    return c.json({ holding: [...deliveries.holding] });
  });
  app.post(`${r}/deliveries/release`, async (c) => {
    const b = await body(c);
    const provider = typeof b.provider === "string" ? (b.provider as Provider) : undefined;
    if (provider) deliveries.holding.delete(provider);
    else deliveries.holding.clear();
    return c.json({ released: deliveries.release({ provider }) });
  });
  app.post(`${r}/deliveries/wait`, async (c) => {
    const b = await body(c);
    const timeoutMs = typeof b.timeoutMs === "number" ? Math.min(Math.max(b.timeoutMs, 0), 60_000) : 10_000;
    return c.json({ idle: await deliveries.idle(timeoutMs) });
  });
  app.get(`${r}/deliveries/:id`, (c) => {
    const x = deliveries.get(c.req.param("id"));
    return x ? c.json(x) : err(c, 404, "no such delivery");
  });
  for (const action of ["redeliver", "duplicate", "broken-signature", "release"] as const) {
    app.post(`${r}/deliveries/:id/${action}`, (c) => {
      const id = c.req.param("id");
      if (!deliveries.get(id)) return err(c, 404, "no such delivery");
      if (action === "release") return c.json({ released: deliveries.release({ id }) });
      const copy = deliveries.copy(id, action === "redeliver" ? "redelivery" : action);
      return c.json(copy, 201);
    });
  }

  app.get(`${r}/clock`, (c) =>
    c.json({ now: new Date(ctx.clock.now()).toISOString(), nowMs: ctx.clock.now(), offsetMs: ctx.clock.offsetMs() }),
  );
  app.post(`${r}/clock/advance`, async (c) => {
    const b = await body(c);
    const ms = typeof b.ms === "number" ? b.ms : typeof b.seconds === "number" ? b.seconds * 1000 : Number.NaN;
    if (!Number.isFinite(ms) || ms < 0 || ms > 366 * 86_400_000) return err(c, 400, "give ms or seconds (0 – 1 year)");
    ctx.clock.advance(ms);
    d.tick();
    return c.json({
      now: new Date(ctx.clock.now()).toISOString(),
      nowMs: ctx.clock.now(),
      offsetMs: ctx.clock.offsetMs(),
    });
  });

  app.post(`${r}/paypal/webhooks`, async (c) => {
    const b = await body(c);
    if (typeof b.url !== "string" || !URL.canParse(b.url)) return err(c, 400, "url is required");
    const types = Array.isArray(b.eventTypes) ? b.eventTypes.map(String) : ["*"];
    return c.json(addWebhook(state.paypal, b.url, types), 201);
  });
  app.post(`${r}/paypal/captures/:id`, async (c) => {
    const res = settleCapture(ctx, state.paypal, c.req.param("id"), String((await body(c)).status ?? ""));
    return res instanceof Error ? err(c, 400, res.message) : c.json({ id: res.id, status: res.status });
  });
  app.post(`${r}/paypal/refunds/:id`, async (c) => {
    const res = settlePayPalRefund(ctx, state.paypal, c.req.param("id"), String((await body(c)).status ?? ""));
    if (res instanceof Error) return err(c, res.message === "no such refund" ? 404 : 400, res.message);
    return c.json({ id: res.id, status: res.status });
  });
  app.post(`${r}/binance/refunds/:refundRequestId`, async (c) => {
    const id = c.req.param("refundRequestId");
    const outcome = String((await body(c)).outcome ?? "");
    if (outcome !== "SUCCESS" && outcome !== "REJECTED") return err(c, 400, "outcome must be SUCCESS or REJECTED");
    for (const o of state.binance.orders.values()) {
      const refund = o.refunds.find((x) => x.refundRequestId === id);
      if (!refund) continue;
      if (!settleBinanceRefund(ctx, o, refund, outcome)) return err(c, 400, `refund is ${refund.status}`);
      return c.json({ refundRequestId: id, status: refund.status, orderStatus: o.status });
    }
    return err(c, 404, "no such refund");
  });
  app.post(`${r}/mercadopago/payments/:id`, async (c) => {
    const p = state.mercadopago.payments.get(Number(c.req.param("id")));
    if (!p) return err(c, 404, "no such payment");
    const status = String((await body(c)).status ?? "");
    const valid = ["approved", "pending", "in_process", "rejected", "cancelled", "refunded", "charged_back"] as const;
    const s = valid.find((v) => v === status);
    if (!s) return err(c, 400, `status must be one of ${valid.join(", ")}`);
    updatePayment(ctx, state.mercadopago, p, s);
    return c.json(paymentJson(p));
  });

  app.post(`${r}/pay`, async (c) => {
    const b = await body(c);
    if (b.provider === "paypal") {
      const outcome =
        ["COMPLETED", "PENDING", "DECLINED", "INSTRUMENT_DECLINED"].find((x) => x === b.captureOutcome) ?? "COMPLETED";
      if (b.action === "cancel") {
        if (!state.paypal.orders.has(String(b.orderId))) return err(c, 404, "order not found");
        return c.json({ ok: true, redirect: cancelOrderUrl(state.paypal, String(b.orderId)) || null });
      }
      const res = approveOrder(ctx, state.paypal, String(b.orderId ?? ""), outcome as "COMPLETED");
      if (res instanceof Error) return err(c, res.message === "order not found" ? 404 : 409, res.message);
      const o = state.paypal.orders.get(String(b.orderId));
      return c.json({ ok: true, redirect: res || null, order: o ? orderJson(ctx, state.paypal, o) : null });
    }
    if (b.provider === "binance") {
      const o = [...state.binance.orders.values()].find(
        (x) => x.prepayId === String(b.prepayId ?? "") || x.merchantTradeNo === b.merchantTradeNo,
      );
      if (!o) return err(c, 404, "order not found");
      if (b.action === "close") return c.json({ ok: closeBinance(ctx, o, "CANCELED"), status: o.status });
      const res = payBinance(ctx, o);
      if (res instanceof Error) return err(c, 409, res.message);
      return c.json({ ok: true, redirect: o.returnUrl, status: o.status, transactionId: o.transactionId });
    }
    if (b.provider === "mercadopago") {
      const pref = state.mercadopago.preferences.get(String(b.preferenceId ?? ""));
      if (!pref) return err(c, 404, "preference not found");
      const status = ["approved", "rejected", "pending", "in_process"].find((x) => x === b.status) ?? "approved";
      const p = payPreference(ctx, state.mercadopago, pref, status as "approved");
      return c.json({ ok: true, paymentId: p.id, payment: paymentJson(p) });
    }
    return err(c, 400, "provider must be paypal, binance or mercadopago");
  });
}
