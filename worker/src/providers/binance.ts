import type { BinanceConfig } from "../config";
import { hmac, toHex } from "../verify/encoding";
import { fetchJson, ProviderError, randomString } from "./http";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

interface Envelope<T> {
  status: "SUCCESS" | "FAIL";
  code: string;
  data?: T;
  errorMessage?: string | null;
}

/** A signed Binance Pay call; the signature covers exactly the body bytes sent. */
async function call<T>(cfg: BinanceConfig, path: string, payload: unknown): Promise<T> {
  const body = JSON.stringify(payload);
  const timestamp = String(Date.now());
  const nonce = randomString(32, LETTERS);
  const signature = toHex(await hmac("SHA-512", cfg.apiSecret, `${timestamp}\n${nonce}\n${body}\n`)).toUpperCase();
  const { body: res } = await fetchJson<Envelope<T>>(
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
    (b) => (b as Envelope<unknown> | null)?.code ?? "unknown",
  );
  if (res?.status !== "SUCCESS" || res.data === undefined)
    throw new ProviderError("binance", 200, res?.code ?? "unknown", res?.errorMessage ?? "request failed");
  return res.data;
}

/** What `v3/order` returns for the page. */
export interface BinanceOrder {
  prepayId: string;
  expireTime: number;
  qrcodeLink?: string;
  qrContent: string;
  checkoutUrl: string;
  deeplink: string;
  universalUrl: string;
}

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
  return call<BinanceOrder>(cfg, "/binancepay/openapi/v3/order", {
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
  });
}

/** The order as `v2/order/query` reports it. */
export interface BinanceQueried {
  merchantTradeNo?: string;
  prepayId?: string;
  status: "INITIAL" | "PENDING" | "PAID" | "CANCELED" | "ERROR" | "REFUNDING" | "REFUNDED" | "EXPIRED";
  orderAmount?: string;
  currency?: string;
  transactionId?: string;
  transactTime?: number;
}

export function queryOrder(cfg: BinanceConfig, merchantTradeNo: string): Promise<BinanceQueried> {
  return call<BinanceQueried>(cfg, "/binancepay/openapi/v2/order/query", { merchantTradeNo });
}

export function closeOrder(cfg: BinanceConfig, merchantTradeNo: string): Promise<unknown> {
  return call<unknown>(cfg, "/binancepay/openapi/order/close", { merchantTradeNo });
}

/** Full refund; the refundRequestId is derived from the payment so a retry cannot refund twice. */
export function refundOrder(cfg: BinanceConfig, o: { prepayId: string; amount: string; refundRequestId: string }) {
  return call<{ refundRequestId: string; refundId?: string; status?: string }>(
    cfg,
    "/binancepay/openapi/order/refund",
    {
      refundRequestId: o.refundRequestId,
      prepayId: o.prepayId,
      refundAmount: o.amount,
    },
  );
}

// Binance signs webhooks with keys listed by the certificates API; cache them for an hour.
const certCache = new Map<string, { at: number; keys: Map<string, string> }>();

/** The PEM public key for a certificate serial, refetching the list once on a cache miss. */
export async function webhookPublicKey(cfg: BinanceConfig, serial: string): Promise<string | null> {
  const key = `${cfg.apiBase}|${cfg.apiKey}`;
  const cached = certCache.get(key);
  if (cached && Date.now() - cached.at < 3600_000 && cached.keys.has(serial)) return cached.keys.get(serial) ?? null;
  const list = await call<{ certSerial: string; certPublic: string }[]>(cfg, "/binancepay/openapi/certificates", {});
  const keys = new Map(list.map((c) => [c.certSerial, c.certPublic]));
  certCache.set(key, { at: Date.now(), keys });
  return keys.get(serial) ?? null;
}
