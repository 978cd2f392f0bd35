// Binance Pay (bpay.binanceapi.com): HMAC-SHA512 request signatures with timestamp and nonce
// checks, v3 order create, v2 query, close, refund, certificates, and the buyer page at the
// order's checkoutUrl.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Context, Hono } from "hono";
import {
  type BinanceOrder,
  type BinanceState,
  bigId,
  closeBinance,
  expireDue,
  payBinance,
  queryJson,
  requestBinanceRefund,
} from "./binance-state.ts";
import type { Ctx } from "./types.ts";
import { buttonForm, esc, isObject, page, randomHex } from "./util.ts";

/** `{status:"FAIL", code, errorMessage}` — Binance's error envelope. */
export function binanceFail(code: string, errorMessage: string) {
  return { status: "FAIL", code, errorMessage };
}
const ok = (data: unknown) => ({ status: "SUCCESS", code: "000000", data, errorMessage: "" });

/** Checks the signed headers; returns the parsed body or an error response. */
function authenticate(ctx: Ctx, st: BinanceState, c: Context, raw: string): Response | Record<string, unknown> {
  const ts = c.req.header("binancepay-timestamp") ?? "";
  const nonce = c.req.header("binancepay-nonce") ?? "";
  const sn = c.req.header("binancepay-certificate-sn") ?? "";
  const sig = c.req.header("binancepay-signature") ?? "";
  if (!ts || !nonce || !sn || !sig) return c.json(binanceFail("400001", "Missing required header(s)."), 400);
  if (sn !== ctx.creds.binance.apiKey)
    return c.json(binanceFail("400004", "API identity key not found or invalid."), 400);
  if (!/^\d+$/.test(ts) || Math.abs(Date.now() - Number(ts)) > ctx.settings.binanceRecvWindowMs) {
    return c.json(binanceFail("400003", "Timestamp for this request is outside of the recvWindow."), 400);
  }
  const expected = createHmac("sha512", ctx.creds.binance.apiSecret)
    .update(`${ts}\n${nonce}\n${raw}\n`)
    .digest("hex")
    .toUpperCase();
  const a = Buffer.from(expected);
  const b = Buffer.from(sig);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return c.json(binanceFail("400002", "Signature for this request is not valid."), 400);
  }
  if (!/^[A-Za-z0-9]{32}$/.test(nonce)) return c.json(binanceFail("400001", "Invalid nonce."), 400);
  if (st.nonces.has(nonce)) return c.json(binanceFail("400001", "Duplicate nonce."), 400);
  st.nonces.set(nonce, Date.now());
  try {
    const body = JSON.parse(raw) as unknown;
    if (!isObject(body)) throw new Error("not an object");
    return body;
  } catch {
    return c.json(binanceFail("400008", "Request body is not a valid json object."), 400);
  }
}

function findOrder(st: BinanceState, body: Record<string, unknown>): BinanceOrder | undefined {
  if (typeof body.prepayId === "string" || typeof body.prepayId === "number")
    return st.orders.get(String(body.prepayId));
  if (typeof body.merchantTradeNo === "string")
    return [...st.orders.values()].find((o) => o.merchantTradeNo === body.merchantTradeNo);
  return undefined;
}

const AMOUNT = /^\d{1,10}(\.\d{1,8})?$/;

