// Shared types of the emulator process. Kept apart from the provider modules so every module
// can depend on the context without import cycles at runtime.
import type { RsaKeys } from "./crypto.ts";

/** The four emulated providers; each has its own port. */
export type Provider = "google" | "paypal" | "binance" | "mercadopago";
export const PROVIDERS: readonly Provider[] = ["google", "paypal", "binance", "mercadopago"];

/** Merchant credentials the emulator accepts (fixed defaults so configs can hard-code them). */
export interface EmulatorCredentials {
  paypal: { clientId: string; clientSecret: string; webhookId: string | null };
  binance: { apiKey: string; apiSecret: string };
  mercadopago: { accessToken: string; webhookSecret: string };
}

/** Emulated time: real time plus an offset that `POST /__emulator/clock/advance` grows. */
export interface Clock {
  now(): number;
  advance(ms: number): void;
  offsetMs(): number;
  /** Back to real time (used by reset). */
  reset(): void;
}

/** Tunables that tests change at run time through `POST /__emulator/config`. */
export interface Settings {
  autoApprove: boolean;
  quiet: boolean;
  /** Multiplies every webhook retry delay (1 = 1 s, 2 s, 4 s ...). */
  retryDelayScale: number;
  /** Attempts per webhook delivery, including the first. */
  maxAttempts: number;
  /** Binance request timestamps older or newer than this (real time) are rejected with 400003. */
  binanceRecvWindowMs: number;
  /** Binance refunds are asynchronous: REFUNDING for this long (real time), then the PAY_REFUND webhook. */
  binanceRefundDelayMs: number;
  /** The next this-many Binance refunds end REFUND_REJECTED (the order goes back to PAID). */
  binanceRejectRefunds: number;
  /** The next this-many PayPal refunds answer PENDING and stay so until settled by the control API. */
  paypalPendingRefunds: number;
  /** How long a PayPal capture takes; a repeat with the same PayPal-Request-Id meanwhile gets 409. */
  paypalCaptureMs: number;
  /**
   * Google creates Meet conferences later: with a value > 0 an insert (or patch) asking for a
   * conference answers `createRequest.status.statusCode: "pending"` without a link, and reads
   * from this many ms on (emulated clock) show the link. 0 = created at once.
   */
  googleMeetPendingMs: number;
  /** The Mercado Pago seller account's site (MLA, MLB, …): preferences must be in its currency. */
  mercadopagoSite: MpSite;
}

/** Mercado Pago sites and the one currency each accepts (`currency_id`). */
export const MP_SITE_CURRENCIES = {
  MLA: "ARS",
  MLB: "BRL",
  MLM: "MXN",
  MLC: "CLP",
  MCO: "COP",
  MPE: "PEN",
  MLU: "UYU",
} as const;
export type MpSite = keyof typeof MP_SITE_CURRENCIES;
export const isMpSite = (s: unknown): s is MpSite => typeof s === "string" && Object.hasOwn(MP_SITE_CURRENCIES, s);

/** Signing and acknowledgement rules of one provider's webhooks. */
export interface WebhookSigner {
  /** Fresh signature headers for `body` sent to `url`. */
  sign(body: string, url: string): Record<string, string>;
  /** The same headers with the signature damaged (one character changed). */
  breakSignature(headers: Record<string, string>): Record<string, string>;
  /** Whether the receiver's answer counts as acknowledged. */
  isAck(status: number, body: string): boolean;
}

/** Whatever a provider module needs from the process. */
export interface Ctx {
  urls: Record<Provider, string>;
  creds: EmulatorCredentials;
  clock: Clock;
  settings: Settings;
  keys: { paypal: RsaKeys; paypalCertPem: string; paypalCertId: string; binance: RsaKeys; binanceCertSerial: string };
  log(msg: string): void;
  /** Queues a signed webhook; returns the delivery id. */
  deliver(provider: Provider, url: string, body: string, eventId?: string): string;
}
