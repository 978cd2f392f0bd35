import * as chrono from "chrono-node";
import type { ParsedTime } from "./booking/types";
import { maskImpossibleClocks, swappableNumericDate, weekdayOf } from "./parse-booking-time/checks";
import { portuguese, spanish } from "./parse-booking-time/romance";
import { findZoneMentions, pickZoneMention, type ZoneSpec, zoneForOffset } from "./parse-booking-time/text-zones";
import {
  addDays,
  formatAtOffset,
  formatInZone,
  isValidZone,
  type Wall,
  wallAsUtc,
  wallAt,
  zonedToInstant,
} from "./time-zones";

/** Options for {@link parseBookingTime}. */
export interface ParseBookingTimeOptions {
  /** The moment the text is read; relative words ("tomorrow", "Friday") count from here. */
  now: Date;
  /** The user's IANA zone, used unless the text names one. */
  timeZone: string;
  /** BCP 47 locale deciding dd/mm vs mm/dd and which language is tried first. Default "en-US". */
  locale?: string;
}

// Long selections (a whole e-mail) are cut: the date is nearly always near the start, and chrono's
// cost grows with the text.
const MAX_TEXT = 2000;
const DAY_MS = 86_400_000;
/** English locales that write month/day first; every other locale reads 03/04 as 3 April. */
const MONTH_FIRST_REGIONS = new Set(["US", "PH", "CA", "AS", "GU", "MP", "PR", "UM", "VI", "FM", "MH"]);
/** Parts of the day chrono leaves vague, mapped to a bookable hour. */
const PART_OF_DAY_HOURS: Record<string, number> = {
  "casualReference/morning": 9,
  "casualReference/afternoon": 15,
  "casualReference/evening": 18,
  "casualReference/tonight": 20,
};
const COARSE_UNITS = /\b(?:weeks?|months?|years?|semanas?|mes(?:es)?|m[eê]s|años?|anos?)\b/iu;
const PAST_WORDS = /\b(?:last|past|previous|ago|pasad[oa]|anterior|passad[oa]|[úu]ltim[oa])\b/iu;

function parsersFor(locale: string): chrono.Chrono[] {
  const [language = "en", region] = locale.split(/[-_]/);
  const lang = language.toLowerCase();
  const english =
    lang === "en" && (region === undefined || MONTH_FIRST_REGIONS.has(region.toUpperCase()))
      ? chrono.en.casual
      : chrono.en.GB;
  const primary: Record<string, chrono.Chrono> = {
    es: spanish,
    pt: portuguese,
    de: chrono.de.casual,
    fr: chrono.fr.casual,
  };
  const chain = [primary[lang] ?? english, english, spanish, portuguese];
  return chain.filter((p, i) => chain.indexOf(p) === i);
}

/** Replaces look-alike characters one for one, so indexes still point into the original text. */
function normalise(text: string): string {
  return text.replace(/[\u2212\u2010\u2011\u2012]/g, "-").replace(/[\u00a0\u2007\u202f]/g, " ");
}

function hasTag(r: chrono.ParsedResult, prefix: string): boolean {
  return [...r.tags()].some((t) => t.startsWith(prefix));
}

function isRelativeClock(r: chrono.ParsedResult): boolean {
  return hasTag(r, "result/relativeDateAndTime") || hasTag(r, "casualReference/now");
}

function partOfDayHour(r: chrono.ParsedResult): number | undefined {
  for (const tag of r.start.tags()) {
    const hour = PART_OF_DAY_HOURS[tag];
    if (hour !== undefined) return hour;
  }
  return undefined;
}

/** 2 = a day is pinned, 1 = only a month/week, 0 = no date at all. */
function dateLevel(r: chrono.ParsedResult): number {
  const s = r.start;
  // "next week", "in a month" pin a day only nominally.
  if (hasTag(r, "result/relativeDate") && COARSE_UNITS.test(r.text)) return 1;
  if (s.isCertain("day") || s.isCertain("weekday")) return 2;
  return s.isCertain("month") || hasTag(r, "result/relativeDate") ? 1 : 0;
}

/** 2 = an explicit clock time, 1 = a part of the day ("tomorrow morning"), 0 = none. */
function timeLevel(r: chrono.ParsedResult): number {
  if (r.start.isCertain("hour") || isRelativeClock(r)) return 2;
  return partOfDayHour(r) === undefined ? 0 : 1;
}

