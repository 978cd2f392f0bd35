import type { Settings } from "../settings";
import { formatInZone } from "../time-zones";
import { planHold } from "./hold";
import { eventIdForBooking } from "./ids";
import { transition } from "./machine";
import type { Booking } from "./types";
import type { BookingInput } from "./validate-draft";

/**
 * A new booking record in `creating`/`checkout`, with its id, derived event id, secret and hold
 * end fixed up front — all later steps reuse them, which is what makes retries idempotent.
 */
export function newBooking(
  input: BookingInput,
  settings: Pick<Settings, "holdHours" | "reminderMinutes">,
  now: Date,
  ids: { id: string; secret: string },
): Booking {
  const iso = now.toISOString();
  // The popup sends the hold it showed; other callers get the same rule with the default limits.
  const hold = input.holdUntil
    ? Date.parse(input.holdUntil)
    : planHold(now.getTime(), Date.parse(input.start), { holdHours: settings.holdHours, paymentReminderMinutes: [] })
        .untilMs;
  const draft: Booking = {
    id: ids.id,
    status: "draft",
    summary: input.summary,
    description: input.description,
    start: input.start,
    end: input.end,
    timeZone: input.timeZone,
    calendarId: input.calendarId,
    eventId: eventIdForBooking(ids.id),
    guests: input.guests,
    addMeet: input.addMeet,
    secret: ids.secret,
    holdUntil: formatInZone(hold, input.timeZone),
    reminderMinutes: settings.reminderMinutes,
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.allDay ? { allDay: true } : {}),
    ...(input.refundIfAttended ? { refundIfAttended: true, noAnswer: input.noAnswer ?? "keep" } : {}),
    step: null,
    attempts: 0,
    createdAt: iso,
    updatedAt: iso,
  };
  return transition(draft, { type: "start" }, iso);
}
