// Labels of the booking page, all through Intl in the lead's language. The Worker formats the
// first drawing's labels with these same functions and embeds them (see docs/architecture.md
// "The booking page"): the first Intl object of a page loads ICU's locale data, 100–300 ms on a
// slow phone, so the first slots show before the browser makes one.

import type { PublicBookingType } from "../../../../utils/api/booking-page";
import type { Money } from "../../../../utils/api/contract";
import { wallAtCached } from "../../../../utils/time-zones";

/** Labels formatted ahead in one language: a key per label (see the functions below) → its text. */
export interface Preformatted {
  locale: string;
  labels: Record<string, string>;
}

let ahead: Preformatted | null = null;

/**
 * Takes the labels the Worker formatted (null: none); they are used while the page's language is
 * theirs. Returns the labels taken before.
 */
export function setPreformatted(p: Preformatted | null): Preformatted | null {
  const before = ahead;
  ahead = p;
  return before;
}

/** The label under `key` formatted ahead in `locale`, else `make()`'s. */
function label(locale: string, key: string, make: () => string): string {
  return (ahead?.locale === locale ? ahead.labels[key] : undefined) ?? make();
}

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, opts);
    cache.set(key, f);
  }
  return f;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "9:30 AM" / "09:30" of an instant in `zone`. */
export function timeLabel(iso: string, locale: string, zone: string): string {
  const ms = Date.parse(iso);
  const make = () => dtf(locale, { hour: "numeric", minute: "2-digit", timeZone: zone }).format(ms);
  if (ahead?.locale !== locale) return make();
  // Ahead of time, a time of day is formatted once for every zone: the key is its wall clock here.
  const w = wallAtCached(zone, ms);
  return label(locale, `t${pad(w.hour)}:${pad(w.minute)}`, make);
}

/** "Tue, Mar 5" of a `YYYY-MM-DD` day (a calendar day: formatted at noon UTC, so no zone can shift it). */
export function dayLabel(key: string, locale: string, long = false): string {
  return label(locale, `${long ? "D" : "d"}${key}`, () => {
    const opts: Intl.DateTimeFormatOptions = long
      ? { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }
      : { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" };
    return dtf(locale, opts).format(new Date(`${key}T12:00:00Z`));
  });
}

/** "America/New York (GMT-5)": the zone's name and its current offset. */
export function zoneLabel(zone: string, locale: string, at = Date.now()): string {
  return knownZoneLabel(zone, locale) ?? formatZone(zone, locale, at);
}

/** The zone's label when it was formatted ahead (no Intl object is made), else undefined. */
export function knownZoneLabel(zone: string, locale: string): string | undefined {
  return ahead?.locale === locale ? ahead.labels[`z${zone}`] : undefined;
}

function formatZone(zone: string, locale: string, at: number): string {
  let offset = "";
  try {
    offset =
      dtf(locale, { timeZone: zone, timeZoneName: "shortOffset" })
        .formatToParts(at)
        .find((p) => p.type === "timeZoneName")?.value ?? "";
  } catch {
    offset = "";
  }
  const name = zone.replaceAll("_", " ");
  return offset ? `${name} (${offset})` : name;
}

/** "30 minutes" / "1 hour 30 minutes" with Intl's unit formatting. */
export function durationLabel(minutes: number, locale: string): string {
  return label(locale, `m${minutes}`, () => {
    const unit = (u: "hour" | "minute", n: number) =>
      new Intl.NumberFormat(locale, { style: "unit", unit: u, unitDisplay: "long" }).format(n);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h === 0) return unit("minute", m);
    return m === 0 ? unit("hour", h) : `${unit("hour", h)} ${unit("minute", m)}`;
  });
}

/** "1.5": a plain number in the lead's language (at most two decimals). */
export function numberLabel(n: number, locale: string): string {
  return label(locale, `n${n}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n));
}

/** "US$1.00"; a non-ISO currency (USDT) falls back to "1.00 USDT". */
export function moneyLabel(money: Money, locale: string): string {
  return label(locale, `$${money.value} ${money.currency}`, () => {
    try {
      return new Intl.NumberFormat(locale, { style: "currency", currency: money.currency }).format(Number(money.value));
    } catch {
      return `${money.value} ${money.currency}`;
    }
  });
}

/** What the lead pays, formatted (none when the type has no price). */
export function priceLabels(type: PublicBookingType, locale: string): string[] {
  return type.price ? [moneyLabel(type.price, locale)] : [];
}

/**
 * Formats, in `locale`, what the page's first drawing shows: every quarter hour of the day (the
 * start times in any zone, offsets being whole quarter hours), the short and long names of `days`,
 * the type's duration, price, refund window, the host's zone and `zones` (the lead's, when known).
 */
export function preformat(
  type: PublicBookingType,
  locale: string,
  days: string[],
  at = Date.now(),
  zones: string[] = [],
): Preformatted {
  const labels: Record<string, string> = {};
  for (let m = 0; m < 24 * 60; m += 15) {
    const t = `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
    labels[`t${t}`] = timeLabel(`1970-01-01T${t}:00Z`, locale, "UTC");
  }
  for (const d of days) {
    labels[`d${d}`] = dayLabel(d, locale);
    labels[`D${d}`] = dayLabel(d, locale, true);
  }
  labels[`m${type.durationMinutes}`] = durationLabel(type.durationMinutes, locale);
  if (type.refundIfAttended) labels[`n${type.attendanceWindowHours}`] = numberLabel(type.attendanceWindowHours, locale);
  if (type.price) labels[`$${type.price.value} ${type.price.currency}`] = moneyLabel(type.price, locale);
  for (const z of new Set([type.timeZone, ...zones])) labels[`z${z}`] = formatZone(z, locale, at);
  return { locale, labels };
}