function bestResult(text: string, reference: Date, locale: string): chrono.ParsedResult | undefined {
  let best: { r: chrono.ParsedResult; score: number } | undefined;
  for (const parser of parsersFor(locale)) {
    for (const r of parser.parse(text, reference)) {
      // Earlier parsers (the locale's own) win ties, so 03/04 keeps the locale's reading.
      const score = (dateLevel(r) + timeLevel(r)) * 10_000 + r.text.length;
      if (!best || score > best.score) best = { r, score };
    }
  }
  return best?.r;
}

function wallOf(c: chrono.ParsedComponents, hour?: number): Wall {
  return {
    year: c.get("year") ?? 1970,
    month: c.get("month") ?? 1,
    day: c.get("day") ?? 1,
    hour: hour ?? c.get("hour") ?? 0,
    minute: hour === undefined ? (c.get("minute") ?? 0) : 0,
    second: hour === undefined ? (c.get("second") ?? 0) : 0,
  };
}

const dayNumber = (w: Wall) => Math.round(wallAsUtc({ ...w, hour: 0, minute: 0, second: 0 }) / DAY_MS);

/** How the wall times of a result become instants and which zone is reported. */
interface Placement {
  toInstant(w: Wall): number;
  format(ms: number): string;
  zoneAt(ms: number): { zone: string; mismatch: boolean };
}

function placement(spec: ZoneSpec | undefined, userZone: string): Placement {
  if (spec?.kind === "fixed") {
    return {
      toInstant: (w) => wallAsUtc(w) - spec.offset * 60_000,
      format: (ms) => formatAtOffset(ms, spec.offset),
      zoneAt: (ms) => zoneForOffset(spec, ms, userZone),
    };
  }
  const zone = spec?.kind === "iana" ? spec.zone : userZone;
  return {
    toInstant: (w) => zonedToInstant(w, zone),
    format: (ms) => formatInZone(ms, zone),
    zoneAt: () => ({ zone, mismatch: false }),
  };
}

/**
 * Reads a date/time out of free text (a selection on a web page) — docs/architecture.md "Time parsing".
 *
 * - `start`/`end` are RFC 3339 with the offset in force (`±HH:MM`, never `Z`).
 * - All-day (a date without a time): `allDay: true`, `start` = that date's local midnight,
 *   `end` = the midnight after the last day (exclusive, as Google's `end.date`), both in `timeZone`;
 *   their first 10 characters are the Google `date` values.
 * - A zone in the text wins over `options.timeZone`. Generic region names ("ET", "PT", "Pacific
 *   Time") follow that region's DST. Standard/daylight abbreviations are fixed offsets: "EST" is
 *   −05:00 and "CET" +01:00 all year; `timeZone` is then the region's zone when it really was on
 *   that offset, else `Etc/GMT±N` and confidence drops a step (the writer probably meant local
 *   time). Bare offsets ("GMT+2", "UTC−3", ISO "Z"/"+02:00") report the user's zone when it had
 *   that offset, else `Etc/GMT±N`.
 * - Never in the past unless the text says so: a weekday alone is its next occurrence (today
 *   counts while the time is still ahead, or all day for an all-day weekday), a clock time alone
 *   that has passed today is tomorrow, a day and month without a year that has passed is next year.
 * - `end` is omitted for a single time (the caller picks the duration); a range ending at or before
 *   its start ("11pm–1am") ends the next day.
 * - Confidence: "high" = a pinned day and a clock time; "medium" = only one of those (a date alone,
 *   a time alone, or a day with "morning"/"evening"); "low" = vaguer ("next week"). A zone
 *   abbreviation used out of season or a numeric date whose day and month could swap (03/04) lowers
 *   it a step.
 *
 * Returns null when the text holds no date or time.
 */
