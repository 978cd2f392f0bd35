/**
 * What a change Google reports about one of this product's events means for its booking: pure,
 * table-tested; `sync.ts` does the I/O.
 */
import { stripPendingMarker } from "../../booking/event-body";
import { planHold } from "../../booking/hold";
import type { Booking } from "../../booking/types";
import { zonedToInstant } from "../../booking/zoned-time";
import type { CalendarEvent, EventDateTime } from "../../google/calendar-types";
import { formatInZone } from "../../time-zones";

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
 * A booking's hold worked out again for a new start (an edit, or a move in Google Calendar): the
 * creation rule of `booking/hold.ts` as of now, never past `holdHours` after the booking was made.
 */
export function rederivedHold(b: Booking, startMs: number, holdHours: number, nowMs: number): number {
  const rule = planHold(nowMs, startMs, { holdHours, paymentReminderMinutes: [] }).untilMs;
  return Math.min(rule, Date.parse(b.createdAt) + holdHours * 3_600_000);
}

/**
 * The hold after the event moved to `newStartMs` in Google Calendar: only an earlier start
 * changes it, and it never grows ({@link rederivedHold}). Undefined = keep the current hold.
 */
export function holdAfterMove(
  b: Booking,
  newStartMs: number,
  holdHours: number,
  nowMs = Date.now(),
): number | undefined {
  if (!b.holdUntil || newStartMs >= Date.parse(b.start)) return undefined;
  const rule = rederivedHold(b, newStartMs, holdHours, nowMs);
  return rule < Date.parse(b.holdUntil) ? rule : undefined;
}
