// Free slots of a booking type (docs/architecture.md "Slot rules"), pure: weekly windows in the
// host's wall time, DST-correct through utils/time-zones (Intl offsets, no date library).
import { type BookingType, minutesOf, WEEKDAYS, type Weekday } from "../../../utils/api/booking-page";
import { addDays, type Wall, wallAsUtc, wallAt, zonedToInstant } from "../../../utils/time-zones";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A reservation or booking that occupies its slot (`start`–`end`, without buffers). */
export interface Taken {
  start: number;
  end: number;
  typeId: string;
  /** Host-local day, YYYY-MM-DD. */
  day: string;
}

/** Everything the slot rules look at. */
export interface SlotInput {
  zone: string;
  weekly: Partial<Record<Weekday, [string, string][]>>;
  daysOff: string[];
  type: BookingType;
  /** Host-local days, inclusive. */
  from: string;
  to: string;
  now: number;
  /** Busy intervals of the host's calendar (freeBusy). */
  busy: [number, number][];
  taken: Taken[];
}

/** "YYYY-MM-DD" → wall fields at midnight. */
export function parseDay(day: string): Wall {
  const [year, month, d] = day.split("-").map(Number) as [number, number, number];
  return { year, month, day: d, hour: 0, minute: 0, second: 0 };
}

/** Wall date → "YYYY-MM-DD". */
export function formatDay(w: Wall): string {
  const p = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}`;
}

/** The host-local day of instant `ms`. */
export function dayOf(zone: string, ms: number): string {
  return formatDay(wallAt(zone, ms));
}

/** Whole days from `a` to `b` (calendar days, no zone involved). */
export function daysBetween(a: string, b: string): number {
  return Math.round((wallAsUtc(parseDay(b)) - wallAsUtc(parseDay(a))) / DAY);
}

/** The instant of "HH:MM" (24:00 = the next midnight) on a host-local day. */
function at(zone: string, date: Wall, hhmm: string): number {
  const m = minutesOf(hhmm);
  const base = m === 24 * 60 ? addDays(date, 1) : date;
  return zonedToInstant({ ...base, hour: Math.floor(m / 60) % 24, minute: m % 60, second: 0 }, zone);
}

/** [first instant, last instant) the slots of days `from`–`to` can touch, buffers included: the freeBusy range. */
export function busyRange(zone: string, type: BookingType, from: string, to: string): [number, number] {
  const start = zonedToInstant(parseDay(from), zone) - type.bufferBeforeMinutes * MINUTE;
  const end = zonedToInstant(addDays(parseDay(to), 1), zone) + (type.bufferAfterMinutes + 24 * 60) * MINUTE;
  return [start, end];
}

const overlaps = (s: number, e: number, spans: Iterable<[number, number]>) => {
  for (const [a, b] of spans) if (a < e && s < b) return true;
  return false;
};

/**
 * The offered slots, in time order. A slot [s, s+duration) is offered iff it lies inside one
 * weekly window of its host-local day; the day is not a day off, is not before today and at most
 * `horizonDays` after it; [s−bufferBefore, s+duration+bufferAfter) overlaps no busy time and no
 * taken slot; s ≥ now + minNotice; and that day has fewer than `maxPerDay` taken slots of this
 * type. Starts step by `slotStepMinutes` of elapsed time from each window's start, so a window
 * across a DST change yields the real hours it has.
 */
export function computeSlots(input: SlotInput): { start: number; end: number }[] {
  const { zone, type } = input;
  const today = dayOf(zone, input.now);
  const earliest = input.now + type.minNoticeMinutes * MINUTE;
  const daysOff = new Set(input.daysOff);
  const takenSpans = input.taken.map((t) => [t.start, t.end] as [number, number]);
  const out: { start: number; end: number }[] = [];
  const dur = type.durationMinutes * MINUTE;
  const step = type.slotStepMinutes * MINUTE;
  const count = daysBetween(input.from, input.to);
  for (let i = 0; i <= count; i++) {
    const date = addDays(parseDay(input.from), i);
    const day = formatDay(date);
    const ahead = daysBetween(today, day);
    if (ahead < 0 || ahead > type.horizonDays || daysOff.has(day)) continue;
    const booked = input.taken.filter((t) => t.typeId === type.id && t.day === day).length;
    if (booked >= type.maxPerDay) continue;
    const weekday = WEEKDAYS[(new Date(wallAsUtc(date)).getUTCDay() + 6) % 7] as Weekday;
    for (const [a, b] of input.weekly[weekday] ?? []) {
      const winEnd = at(zone, date, b);
      for (let s = at(zone, date, a); s + dur <= winEnd; s += step) {
        if (s < earliest) continue;
        const blockStart = s - type.bufferBeforeMinutes * MINUTE;
        const blockEnd = s + dur + type.bufferAfterMinutes * MINUTE;
        if (overlaps(blockStart, blockEnd, input.busy) || overlaps(blockStart, blockEnd, takenSpans)) continue;
        out.push({ start: s, end: s + dur });
      }
    }
  }
  return out.sort((x, y) => x.start - y.start);
}
