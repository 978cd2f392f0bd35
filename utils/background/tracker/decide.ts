/** Pure decisions of the tracker, table-tested; the modules around them only do the I/O. */
import type { CheckoutStatus } from "../../api/contract";
import type { Booking, BookingStatus } from "../../booking/types";
import { POLL_MAX_SEC, POLL_MIN_SEC } from "./items";

/** Bookings the tracker watches: unpaid holds, and paid ones whose event is not patched yet. */
export const OPEN_STATUSES: readonly BookingStatus[] = ["awaiting_payment", "paid"];

export function isOpen(b: Booking): boolean {
  return OPEN_STATUSES.includes(b.status);
}

/** What to do with a booking given what the Worker says about its checkout. */
export type TrackerAction = "confirm" | "expire" | "cancel" | "wait" | "none";

/**
 * The Worker is the only authority on "paid". A local booking in `paid` always proceeds to
 * confirmation (the event patch did not finish). A refund means the checkout had already ended
 * (expired or cancelled) when a late payment landed and the Worker gave it back, so the hold is
 * over: released like an expiry.
 */
export function decide(local: BookingStatus, worker: CheckoutStatus): TrackerAction {
  if (local === "paid") return "confirm";
  if (local !== "awaiting_payment") return "none";
  switch (worker) {
    case "paid":
      return "confirm";
    case "expired":
      return "expire";
    case "refund_pending":
    case "refunded":
      return "expire";
    case "cancelled":
      return "cancel";
    case "open":
    case "pending":
      return "wait";
  }
}

/** Next poll delay: unchanged → double (capped); something happened → back to the minimum. */
export function nextPollDelay(current: number, changed: boolean): number {
  if (changed) return POLL_MIN_SEC;
  return Math.min(POLL_MAX_SEC, Math.max(POLL_MIN_SEC, current * 2));
}

/** Default payment reminders when the options list none: an hour and ten minutes before the hold ends. */
export const DEFAULT_REMINDER_MINUTES = [60, 10];

/**
 * When to remind about an unpaid hold: `minutes` before it ends (the options' reminder list),
 * only those still in the future, earliest first.
 */
export function reminderTimes(holdUntilMs: number, minutes: readonly number[], nowMs: number): number[] {
  const list = minutes.length > 0 ? minutes : DEFAULT_REMINDER_MINUTES;
  const times = new Set(list.filter((m) => m > 0).map((m) => holdUntilMs - m * 60_000));
  return [...times].filter((t) => t > nowMs).sort((a, b) => a - b);
}
