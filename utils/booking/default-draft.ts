import type { Settings } from "../settings";
import { type Draft, emptyDraft } from "./draft";
import type { PrefillRequest } from "./types";
import { addMinutesToTime, instantToZoned, isValidTimeZone } from "./zoned-time";

/** The browser's zone, or UTC when Intl does not say. */
export function browserTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimeZone(zone) ? zone : "UTC";
}

type DraftSettings = Pick<Settings, "defaultDurationMinutes" | "defaultCalendarId" | "meetByDefault">;

/** A fresh draft: the next full hour today (or tomorrow past 23:00) for the default duration. */
export function defaultDraft(now: number, zone: string, s: DraftSettings): Draft {
  const nextHour = Math.ceil((now + 60_000) / 3_600_000) * 3_600_000;
  const { date, time } = instantToZoned(nextHour, zone);
  return emptyDraft({
    date,
    start: time,
    end: addMinutesToTime(time, s.defaultDurationMinutes),
    timeZone: zone,
    calendarId: s.defaultCalendarId,
    addMeet: s.meetByDefault,
  });
}

/**
 * A draft from a right-click request: times in the zone the text named (or the user's), end
 * from the text or the default duration; all-day selections keep the default hours of that day.
 * Nothing understood → the text becomes the title.
 */
export function draftFromPrefill(p: PrefillRequest, base: Draft, s: DraftSettings): Draft {
  if (!p.parsed) return { ...base, title: p.text.trim().slice(0, 180) };
  const zone = isValidTimeZone(p.parsed.timeZone) ? p.parsed.timeZone : base.timeZone;
  const start = instantToZoned(p.parsed.start, zone);
  if (p.parsed.allDay) return { ...base, date: start.date, timeZone: zone };
  const end = p.parsed.end
    ? instantToZoned(p.parsed.end, zone)
    : { date: start.date, time: addMinutesToTime(start.time, s.defaultDurationMinutes) };
  return {
    ...base,
    date: start.date,
    start: start.time,
    // An end on another day cannot be shown in one-day fields; fall back to the default length.
    end: end.date === start.date ? end.time : addMinutesToTime(start.time, s.defaultDurationMinutes),
    timeZone: zone,
  };
}
