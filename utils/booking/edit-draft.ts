import type { Draft } from "./draft";
import type { Booking } from "./types";
import { instantToZoned } from "./zoned-time";

/**
 * The popup's edit form for an existing booking, as a {@link Draft} in the booking's own zone,
 * so the new-booking form's validation (`validateDraft`) checks an edit the same way.
 */
export function draftOfBooking(b: Booking): Draft {
  const start = instantToZoned(b.start, b.timeZone);
  const end = instantToZoned(b.end, b.timeZone);
  return {
    title: b.summary,
    date: start.date,
    start: start.time,
    end: end.time,
    timeZone: b.timeZone,
    calendarId: b.calendarId,
    description: b.description,
    guests: b.guests.join(", "),
    addMeet: b.addMeet,
    allDay: !!b.allDay,
  };
}
