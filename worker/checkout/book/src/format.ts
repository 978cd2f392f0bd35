// Labels of the booking page, all through Intl in the lead's language.
import type { Money } from "../../../../utils/api/contract";
import type { PublicBookingType } from "./api";

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

/** "9:30 AM" / "09:30" of an instant in `zone`. */
export function timeLabel(iso: string, locale: string, zone: string): string {
  return dtf(locale, { hour: "numeric", minute: "2-digit", timeZone: zone }).format(new Date(iso));
}

/** "Tue, Mar 5" of a `YYYY-MM-DD` day (a calendar day: formatted at noon UTC, so no zone can shift it). */
export function dayLabel(key: string, locale: string, long = false): string {
  const opts: Intl.DateTimeFormatOptions = long
    ? { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }
    : { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" };
  return dtf(locale, opts).format(new Date(`${key}T12:00:00Z`));
}

/** "America/New York (GMT-5)": the zone's name and its current offset. */
export function zoneLabel(zone: string, locale: string, at = Date.now()): string {
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
  const unit = (u: "hour" | "minute", n: number) =>
    new Intl.NumberFormat(locale, { style: "unit", unit: u, unitDisplay: "long" }).format(n);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return unit("minute", m);
  return m === 0 ? unit("hour", h) : `${unit("hour", h)} ${unit("minute", m)}`;
}

/** "US$1.00"; a non-ISO currency (USDT) falls back to "1.00 USDT". */
export function moneyLabel(money: Money, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: money.currency }).format(Number(money.value));
  } catch {
    return `${money.value} ${money.currency}`;
  }
}

/** What the lead pays, formatted (none when the type has no price). */
export function priceLabels(type: PublicBookingType, locale: string): string[] {
  return type.price ? [moneyLabel(type.price, locale)] : [];
}
