// PayPal webhooks: listener registration, event emission, the signing certificate and the online
// verify endpoint. The signature follows docs/providers.md "PayPal": RSA-SHA256 over
// `<transmission id>|<transmission time>|<webhook id>|<crc32(body)>`.
import { createVerify, randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { crc32, rsaSha256Base64 } from "./crypto.ts";
import { iso, type PayPalState, type PayPalWebhook, paypalError } from "./paypal-state.ts";
import type { Ctx, WebhookSigner } from "./types.ts";
import { isObject, randomFrom, readJson, UPPER_ALNUM } from "./util.ts";

/** Registers a listener (as `POST /v1/notifications/webhooks` would) and returns it. */
export function addWebhook(st: PayPalState, url: string, eventTypes: string[], id?: string): PayPalWebhook {
  const hook: PayPalWebhook = {
    id: id ?? randomFrom(UPPER_ALNUM, 17),
    url,
    event_types: eventTypes.map((name) => ({ name })),
  };
  st.webhooks.set(hook.id, hook);
  return hook;
}

/** The certificate URL put into `PAYPAL-CERT-URL`. */
export const certUrl = (ctx: Ctx): string => `${ctx.urls.paypal}/v1/notifications/certs/${ctx.keys.paypalCertId}`;

/** Signs deliveries for whichever listener owns the URL (its id is part of the signed string). */
export function paypalSigner(ctx: Ctx, st: PayPalState): WebhookSigner {
  return {
    sign(body, url) {
      const hook = [...st.webhooks.values()].find((w) => w.url === url);
      const transmissionId = randomUUID();
      // Real time, not the emulated clock: receivers compare it with their own clock.
      const time = iso(Date.now());
      const signed = `${transmissionId}|${time}|${hook?.id ?? ""}|${crc32(Buffer.from(body, "utf8"))}`;
      return {
        "PAYPAL-TRANSMISSION-ID": transmissionId,
        "PAYPAL-TRANSMISSION-TIME": time,
        "PAYPAL-TRANSMISSION-SIG": rsaSha256Base64(ctx.keys.paypal.privateKey, signed),
        "PAYPAL-CERT-URL": certUrl(ctx),
        "PAYPAL-AUTH-ALGO": "SHA256withRSA",
      };
    },
    breakSignature(headers) {
      const sig = headers["PAYPAL-TRANSMISSION-SIG"] ?? "";
      const flipped = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
      return { ...headers, "PAYPAL-TRANSMISSION-SIG": flipped };
    },
    isAck: (status) => status >= 200 && status < 300,
  };
}

const RESOURCE_TYPES: Record<string, string> = {
  "CHECKOUT.ORDER.APPROVED": "checkout-order",
  "CHECKOUT.ORDER.COMPLETED": "checkout-order",
  "PAYMENT.CAPTURE.COMPLETED": "capture",
  "PAYMENT.CAPTURE.PENDING": "capture",
  "PAYMENT.CAPTURE.DENIED": "capture",
  "PAYMENT.CAPTURE.DECLINED": "capture",
  "PAYMENT.CAPTURE.REFUNDED": "refund",
  "PAYMENT.CAPTURE.REVERSED": "refund",
};

/** Builds one event and delivers it to every listener subscribed to its type (or to `*`). */
export function emitPayPalEvent(
  ctx: Ctx,
  st: PayPalState,
  eventType: string,
  summary: string,
  resource: Record<string, unknown>,
): string {
  const id = `WH-${randomFrom(UPPER_ALNUM, 17)}-${randomFrom(UPPER_ALNUM, 17)}`;
  const event = {
    id,
    event_version: "1.0",
    create_time: iso(ctx.clock.now()),
    resource_type: RESOURCE_TYPES[eventType] ?? "checkout-order",
    resource_version: "2.0",
    event_type: eventType,
    summary,
    resource,
    links: [
      { href: `${ctx.urls.paypal}/v1/notifications/webhooks-events/${id}`, rel: "self", method: "GET" },
      { href: `${ctx.urls.paypal}/v1/notifications/webhooks-events/${id}/resend`, rel: "resend", method: "POST" },
    ],
  };
  const body = JSON.stringify(event);
  st.events.set(id, body);
  for (const hook of st.webhooks.values()) {
    if (hook.event_types.some((t) => t.name === "*" || t.name === eventType)) ctx.deliver("paypal", hook.url, body, id);
  }
  return id;
}

/** `/v1/notifications/*` routes (the Bearer check is installed by the caller). */
export function paypalWebhookRoutes(app: Hono, ctx: Ctx, st: PayPalState): void {
  app.get("/v1/notifications/certs/:id", (c) => {
    if (c.req.param("id") !== ctx.keys.paypalCertId) return paypalError(c, 404);
    return c.body(ctx.keys.paypalCertPem, 200, { "content-type": "application/x-pem-file" });
  });

  app.post("/v1/notifications/webhooks", async (c) => {
    const { value } = await readJson(c);
    if (!isObject(value) || typeof value.url !== "string" || !Array.isArray(value.event_types)) {
      return paypalError(c, 400, [
        {
          field: "/url",
          location: "body",
          issue: "MISSING_REQUIRED_PARAMETER",
          description: "url and event_types are required.",
        },
      ]);
    }
    if ([...st.webhooks.values()].some((w) => w.url === value.url)) {
      return paypalError(c, 400, [
        { field: "url", issue: "WEBHOOK_URL_ALREADY_EXISTS", description: "Webhook URL already exists." },
      ]);
    }
    const names = value.event_types.map((t) => (isObject(t) ? String(t.name) : String(t)));
    const hook = addWebhook(st, value.url, names);
    return c.json({ ...hook, links: hookLinks(ctx, hook.id) }, 201);
  });
  app.get("/v1/notifications/webhooks", (c) =>
    c.json({ webhooks: [...st.webhooks.values()].map((w) => ({ ...w, links: hookLinks(ctx, w.id) })) }),
  );
  app.get("/v1/notifications/webhooks/:id", (c) => {
    const hook = st.webhooks.get(c.req.param("id"));
    if (!hook)
      return paypalError(c, 404, [{ issue: "INVALID_RESOURCE_ID", description: "Webhook id does not exist." }]);
    return c.json({ ...hook, links: hookLinks(ctx, hook.id) });
  });
  app.delete("/v1/notifications/webhooks/:id", (c) => {
    if (!st.webhooks.delete(c.req.param("id"))) {
      return paypalError(c, 404, [{ issue: "INVALID_RESOURCE_ID", description: "Webhook id does not exist." }]);
    }
    return c.body(null, 204);
  });

  app.get("/v1/notifications/webhooks-events/:id", (c) => {
    const raw = st.events.get(c.req.param("id"));
    if (!raw)
      return paypalError(c, 404, [{ issue: "INVALID_RESOURCE_ID", description: "Webhook event id does not exist." }]);
    return c.json(JSON.parse(raw) as object);
  });
  app.post("/v1/notifications/webhooks-events/:id/resend", async (c) => {
    const id = c.req.param("id");
    const raw = st.events.get(id);
    if (!raw)
      return paypalError(c, 404, [{ issue: "INVALID_RESOURCE_ID", description: "Webhook event id does not exist." }]);
    const { value } = await readJson(c);
    const wanted = isObject(value) && Array.isArray(value.webhook_ids) ? value.webhook_ids.map(String) : null;
    const type = String((JSON.parse(raw) as { event_type?: string }).event_type);
    for (const hook of st.webhooks.values()) {
      const subscribed = hook.event_types.some((t) => t.name === "*" || t.name === type);
      if (wanted ? wanted.includes(hook.id) : subscribed) ctx.deliver("paypal", hook.url, raw, id);
    }
    return c.json({ ...(JSON.parse(raw) as object), status: "PENDING" }, 202);
  });

  app.post("/v1/notifications/verify-webhook-signature", async (c) => {
    const { value } = await readJson(c);
    if (!isObject(value))
      return paypalError(c, 400, [
        { issue: "MALFORMED_REQUEST_JSON", description: "The request JSON is not well formed." },
      ]);
    const required = [
      "auth_algo",
      "cert_url",
      "transmission_id",
      "transmission_sig",
      "transmission_time",
      "webhook_id",
      "webhook_event",
    ];
    const missing = required.find((k) => value[k] === undefined || value[k] === null || value[k] === "");
    if (missing) {
      return paypalError(c, 400, [
        {
          field: missing,
          location: "body",
          issue: "MISSING_REQUIRED_PARAMETER",
          description: `${missing} is required.`,
        },
      ]);
    }
    return c.json({ verification_status: verifyOnline(ctx, st, value) ? "SUCCESS" : "FAILURE" });
  });
}

function hookLinks(ctx: Ctx, id: string) {
  const href = `${ctx.urls.paypal}/v1/notifications/webhooks/${id}`;
  return [
    { href, rel: "self", method: "GET" },
    { href, rel: "update", method: "PATCH" },
    { href, rel: "delete", method: "DELETE" },
  ];
}

function verifyOnline(ctx: Ctx, st: PayPalState, v: Record<string, unknown>): boolean {
  if (v.auth_algo !== "SHA256withRSA" || v.cert_url !== certUrl(ctx)) return false;
  if (!st.webhooks.has(String(v.webhook_id))) return false;
  const event = v.webhook_event;
  // Real PayPal re-serialises webhook_event; we use the sent bytes when the event is ours and unchanged.
  let raw = JSON.stringify(event);
  if (isObject(event) && typeof event.id === "string") {
    const sent = st.events.get(event.id);
    if (sent && JSON.stringify(JSON.parse(sent)) === raw) raw = sent;
  }
  const signed = `${v.transmission_id}|${v.transmission_time}|${v.webhook_id}|${crc32(Buffer.from(raw, "utf8"))}`;
  try {
    return createVerify("sha256")
      .update(signed)
      .verify(ctx.keys.paypal.publicKeyPem, String(v.transmission_sig), "base64");
  } catch {
    return false;
  }
}
