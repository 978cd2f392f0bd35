// PayPal REST (api-m.paypal.com): client-credentials token, Orders v2 with PayPal-Request-Id
// idempotency, captures and refunds. Buyer pages and the JS SDK live in paypal-pages.ts.
import type { Context, Hono } from "hono";
import { capture, captureIssue } from "./paypal-actions.ts";
import {
  captureJson,
  type Detail,
  iso,
  orderJson,
  orderMinimal,
  type PayPalOrder,
  type PayPalRefund,
  type PayPalState,
  paypalError,
  paypalId,
  refundJson,
} from "./paypal-state.ts";
import { validateOrder } from "./paypal-validate.ts";
import { emitPayPalEvent, paypalWebhookRoutes } from "./paypal-webhooks.ts";
import type { Ctx } from "./types.ts";
import { randomFrom, randomHex, readJson, sleep, UPPER_ALNUM } from "./util.ts";

const TOKEN_TTL_S = 32_400;

const PREVIOUS_REQUEST_IN_PROGRESS: Detail = {
  issue: "PREVIOUS_REQUEST_IN_PROGRESS",
  description: "A previous request with the same PayPal-Request-Id is still being processed. Retry later.",
};

function bearerOk(ctx: Ctx, st: PayPalState, c: Context): boolean {
  const m = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "");
  const exp = m?.[1] ? st.tokens.get(m[1]) : undefined;
  return exp !== undefined && exp > ctx.clock.now();
}

/** Replays a stored answer for a repeated PayPal-Request-Id (200, same body — docs/providers.md "PayPal"). */
function idempotent(st: PayPalState, c: Context, op: string, fresh: () => { status: number; body: unknown }): Response {
  const key = c.req.header("paypal-request-id");
  const stored = key ? st.idempotency.get(`${op}:${key}`) : undefined;
  if (stored) return c.json(stored.body as object, 200);
  const result = fresh();
  if (key && result.status < 300) st.idempotency.set(`${op}:${key}`, result);
  return c.json(result.body as object, result.status as 200);
}

