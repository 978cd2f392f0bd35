// In-isolate stand-ins for the provider APIs the webhook handlers call (PayPal cert URL, Binance
// certificates + order query + refund, Mercado Pago payment + refund), plus signers that produce
// deliveries with our own keys — so every rejection path can be driven byte by byte inside workerd.
// End-to-end runs against the real emulators live in ../roundtrip.
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { crc32 } from "../src/verify/crc32";
import { hmac, toHex, utf8 } from "../src/verify/encoding";
import { publicKeyPem, rsaKeys, selfSignedCert, signBase64 } from "./cert";
import { worker } from "./helpers";

export const CERT_URL = "https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-test-1";
export const WEBHOOK_ID = "WH-TEST-ID";
export const BINANCE_SERIAL = "SN-TEST";
export const MP_SECRET = "mp-test-secret";

export const fakeWorker = () =>
  worker({
    PAYPAL_API_BASE: "https://paypal.fake",
    PAYPAL_CLIENT_ID: "id",
    PAYPAL_CLIENT_SECRET: "secret",
    PAYPAL_WEBHOOK_ID: WEBHOOK_ID,
    // The fake API is not PayPal's host, so the certificate host is named explicitly.
    PAYPAL_CERT_HOSTS: "api-m.sandbox.paypal.com",
    BINANCE_API_BASE: "https://binance.fake",
    BINANCE_API_KEY: "key",
    BINANCE_API_SECRET: "secret",
    MERCADOPAGO_API_BASE: "https://mp.fake",
    MERCADOPAGO_ACCESS_TOKEN: "token",
    MERCADOPAGO_WEBHOOK_SECRET: MP_SECRET,
    MERCADOPAGO_CURRENCY: "ARS",
    MERCADOPAGO_PRICE_VALUE: "1000.00",
  });

/** Provider-side state the fakes answer from. */
export const fake = {
  /** Binance orders by merchantTradeNo; `prepayId` lets refunds and prepayId queries find them. */
  binance: new Map<
    string,
    { status: string; orderAmount: string; currency: string; transactionId: string; prepayId?: string }
  >(),
  /** Binance refund requests as sent (refundRequestId), in order. */
  binanceRefundRequests: [] as string[],
  /** What a PayPal refund answers (PayPal may say PENDING), and refunds by id for GET. */
  paypalRefundStatus: "COMPLETED",
  paypalRefunds: new Map<string, string>(),
  mp: new Map<string, Record<string, unknown>>(),
  refunds: [] as string[],
  /** PayPal token requests seen, and the expires_in (seconds) the fake grants. */
  tokenCalls: 0,
  tokenExpiresIn: 32400,
  /** Captures as PayPal has them (`GET /v2/payments/captures/{id}`), and orders (`GET`, capture). */
  paypalCaptures: new Map<string, Record<string, unknown>>(),
  paypalOrders: new Map<string, Record<string, unknown>>(),
  /** Answers of the next `POST …/capture` calls, in order (status + body); empty = the order itself. */
  paypalCaptureAnswers: [] as { status: number; body: unknown }[],
  /** Every PayPal API call except the token: `METHOD path`. */
  paypalCalls: [] as string[],
};

