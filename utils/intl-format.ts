/**
 * Dates, times, durations and money as people read them in a given language, all through `Intl`
 * (BCP 47 tags such as "pt-BR"). The popup passes the language in use (`currentLanguage()`), the
 * event text the booking's own language, so nothing falls back to the browser's default locale.
 */

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(lang, options);
    cache.set(key, f);
  }
  return f;
}

function numberFormat(lang: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(lang, options);
    cache.set(key, f);
  }
  return f;
}

const ms = (instant: string | number) => (typeof instant === "number" ? instant : Date.parse(instant));

/** "Dec 1, 2026, 3:00 PM" in `timeZone`. */
export function formatDateTime(instant: string | number, timeZone: string, lang: string): string {
  return dateFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone }).format(ms(instant));
}

/** "Tue, Dec 1, 3:00 PM": a deadline soon enough that the weekday helps more than the year. */
export function formatDeadline(instant: string | number, timeZone: string, lang: string): string {
  return dateFormat(lang, {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  }).format(ms(instant));
}

/** "3:00 PM" in `timeZone`. */
export function formatTime(instant: string | number, timeZone: string, lang: string): string {
  return dateFormat(lang, { timeStyle: "short", timeZone }).format(ms(instant));
}

/** "Thu, Mar 5, 2026" — a calendar date (`YYYY-MM-DD`) with its weekday, independent of any zone. */
export function formatDate(date: string, lang: string): string {
  return dateFormat(lang, {
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }).format(Date.parse(`${date}T12:00:00Z`));
}

/** The zone's short name at that instant as people know it ("EST", "GMT-3"), in `lang`. */
export function zoneAbbreviation(instant: string | number, timeZone: string, lang: string): string {
  const parts = dateFormat(lang, { timeZoneName: "short", timeZone }).formatToParts(ms(instant));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

function unit(value: number, name: "day" | "hour" | "minute", lang: string): string {
  return numberFormat(lang, { style: "unit", unit: name, unitDisplay: "short", maximumFractionDigits: 2 }).format(
    value,
  );
}

/** An event length: "45 min", "1.5 hr" (en) / "1,5 h" (es, pt-BR). */
export function formatDuration(minutes: number, lang: string): string {
  return minutes < 60 ? unit(minutes, "minute", lang) : unit(minutes / 60, "hour", lang);
}

/**
 * Time left, rounded up to the minute and shown at the two largest units: "2 days 23 hr",
 * "5 hr 3 min", "12 min" — never a 71:59:52 clock.
 */
export function formatTimeLeft(msLeft: number, lang: string): string {
  const minutes = Math.max(1, Math.ceil(msLeft / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${unit(days, "day", lang)} ${unit(hours, "hour", lang)}` : unit(days, "day", lang);
  if (hours > 0)
    return mins > 0 ? `${unit(hours, "hour", lang)} ${unit(mins, "minute", lang)}` : unit(hours, "hour", lang);
  return unit(mins, "minute", lang);
}

/** "US$1.00" / "1,00 US$": a decimal-string amount in its currency. */
export function formatMoney(value: string, currency: string, lang: string): string {
  try {
    return numberFormat(lang, { style: "currency", currency }).format(Number(value));
  } catch {
    // Not an ISO 4217 code (USDT): the number in the language, then the code.
    return `${numberFormat(lang, { minimumFractionDigits: 2 }).format(Number(value))} ${currency}`;
  }
}

/** "Tuesday" for 2 (0 = Sunday), in `lang`. */
export function weekdayName(weekday: number, lang: string): string {
  // 1 January 2023 was a Sunday.
  return dateFormat(lang, { weekday: "long", timeZone: "UTC" }).format(Date.UTC(2023, 0, 1 + weekday));
}
