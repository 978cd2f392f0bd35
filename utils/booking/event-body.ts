import type { CalendarEvent } from "../google/calendar-types";
import type { Booking } from "./types";

/** Visible in the title while the hold is unpaid (removed on confirmation). */
export const PENDING_MARKER = "[Unpaid hold]";
/** Google's event colour ids: 5 "Banana" for pending, 10 "Basil" for confirmed. */
export const PENDING_COLOR_ID = "5";
export const CONFIRMED_COLOR_ID = "10";
/** Key names of `extendedProperties.private` (the background finds our events by them). */
export const PROP_BOOKING = "lcBooking";
export const PROP_STATE = "lcState";
/** Marks the pay-link block in the description so later edits can replace it. */
export const PAY_LINK_PREFIX = "Pay to confirm: ";

/**
 * The description Google shows: the user's text, then the pay link and the hold's end.
 * The pay link line starts with {@link PAY_LINK_PREFIX} so it can be found again.
 */
export function describeWithPayLink(
  description: string,
  checkoutUrl: string,
  holdUntil: string,
  /** Translated "held until" sentence; `$1` is the hold's end. */
  heldLine = "This time is held until $1; unpaid holds are released automatically.",
): string {
  const lines = [
    description.trim(),
    description.trim() ? "" : undefined,
    `${PAY_LINK_PREFIX}${checkoutUrl}`,
    heldLine.replace("$1", holdUntil),
    "— LeadsCalendar",
  ];
  return lines.filter((l) => l !== undefined).join("\n");
}

/**
 * The tentative event of a booking awaiting payment (docs/architecture.md "Booking lifecycle"): the
 * client-chosen id, marker, pending colour, extended properties, pay link, reminders, guests
 * and — when asked — a Meet createRequest keyed by the booking (retries reuse the same request).
 */
export function tentativeEventBody(b: Booking, heldLine?: string): CalendarEvent {
  if (!b.checkoutUrl || !b.holdUntil) throw new Error("the checkout must exist before the event");
  return {
    id: b.eventId,
    status: "tentative",
    summary: `${PENDING_MARKER} ${b.summary}`,
    description: describeWithPayLink(b.description, b.checkoutUrl, formatHoldEnd(b.holdUntil, b.timeZone), heldLine),
    colorId: PENDING_COLOR_ID,
    start: { dateTime: b.start, timeZone: b.timeZone },
    end: { dateTime: b.end, timeZone: b.timeZone },
    attendees: b.guests.map((email) => ({ email })),
    reminders:
      b.reminderMinutes.length > 0
        ? { useDefault: false, overrides: b.reminderMinutes.map((minutes) => ({ method: "popup" as const, minutes })) }
        : { useDefault: true },
    extendedProperties: { private: { [PROP_BOOKING]: b.id, [PROP_STATE]: "awaiting_payment" } },
    ...(b.addMeet
      ? {
          conferenceData: {
            createRequest: { requestId: b.id, conferenceSolutionKey: { type: "hangoutsMeet" as const } },
          },
        }
      : {}),
  };
}

/** "Dec 1, 2026, 2:00 PM (America/New_York)": readable by guests in any calendar app. */
export function formatHoldEnd(holdUntil: string, timeZone: string): string {
  const f = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone });
  return `${f.format(new Date(holdUntil))} (${timeZone})`;
}

/**
 * When the unpaid hold ends: the earlier of `holdHours` after now and 1 h before the event
 * starts; an event starting within the hour is held until it starts.
 */
export function computeHoldUntil(nowMs: number, startMs: number, holdHours: number): number {
  const byLength = nowMs + holdHours * 3_600_000;
  const beforeStart = startMs - 3_600_000;
  const candidate = Math.min(byLength, beforeStart);
  return candidate > nowMs ? candidate : Math.min(byLength, startMs);
}
