import type { Provider } from "../../utils/api/contract";
import { type BookingConfig, readBookingConfig } from "./booking/config";
import { CRON_CALL_BUDGET } from "./budget";
import type { Env } from "./env";
import { parseCertHosts, paypalCertOrigins, paypalEnvironment } from "./verify/allow-list";

/**
 * The shortest hold a checkout may have: time for a payer to pay, and no flood of orders for a
 * hold about to end. `MIN_HOLD_MINUTES` overrides it (the round trips end holds within seconds).
 */
export const MIN_HOLD_MINUTES = 15;
/** Calls to `/v1/pay/*` that reach providers, per checkout and per client (IPv6 by /64), per minute. */
export const PAY_RATE_LIMITS = { perCheckout: 30, perClient: 60 };

export interface PayPalConfig {
  apiBase: string;
  clientId: string;
  clientSecret: string;
  webhookId: string;
  /** Origins webhook certificates may come from: PayPal's for the API base's environment, or PAYPAL_CERT_HOSTS. */
  certOrigins: string[];
  sdkBaseUrl: string;
}
export interface BinanceConfig {
  apiBase: string;
  apiKey: string;
  apiSecret: string;
  currency: string;
}
export interface MercadoPagoConfig {
  apiBase: string;
  accessToken: string;
  webhookSecret: string;
  currency: string;
  priceValue: string;
}

/** The validated configuration. A provider is `null` when its configuration is incomplete (hidden). */
export interface Config {
  publicBaseUrl: string;
  price: { value: string; currency: string };
  maxHoldHours: number;
  minHoldMinutes: number;
  /** Calls to `/v1/pay/*` POSTs per client (IPv6 by /64) per minute. */
  payRateLimitPerMinute: number;
  /** Outbound calls one cron pass may make (worker/src/budget.ts); raise it on Workers Paid. */
  cronCallBudget: number;
  extensionIds: string[];
  checkoutRateLimitPerHour: number;
  /** Hours after a refundable booking ends in which the host answers "did they attend?". */
  attendanceWindowHours: number;
  /** First retry delay of a host webhook delivery (doubling up to an hour); HOST_WEBHOOK_RETRY_SECONDS. */
  hostWebhookRetrySeconds: number;
  paypal: PayPalConfig | null;
  binance: BinanceConfig | null;
  mercadopago: MercadoPagoConfig | null;
  /** A lead who cancels at least this many hours before the start gets the fee back (CANCEL_REFUND_HOURS). */
  cancelRefundHours: number;
  /** The booking page (host calendar connection), or null when it is not configured. */
  booking: BookingConfig | null;
  /** Problems found while reading the configuration (names only, never values). */
  problems: string[];
}

const AMOUNT = /^\d{1,6}\.\d{2}$/;
/** The currencies of Mercado Pago's sites (MLA, MLB, MLM, MLC, MCO, MPE, MLU); it refuses any other. */
export const MERCADOPAGO_CURRENCIES = ["ARS", "BRL", "MXN", "CLP", "COP", "PEN", "UYU"] as const;
const isMercadoPagoCurrency = (c: string) => (MERCADOPAGO_CURRENCIES as readonly string[]).includes(c);
const CURRENCY = /^[A-Z]{3,5}$/;
const EXTENSION_ID = /^[a-p]{32}$/;

const cache = new WeakMap<Env, Config>();

/** Reads and validates the configuration once per `env` object (the Worker's startup, in practice). */
export function getConfig(env: Env): Config {
  let config = cache.get(env);
  if (!config) {
    config = readConfig(env);
    cache.set(env, config);
    // Logs only names of missing or invalid settings: values may be secrets.
    if (config.problems.length) console.warn("configuration:", config.problems.join("; "));
  }
  return config;
}

/** Providers whose configuration is complete, in display order. */
export function liveProviders(config: Config): Provider[] {
  return (["paypal", "binance", "mercadopago"] as const).filter((p) => config[p] !== null);
}

