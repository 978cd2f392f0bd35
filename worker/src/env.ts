/**
 * Bindings and configuration of the Worker: wrangler.jsonc `vars` plus secrets from `.dev.vars`
 * (local) or `wrangler secret put` (deployed). Every configuration value is an optional string here;
 * `config.ts` validates and types them, hiding any provider whose configuration is incomplete.
 */
export interface Env {
  /** D1 database holding checkouts, provider orders, payments, webhook events and refunds. */
  DB: D1Database;
  /** Static assets: the hosted checkout page bundle. */
  ASSETS: Fetcher;
  /** Public origin of this Worker, used to build checkout, return and webhook URLs. */
  PUBLIC_BASE_URL: string;
  PRICE_VALUE?: string;
  PRICE_CURRENCY?: string;
  BINANCE_CURRENCY?: string;
  MERCADOPAGO_CURRENCY?: string;
  MERCADOPAGO_PRICE_VALUE?: string;
  MAX_HOLD_HOURS?: string;
  /** Overrides the 15-minute minimum hold (MIN_HOLD_MINUTES in config.ts); 0 in round trips. */
  MIN_HOLD_MINUTES?: string;
  /** Outbound calls one cron pass may make (default 40, for the Free plan's 50 subrequests). */
  CRON_CALL_BUDGET?: string;
  /** Hours after a refundable booking's end for the host to say whether the lead attended (default 48). */
  ATTENDANCE_WINDOW_HOURS?: string;
  ALLOWED_EXTENSION_IDS?: string;
  CHECKOUT_RATE_LIMIT_PER_HOUR?: string;
  /** Pay-page POSTs per client per minute (default 60); raised only by the benchmark. */
  PAY_RATE_LIMIT_PER_MINUTE?: string;
  PAYPAL_API_BASE?: string;
  PAYPAL_CLIENT_ID?: string;
  PAYPAL_CLIENT_SECRET?: string;
  PAYPAL_WEBHOOK_ID?: string;
  /**
   * Hosts or origins PayPal webhook certificates may come from, replacing PayPal's own hosts of the
   * API base's environment. Only for a stand-in such as the local emulator (`http://127.0.0.1:8789`).
   */
  PAYPAL_CERT_HOSTS?: string;
  /** No longer read (replaced by PAYPAL_CERT_HOSTS); reported on /healthz when still set. */
  PAYPAL_CERT_URL_PREFIXES?: string;
  PAYPAL_SDK_BASE_URL?: string;
  BINANCE_API_BASE?: string;
  BINANCE_API_KEY?: string;
  BINANCE_API_SECRET?: string;
  MERCADOPAGO_API_BASE?: string;
  MERCADOPAGO_ACCESS_TOKEN?: string;
  MERCADOPAGO_WEBHOOK_SECRET?: string;
  // The booking page: the host's Google connection (README "Booking page configuration").
  ADMIN_EMAIL?: string;
  AUTH_GOOGLE_ID?: string;
  AUTH_GOOGLE_SECRET?: string;
  GOOGLE_REDIRECT_URI?: string;
  CALENDAR_ID?: string;
  HOST_TIME_ZONE?: string;
  TOKEN_ENCRYPTION_KEY?: string;
  PAGE_HOLD_MINUTES?: string;
  /** First retry delay of a host webhook delivery, seconds (default 60; round trips use 1). */
  HOST_WEBHOOK_RETRY_SECONDS?: string;
  /** Hours before the start until which a lead's cancel refunds the fee (default 24; 0 = until the start). */
  CANCEL_REFUND_HOURS?: string;
  GOOGLE_AUTH_URL?: string;
  GOOGLE_TOKEN_URL?: string;
  GOOGLE_API_BASE?: string;
  GOOGLE_USERINFO_URL?: string;
}
