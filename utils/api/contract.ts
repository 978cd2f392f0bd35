/**
 * The Worker HTTP API contract (docs/architecture.md "HTTP API"), shared by the Worker (request
 * validation) and the extension (typed client). valibot keeps the popup bundle small.
 * Times are RFC 3339 strings with an offset; amounts are decimal strings ("1.00").
 */
import * as v from "valibot";
import { base64Url32, dateTime, email, text, timeZone, uuid } from "./fields";

/** Providers a checkout can be paid with. */
export const PROVIDERS = ["paypal", "binance", "mercadopago"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Worker-side checkout states. */
export const CHECKOUT_STATUSES = [
  "open",
  "pending",
  "paid",
  "expired",
  "cancelled",
  "refund_pending",
  "refunded",
] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

const secretHash = base64Url32("the base64url SHA-256 of the booking secret");
/** The bearer secret: base64url of 32 random bytes. */
export const BookingSecret = base64Url32("the booking secret");
const summary = text(200);

/** Who asks for the payment, shown on the checkout page (the extension sends the signed-in account). */
export const Organizer = v.object({ name: v.optional(text(100)), email: v.optional(email) });
export type Organizer = v.InferOutput<typeof Organizer>;

/** `POST /v1/checkouts` body. */
export const CreateCheckoutRequest = v.object({
  bookingId: uuid,
  secretHash,
  summary,
  start: dateTime,
  end: dateTime,
  timeZone,
  holdUntil: dateTime,
  payerEmail: v.optional(email),
  locale: v.optional(v.picklist(["en", "es", "pt-BR"])),
  organizer: v.optional(Organizer),
  /** Whether the fee is refunded if the lead attends (the page says so); false when left out. */
  refundable: v.optional(v.boolean()),
  /** A refundable fee's fate when the host does not answer "did they attend?" in time; "keep" when left out. */
  noAnswer: v.optional(v.picklist(["refund", "keep"])),
});
export type CreateCheckoutRequest = v.InferOutput<typeof CreateCheckoutRequest>;

export interface Money {
  value: string;
  currency: string;
}

/** What happens to a refundable fee when the host does not answer in time. */
export type NoAnswer = "refund" | "keep";

/** Attendance states (worker/src/lifecycle/machine.ts ATTENDANCE); all but `awaiting` are final. */
export type AttendanceStatus = "awaiting" | "attended" | "no_show" | "defaulted_refund" | "defaulted_keep";

/**
 * Where a refundable booking's "did they attend?" stands, once its event ended. `refund`: `none`
 * (kept, or not decided yet), `pending` (going back; retried until the provider finishes it), `refunded`.
 */
export interface AttendanceView {
  status: AttendanceStatus;
  /** RFC 3339: answers are taken until then; after it the host's default applies. */
  answerBy: string;
  noAnswer: NoAnswer;
  refund: "none" | "pending" | "refunded";
}

/** `POST /v1/checkouts/:bookingId/attendance` and `POST /v1/admin/bookings/:bookingId/attendance` body. */
export const AttendanceAnswer = v.object({ attended: v.boolean() });
export type AttendanceAnswer = v.InferOutput<typeof AttendanceAnswer>;

/** `POST /v1/checkouts` response (201 new, 200 idempotent replay). */
export interface CreateCheckoutResponse {
  bookingId: string;
  checkoutId: string;
  checkoutUrl: string;
  amount: Money;
  providers: Provider[];
  holdUntil: string;
}

/** Proof of payment. */
export interface CheckoutReceipt {
  provider: Provider;
  amount: string;
  currency: string;
  transactionId: string;
  paidAt: string;
}

/** `GET /v1/checkouts/:bookingId` response, also one item of the batched status. */
export interface CheckoutStatusResponse {
  bookingId: string;
  status: CheckoutStatus;
  amount: Money;
  holdUntil: string;
  /**
   * Whole seconds until `holdUntil` by the Worker's clock (0 once it has passed). The extension
   * ends holds by this, not by its own clock, which may be off.
   */
  secondsLeft: number;
  checkoutUrl: string;
  receipt?: CheckoutReceipt;
  /** A refundable booking whose event ended: the host's answer and the refund. */
  attendance?: AttendanceView;
  /** What a guest did on the manage page (absent until they cancelled or moved it). */
  lead?: import("./manage").LeadChanges;
}

/** `POST /v1/checkouts/status` body: at most 100 bookings per call. */
export const BatchStatusRequest = v.object({
  items: v.pipe(
    v.array(v.object({ bookingId: uuid, secret: BookingSecret })),
    v.maxLength(100, "must list at most 100 bookings per request"),
  ),
});
export type BatchStatusRequest = v.InferOutput<typeof BatchStatusRequest>;

/** One item of the batched status: the status, or an error for that booking alone. */
export type BatchStatusItem = CheckoutStatusResponse | { bookingId: string; error: ApiErrorBody["error"] };
export interface BatchStatusResponse {
  items: BatchStatusItem[];
}

/** `PATCH /v1/checkouts/:bookingId` body: the user moved or renamed the event. */
export const UpdateCheckoutRequest = v.pipe(
  v.object({
    summary: v.optional(summary),
    start: v.optional(dateTime),
    end: v.optional(dateTime),
    holdUntil: v.optional(dateTime),
  }),
  v.check(
    (o) => Object.values(o).some((x) => x !== undefined),
    "has nothing to update; send summary, start, end or holdUntil",
  ),
);
export type UpdateCheckoutRequest = v.InferOutput<typeof UpdateCheckoutRequest>;

/** Every error the Worker returns. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** `GET /v1/pay/:checkoutId`: the public view the hosted checkout page renders. */
export interface PublicCheckoutView {
  checkoutId: string;
  bookingId: string;
  summary: string;
  start: string;
  end: string;
  timeZone: string;
  holdUntil: string;
  secondsLeft: number;
  status: CheckoutStatus;
  /** The checkout's price (PayPal charges this). */
  amount: Money;
  /** What each live provider charges (Binance in USDT, Mercado Pago in its configured currency). */
  prices: Partial<Record<Provider, Money>>;
  providers: Provider[];
  locale: string | null;
  /** JS SDK settings for Smart Buttons, or null when PayPal is not configured. */
  paypal: { clientId: string; sdkBaseUrl: string; currency: string } | null;
  /** Extensions the page may tell about a completed payment (`chrome.runtime.sendMessage`). */
  extensionIds: string[];
  /** Set while open when the payer's latest Mercado Pago payment was rejected or cancelled. */
  mercadopagoFailure?: "rejected" | "cancelled" | null;
  /** Who asks for the payment, when the creator said so. */
  organizer: Organizer | null;
  /** Whether the fee is refunded if the payer attends. */
  refundable: boolean;
  /** A refundable fee's fate when the organizer does not say whether the payer attended. */
  noAnswer: NoAnswer;
  /** Hours after the event the organizer has to say (ATTENDANCE_WINDOW_HOURS). */
  attendanceWindowHours: number;
  /** Proof of payment once paid (the page shows it as a printable receipt). */
  receipt: CheckoutReceipt | null;
  /** The lead's manage page (cancel, reschedule, receipt), once the booking is paid. */
  manageUrl?: string | null;
  /** The booking-page reservation of this checkout (null for the extension's own checkouts). */
  booking?: import("./booking-page").PageBookingView | null;
}

/** `POST /v1/pay/:checkoutId/paypal/orders` response. */
export interface PayPalOrderResponse {
  orderId: string;
  /** The buyer approval link, for the redirect flow when the JS SDK cannot load. */
  approveUrl: string | null;
}

/** `POST /v1/pay/:checkoutId/paypal/orders/:orderId/capture` response. */
export interface PayPalCaptureResponse {
  status: CheckoutStatus;
}

/** `POST /v1/pay/:checkoutId/binance` response. */
export interface BinanceCheckoutResponse {
  checkoutUrl: string;
  qrContent: string;
  deeplink: string;
  universalUrl: string;
  /** RFC 3339; the Binance order expires then (at most 1 h ahead, never after the hold). */
  expireTime: string;
}

/** `POST /v1/pay/:checkoutId/mercadopago` response. */
export interface MercadoPagoCheckoutResponse {
  initPoint: string;
}

/** `GET /healthz` response. */
export interface HealthResponse {
  ok: boolean;
  providers: Record<Provider, boolean>;
  /** Configuration problems by setting name (never values), e.g. a provider hidden for a missing secret. */
  problems?: string[];
  /** The holds this Worker accepts; the extension plans holds (and caps its options) by them. */
  limits: { minHoldMinutes: number; maxHoldHours: number };
}

/** The message the checkout page sends to the extension once the Worker confirms a payment. */
export interface PaymentCompletedMessage {
  type: "payment-completed";
  bookingId: string;
}
