/**
 * Field schemas of the Worker HTTP API, each failing with a plain sentence about what is wrong
 * ("has no day 30 in February 2026"), never the validation library's own wording. The Worker
 * prefixes the field's name (see `worker/src/http.ts`), so messages start lower-case.
 */
import * as v from "valibot";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Why `s` is not a real RFC 3339 date-time with an offset, or null when it is. JavaScript's Date
 * rolls impossible values over (2026-02-30 becomes March 2), so each part is checked by itself.
 */
export function dateTimeProblem(s: string): string | null {
  const m = RFC3339.exec(s);
  if (!m) return "must be a date and time with its offset, like 2026-03-05T15:00:00-05:00";
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0)) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1970) return `has the year ${m[1]}; use a year from 1970 on`;
  if (month < 1 || month > 12) return `has the month ${m[2]}; months go from 01 to 12`;
  const last = daysIn(year, month);
  if (day < 1 || day > last)
    return `has the day ${m[3]}, but ${MONTHS[month - 1]} ${year} has days 01 to ${String(last).padStart(2, "0")}`;
  if (hour > 23) return `has the hour ${m[4]}; hours go from 00 to 23 (midnight is 00:00 of the next day)`;
  if (minute > 59) return `has the minute ${m[5]}; minutes go from 00 to 59`;
  if (second > 59) return `has the second ${m[6]}; seconds go from 00 to 59`;
  if (m[7]) {
    const offset = (Number(m[8]) * 60 + Number(m[9])) * (m[7] === "-" ? -1 : 1);
    if (Number(m[9]) > 59 || offset < -12 * 60 || offset > 14 * 60)
      return `has the UTC offset ${m[7]}${m[8]}:${m[9]}; real offsets go from -12:00 to +14:00`;
  }
  return null;
}

/** An RFC 3339 date-time with an offset ("Z" or ±hh:mm) that exists on the calendar. */
export const dateTime = v.pipe(
  v.string(),
  v.check(
    (s) => dateTimeProblem(s) === null,
    (issue) => dateTimeProblem(String(issue.input)) ?? "",
  ),
);

/** Is `zone` a time zone this runtime's Intl knows (IANA names such as "America/New_York", or "UTC")? */
export function isTimeZone(zone: string): boolean {
  // Intl also accepts offsets ("+05:00"); calendars want a named zone, so the name's shape is checked first.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name. */
export const timeZone = v.pipe(
  v.string(),
  v.check(
    isTimeZone,
    (issue) =>
      `${JSON.stringify(String(issue.input).slice(0, 64))} is not a time zone we know; use a name like America/New_York`,
  ),
);

// C0/C1 control characters (tabs and line breaks included), line/paragraph separators and the
// bidirectional overrides/isolates that can make a title read differently from what it says.
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** One line of text shown to people: trimmed, 1..max characters, no control characters. */
export function text(max: number) {
  return v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, "must not be empty"),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check((s) => !CONTROL.test(s), "must not contain control characters such as tabs or line breaks"),
    v.check((s) => !LONE_SURROGATE.test(s), "contains a broken character (a lone UTF-16 surrogate)"),
  );
}

/** An email address (at most 254 characters, as SMTP allows). */
export const email = v.pipe(
  v.string(),
  v.maxLength(254, "must be at most 254 characters"),
  v.email("must be an email address like ana@example.com"),
);

/** A booking id: a UUID. */
export const uuid = v.pipe(v.string(), v.uuid("must be a UUID like 123e4567-e89b-42d3-a456-426614174000"));

/** base64url of 32 bytes (43 characters, no padding): a secret or a SHA-256 hash of one. */
export function base64Url32(what: string) {
  return v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, `must be ${what}: 43 base64url characters`));
}
