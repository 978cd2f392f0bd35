/**
 * The booking form's view of time: `YYYY-MM-DD` / `HH:MM` fields in an IANA zone ↔ instants,
 * on top of the shared zone arithmetic in `../time-zones`.
 */
import { isValidZone, wallAt, zonedToInstant as wallToInstant } from "../time-zones";

/** True for a zone name Intl knows ("America/New_York", "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  return zone.trim() !== "" && isValidZone(zone);
}

/** Every zone the browser knows, for the searchable picker. */
export function allTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

/**
 * `YYYY-MM-DD` + `HH:MM` in `zone` → epoch ms. A wall time skipped by a DST gap moves forward by
 * the gap; one that occurs twice takes its first occurrence.
 */
export function zonedToInstant(date: string, time: string, zone: string): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return Number.NaN;
  const wall = { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]), hour: Number(t[1]), minute: Number(t[2]) };
  return wallToInstant({ ...wall, second: 0 }, zone);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant (RFC 3339 or ms) → the `date` and `time` form fields in `zone`. */
export function instantToZoned(instant: string | number, zone: string): { date: string; time: string } {
  const ms = typeof instant === "number" ? instant : Date.parse(instant);
  const p = wallAt(zone, ms);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** `HH:MM` plus minutes, wrapping at midnight is not allowed (returns the clamped 23:59). */
export function addMinutesToTime(time: string, minutes: number): string {
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!t) return "";
  const total = Math.min(23 * 60 + 59, Number(t[1]) * 60 + Number(t[2]) + minutes);
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}
