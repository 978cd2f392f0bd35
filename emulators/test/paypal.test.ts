// PayPal conformance with the official server SDK as the client, plus raw checks of the shapes and
// independent verification of every webhook signature.
import {
  ApiError,
  CheckoutPaymentIntent,
  Client,
  Environment,
  OrdersController,
  PaymentsController,
} from "@paypal/paypal-server-sdk";
import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from "axios";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulators, startEmulators } from "../src/index.ts";
import { control, oneByteChanged, startReceiver, verifyPayPal } from "./helpers.ts";

let emu: Emulators;
let hook: Awaited<ReturnType<typeof startReceiver>>;
let failNext = 0;
let orders: OrdersController;
let payments: PaymentsController;

/** The SDK has no custom-URL environment, so an axios adapter rewrites the sandbox origin. */
function rewritingAdapter(base: string): AxiosAdapter {
  const http = axios.getAdapter("http");
  return (config: InternalAxiosRequestConfig) =>
    http({ ...config, url: config.url?.replace("https://api-m.sandbox.paypal.com", base) });
}

beforeAll(async () => {
  hook = await startReceiver(() => (failNext-- > 0 ? { status: 500, body: "nope" } : { status: 200, body: "" }));
  emu = await startEmulators({
    port: 0,
    quiet: true,
    paypalWebhookUrl: `${hook.url}/webhooks/paypal`,
    retryDelayScale: 0.01,
  });
  const client = new Client({
    clientCredentialsAuthCredentials: {
      oAuthClientId: emu.credentials.paypal.clientId,
      oAuthClientSecret: emu.credentials.paypal.clientSecret,
    },
    environment: Environment.Sandbox,
    timeout: 5000,
    unstable_httpClientOptions: { adapter: rewritingAdapter(emu.urls.paypal) },
  });
  orders = new OrdersController(client);
  payments = new PaymentsController(client);
});
afterAll(async () => {
  await emu?.close();
  await hook?.close();
});
beforeEach(async () => {
  failNext = 0;
  hook.received.length = 0;
  await control(emu.urls.paypal, "reset", {});
});

const orderBody = (customId = "booking-123") => ({
  intent: CheckoutPaymentIntent.Capture,
  purchaseUnits: [
    { referenceId: "default", customId, description: "Commitment fee", amount: { currencyCode: "USD", value: "1.00" } },
  ],
  paymentSource: {
    paypal: {
      experienceContext: {
        returnUrl: "https://worker.test/return",
        cancelUrl: "https://worker.test/cancel",
        brandName: "LeadsCalendar",
      },
    },
  },
});

