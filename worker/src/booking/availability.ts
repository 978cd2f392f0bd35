// Free slots of a type between two host-local days: the settings, the host's busy times
// (freeBusy, cached about a minute) and the page's own holds and bookings.
import type { BookingPageSettings, BookingType } from "../../../utils/api/booking-page";
import { nowIso } from "../db";
import { freeBusy } from "../google/calendar";
import type { BookingConfig } from "./config";
import { busyRange, computeSlots } from "./slots";
import { takenBetween } from "./store";

/** How long a freeBusy answer is reused for slot lists (a reservation always asks again). */
export const FREEBUSY_TTL_MS = 60_000;
const MAX_CACHED = 100;
const cache = new Map<string, { until: number; busy: Promise<[number, number][]> }>();

/** Busy intervals of the host's calendar in [min, max); `live` skips (and refreshes) the cache. */
export function hostBusy(db: D1Database, b: BookingConfig, min: number, max: number, live = false) {
  const key = `${b.calendarId}|${min}|${max}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (!live && hit && hit.until > now) return hit.busy;
  const busy = freeBusy(db, b, min, max);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, { until: now + FREEBUSY_TTL_MS, busy });
  // A failed call must not be served from the cache for the next minute.
  busy.catch(() => {
    if (cache.get(key)?.busy === busy) cache.delete(key);
  });
  return busy;
}

/** Forgets cached busy times (an event was just created in the host's calendar). */
export function forgetBusy(): void {
  cache.clear();
}

/** The offered slots of `type` for host-local days `from`–`to`. */
export async function freeSlots(
  db: D1Database,
  b: BookingConfig,
  settings: BookingPageSettings,
  type: BookingType,
  from: string,
  to: string,
  opts: { live?: boolean; now?: number; except?: string } = {},
): Promise<{ start: number; end: number }[]> {
  const now = opts.now ?? Date.now();
  const [min, max] = busyRange(settings.timeZone, type, from, to);
  const [busy, taken] = await Promise.all([
    hostBusy(db, b, min, max, opts.live),
    takenBetween(db, new Date(min).toISOString(), new Date(max).toISOString(), nowIso(now), opts.except),
  ]);
  return computeSlots({
    zone: settings.timeZone,
    weekly: settings.weekly,
    daysOff: settings.daysOff,
    type,
    from,
    to,
    now,
    busy,
    taken,
  });
}
