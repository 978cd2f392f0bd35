/** Pure decisions of the tracker, table-tested; the modules around them only do the I/O. */
import type { CheckoutStatus } from "../../api/contract";
import { stripPendingMarker } from "../../booking/event-body";
import type { Booking, BookingStatus } from "../../booking/types";
import { zonedToInstant } from "../../booking/zoned-time";
import type { CalendarEvent, EventDateTime } from "../../google/calendar-types";
import { formatInZone } from "../../time-zones";
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

/** The title the user gave, without the hold marker this product put in front of it. */
export function stripMarker(summary: string | undefined): string {
  return stripPendingMarker(summary);
}

/** An event time as RFC 3339 (all-day dates become midnight in `zone`, as all-day bookings store them). */
export function eventTime(t: EventDateTime | undefined, zone = "UTC"): string | undefined {
  if (t?.dateTime) return t.dateTime;
  if (t?.date) return formatInZone(zonedToInstant(t.date, "00:00", zone), zone);
  return undefined;
}

/** What a Google change means for a booking. */
export type EventChange =
  | { type: "deleted" }
  | { type: "moved"; summary: string; start: string; end: string }
  | { type: "none" };

/**
 * Compares an event from sync with the stored booking. Only differences from what the booking
 * records count, so the tracker's own patches (marker removed, colour, status) are ignored.
 */
export function eventChange(b: Booking, e: CalendarEvent): EventChange {
  if (e.status === "cancelled") return { type: "deleted" };
  const summary = stripMarker(e.summary) || b.summary;
  const start = eventTime(e.start, b.timeZone) ?? b.start;
  const end = eventTime(e.end, b.timeZone) ?? b.end;
  const same =
    summary === b.summary && Date.parse(start) === Date.parse(b.start) && Date.parse(end) === Date.parse(b.end);
  return same ? { type: "none" } : { type: "moved", summary, start, end };
}

/**
 * The hold after the event moved to `newStartMs`, per the default rule of docs/architecture.md "Booking lifecycle" (the earlier of
 * `holdHours` after creation and 1 h before the start; within the last hour, the start itself).
 * Only an earlier start changes it, and it never grows. Undefined = keep the current hold.
 */
export function holdAfterMove(b: Booking, newStartMs: number, holdHours: number): number | undefined {
  if (!b.holdUntil || newStartMs >= Date.parse(b.start)) return undefined;
  const current = Date.parse(b.holdUntil);
  const created = Date.parse(b.createdAt);
  const byLength = created + holdHours * 3_600_000;
  const beforeStart = newStartMs - 3_600_000;
  const rule = Math.min(byLength, beforeStart > created ? beforeStart : newStartMs);
  return rule < current ? rule : undefined;
}