async function approveViaPage(orderId: string): Promise<URL> {
  const page = await fetch(`${emu.urls.paypal}/checkoutnow?token=${orderId}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Approve");
  const res = await fetch(`${emu.urls.paypal}/checkoutnow`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: orderId, decision: "approve", sdk: "0" }),
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location") ?? "");
}

describe("PayPal with the official server SDK", () => {
  it("creates idempotently, refuses early capture, captures after approval, refunds", async () => {
    const created = await orders.createOrder({
      body: orderBody(),
      paypalRequestId: "req-1",
      prefer: "return=representation",
    });
    expect(created.statusCode).toBe(201);
    const id = created.result.id ?? "";
    expect(created.result.status).toBe("PAYER_ACTION_REQUIRED");
    expect(created.result.links?.find((l) => l.rel === "payer-action")?.href).toContain(`/checkoutnow?token=${id}`);
    const replay = await orders.createOrder({ body: orderBody(), paypalRequestId: "req-1" });
    expect(replay.statusCode).toBe(200);
    expect(replay.result.id).toBe(id);
    const other = await orders.createOrder({ body: orderBody(), paypalRequestId: "req-2" });
    expect(other.result.id).not.toBe(id);

    const early = await orders.captureOrder({ id, paypalRequestId: "cap-0" }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ApiError);
    expect((early as ApiError).statusCode).toBe(422);
    expect(JSON.parse(String((early as ApiError).body)).details[0].issue).toBe("ORDER_NOT_APPROVED");

    const back = await approveViaPage(id);
    expect(`${back.origin}${back.pathname}`).toBe("https://worker.test/return");
    expect(back.searchParams.get("token")).toBe(id);
    expect(back.searchParams.get("PayerID")).toMatch(/^[A-Z0-9]{13}$/);

    const cap = await orders.captureOrder({ id, paypalRequestId: "cap-1" });
    expect(cap.result.status).toBe("COMPLETED");
    const capture = cap.result.purchaseUnits?.[0]?.payments?.captures?.[0];
    expect(capture?.status).toBe("COMPLETED");
    expect(capture?.customId).toBe("booking-123");
    expect(capture?.amount).toEqual({ currencyCode: "USD", value: "1.00" });
    const again = await orders.captureOrder({ id, paypalRequestId: "cap-1" });
    expect(again.statusCode).toBe(200);
    expect(again.result.purchaseUnits?.[0]?.payments?.captures?.[0]?.id).toBe(capture?.id);
    const dup = await orders.captureOrder({ id, paypalRequestId: "cap-2" }).catch((e: ApiError) => e);
    expect(JSON.parse(String((dup as ApiError).body)).details[0].issue).toBe("ORDER_ALREADY_CAPTURED");

    const refund = await payments.refundCapturedPayment({ captureId: capture?.id ?? "" });
    expect(refund.result.status).toBe("COMPLETED");
    const after = await payments.getCapturedPayment({ captureId: capture?.id ?? "" });
    expect(after.result.status).toBe("REFUNDED");
  });

  it("answers legacy application_context orders with rel approve and status CREATED", async () => {
    const res = await orders.createOrder({
      body: {
        intent: CheckoutPaymentIntent.Capture,
        purchaseUnits: [{ amount: { currencyCode: "USD", value: "1.00" } }],
      },
    });
    expect(res.result.status).toBe("CREATED");
    expect(res.result.links?.some((l) => l.rel === "approve")).toBe(true);
  });
});

describe("PayPal raw shapes", () => {
  const token = async () => {
    const res = await fetch(`${emu.urls.paypal}/v1/oauth2/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${emu.credentials.paypal.clientId}:${emu.credentials.paypal.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    return (await res.json()) as { access_token: string; expires_in: number; token_type: string };
  };

  it("issues tokens in seconds and rejects bad credentials", async () => {
    const t = await token();
    expect(t.token_type).toBe("Bearer");
    expect(t.expires_in).toBe(32400);
    const bad = await fetch(`${emu.urls.paypal}/v1/oauth2/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from("x:y").toString("base64")}` },
      body: "grant_type=client_credentials",
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: "invalid_client" });
    const noAuth = await fetch(`${emu.urls.paypal}/v2/checkout/orders/X`);
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ name: "AUTHENTICATION_FAILURE" });
  });

  it("validates create-order bodies with PayPal issues", async () => {
    const { access_token } = await token();
    const post = (body: unknown) =>
      fetch(`${emu.urls.paypal}/v2/checkout/orders`, {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const noIntent = await post({ purchase_units: [] });
    expect(noIntent.status).toBe(400);
    expect(await noIntent.json()).toMatchObject({
      name: "INVALID_REQUEST",
      details: [{ field: "/intent", issue: "MISSING_REQUIRED_PARAMETER" }],
    });
    const precision = await post({
      intent: "CAPTURE",
      purchase_units: [{ amount: { currency_code: "USD", value: "1.001" } }],
    });
    expect(precision.status).toBe(422);
    expect(((await precision.json()) as { details: { issue: string }[] }).details[0]?.issue).toBe("DECIMAL_PRECISION");
    const missing = await fetch(`${emu.urls.paypal}/v2/checkout/orders/NOPE`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      name: "RESOURCE_NOT_FOUND",
      details: [{ issue: "INVALID_RESOURCE_ID" }],
    });
  });

  it("serves the SDK only for the configured client id", async () => {
    const bad = await fetch(`${emu.urls.paypal}/sdk/js?client-id=wrong`);
    expect(bad.status).toBe(400);
    const ok = await fetch(
      `${emu.urls.paypal}/sdk/js?client-id=${emu.credentials.paypal.clientId}&currency=USD&intent=capture`,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("javascript");
    expect(await ok.text()).toContain("Buttons");
  });
});