export function paypalRoutes(app: Hono, ctx: Ctx, st: PayPalState): void {
  app.post("/v1/oauth2/token", async (c) => {
    const m = /^Basic (.+)$/.exec(c.req.header("authorization") ?? "");
    const [id, secret] = Buffer.from(m?.[1] ?? "", "base64")
      .toString("utf8")
      .split(":");
    if (id !== ctx.creds.paypal.clientId || secret !== ctx.creds.paypal.clientSecret) {
      return c.json({ error: "invalid_client", error_description: "Client Authentication failed" }, 401);
    }
    const form = new URLSearchParams(await c.req.text());
    if (form.get("grant_type") !== "client_credentials") {
      return c.json({ error: "unsupported_grant_type", error_description: "Grant Type is NULL" }, 400);
    }
    const token = `A21AA${randomFrom(`${UPPER_ALNUM}abcdefghijklmnopqrstuvwxyz-_`, 92)}`;
    st.tokens.set(token, ctx.clock.now() + TOKEN_TTL_S * 1000);
    return c.json({
      scope: "https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/webhooks",
      access_token: token,
      token_type: "Bearer",
      app_id: "APP-80W284485P519543T",
      expires_in: TOKEN_TTL_S,
      nonce: `${iso(ctx.clock.now())}${randomHex(16)}`,
    });
  });

  app.use("/v1/notifications/*", async (c, next) => {
    if (c.req.path.startsWith("/v1/notifications/certs/")) return next(); // the cert is public
    return bearerOk(ctx, st, c) ? next() : paypalError(c, 401);
  });
  app.use("/v2/*", async (c, next) => (bearerOk(ctx, st, c) ? next() : paypalError(c, 401)));
  paypalWebhookRoutes(app, ctx, st);

  app.post("/v2/checkout/orders", async (c) => {
    const { value, malformed } = await readJson(c);
    const checked = malformed
      ? ({
          status: 400,
          details: [{ issue: "MALFORMED_REQUEST_JSON", description: "The request JSON is not well formed." }],
        } as const)
      : validateOrder(value);
    if ("details" in checked) return paypalError(c, checked.status, checked.details as Detail[]);
    const representation = (c.req.header("prefer") ?? "").includes("return=representation");
    return idempotent(st, c, "create", () => {
      const now = iso(ctx.clock.now());
      const o: PayPalOrder = {
        ...checked.order,
        id: paypalId(),
        payer: null,
        outcome: "COMPLETED",
        captureIds: [],
        createTime: now,
        updateTime: now,
      };
      st.orders.set(o.id, o);
      return { status: 201, body: representation ? orderJson(ctx, st, o) : orderMinimal(ctx, o) };
    });
  });

  app.get("/v2/checkout/orders/:id", (c) => {
    const o = st.orders.get(c.req.param("id"));
    if (!o) return notFound(c, "order_id");
    return c.json(orderJson(ctx, st, o));
  });

  app.post("/v2/checkout/orders/:id/capture", async (c) => {
    const key = c.req.header("paypal-request-id");
    const stored = key ? st.idempotency.get(`capture:${key}`) : undefined;
    if (stored) return c.json(stored.body as object, 200);
    // A repeat of a request that is still running is refused, not queued (docs/providers.md).
    if (key && st.inProgress.has(`capture:${key}`)) return paypalError(c, 409, [PREVIOUS_REQUEST_IN_PROGRESS]);
    const o = st.orders.get(c.req.param("id"));
    if (!o) return notFound(c, "order_id");
    if (key) st.inProgress.add(`capture:${key}`);
    try {
      // The processing time of a capture at PayPal: the window in which a repeat gets the 409.
      if (ctx.settings.paypalCaptureMs > 0) await sleep(ctx.settings.paypalCaptureMs);
      const issue = captureIssue(st, o);
      if (issue) return paypalError(c, 422, [issue]);
      capture(ctx, st, o);
      const body = orderJson(ctx, st, o);
      if (key) st.idempotency.set(`capture:${key}`, { status: 201, body });
      return c.json(body, 201);
    } finally {
      if (key) st.inProgress.delete(`capture:${key}`);
    }
  });

  app.get("/v2/payments/captures/:id", (c) => {
    const cap = st.captures.get(c.req.param("id"));
    return cap ? c.json(captureJson(ctx, cap)) : notFound(c, "capture_id");
  });

  app.post("/v2/payments/captures/:id/refund", (c) =>
    idempotent(st, c, "refund", () => {
      const cap = st.captures.get(c.req.param("id"));
      if (!cap) return { status: 404, body: notFoundBody("capture_id") };
      const pending = cap.refundIds.some((id) => st.refunds.get(id)?.status === "PENDING");
      if (cap.status !== "COMPLETED" || pending) {
        const issue = cap.status === "REFUNDED" ? "CAPTURE_FULLY_REFUNDED" : "REFUND_NOT_ALLOWED";
        return {
          status: 422,
          body: {
            name: "UNPROCESSABLE_ENTITY",
            message:
              "The requested action could not be performed, semantically incorrect, or failed business validation.",
            debug_id: randomHex(7),
            details: [{ issue, description: "The capture cannot be refunded." }],
            links: [],
          },
        };
      }
      const now = iso(ctx.clock.now());
      // PayPal may answer a refund PENDING (e.g. the merchant's balance is short); it ends later.
      const isPending = ctx.settings.paypalPendingRefunds > 0;
      if (isPending) ctx.settings.paypalPendingRefunds--;
      const refund: PayPalRefund = {
        id: paypalId(),
        captureId: cap.id,
        status: isPending ? "PENDING" : "COMPLETED",
        amount: cap.amount,
        createTime: now,
      };
      st.refunds.set(refund.id, refund);
      cap.refundIds.push(refund.id);
      if (isPending) return { status: 201, body: refundJson(ctx, refund) };
      cap.status = "REFUNDED";
      cap.updateTime = now;
      const body = refundJson(ctx, refund);
      // Like PayPal: the event's resource is the refund itself (resource_type "refund"), with no
      // custom_id or order id; the capture is only named by the refund's "up" link.
      emitPayPalEvent(
        ctx,
        st,
        "PAYMENT.CAPTURE.REFUNDED",
        `A ${cap.amount.value} ${cap.amount.currency_code} capture payment was refunded`,
        body,
      );
      return { status: 201, body };
    }),
  );

  app.get("/v2/payments/refunds/:id", (c) => {
    const r = st.refunds.get(c.req.param("id"));
    return r ? c.json(refundJson(ctx, r)) : notFound(c, "refund_id");
  });
}

/**
 * Ends a PENDING refund (control API): COMPLETED refunds the capture and sends
 * PAYMENT.CAPTURE.REFUNDED; FAILED or CANCELLED leave the capture COMPLETED and refundable again.
 */
export function settlePayPalRefund(ctx: Ctx, st: PayPalState, id: string, status: string): PayPalRefund | Error {
  const r = st.refunds.get(id);
  if (!r) return new Error("no such refund");
  if (r.status !== "PENDING") return new Error(`refund is ${r.status}`);
  if (status !== "COMPLETED" && status !== "FAILED" && status !== "CANCELLED")
    return new Error("status must be COMPLETED, FAILED or CANCELLED");
  r.status = status;
  r.updateTime = iso(ctx.clock.now());
  const cap = st.captures.get(r.captureId);
  if (status === "COMPLETED" && cap) {
    cap.status = "REFUNDED";
    cap.updateTime = r.updateTime;
    emitPayPalEvent(
      ctx,
      st,
      "PAYMENT.CAPTURE.REFUNDED",
      `A ${cap.amount.value} ${cap.amount.currency_code} capture payment was refunded`,
      refundJson(ctx, r),
    );
  }
  return r;
}

function notFoundBody(field: string) {
  return {
    name: "RESOURCE_NOT_FOUND",
    message: "The specified resource does not exist.",
    debug_id: randomHex(7),
    details: [
      {
        field,
        value: "",
        location: "path",
        issue: "INVALID_RESOURCE_ID",
        description: "Specified resource ID does not exist. Please check the resource ID and try again.",
      },
    ],
    links: [
      {
        href: "https://developer.paypal.com/api/rest/reference/orders/v2/errors/#INVALID_RESOURCE_ID",
        rel: "information_link",
        method: "GET",
      },
    ],
  };
}

function notFound(c: Context, field: string): Response {
  return paypalError(c, 404, notFoundBody(field).details as Detail[]);
}