function createOrder(
  ctx: Ctx,
  st: BinanceState,
  b: Record<string, unknown>,
): { error: string; code?: string } | BinanceOrder {
  if (!isObject(b.env) || typeof b.env.terminalType !== "string") return { error: "env.terminalType is required." };
  if (typeof b.merchantTradeNo !== "string" || !/^[A-Za-z0-9]{1,32}$/.test(b.merchantTradeNo)) {
    return { error: "merchantTradeNo must be 1-32 letters or digits." };
  }
  const fiat = b.fiatAmount !== undefined;
  const amount = fiat ? b.fiatAmount : b.orderAmount;
  const currency = fiat ? b.fiatCurrency : b.currency;
  if (typeof amount !== "string" && typeof amount !== "number") return { error: "orderAmount is required." };
  if (!AMOUNT.test(String(amount)) || Number(amount) <= 0) return { error: "orderAmount is invalid." };
  if (typeof currency !== "string") return { error: "currency is required." };
  if (!fiat && currency !== "USDT" && currency !== "BUSD" && currency !== "BTC")
    return { error: "currency is not supported." };
  if (typeof b.description !== "string" || b.description.length > 256)
    return { error: "description is required (≤256 chars)." };
  if (!Array.isArray(b.goodsDetails) || b.goodsDetails.length === 0) return { error: "goodsDetails is required." };
  for (const f of ["returnUrl", "cancelUrl", "webhookUrl"]) {
    const v = b[f];
    if (v !== undefined && (typeof v !== "string" || !URL.canParse(v))) return { error: `${f} is invalid.` };
  }
  const now = ctx.clock.now();
  let expireTime = now + 3_600_000;
  if (b.orderExpireTime !== undefined) {
    const t = Number(b.orderExpireTime);
    if (!Number.isInteger(t) || t <= now || t > now + 3_600_000 + 1000)
      return { error: "orderExpireTime must be within one hour." };
    expireTime = t;
  }
  if ([...st.orders.values()].some((o) => o.merchantTradeNo === b.merchantTradeNo)) {
    return { error: "Duplicate merchantTradeNo.", code: "400201" };
  }
  const o: BinanceOrder = {
    prepayId: bigId(),
    merchantTradeNo: b.merchantTradeNo,
    checkoutToken: randomHex(16),
    status: "INITIAL",
    // Fiat orders are converted at a fixed emulated rate of 1 USDT = 1 unit.
    orderAmount: Number(amount).toFixed(2),
    currency: fiat ? "USDT" : currency,
    description: b.description,
    goodsDetails: b.goodsDetails,
    returnUrl: typeof b.returnUrl === "string" ? b.returnUrl : null,
    cancelUrl: typeof b.cancelUrl === "string" ? b.cancelUrl : null,
    webhookUrl: typeof b.webhookUrl === "string" ? b.webhookUrl : null,
    passThroughInfo: typeof b.passThroughInfo === "string" ? b.passThroughInfo : null,
    createTime: now,
    expireTime,
    transactionId: null,
    transactTime: null,
    refunds: [],
  };
  st.orders.set(o.prepayId, o);
  return o;
}

