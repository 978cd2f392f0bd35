import type { CalendarEvent } from "../google/calendar-types";
import { formatDateTime } from "../intl-format";
import { BOOKING_LOCALES, type BookingLocale, eventText } from "./event-text";
import type { Booking } from "./types";

/** Visible in the title while the hold is unpaid (removed on confirmation); English form. */
export const PENDING_MARKER = "[Unpaid hold]";
/** Google's event colour ids: 5 "Banana" for pending, 10 "Basil" for confirmed. */
export const PENDING_COLOR_ID = "5";
export const CONFIRMED_COLOR_ID = "10";
/** Key names of `extendedProperties.private` (the background finds our events by them). */
export const PROP_BOOKING = "lcBooking";
export const PROP_STATE = "lcState";
/** Marks the pay-link block in the description so later edits can replace it (English form). */
export const PAY_LINK_PREFIX = "Pay to confirm: ";

/** The marker in the booking's language. */
export function pendingMarker(locale?: BookingLocale): string {
  return eventText(locale, "eventPendingMarker");
}

/** The user's title without the hold marker, in whichever language it was written. */
export function stripPendingMarker(summary: string | undefined): string {
  const s = (summary ?? "").trim();
  const marker = [PENDING_MARKER, ...BOOKING_LOCALES.map(pendingMarker)].find((m) => s.startsWith(m));
  return marker ? s.slice(marker.length).trim() : s;
}

/**
 * The description Google shows, in the booking's language: the user's text (when there is one),
 * then the pay link and the hold's end.
 */
export function describeWithPayLink(
  description: string,
  checkoutUrl: string,
  /** The hold's end, already formatted for guests. */
  holdUntil: string,
  locale?: BookingLocale,
  /** The fee's refund rule ({@link feeRuleLine}), when the booking has one. */
  rule?: string,
): string {
  const lines = [
    ...(description.trim() ? [description.trim(), ""] : []),
    eventText(locale, "eventPayLine", checkoutUrl),
    eventText(locale, "eventHeldLine", holdUntil),
    ...(rule ? [rule] : []),
    "— LeadsCalendar",
  ];
  return lines.join("\n");
}

/**
 * The tentative event of a booking awaiting payment (docs/architecture.md "Booking lifecycle"): the
 * client-chosen id, marker, pending colour, extended properties, pay link, reminders, guests
 * and — when asked — a Meet createRequest keyed by the booking (retries reuse the same request).
 */
export function tentativeEventBody(b: Booking): CalendarEvent {
  if (!b.checkoutUrl || !b.holdUntil) throw new Error("the checkout must exist before the event");
  return {
    id: b.eventId,
    status: "tentative",
    summary: `${pendingMarker(b.locale)} ${b.summary}`,
    description: describeWithPayLink(
      b.description,
      b.checkoutUrl,
      formatHoldEnd(b.holdUntil, b.timeZone, b.locale),
      b.locale,
      feeRuleLine(b),
    ),
    colorId: PENDING_COLOR_ID,
    // All-day: the dates of the zone's midnights (the stored times carry that zone's offset).
    start: b.allDay ? { date: b.start.slice(0, 10) } : { dateTime: b.start, timeZone: b.timeZone },
    end: b.allDay ? { date: b.end.slice(0, 10) } : { dateTime: b.end, timeZone: b.timeZone },
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

/**
 * "The fee is refunded if you attend…" in the booking's language, for a booking that refunds its
 * fee on attendance (the checkout page says the same); undefined otherwise.
 */
export function feeRuleLine(b: Pick<Booking, "refundIfAttended" | "noAnswer" | "locale">): string | undefined {
  if (!b.refundIfAttended) return undefined;
  return eventText(b.locale, b.noAnswer === "refund" ? "eventFeeAttendRefund" : "eventFeeAttendKeep");
}

/** "Dec 1, 2026, 2:00 PM (America/New_York)" in the booking's language: readable by guests in any calendar app. */
export function formatHoldEnd(holdUntil: string, timeZone: string, locale: BookingLocale = "en"): string {
  return `${formatDateTime(holdUntil, timeZone, locale)} (${timeZone})`;
}