export function parseBookingTime(text: string, options: ParseBookingTimeOptions): ParsedTime | null {
  const userZone = isValidZone(options.timeZone) ? options.timeZone : "UTC";
  const original = text.slice(0, MAX_TEXT);
  const input = maskImpossibleClocks(normalise(original));
  const nowMs = options.now.getTime();
  // chrono does its calendar arithmetic in the machine's zone: give it a reference whose local
  // fields are the user's wall clock, and read its fields back as wall time in the right zone.
  const nowWall = wallAt(userZone, nowMs);
  const reference = new Date(
    nowWall.year,
    nowWall.month - 1,
    nowWall.day,
    nowWall.hour,
    nowWall.minute,
    nowWall.second,
  );

  const r = bestResult(input, reference, options.locale ?? "en-US");
  if (!r) return null;

  const s = r.start;
  const vagueHour = s.isCertain("hour") ? undefined : partOfDayHour(r);
  const timed = timeLevel(r) > 0;
  let matchEnd = r.index + r.text.length;

  // Zone: one named in the text, else an offset chrono read (ISO "Z", "+0200"), else the user's.
  let spec: ZoneSpec | undefined;
  const picked = pickZoneMention(input, findZoneMentions(input), r.index, matchEnd);
  if (picked) {
    spec = picked.mention.spec;
    if (picked.adjacent) matchEnd = Math.max(matchEnd, picked.mention.index + picked.mention.length);
  } else if (s.isCertain("timezoneOffset") && !isRelativeClock(r)) {
    spec = { kind: "fixed", offset: s.get("timezoneOffset") ?? 0, fromAbbreviation: false };
  }
  const place = placement(spec, userZone);

  let startWall = timed ? wallOf(s, vagueHour) : { ...wallOf(s), hour: 0, minute: 0, second: 0 };
  let endWall = r.end ? wallOf(r.end, r.end.isCertain("hour") ? undefined : vagueHour) : undefined;
  const endDayGap = r.end && endWall ? dayNumber(endWall) - dayNumber(startWall) : 0;

  // Never in the past unless the text asked for it.
  const pastOk = PAST_WORDS.test(r.text);
  const isPast = (w: Wall) =>
    timed ? place.toInstant(w) < nowMs : place.toInstant(addDays({ ...w, hour: 0, minute: 0, second: 0 }, 1)) <= nowMs;
  let passed = false;
  if (!pastOk && isPast(startWall)) {
    if (s.isCertain("weekday") && !s.isCertain("day")) startWall = addDays(startWall, 7);
    else if (timed && dateLevel(r) === 0 && !isRelativeClock(r)) startWall = addDays(startWall, 1);
    else if (s.isCertain("day") && s.isCertain("month") && !s.isCertain("year")) {
      // Today's date with a time already gone ("Dec 1 9am" that afternoon) means today, which has
      // passed; an earlier day and month means next year's.
      const today = dayNumber(wallAt(place.zoneAt(nowMs).zone, nowMs)) === dayNumber(startWall);
      if (!today) startWall = { ...startWall, year: startWall.year + 1 };
    }
    if (isPast(startWall)) passed = true;
  }
  // "Tue Mar 5" when 5 March is a Friday: keep the date, but say so and trust it less.
  const written = s.isCertain("weekday") && s.isCertain("day") ? s.get("weekday") : null;
  const actual = weekdayOf(startWall.year, startWall.month, startWall.day);
  const writtenWeekday = written !== null && written !== undefined && written !== actual ? written : undefined;

  let end: string | undefined;
  const startMs = place.toInstant(startWall);
  if (!timed) {
    const lastDay = r.end ? addDays(startWall, Math.max(0, endDayGap)) : startWall;
    end = place.format(place.toInstant(addDays(lastDay, 1)));
  } else if (r.end && endWall && (r.end.isCertain("hour") || vagueHour !== undefined)) {
    endWall = { ...endWall, ...pick(addDays(startWall, endDayGap)) };
    let endMs = place.toInstant(endWall);
    if (endMs <= startMs) endMs = place.toInstant(addDays(endWall, 1));
    end = place.format(endMs);
  }

  const { zone, mismatch } = place.zoneAt(startMs);
  let level = dateLevel(r) === 2 && timeLevel(r) === 2 ? 2 : dateLevel(r) === 2 || timeLevel(r) === 2 ? 1 : 0;
  if (mismatch || swappableNumericDate(r)) level = Math.max(0, level - 1);
  if (writtenWeekday !== undefined) level = Math.max(0, level - 1);

  return {
    start: place.format(startMs),
    ...(end === undefined ? {} : { end }),
    allDay: !timed,
    timeZone: zone,
    matchedText: original.slice(r.index, matchEnd).trim(),
    confidence: (["low", "medium", "high"] as const)[level] ?? "low",
    ...(writtenWeekday === undefined ? {} : { writtenWeekday }),
    ...(passed ? { passed: true as const } : {}),
  };
}

/** The date fields of a wall time. */
function pick(w: Wall): Pick<Wall, "year" | "month" | "day"> {
  return { year: w.year, month: w.month, day: w.day };
}
