import type { Settings } from "../settings";
import { formatInZone } from "../time-zones";
import { computeHoldUntil } from "./event-body";
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
  const hold = computeHoldUntil(now.getTime(), Date.parse(input.start), settings.holdHours);
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
    step: null,
    attempts: 0,
    createdAt: iso,
    updatedAt: iso,
  };
  return transition(draft, { type: "start" }, iso);
}