describe("PayPal webhooks", () => {
  async function paidOrder(): Promise<string> {
    const { result } = await orders.createOrder({ body: orderBody() });
    const id = result.id ?? "";
    const pay = await control<{ ok: boolean }>(emu.urls.paypal, "pay", { provider: "paypal", orderId: id });
    expect(pay.ok).toBe(true);
    await orders.captureOrder({ id });
    return id;
  }

  it("signs every event so an independent CRC32 + RSA check passes, and a one-byte change fails", async () => {
    await paidOrder();
    const got = await hook.waitFor(2);
    expect(got.map((r) => JSON.parse(r.body).event_type)).toEqual([
      "CHECKOUT.ORDER.APPROVED",
      "PAYMENT.CAPTURE.COMPLETED",
    ]);
    const webhookId = emu.credentials.paypal.webhookId ?? "";
    expect(webhookId).not.toBe("");
    for (const r of got) {
      const certUrl = String(r.headers["paypal-cert-url"]);
      expect(certUrl.startsWith(`${emu.urls.paypal}/v1/notifications/certs/`)).toBe(true);
      const pem = await (await fetch(certUrl)).text();
      expect(verifyPayPal(r.headers, r.body, webhookId, pem)).toBe(true);
      expect(verifyPayPal(r.headers, oneByteChanged(r.body), webhookId, pem)).toBe(false);
      expect(verifyPayPal(r.headers, r.body, oneByteChanged(webhookId, 0), pem)).toBe(false);
    }
    const completed = JSON.parse(got[1]?.body ?? "{}");
    expect(completed).toMatchObject({
      resource_type: "capture",
      resource: { status: "COMPLETED", custom_id: "booking-123" },
    });
    expect(completed.id).toMatch(/^WH-/);
  });

  it("verifies online through verify-webhook-signature", async () => {
    await paidOrder();
    const [r] = await hook.waitFor(1);
    const t = (await (
      await fetch(`${emu.urls.paypal}/v1/oauth2/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${emu.credentials.paypal.clientId}:${emu.credentials.paypal.clientSecret}`).toString("base64")}`,
        },
        body: "grant_type=client_credentials",
      })
    ).json()) as { access_token: string };
    const verify = async (event: unknown, sig = String(r?.headers["paypal-transmission-sig"])) => {
      const res = await fetch(`${emu.urls.paypal}/v1/notifications/verify-webhook-signature`, {
        method: "POST",
        headers: { authorization: `Bearer ${t.access_token}`, "content-type": "application/json" },
        body: JSON.stringify({
          auth_algo: r?.headers["paypal-auth-algo"],
          cert_url: r?.headers["paypal-cert-url"],
          transmission_id: r?.headers["paypal-transmission-id"],
          transmission_sig: sig,
          transmission_time: r?.headers["paypal-transmission-time"],
          webhook_id: emu.credentials.paypal.webhookId,
          webhook_event: event,
        }),
      });
      return ((await res.json()) as { verification_status: string }).verification_status;
    };
    const event = JSON.parse(r?.body ?? "{}");
    expect(await verify(event)).toBe("SUCCESS");
    expect(await verify({ ...event, summary: "tampered" })).toBe("FAILURE");
  });

  it("captures PENDING when the buyer chose it, then settles to COMPLETED with a webhook", async () => {
    const { result } = await orders.createOrder({ body: orderBody() });
    const id = result.id ?? "";
    await control(emu.urls.paypal, "pay", { provider: "paypal", orderId: id, captureOutcome: "PENDING" });
    const cap = await orders.captureOrder({ id });
    const capture = cap.result.purchaseUnits?.[0]?.payments?.captures?.[0];
    expect(capture?.status).toBe("PENDING");
    expect(capture?.statusDetails?.reason).toBe("PENDING_REVIEW");
    await control(emu.urls.paypal, `paypal/captures/${capture?.id}`, { status: "COMPLETED" });
    expect((await payments.getCapturedPayment({ captureId: capture?.id ?? "" })).result.status).toBe("COMPLETED");
    const got = await hook.waitFor(3);
    expect(got.map((r) => JSON.parse(r.body).event_type)).toEqual([
      "CHECKOUT.ORDER.APPROVED",
      "PAYMENT.CAPTURE.PENDING",
      "PAYMENT.CAPTURE.COMPLETED",
    ]);

    const declined = (await orders.createOrder({ body: orderBody() })).result.id ?? "";
    await control(emu.urls.paypal, "pay", {
      provider: "paypal",
      orderId: declined,
      captureOutcome: "INSTRUMENT_DECLINED",
    });
    const err = await orders.captureOrder({ id: declined }).catch((e: ApiError) => e);
    expect((err as ApiError).statusCode).toBe(422);
    expect(JSON.parse(String((err as ApiError).body)).details[0].issue).toBe("INSTRUMENT_DECLINED");
  });

  it("answers a refund PENDING when told to, and settles it later (COMPLETED with a webhook, or FAILED)", async () => {
    const id = await paidOrder();
    const order = await orders.getOrder({ id });
    const captureId = order.result.purchaseUnits?.[0]?.payments?.captures?.[0]?.id ?? "";
    await control(emu.urls.paypal, "config", { paypalPendingRefunds: 2 });
    const refund = await payments.refundCapturedPayment({ captureId, paypalRequestId: "rf-1" });
    expect(refund.result.status).toBe("PENDING");
    expect((await payments.getCapturedPayment({ captureId })).result.status).toBe("COMPLETED");
    // While it is pending the capture cannot be refunded again.
    const again = await payments
      .refundCapturedPayment({ captureId, paypalRequestId: "rf-2" })
      .catch((e: ApiError) => e);
    expect((again as ApiError).statusCode).toBe(422);
    const failed = await control<{ status: string }>(emu.urls.paypal, `paypal/refunds/${refund.result.id}`, {
      status: "FAILED",
    });
    expect(failed.status).toBe("FAILED");
    expect((await payments.getRefund({ refundId: refund.result.id ?? "" })).result.status).toBe("FAILED");
    const second = await payments.refundCapturedPayment({ captureId, paypalRequestId: "rf-3" });
    expect(second.result.status).toBe("PENDING");
    await control(emu.urls.paypal, `paypal/refunds/${second.result.id}`, { status: "COMPLETED" });
    expect((await payments.getCapturedPayment({ captureId })).result.status).toBe("REFUNDED");
    await control(emu.urls.paypal, "deliveries/wait", { timeoutMs: 5000 });
    const types = hook.received.map((r) => JSON.parse(r.body).event_type);
    expect(types.filter((t) => t === "PAYMENT.CAPTURE.REFUNDED")).toHaveLength(1);
    // Without the switch, refunds complete at once again.
    expect(
      (await control<{ settings: { paypalPendingRefunds: number } }>(emu.urls.paypal, "config", {})).settings,
    ).toMatchObject({ paypalPendingRefunds: 0 });
  });

  it("sends refunds and reversals as refund resources that name their capture only by the up link", async () => {
    const refundedOrder = await paidOrder();
    const state = async () =>
      (await control<{ paypal: { captures: { id: string; orderId: string }[] } }>(emu.urls.paypal, "state")).paypal;
    const capA = (await state()).captures.find((c) => c.orderId === refundedOrder)?.id ?? "";
    const refund = await payments.refundCapturedPayment({ captureId: capA });
    const reversedOrder = await paidOrder();
    const capB = (await state()).captures.find((c) => c.orderId === reversedOrder)?.id ?? "";
    await control(emu.urls.paypal, `paypal/captures/${capB}`, { status: "REVERSED" });
    const got = await hook.waitFor(6);
    const byType = (t: string) => got.map((r) => JSON.parse(r.body)).find((e) => e.event_type === t);
    for (const [type, capId] of [
      ["PAYMENT.CAPTURE.REFUNDED", capA],
      ["PAYMENT.CAPTURE.REVERSED", capB],
    ] as const) {
      const ev = byType(type);
      expect(ev.resource_type).toBe("refund");
      expect(ev.resource).not.toHaveProperty("custom_id");
      expect(ev.resource).not.toHaveProperty("supplementary_data");
      expect(ev.resource).toMatchObject({ status: "COMPLETED", amount: { currency_code: "USD", value: "1.00" } });
      expect(ev.resource.seller_payable_breakdown.gross_amount).toEqual({ currency_code: "USD", value: "1.00" });
      const up = ev.resource.links.find((l: { rel: string }) => l.rel === "up");
      expect(up.href).toBe(`${emu.urls.paypal}/v2/payments/captures/${capId}`);
      expect(ev.resource.links.find((l: { rel: string }) => l.rel === "self").href).toContain("/v2/payments/refunds/");
    }
    expect(byType("PAYMENT.CAPTURE.REFUNDED").resource.id).toBe(refund.result.id);
    expect((await payments.getCapturedPayment({ captureId: capB })).result.status).toBe("REFUNDED");
  });

  it("refuses a repeat of a capture still in progress with 409 PREVIOUS_REQUEST_IN_PROGRESS", async () => {
    const { result } = await orders.createOrder({ body: orderBody() });
    const id = result.id ?? "";
    await control(emu.urls.paypal, "pay", { provider: "paypal", orderId: id });
    await control(emu.urls.paypal, "config", { paypalCaptureMs: 400 });
    try {
      const send = () =>
        orders.captureOrder({ id, paypalRequestId: `capture-${id}` }).then(
          (r) => ({ status: r.statusCode, issue: null as string | null }),
          (e: ApiError) => ({ status: e.statusCode, issue: JSON.parse(String(e.body)).details?.[0]?.issue ?? null }),
        );
      const first = send();
      await new Promise((r) => setTimeout(r, 100));
      const second = await send();
      expect(second).toEqual({ status: 409, issue: "PREVIOUS_REQUEST_IN_PROGRESS" });
      expect(await first).toEqual({ status: 201, issue: null });
      // Once the first finished, the same key replays its answer; the order was captured once.
      expect(await send()).toEqual({ status: 200, issue: null });
      const order = await orders.getOrder({ id });
      expect(order.result.status).toBe("COMPLETED");
      expect(order.result.purchaseUnits?.[0]?.payments?.captures).toHaveLength(1);
    } finally {
      await control(emu.urls.paypal, "config", { paypalCaptureMs: 0 });
    }
  });

  it("serves sent events and resends them on request", async () => {
    await paidOrder();
    const [r] = await hook.waitFor(1);
    const event = JSON.parse(r?.body ?? "{}") as { id: string };
    const t = (await (
      await fetch(`${emu.urls.paypal}/v1/oauth2/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${emu.credentials.paypal.clientId}:${emu.credentials.paypal.clientSecret}`).toString("base64")}`,
        },
        body: "grant_type=client_credentials",
      })
    ).json()) as { access_token: string };
    const auth = { authorization: `Bearer ${t.access_token}`, "content-type": "application/json" };
    const got = await fetch(`${emu.urls.paypal}/v1/notifications/webhooks-events/${event.id}`, { headers: auth });
    expect(await got.json()).toEqual(event);
    await hook.waitFor(2);
    const resent = await fetch(`${emu.urls.paypal}/v1/notifications/webhooks-events/${event.id}/resend`, {
      method: "POST",
      headers: auth,
      body: "{}",
    });
    expect(resent.status).toBe(202);
    const all = await hook.waitFor(3);
    expect(all[2]?.body).toBe(r?.body);
    expect(all[2]?.headers["paypal-transmission-id"]).not.toBe(r?.headers["paypal-transmission-id"]);
  });

  it("retries non-2xx answers with backoff and records each attempt", async () => {
    failNext = 2;
    await control(emu.urls.paypal, "pay", {
      provider: "paypal",
      orderId: (await orders.createOrder({ body: orderBody() })).result.id,
    });
    await hook.waitFor(3);
    await control(emu.urls.paypal, "deliveries/wait", { timeoutMs: 5000 });
    const { deliveries } = await control<{ deliveries: { status: string; attempts: { status: number }[] }[] }>(
      emu.urls.paypal,
      "deliveries?provider=paypal",
    );
    expect(deliveries[0]?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(deliveries[0]?.status).toBe("succeeded");
  });

  it("redelivers, duplicates byte for byte, breaks signatures on request and holds back", async () => {
    await control(emu.urls.paypal, "deliveries/hold", { provider: "paypal" });
    await control(emu.urls.paypal, "pay", {
      provider: "paypal",
      orderId: (await orders.createOrder({ body: orderBody() })).result.id,
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(hook.received).toHaveLength(0);
    const held = await control<{ deliveries: { id: string; status: string }[] }>(
      emu.urls.paypal,
      "deliveries?status=held",
    );
    expect(held.deliveries).toHaveLength(1);
    const id = held.deliveries[0]?.id ?? "";
    expect(await control(emu.urls.paypal, "deliveries/release", {})).toEqual({ released: 1 });
    const [first] = await hook.waitFor(1);
    await control(emu.urls.paypal, `deliveries/${id}/duplicate`, {});
    await control(emu.urls.paypal, `deliveries/${id}/redeliver`, {});
    await control(emu.urls.paypal, `deliveries/${id}/broken-signature`, {});
    const all = await hook.waitFor(4);
    const pem = await (await fetch(String(first?.headers["paypal-cert-url"]))).text();
    const wid = emu.credentials.paypal.webhookId ?? "";
    const byKind = (n: number) => all[n] as NonNullable<(typeof all)[number]>;
    expect(all.every((r) => r.body === first?.body)).toBe(true);
    const dup = all.find(
      (r, i) => i > 0 && r.headers["paypal-transmission-id"] === first?.headers["paypal-transmission-id"],
    );
    expect(dup?.headers["paypal-transmission-sig"]).toBe(first?.headers["paypal-transmission-sig"]);
    const verdicts = [1, 2, 3].map((n) => verifyPayPal(byKind(n).headers, byKind(n).body, wid, pem)).sort();
    expect(verdicts).toEqual([false, true, true]);
  });
});
