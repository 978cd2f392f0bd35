// Dates, zones, money and the countdown, formatted with Intl in the payer's language.
import type { Money } from "../../../utils/api/contract";

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "full", timeStyle: "short" };

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(locale, options); // a zone this browser does not know: the viewer's
  }
}

/** "Tue, March 5, 2026, 3:00 PM" in `timeZone` (the viewer's when omitted); falls back on a bad zone. */
export function formatWhen(iso: string, locale: string, timeZone?: string): string {
  return dateFormat(locale, WHEN, timeZone).format(new Date(iso));
}

/** "Thursday, March 5, 2026, 3:00 – 3:30 PM": an event's start and end in `timeZone` (the viewer's when omitted). */
export function formatRange(start: string, end: string, locale: string, timeZone?: string): string {
  const f = dateFormat(locale, WHEN, timeZone);
  const [a, b] = [new Date(start), new Date(end)];
  return b > a ? f.formatRange(a, b) : f.format(a);
}

/** The zone's name at that instant in the payer's language, e.g. "Central European Standard Time". */
export function zoneName(iso: string, locale: string, timeZone?: string): string {
  const parts = dateFormat(locale, { timeZoneName: "long" }, timeZone).formatToParts(new Date(iso));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone ?? "";
}

/** The viewer's own IANA zone. */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * "USD 1.00" / "1,00 USD": the amount with its currency code, in the payer's language. Codes Intl
 * does not take (USDT has four letters) are formatted as "no currency" (XXX) and put in its place.
 */
export function formatMoney(money: Money, locale: string): string {
  const n = Number(money.value);
  if (!Number.isFinite(n)) return `${money.value} ${money.currency}`;
  const fraction = money.value.split(".")[1]?.length ?? 0;
  const style = { style: "currency", currencyDisplay: "code", minimumFractionDigits: fraction } as const;
  try {
    return new Intl.NumberFormat(locale, { ...style, currency: money.currency }).format(n);
  } catch {
    return new Intl.NumberFormat(locale, { ...style, currency: "XXX" }).format(n).replace("XXX", money.currency);
  }
}

const units = new Map<string, Intl.NumberFormat>();

/** "2 days" / "2 d" / "2 dias": one unit of a duration in the payer's language. */
function unit(value: number, name: "day" | "hour" | "minute", locale: string): string {
  const key = `${locale}|${name}`;
  let f = units.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "unit", unit: name, unitDisplay: "short" });
    units.set(key, f);
  }
  return f.format(value);
}

/**
 * The time left to pay, never negative, cut down like any countdown: the two largest units while
 * more than an hour is left ("2 days 23 hr", "2 d 23 h", "5 hr 3 min"), since a 71:59:52 clock reads
 * as a code, not as a deadline; a ticking "4:05" in the last hour, when the seconds matter.
 */
export function formatCountdown(seconds: number, locale: string): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  type Part = readonly [number, "day" | "hour" | "minute"];
  const [big, small]: readonly [Part, Part] =
    days > 0
      ? [
          [days, "day"],
          [hours, "hour"],
        ]
      : [
          [hours, "hour"],
          [minutes, "minute"],
        ];
  const first = unit(big[0], big[1], locale);
  return small[0] > 0 ? `${first} ${unit(small[0], small[1], locale)}` : first;
}
