import type { AttendanceView, NoAnswer } from "../api/contract";

import type { MessageKey } from "../message-key";

/** Lifecycle states of a booking (docs/architecture.md "Booking lifecycle"). */
export type BookingStatus =
  | "draft"
  | "creating"
  | "awaiting_payment"
  | "paid"
  | "confirmed"
  | "expired"
  | "cancelled"
  | "failed";

/** States after which nothing more happens to a booking. */
export const FINAL_STATUSES: readonly BookingStatus[] = ["confirmed", "expired", "cancelled"];

/**
 * Sub-steps of `creating`, in the order the create flow runs them. Checkout first: the event's
 * description carries the pay link, and both steps are idempotent (Worker on bookingId +
 * secretHash, Calendar on the client-chosen event id), so a retry after a crash repeats at most
 * one harmless call.
 */
export type CreateStep = "checkout" | "event" | "open_checkout";

/** The steps in order, for progress display. */
export const CREATE_STEPS: readonly CreateStep[] = ["checkout", "event", "open_checkout"];

/** Proof of payment as reported by the Worker. */
export interface Receipt {
  provider: "paypal" | "binance" | "mercadopago";
  /** Decimal string, e.g. "1.00". */
  amount: string;
  currency: string;
  transactionId: string;
  /** RFC 3339 time the provider settled the payment. */
  paidAt: string;
}

/**
 * One booking as persisted in `chrome.storage.local` — the source of truth for every step.
 * Times are RFC 3339 strings with offset; `timeZone` is an IANA zone name.
 */
export interface Booking {
  /** UUID chosen by the extension; also the Worker's bookingId. */
  id: string;
  status: BookingStatus;
  summary: string;
  description: string;
  start: string;
  end: string;
  timeZone: string;
  calendarId: string;
  /** Client-chosen Google event id (base32hex of the booking id) so retries never duplicate. */
  eventId: string;
  guests: string[];
  addMeet: boolean;
  /** A whole-day event (`start`/`end` are midnights in `timeZone`, the end exclusive). */
  allDay?: boolean;
  /** Random 256-bit secret (base64url) authenticating calls to the Worker; never leaves the device except as Bearer. */
  secret: string;
  checkoutId?: string;
  checkoutUrl?: string;
  /** When the unpaid hold ends (RFC 3339), by the Worker's clock. */
  holdUntil?: string;
  /**
   * The same end on this browser's clock, from the Worker's `secondsLeft` (absent until the Worker
   * was asked). Alarms and countdowns use it, so a browser clock that is off ends nothing early.
   */
  holdEndsAt?: string;
  htmlLink?: string;
  meetLink?: string;
  receipt?: Receipt;
  /** Event reminders (minutes before start, popup method); empty = the calendar's defaults. */
  reminderMinutes: number[];
  /** Where `creating` is (and, when `failed`, where a retry resumes); null outside creation. Added in v2. */
  step: CreateStep | null;
  /** How many times the create flow has been (re)started; bounds automatic resumption. Added in v2. */
  attempts: number;
  /** "Refund the fee if they attend": after the event the user is asked whether the guest came. */
  refundIfAttended?: boolean;
  /** With that: the fee's fate when the user does not answer in time (the Worker applies it). */
  noAnswer?: NoAnswer;
  /** When the "did they attend?" notification was shown (its alarm is not planned again). */
  attendanceAskedAt?: string;
  /** The Worker's attendance answer and refund, once the event ended. */
  attendance?: AttendanceView;
  /** Language of the guests' checkout page and the event text ("en" when absent: older records). */
  locale?: "en" | "es" | "pt-BR";
  /** How many of a guest's moves on the manage page this booking already follows (absent: none). */
  leadReschedules?: number;
  /** Last error shown to the user, with the step that failed. */
  error?: { code: MessageKey; message: string };
  createdAt: string;
  updatedAt: string;
}

/** What `parseBookingTime` understood from a piece of text (docs/architecture.md "Time parsing"). */
export interface ParsedTime {
  /** RFC 3339 with offset. */
  start: string;
  end?: string;
  allDay: boolean;
  /** IANA zone the times were read in (a zone named in the text wins over the user's). */
  timeZone: string;
  /** The part of the text that was understood. */
  matchedText: string;
  confidence: "high" | "medium" | "low";
  /** The weekday the text wrote (0 = Sunday) when it contradicts the date; confidence is lowered. */
  writtenWeekday?: number;
  /** The text named a time that has already passed (kept, not moved a year ahead). */
  passed?: true;
}

/** A request from the right-click "Book this time" menu for the popup to open pre-filled. */
export interface PrefillRequest {
  /** The selected text, as the user selected it. */
  text: string;
  /** What was understood, or null when nothing was (the popup then uses the text as the title). */
  parsed: ParsedTime | null;
  /** Where the text came from, shown to the user. */
  pageTitle?: string;
  pageUrl?: string;
  createdAt: string;
}
