/**
 * Wall-clock times in an IANA zone ↔ instants, with Intl only (no date library in the popup).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True for a zone name Intl knows ("America/New_York", "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every zone the browser knows, for the searchable picker. */
export function allTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

/** The wall-clock parts of instant `ms` in `zone`. */
function parts(ms: number, zone: string) {
  const p: Record<string, number> = {};
  for (const { type, value } of formatter(zone).formatToParts(new Date(ms))) {
    if (type !== "literal") p[type] = Number(value);
  }
  return p as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Offset of `zone` from UTC at instant `ms`, in minutes (New York in winter: -300). */
export function zoneOffsetMinutes(ms: number, zone: string): number {
  const p = parts(ms, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** `YYYY-MM-DD` + `HH:MM` in `zone` → epoch ms (a wall time skipped by DST resolves forward). */
export function zonedToInstant(date: string, time: string, zone: string): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return Number.NaN;
  const guess = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const first = guess - zoneOffsetMinutes(guess, zone) * 60_000;
  const second = guess - zoneOffsetMinutes(first, zone) * 60_000;
  return second;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Epoch ms → RFC 3339 with `zone`'s offset at that instant ("2026-12-01T15:00:00-05:00"). */
export function toRfc3339(ms: number, zone: string): string {
  const p = parts(ms, zone);
  const off = zoneOffsetMinutes(ms, zone);
  const sign = off < 0 ? "-" : "+";
  const abs = Math.abs(off);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant (RFC 3339 or ms) → the `date` and `time` form fields in `zone`. */
export function instantToZoned(instant: string | number, zone: string): { date: string; time: string } {
  const ms = typeof instant === "number" ? instant : Date.parse(instant);
  const p = parts(ms, zone);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** `HH:MM` plus minutes, wrapping at midnight is not allowed (returns the clamped 23:59). */
export function addMinutesToTime(time: string, minutes: number): string {
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!t) return "";
  const total = Math.min(23 * 60 + 59, Number(t[1]) * 60 + Number(t[2]) + minutes);
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}
