import type { Settings } from "../settings";
import { type Draft, emptyDraft } from "./draft";
import type { PrefillRequest } from "./types";
import { MAX_TITLE } from "./validate-draft";
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

/** Longest leftover text that still reads as a title rather than a whole message. */
const MAX_TITLE_FROM_TEXT = 120;

/**
 * The selection minus the part that was read as a time, as a title: "Intro call next Tuesday
 * 3pm EST" → "Intro call". Connecting words and punctuation left at the cut are dropped; empty or
 * message-length leftovers give no title.
 */
export function titleFromSelection(text: string, matchedText: string): string {
  const at = text.indexOf(matchedText);
  const rest = at < 0 ? text : `${text.slice(0, at)} ${text.slice(at + matchedText.length)}`;
  const title = rest
    .replace(/\s+/g, " ")
    .replace(/[\s,;:–—-]+$/u, "")
    .replace(/^[\s,;:–—-]+/u, "")
    .replace(/(?:^|\s+)(?:on|at|el|la|las|a|às|as|em|no|na|de)$/iu, "")
    .trim();
  return title.length <= MAX_TITLE_FROM_TEXT ? title : "";
}

/**
 * A draft from a right-click request: times in the zone the text named (or the user's), end
 * from the text or the default duration, the rest of the selection as the title; a date without
 * a time is an all-day draft. Nothing understood → the text becomes the title.
 */
export function draftFromPrefill(p: PrefillRequest, base: Draft, s: DraftSettings): Draft {
  if (!p.parsed) return { ...base, title: p.text.trim().slice(0, MAX_TITLE) };
  const zone = isValidTimeZone(p.parsed.timeZone) ? p.parsed.timeZone : base.timeZone;
  const start = instantToZoned(p.parsed.start, zone);
  const title = titleFromSelection(p.text, p.parsed.matchedText).slice(0, MAX_TITLE);
  base = { ...base, title };
  if (p.parsed.allDay) return { ...base, date: start.date, timeZone: zone, allDay: true };
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
