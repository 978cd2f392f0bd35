import type * as chrono from "chrono-node";

/**
 * Honesty checks around chrono's reading (docs/architecture.md "Time parsing"): clock times no clock shows, and a
 * written weekday that contradicts the date.
 */

// "25:00", "9:75", "24:30": chrono reads "5:00" out of "25:00", which is not what was written.
const IMPOSSIBLE_CLOCK = /(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])/g;

/**
 * The text with impossible clock times blanked out (same length, so indexes still point into the
 * original): they are not times at all, and no part of them may be read as one.
 */
export function maskImpossibleClocks(text: string): string {
  return text.replace(IMPOSSIBLE_CLOCK, (m, h: string, min: string) =>
    Number(h) > 24 || Number(min) > 59 || (Number(h) === 24 && Number(min) > 0) ? " ".repeat(m.length) : m,
  );
}

/** Day of the week (0 = Sunday) of a calendar date, independent of any zone. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** "03/04" or "3.4.2026": both numbers could be the month, so the locale's guess may be wrong. */
export function swappableNumericDate(r: chrono.ParsedResult): boolean {
  const m = /(?<![\d:])(\d{1,2})[/.](\d{1,2})(?![\d:])/.exec(r.text);
  if (!m || !r.start.isCertain("month")) return false;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a !== b && a >= 1 && a <= 12 && b >= 1 && b <= 12;
}