export function binanceRoutes(app: Hono, ctx: Ctx, st: BinanceState): void {
  const base = () => ctx.urls.binance;
  const signed = (path: string, handler: (c: Context, body: Record<string, unknown>) => Response) =>
    app.post(path, async (c) => {
      const auth = authenticate(ctx, st, c, await c.req.text());
      return auth instanceof Response ? auth : handler(c, auth);
    });

  signed("/binancepay/openapi/v3/order", (c, b) => {
    const o = createOrder(ctx, st, b);
    if ("error" in o) return c.json(binanceFail(o.code ?? "400001", o.error), 400);
    const checkoutUrl = `${base()}/en/checkout/${o.checkoutToken}`;
    return c.json(
      ok({
        currency: o.currency,
        totalFee: o.orderAmount,
        fiatCurrency: b.fiatCurrency,
        fiatAmount: b.fiatAmount,
        prepayId: o.prepayId,
        terminalType: (b.env as { terminalType: string }).terminalType,
        expireTime: o.expireTime,
        qrcodeLink: `${base()}/qr/${o.checkoutToken}.jpg`,
        qrContent: `${base()}/qr/${o.checkoutToken}`,
        checkoutUrl,
        deeplink: `bnc://app.binance.com/payment/secpay?tempToken=${o.checkoutToken}`,
        universalUrl: `${base()}/en/checkout-universal/${o.checkoutToken}`,
      }),
    );
  });

  signed("/binancepay/openapi/v2/order/query", (c, b) => {
    const o = findOrder(st, b);
    if (!o) return c.json(binanceFail("400202", "Order not found."), 400);
    expireDue(ctx, o);
    return c.json(ok(queryJson(o)));
  });

  signed("/binancepay/openapi/order/close", (c, b) => {
    const o = findOrder(st, b);
    if (!o) return c.json(binanceFail("400202", "Order not found."), 400);
    expireDue(ctx, o);
    if (o.status === "CANCELED" || o.status === "EXPIRED") return c.json(ok(true));
    if (!closeBinance(ctx, o, "CANCELED"))
      return c.json(binanceFail("400203", `Order status ${o.status} can not be closed.`), 400);
    return c.json(ok(true));
  });

  signed("/binancepay/openapi/order/refund", (c, b) => {
    const o = findOrder(st, b);
    if (!o) return c.json(binanceFail("400202", "Order not found."), 400);
    if (typeof b.refundRequestId !== "string" || !/^[A-Za-z0-9]{1,64}$/.test(b.refundRequestId)) {
      return c.json(binanceFail("400001", "refundRequestId is required."), 400);
    }
    const dup = o.refunds.find((r) => r.refundRequestId === b.refundRequestId);
    const refundAmount = String(b.refundAmount ?? "");
    if (!dup) {
      if (o.status !== "PAID")
        return c.json(binanceFail("400207", `Order status ${o.status} can not be refunded.`), 400);
      if (!AMOUNT.test(refundAmount) || Number(refundAmount) <= 0 || Number(refundAmount) > Number(o.orderAmount)) {
        return c.json(binanceFail("400001", "refundAmount is invalid."), 400);
      }
      // Accepted only: the order goes REFUNDING and the outcome arrives as a PAY_REFUND webhook.
      requestBinanceRefund(ctx, st, o, b.refundRequestId, refundAmount);
    }
    const refunded = o.refunds.filter((r) => r.status === "SUCCESS").reduce((s, r) => s + Number(r.refundAmount), 0);
    return c.json(
      ok({
        refundRequestId: b.refundRequestId,
        prepayId: o.prepayId,
        orderAmount: o.orderAmount,
        refundedAmount: refunded.toFixed(2),
        refundAmount: dup?.refundAmount ?? refundAmount,
        remainingAttempts: 9,
        payerOpenId: "1211HS10K81f4273ac031",
        duplicateRequest: dup ? "Y" : "N",
      }),
    );
  });

  signed("/binancepay/openapi/certificates", (c) =>
    c.json(ok([{ certSerial: ctx.keys.binanceCertSerial, certPublic: ctx.keys.binance.publicKeyPem }])),
  );

  app.get("/en/checkout/:token", (c) => {
    const o = [...st.orders.values()].find((x) => x.checkoutToken === c.req.param("token"));
    if (!o) return c.html(page("Binance Pay", "<h1>Order not found</h1>"), 404);
    expireDue(ctx, o);
    if (o.status !== "INITIAL" && o.status !== "PENDING")
      return c.html(page("Binance Pay", `<h1>Order ${esc(o.status)}</h1>`), 410);
    const form = buttonForm(`/en/checkout/${o.checkoutToken}`, {}, [
      { name: "decision", value: "pay", label: "Pay" },
      { name: "decision", value: "cancel", label: "Cancel" },
    ]);
    return c.html(
      page(
        "Binance Pay",
        `<h1>Binance Pay</h1><p>${esc(o.description)}</p><p><strong>${esc(o.orderAmount)} ${esc(o.currency)}</strong></p>
<p>Order <code>${esc(o.merchantTradeNo)}</code> expires ${esc(new Date(o.expireTime).toISOString())}</p>${form}`,
      ),
    );
  });

  app.post("/en/checkout/:token", async (c) => {
    const o = [...st.orders.values()].find((x) => x.checkoutToken === c.req.param("token"));
    if (!o) return c.html(page("Binance Pay", "<h1>Order not found</h1>"), 404);
    const decision = new URLSearchParams(await c.req.text()).get("decision");
    if (decision !== "pay") {
      // Leaving the checkout does not close the order (it can still be paid until it expires).
      return o.cancelUrl ? c.redirect(o.cancelUrl, 302) : c.html(page("Binance Pay", "<h1>Payment cancelled</h1>"));
    }
    const paid = payBinance(ctx, o);
    if (paid instanceof Error) return c.html(page("Binance Pay", `<h1>${esc(paid.message)}</h1>`), 410);
    return o.returnUrl ? c.redirect(o.returnUrl, 302) : c.html(page("Binance Pay", "<h1>Payment successful</h1>"));
  });
}
