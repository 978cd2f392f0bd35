// Days and weeks of the lead's zone, and the host-local day range that covers them (the slots API
// takes host days). Pure functions over the shared zone arithmetic; no date library.
import { instantToZoned, zonedToInstant } from "../../../../utils/booking/zoned-time";
import type { Slot } from "./api";

const DAY_MS = 24 * 3600_000;

/** `YYYY-MM-DD` of instant `ms` in `zone`. */
export function dayKey(ms: number, zone: string): string {
  return instantToZoned(ms, zone).date;
}

/** The day `n` days after `key` (calendar arithmetic). */
export function addDaysToKey(key: string, n: number): string {
  const [y, m, d] = key.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n)).toISOString().slice(0, 10);
}

/** Seven day keys starting at `start`. */
export function weekDays(start: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDaysToKey(start, i));
}

/** The instant day `key` begins in `zone`. */
export function dayStart(key: string, zone: string): number {
  return zonedToInstant(key, "00:00", zone);
}

/**
 * The host-local days whose slots can fall into the lead's week starting `start`: from the host's
 * day at the week's first instant to the host's day at its last.
 */
export function hostRange(start: string, leadZone: string, hostZone: string): { from: string; to: string } {
  const first = dayStart(start, leadZone);
  const end = dayStart(addDaysToKey(start, 7), leadZone);
  return { from: dayKey(first, hostZone), to: dayKey(end - 1, hostZone) };
}

/**
 * The slots of `days` (consecutive day keys) grouped by their day in `zone`, in start order. Only
 * the days' bounds go through the zone arithmetic (Intl), not every slot: a slow phone draws the
 * week sooner.
 */
export function groupByDay(slots: Slot[], zone: string, days: string[]): Map<string, Slot[]> {
  const out = new Map<string, Slot[]>();
  const last = days.at(-1);
  if (!last) return out;
  const bounds = [...days, addDaysToKey(last, 1)].map((d) => dayStart(d, zone));
  const timed = slots
    .map((s) => ({ s, ms: Date.parse(s.start) }))
    .filter((x) => x.ms >= (bounds[0] ?? 0) && x.ms < (bounds[days.length] ?? 0))
    .sort((a, b) => a.ms - b.ms);
  let i = 0;
  for (const { s, ms } of timed) {
    while (ms >= (bounds[i + 1] ?? Number.POSITIVE_INFINITY)) i++;
    const key = days[i] ?? last;
    const list = out.get(key);
    if (list) list.push(s);
    else out.set(key, [s]);
  }
  return out;
}

/** True when every host day of `need` lies inside `have` (keys compare as text). */
export function covers(have: { from: string; to: string }, need: { from: string; to: string }): boolean {
  return have.from <= need.from && have.to >= need.to;
}

/** Whole days between two keys (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}
