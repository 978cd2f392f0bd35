import type { NoAnswer } from "../api/contract";
import type { MessageKey } from "../message-key";
import { formatInZone } from "../time-zones";
import type { Draft } from "./draft";
import { isValidTimeZone, zonedToInstant } from "./zoned-time";

/** Longest title (the field's limit too); the Worker contract allows 200, the marker needs room. */
export const MAX_TITLE = 180;
export const MAX_DESCRIPTION = 4000;
export const MAX_GUESTS = 50;

/** A validated draft, ready for the background to create. */
export interface BookingInput {
  summary: string;
  description: string;
  /** RFC 3339 with the zone's offset. */
  start: string;
  end: string;
  timeZone: string;
  calendarId: string;
  guests: string[];
  addMeet: boolean;
  /** A whole-day event: `start`/`end` are the zone's midnights (the end exclusive, as Google's). */
  allDay?: boolean;
  /** When the unpaid hold ends (RFC 3339), as the popup showed it before creating (see `planHold`). */
  holdUntil?: string;
  /** The user's language, for the guests' checkout page and the event text. */
  locale?: "en" | "es" | "pt-BR";
  /** The fee is refunded if the guest attends; `noAnswer` applies when nobody says. */
  refundIfAttended?: boolean;
  noAnswer?: NoAnswer;
}

/** Form field → i18n key of its problem. */
export type DraftErrors = Partial<Record<keyof Draft, MessageKey>>;

// Deliberately plain: local@domain.tld, no spaces. Google validates further.
const EMAIL = /^[^\s@,;<>()]+@[^\s@,;<>()]+\.[^\s@,;<>()]{2,}$/;

/** `YYYY-MM-DD` of the day after. */
function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Splits the guests box on commas, semicolons, spaces and newlines. */
export function splitGuests(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Checks a draft the way the popup shows it: one i18n key per broken field, or the normalized
 * input. `now` (ms) rejects events that already started.
 */
export function validateDraft(d: Draft, now: number): { errors: DraftErrors; input?: BookingInput } {
  const errors: DraftErrors = {};
  const title = d.title.trim();
  if (!title) errors.title = "errTitleRequired";
  else if (title.length > MAX_TITLE) errors.title = "errTitleTooLong";
  if (d.description.length > MAX_DESCRIPTION) errors.description = "errDescriptionTooLong";
  const zoneOk = isValidTimeZone(d.timeZone);
  if (!zoneOk) errors.timeZone = "errTimeZone";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) errors.date = "errDate";
  if (!d.allDay && !/^\d{2}:\d{2}$/.test(d.start)) errors.start = "errStart";
  if (!d.allDay && !/^\d{2}:\d{2}$/.test(d.end)) errors.end = "errEnd";
  const guests = splitGuests(d.guests);
  const bad = guests.find((g) => !EMAIL.test(g));
  if (bad) errors.guests = "errGuestEmail";
  else if (guests.length > MAX_GUESTS) errors.guests = "errTooManyGuests";
  if (!d.calendarId) errors.calendarId = "errCalendar";

  let startMs = Number.NaN;
  let endMs = Number.NaN;
  if (zoneOk && d.allDay && !errors.date) {
    // Midnight to the next midnight in the zone (Google's exclusive `end.date`).
    startMs = zonedToInstant(d.date, "00:00", d.timeZone);
    endMs = zonedToInstant(nextDate(d.date), "00:00", d.timeZone);
    if (Number.isNaN(startMs)) errors.date = "errDate";
    else if (startMs <= now) errors.date = "errDatePast";
  } else if (zoneOk && !errors.date && !errors.start && !errors.end) {
    startMs = zonedToInstant(d.date, d.start, d.timeZone);
    endMs = zonedToInstant(d.date, d.end, d.timeZone);
    if (Number.isNaN(startMs)) errors.start = "errStart";
    else if (!(endMs > startMs)) errors.end = "errEndBeforeStart";
    else if (startMs <= now) errors.start = "errStartPast";
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    input: {
      summary: title,
      description: d.description.trim(),
      start: formatInZone(startMs, d.timeZone),
      end: formatInZone(endMs, d.timeZone),
      timeZone: d.timeZone,
      calendarId: d.calendarId,
      guests: [...new Set(guests.map((g) => g.toLowerCase()))],
      addMeet: d.addMeet,
      ...(d.allDay ? { allDay: true } : {}),
      ...(d.refundIfAttended ? { refundIfAttended: true, noAnswer: d.noAnswer ?? "keep" } : {}),
    },
  };
}
