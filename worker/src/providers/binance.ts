import * as v from "valibot";
import type { BinanceConfig } from "../config";
import { BinanceCertCache } from "../verify/binance";
import { hmac, toHex } from "../verify/encoding";
import { AmountSchema, fetchJson, ProviderError, parseProvider, randomString } from "./http";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const EnvelopeSchema = v.looseObject({
  status: v.string(),
  code: v.string(),
  data: v.optional(v.unknown()),
  errorMessage: v.optional(v.nullable(v.string())),
});

/** A signed Binance Pay call; the signature covers exactly the body bytes sent; `data` must fit `schema`. */
async function call<S extends v.GenericSchema>(
  cfg: BinanceConfig,
  path: string,
  payload: unknown,
  schema: S,
): Promise<v.InferOutput<S>> {
  const body = JSON.stringify(payload);
  const timestamp = String(Date.now());
  const nonce = randomString(32, LETTERS);
  const signature = toHex(await hmac("SHA-512", cfg.apiSecret, `${timestamp}\n${nonce}\n${body}\n`)).toUpperCase();
  const { body: res } = await fetchJson(
    "binance",
    `${cfg.apiBase}${path}`,
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "binancepay-timestamp": timestamp,
        "binancepay-nonce": nonce,
        "binancepay-certificate-sn": cfg.apiKey,
        "binancepay-signature": signature,
      },
      body,
    },
    (b) => String((b as { code?: unknown } | null)?.code ?? "unknown"),
    EnvelopeSchema,
  );
  if (res.status !== "SUCCESS" || res.data === undefined)
    throw new ProviderError("binance", 200, res.code, res.errorMessage ?? "request failed");
  return parseProvider("binance", schema, res.data);
}

/** What `v3/order` returns for the page. */
const BinanceOrderSchema = v.looseObject({
  prepayId: v.pipe(v.union([v.string(), v.number()]), v.transform(String)),
  expireTime: v.optional(v.number()),
  qrcodeLink: v.optional(v.string()),
  qrContent: v.string(),
  checkoutUrl: v.string(),
  deeplink: v.string(),
  universalUrl: v.string(),
});
export type BinanceOrder = v.InferOutput<typeof BinanceOrderSchema>;

/** A fresh merchantTradeNo: letters and digits, 32 characters (Binance's maximum). */
export function newMerchantTradeNo(): string {
  return randomString(32, `${LETTERS}0123456789`);
}

/** Creates a v3 order in the configured crypto currency at a fixed amount. */
export function createOrder(
  cfg: BinanceConfig,
  o: {
    merchantTradeNo: string;
    amount: string;
    description: string;
    returnUrl: string;
    cancelUrl: string;
    webhookUrl: string;
    expireAtMs: number;
  },
): Promise<BinanceOrder> {
  return call(
    cfg,
    "/binancepay/openapi/v3/order",
    {
      env: { terminalType: "WEB" },
      merchantTradeNo: o.merchantTradeNo,
      orderAmount: o.amount,
      currency: cfg.currency,
      description: o.description.slice(0, 256),
      goodsDetails: [
        { goodsType: "02", goodsCategory: "Z000", referenceGoodsId: "commitment-fee", goodsName: "Commitment fee" },
      ],
      returnUrl: o.returnUrl,
      cancelUrl: o.cancelUrl,
      webhookUrl: o.webhookUrl,
      orderExpireTime: o.expireAtMs,
    },
    BinanceOrderSchema,
  );
}

/** The order as `v2/order/query` reports it. */
const QueriedSchema = v.looseObject({
  merchantTradeNo: v.optional(v.string()),
  prepayId: v.optional(v.pipe(v.union([v.string(), v.number()]), v.transform(String))),
  // Kept open-ended: Binance documents INITIAL, PENDING, PAID, CANCELED, ERROR, REFUNDING,
  // REFUNDED, EXPIRED, and FULL_REFUNDED appears in refund answers.
  status: v.string(),
  orderAmount: v.nullish(AmountSchema),
  currency: v.nullish(v.string()),
  transactionId: v.nullish(v.string()),
  transactTime: v.nullish(v.number()),
});
export type BinanceQueried = v.InferOutput<typeof QueriedSchema>;

export function queryOrder(cfg: BinanceConfig, merchantTradeNo: string): Promise<BinanceQueried> {
  return call(cfg, "/binancepay/openapi/v2/order/query", { merchantTradeNo }, QueriedSchema);
}

/** The same query by prepayId (refunds only know the order's id). */
export function queryOrderByPrepayId(cfg: BinanceConfig, prepayId: string): Promise<BinanceQueried> {
  return call(cfg, "/binancepay/openapi/v2/order/query", { prepayId }, QueriedSchema);
}

export function closeOrder(cfg: BinanceConfig, merchantTradeNo: string): Promise<unknown> {
  return call(cfg, "/binancepay/openapi/order/close", { merchantTradeNo }, v.unknown());
}

const RefundSchema = v.looseObject({
  refundRequestId: v.string(),
  refundId: v.optional(v.pipe(v.union([v.string(), v.number()]), v.transform(String))),
  status: v.optional(v.string()),
});

/** Full refund; the refundRequestId is derived from the payment so a retry cannot refund twice. */
export function refundOrder(cfg: BinanceConfig, o: { prepayId: string; amount: string; refundRequestId: string }) {
  return call(
    cfg,
    "/binancepay/openapi/order/refund",
    { refundRequestId: o.refundRequestId, prepayId: o.prepayId, refundAmount: o.amount },
    RefundSchema,
  );
}

const CertificatesSchema = v.array(v.looseObject({ certSerial: v.string(), certPublic: v.string() }));

// Binance signs webhooks with keys listed by the certificates API; kept per isolate.
const certCache = new BinanceCertCache();

/** The PEM public key for a certificate serial; an unknown one refetches the list only rarely. */
export function webhookPublicKey(cfg: BinanceConfig, serial: string): Promise<string | null> {
  return certCache.publicKey(`${cfg.apiBase}|${cfg.apiKey}`, serial, () =>
    call(cfg, "/binancepay/openapi/certificates", {}, CertificatesSchema),
  );
}