function readConfig(env: Env): Config {
  const problems: string[] = [];
  const str = (name: keyof Env): string | undefined => {
    const value = env[name];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const url = (name: keyof Env, fallback?: string): string | undefined => {
    const value = str(name) ?? fallback;
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("scheme");
      return value.replace(/\/+$/, "");
    } catch {
      problems.push(`${name} is not an http(s) URL`);
      return undefined;
    }
  };
  const pattern = (name: keyof Env, re: RegExp, fallback: string): string => {
    const value = str(name);
    if (value === undefined) return fallback;
    if (re.test(value)) return value;
    problems.push(`${name} is invalid, using ${fallback}`);
    return fallback;
  };
  const positive = (name: keyof Env, fallback: number): number => {
    const value = str(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (Number.isFinite(n) && n > 0) return n;
    problems.push(`${name} must be a positive number, using ${fallback}`);
    return fallback;
  };
  /** All-or-nothing: a provider is live only when every one of its settings is present. */
  const complete = <T>(provider: string, values: Record<string, string | undefined>, build: () => T): T | null => {
    const missing = Object.entries(values)
      .filter(([, v]) => v === undefined)
      .map(([k]) => k);
    if (missing.length === 0) return build();
    if (missing.length < Object.keys(values).length) problems.push(`${provider} hidden: missing ${missing.join(", ")}`);
    return null;
  };

  const publicBaseUrl = url("PUBLIC_BASE_URL") ?? "http://127.0.0.1:8787";
  const priceValue = pattern("PRICE_VALUE", AMOUNT, "1.00");
  const priceCurrency = pattern("PRICE_CURRENCY", CURRENCY, "USD");
  const extensionIds = (str("ALLOWED_EXTENSION_IDS") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => {
      if (s === "") return false;
      if (EXTENSION_ID.test(s)) return true;
      problems.push("ALLOWED_EXTENSION_IDS has an entry that is not an extension id");
      return false;
    });

  const pp = {
    PAYPAL_API_BASE: url("PAYPAL_API_BASE"),
    PAYPAL_CLIENT_ID: str("PAYPAL_CLIENT_ID"),
    PAYPAL_CLIENT_SECRET: str("PAYPAL_CLIENT_SECRET"),
    PAYPAL_WEBHOOK_ID: str("PAYPAL_WEBHOOK_ID"),
  };
  const paypal = complete("PayPal", pp, () => ({
    apiBase: pp.PAYPAL_API_BASE as string,
    clientId: pp.PAYPAL_CLIENT_ID as string,
    clientSecret: pp.PAYPAL_CLIENT_SECRET as string,
    webhookId: pp.PAYPAL_WEBHOOK_ID as string,
    certOrigins: [] as string[],
    sdkBaseUrl: url("PAYPAL_SDK_BASE_URL", "https://www.paypal.com/sdk/js") ?? "https://www.paypal.com/sdk/js",
  }));
  if (paypal) {
    const origins = paypalCertOriginsFor(paypal.apiBase, str("PAYPAL_CERT_HOSTS"), problems);
    if (origins) paypal.certOrigins = origins;
  }
  if (str("PAYPAL_CERT_URL_PREFIXES"))
    problems.push("PAYPAL_CERT_URL_PREFIXES is no longer read (use PAYPAL_CERT_HOSTS)");

  const bn = {
    BINANCE_API_BASE: url("BINANCE_API_BASE"),
    BINANCE_API_KEY: str("BINANCE_API_KEY"),
    BINANCE_API_SECRET: str("BINANCE_API_SECRET"),
  };
  const binance = complete("Binance Pay", bn, () => ({
    apiBase: bn.BINANCE_API_BASE as string,
    apiKey: bn.BINANCE_API_KEY as string,
    apiSecret: bn.BINANCE_API_SECRET as string,
    currency: pattern("BINANCE_CURRENCY", CURRENCY, "USDT"),
  }));

  const mp = {
    MERCADOPAGO_API_BASE: url("MERCADOPAGO_API_BASE"),
    MERCADOPAGO_ACCESS_TOKEN: str("MERCADOPAGO_ACCESS_TOKEN"),
    MERCADOPAGO_WEBHOOK_SECRET: str("MERCADOPAGO_WEBHOOK_SECRET"),
  };
  // No default price: Mercado Pago only takes the account's site currency, so the merchant names
  // both (docs/providers.md). A missing or wrong one hides the provider and says why.
  const mpPrice = {
    MERCADOPAGO_CURRENCY: str("MERCADOPAGO_CURRENCY"),
    MERCADOPAGO_PRICE_VALUE: str("MERCADOPAGO_PRICE_VALUE"),
  };
  const mercadopago = complete("Mercado Pago", { ...mp, ...mpPrice }, () => {
    const currency = mpPrice.MERCADOPAGO_CURRENCY as string;
    const priceValue = mpPrice.MERCADOPAGO_PRICE_VALUE as string;
    const bad: string[] = [];
    if (!isMercadoPagoCurrency(currency))
      bad.push(`MERCADOPAGO_CURRENCY must be the account's site currency (${MERCADOPAGO_CURRENCIES.join(", ")})`);
    if (!AMOUNT.test(priceValue) || Number(priceValue) <= 0)
      bad.push("MERCADOPAGO_PRICE_VALUE must be an amount like 1000.00");
    if (bad.length) {
      problems.push(`Mercado Pago hidden: ${bad.join("; ")}`);
      return null;
    }
    return {
      apiBase: mp.MERCADOPAGO_API_BASE as string,
      accessToken: mp.MERCADOPAGO_ACCESS_TOKEN as string,
      webhookSecret: mp.MERCADOPAGO_WEBHOOK_SECRET as string,
      currency,
      priceValue,
    };
  });

  return {
    publicBaseUrl,
    price: { value: priceValue, currency: priceCurrency },
    maxHoldHours: positive("MAX_HOLD_HOURS", 72),
    minHoldMinutes: minHold(str("MIN_HOLD_MINUTES"), problems),
    extensionIds,
    checkoutRateLimitPerHour: positive("CHECKOUT_RATE_LIMIT_PER_HOUR", 60),
    payRateLimitPerMinute: positive("PAY_RATE_LIMIT_PER_MINUTE", PAY_RATE_LIMITS.perClient),
    attendanceWindowHours: positive("ATTENDANCE_WINDOW_HOURS", 48),
    cronCallBudget: positive("CRON_CALL_BUDGET", CRON_CALL_BUDGET),
    hostWebhookRetrySeconds: positive("HOST_WEBHOOK_RETRY_SECONDS", 60),
    paypal: paypal && paypal.certOrigins.length > 0 ? paypal : null,
    binance,
    mercadopago,
    cancelRefundHours: cancelHours(str("CANCEL_REFUND_HOURS"), problems),
    booking: readBookingConfig({ str, url, positive, problems }, publicBaseUrl),
    problems,
  };
}

/**
 * Where PayPal webhook certificates may come from: `PAYPAL_CERT_HOSTS` when set (the only way to
 * allow another host, `http:` or a port, e.g. the local emulator), else PayPal's own hosts of the
 * environment `PAYPAL_API_BASE` belongs to. Null (PayPal hidden, with a problem) when neither applies.
 */
function paypalCertOriginsFor(apiBase: string, certHosts: string | undefined, problems: string[]): string[] | null {
  if (certHosts !== undefined) {
    const origins = parseCertHosts(certHosts);
    if (!origins) problems.push("PayPal hidden: PAYPAL_CERT_HOSTS has an entry that is neither a host nor an origin");
    return origins;
  }
  const env = paypalEnvironment(apiBase);
  if (env) return paypalCertOrigins(env);
  problems.push("PayPal hidden: PAYPAL_API_BASE is not PayPal's, so PAYPAL_CERT_HOSTS must name the certificate host");
  return null;
}

function minHold(value: string | undefined, problems: string[]): number {
  if (value === undefined) return MIN_HOLD_MINUTES;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0) return n;
  problems.push(`MIN_HOLD_MINUTES must be a number of minutes ≥ 0, using ${MIN_HOLD_MINUTES}`);
  return MIN_HOLD_MINUTES;
}

/** Default refund window of the manage page: 24 h; 0 allows refunds until the start. */
export const CANCEL_REFUND_HOURS = 24;

function cancelHours(value: string | undefined, problems: string[]): number {
  if (value === undefined) return CANCEL_REFUND_HOURS;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0) return n;
  problems.push(`CANCEL_REFUND_HOURS must be a number of hours ≥ 0, using ${CANCEL_REFUND_HOURS}`);
  return CANCEL_REFUND_HOURS;
}
