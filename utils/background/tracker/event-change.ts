/**
 * What a change Google reports about one of this product's events means for its booking: pure,
 * table-tested; `sync.ts` does the I/O.
 */
import { computeHoldUntil, PENDING_MARKER } from "../../booking/event-body";
import type { Booking } from "../../booking/types";
import type { CalendarEvent, EventDateTime } from "../../google/calendar-types";

/** The title the user gave, without the hold marker this product put in front of it. */
export function stripMarker(summary: string | undefined): string {
  const s = (summary ?? "").trim();
  return s.startsWith(PENDING_MARKER) ? s.slice(PENDING_MARKER.length).trim() : s;
}

/** An event time as RFC 3339 (all-day dates become midnight UTC, which the Worker accepts). */
export function eventTime(t: EventDateTime | undefined): string | undefined {
  if (t?.dateTime) return t.dateTime;
  if (t?.date) return `${t.date}T00:00:00Z`;
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
  const start = eventTime(e.start) ?? b.start;
  const end = eventTime(e.end) ?? b.end;
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
  // The creation rule, as if the booking had been made for the new time.
  const rule = computeHoldUntil(Date.parse(b.createdAt), newStartMs, holdHours);
  return rule < current ? rule : undefined;
}