/** Records a refund call and answers it. */
const refunded = (tag: string, res: Response) => {
  fake.refunds.push(tag);
  return res;
};
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** Installs the fetch stub and creates keys; call in beforeAll. */
export async function installFakes() {
  const paypalKeys = await rsaKeys();
  const certPem = await selfSignedCert(
    paypalKeys,
    "messageverificationcerts.sandbox.paypal.com",
    new Date(Date.now() - 86400_000),
    new Date(Date.now() + 86400_000),
  );
  const binanceKeys = await rsaKeys();
  const binancePem = await publicKeyPem(binanceKeys);
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (req.url === CERT_URL) return new Response(certPem);
    if (url.host === "paypal.fake") {
      if (url.pathname === "/v1/oauth2/token") {
        fake.tokenCalls++;
        return json({ access_token: `t${fake.tokenCalls}`, token_type: "Bearer", expires_in: fake.tokenExpiresIn });
      }
      fake.paypalCalls.push(`${req.method} ${url.pathname}`);
      const capture = url.pathname.match(/^\/v2\/payments\/captures\/([^/]+)$/);
      if (capture) {
        const c = fake.paypalCaptures.get(capture[1] as string);
        return c ? json(c) : json({ name: "RESOURCE_NOT_FOUND", details: [{ issue: "INVALID_RESOURCE_ID" }] }, 404);
      }
      const order = url.pathname.match(/^\/v2\/checkout\/orders\/([^/]+)(\/capture)?$/);
      if (order) {
        const o = fake.paypalOrders.get(order[1] as string);
        if (order[2] && req.method === "POST") {
          const next = fake.paypalCaptureAnswers.shift();
          if (next) return json(next.body, next.status);
        }
        return json(o ?? { id: order[1], status: "CREATED" }, order[2] ? 201 : 200);
      }
      const m = url.pathname.match(/^\/v2\/payments\/captures\/(.+)\/refund$/);
      if (m) {
        const id = `RF-${m[1]}-${req.headers.get("paypal-request-id")}`;
        fake.paypalRefunds.set(id, fake.paypalRefundStatus);
        return refunded(`paypal:${m[1]}`, json({ id, status: fake.paypalRefundStatus }, 201));
      }
      const r = url.pathname.match(/^\/v2\/payments\/refunds\/(.+)$/);
      const rs = r ? fake.paypalRefunds.get(r[1] as string) : undefined;
      if (rs) return json({ id: r?.[1], status: rs });
    }
    if (url.host === "binance.fake") {
      const body = (await req.json()) as Record<string, string>;
      if (url.pathname.endsWith("/certificates"))
        return json({
          status: "SUCCESS",
          code: "000000",
          data: [{ certSerial: BINANCE_SERIAL, certPublic: binancePem }],
        });
      const byPrepay = [...fake.binance.entries()].find(([, o]) => o.prepayId && o.prepayId === body.prepayId);
      if (url.pathname.endsWith("/v2/order/query")) {
        const [tradeNo, o] = body.merchantTradeNo
          ? [body.merchantTradeNo, fake.binance.get(body.merchantTradeNo)]
          : (byPrepay ?? []);
        return o
          ? json({ status: "SUCCESS", code: "000000", data: { merchantTradeNo: tradeNo, ...o } })
          : json({ status: "FAIL", code: "400201" }, 400);
      }
      if (url.pathname.endsWith("/order/refund")) {
        // Like Binance: the request is only accepted; the order is REFUNDING until a PAY_REFUND webhook.
        if (byPrepay && byPrepay[1].status !== "PAID")
          return json({ status: "FAIL", code: "400207", errorMessage: `Order status ${byPrepay[1].status}` }, 400);
        if (byPrepay) byPrepay[1].status = "REFUNDING";
        fake.binanceRefundRequests.push(body.refundRequestId ?? "");
        return refunded(
          `binance:${body.prepayId}`,
          json({ status: "SUCCESS", code: "000000", data: { refundRequestId: body.refundRequestId } }),
        );
      }
    }
    if (url.host === "mp.fake") {
      const refund = url.pathname.match(/^\/v1\/payments\/(.+)\/refunds$/);
      if (refund) return refunded(`mercadopago:${refund[1]}`, json({ id: 99 }, 201));
      if (url.pathname === "/v1/payments/search") {
        const ref = url.searchParams.get("external_reference");
        return json({ results: [...fake.mp.values()].filter((p) => p.external_reference === ref).reverse() });
      }
      const pay = url.pathname.match(/^\/v1\/payments\/(\d+)$/);
      const p = pay ? fake.mp.get(pay[1] as string) : undefined;
      return p ? json(p) : json({ message: "not found", error: "not_found", status: 404 }, 404);
    }
    return new Response("unexpected fetch in test", { status: 599 });
  });

  return {
    /** A PayPal delivery signed like PayPal does (or with `key` to forge it). */
    async paypal(body: string, o: { webhookId?: string; time?: Date; key?: CryptoKey } = {}) {
      const time = (o.time ?? new Date()).toISOString();
      const id = crypto.randomUUID();
      const sig = await signBase64(
        o.key ?? paypalKeys.privateKey,
        `${id}|${time}|${o.webhookId ?? WEBHOOK_ID}|${crc32(utf8(body))}`,
      );
      return {
        path: "/webhooks/paypal",
        body,
        headers: {
          "PAYPAL-TRANSMISSION-ID": id,
          "PAYPAL-TRANSMISSION-TIME": time,
          "PAYPAL-TRANSMISSION-SIG": sig,
          "PAYPAL-CERT-URL": CERT_URL,
          "PAYPAL-AUTH-ALGO": "SHA256withRSA",
        } as Record<string, string>,
      };
    },
    /** A Binance Pay delivery. */
    async binance(body: string, o: { time?: Date; key?: CryptoKey; serial?: string } = {}) {
      const ts = String((o.time ?? new Date()).getTime());
      const nonce = "abcdefghijklmnopqrstuvwxyzABCDEF";
      const sig = await signBase64(o.key ?? binanceKeys.privateKey, `${ts}\n${nonce}\n${body}\n`);
      return {
        path: "/webhooks/binance",
        body,
        headers: {
          "BinancePay-Certificate-SN": o.serial ?? BINANCE_SERIAL,
          "BinancePay-Nonce": nonce,
          "BinancePay-Timestamp": ts,
          "BinancePay-Signature": sig,
        } as Record<string, string>,
      };
    },
    /** A Mercado Pago notification for payment `dataId`. */
    async mercadopago(dataId: string, body: string, o: { time?: Date; secret?: string } = {}) {
      const ts = String(Math.floor((o.time ?? new Date()).getTime() / 1000));
      const requestId = crypto.randomUUID();
      const v1 = toHex(await hmac("SHA-256", o.secret ?? MP_SECRET, `id:${dataId};request-id:${requestId};ts:${ts};`));
      return {
        path: `/webhooks/mercadopago?data.id=${dataId}&type=payment`,
        body,
        headers: { "x-signature": `ts=${ts},v1=${v1}`, "x-request-id": requestId } as Record<string, string>,
      };
    },
    otherKey: (await rsaKeys()).privateKey,
  };
}

/** Inserts a provider order as the pay routes would have. */
export async function seedOrder(
  provider: string,
  bookingId: string,
  orderId: string,
  reference: string,
  currency: string,
) {
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO provider_orders (provider, order_id, booking_id, reference, status, amount_value, currency, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'open', '1.00', ?, ?, ?)`,
  )
    .bind(provider, orderId, bookingId, reference, currency, now, now)
    .run();
}

/** Row counts that every rejected delivery must leave unchanged. */
export async function counts() {
  const one = async (table: string) =>
    ((await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? 0) as number;
  return { payments: await one("payments"), events: await one("webhook_events"), refunds: await one("refunds") };
}
