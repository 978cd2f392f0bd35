// Date and countdown formatting for the page.

/** "Tue, March 5, 2026, 3:00 PM" in `timeZone` (the viewer's when omitted); falls back on a bad zone. */
export function formatWhen(iso: string, locale: string, timeZone?: string): string {
  const d = new Date(iso);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short", timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short" }).format(d);
  }
}

/** "1:02:03" / "4:05" for a number of seconds (never negative). */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}
