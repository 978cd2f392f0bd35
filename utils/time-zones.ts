/**
 * Time-zone arithmetic shared by the booking form and `parseBookingTime`, done with
 * `Intl.DateTimeFormat` for the named IANA zone so the result never depends on the machine's own
 * zone (and no date library reaches the popup).
 */

/** Calendar/clock fields of a wall-clock time (month 1–12). */
export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The part of Temporal (in browsers since 2026) the zone arithmetic uses. */
interface TemporalApi {
  Instant: {
    fromEpochMilliseconds(ms: number): {
      toZonedDateTimeISO(zone: string): Wall;
    };
  };
}

/**
 * Temporal when the runtime has it: its zone arithmetic needs only the zone data, while the first
 * `Intl.DateTimeFormat` of a page loads ICU's locale data too (100–300 ms on a slow phone, before
 * the booking page could show a slot). Read at each call, so tests can provide or remove it.
 */
const temporal = () => (globalThis as { Temporal?: TemporalApi }).Temporal;

/** True when the runtime knows `zone` as an IANA zone name. */
export function isValidZone(zone: string): boolean {
  try {
    const t = temporal();
    // Temporal also takes UTC offsets ("+05:00") as zones; a named zone is asked for here.
    if (t && /^[A-Za-z]/.test(zone)) t.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone);
    else formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of instant `ms` in `zone`. */
export function wallAt(zone: string, ms: number): Wall {
  const t = temporal();
  if (t) {
    const z = t.Instant.fromEpochMilliseconds(Math.floor(ms)).toZonedDateTimeISO(zone);
    return { year: z.year, month: z.month, day: z.day, hour: z.hour, minute: z.minute, second: z.second };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Wall fields read as if they were UTC — the "local time as a number" used by the offset math. */
export function wallAsUtc(w: Wall): number {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
  d.setUTCFullYear(w.year); // Date.UTC maps years 0–99 to 1900s
  return d.getTime();
}

/** The wall fields `wallAsUtc` would give back for `ms`. */
export function utcWall(ms: number): Wall {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

function exactOffset(zone: string, ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((wallAsUtc(wallAt(zone, whole)) - whole) / MINUTE);
}

/**
 * Offsets remembered per zone and six-hour span (NaN: the offset changes inside it). A zone's
 * offset changes at most once in six hours (its changes are months apart), so a span whose two
 * ends have the same offset has it throughout. A slots answer formats hundreds of instants in
 * the host's zone: each through Intl or Temporal was most of the Worker's time for it.
 */
const SPAN = 6 * HOUR;
const spans = new Map<string, number>();
const MAX_SPANS = 4096;

/** Offset of `zone` from UTC at instant `ms`, in minutes (east positive). */
export function offsetAt(zone: string, ms: number): number {
  const i = Math.floor(ms / SPAN);
  const key = `${zone}|${i}`;
  let known = spans.get(key);
  if (known === undefined) {
    const start = exactOffset(zone, i * SPAN);
    known = start === exactOffset(zone, (i + 1) * SPAN) ? start : Number.NaN;
    if (spans.size >= MAX_SPANS) spans.clear();
    spans.set(key, known);
  }
  return Number.isNaN(known) ? exactOffset(zone, ms) : known;
}

/**
 * {@link wallAt} through the offset cache, for the many instants of a drawn week: the same fields
 * wherever the zone's offset is whole minutes (every zone's, since the 1970s).
 */
export function wallAtCached(zone: string, ms: number): Wall {
  return utcWall(ms + offsetAt(zone, ms) * MINUTE);
}

/**
 * The instant a wall-clock time names in `zone`. Follows Temporal's "compatible" choice: a time
 * skipped by a spring-forward gap moves forward by the gap (02:30 → 03:30), and a time that occurs
 * twice in a fall-back overlap takes its first (daylight) occurrence.
 */
export function zonedToInstant(w: Wall, zone: string): number {
  const local = wallAsUtc(w);
  // Offsets 18 h either side bracket the true instant (offsets stay within ±14 h) and see the
  // offset before and after any transition, which happen at most once a day.
  const before = offsetAt(zone, local - 18 * HOUR);
  const after = offsetAt(zone, local + 18 * HOUR);
  const valid = [before, after]
    .map((o) => local - o * MINUTE)
    .filter((ms) => offsetAt(zone, ms) * MINUTE === local - ms);
  if (valid.length > 0) return Math.min(...valid);
  return local - before * MINUTE;
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, "0");
}

/** "+05:30" style offset. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  return `${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** RFC 3339 text for instant `ms` as seen at a fixed UTC offset (always `±HH:MM`, never `Z`). */
export function formatAtOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * MINUTE);
  const year = local.getUTCFullYear();
  // The engine's own ISO text (cut before its milliseconds) is the fast path: slot lists format
  // hundreds of instants. Its years are four digits only from 0 to 9999.
  if (year >= 0 && year <= 9999) return `${local.toISOString().slice(0, 19)}${formatOffset(offsetMinutes)}`;
  const w = utcWall(local.getTime());
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    formatOffset(offsetMinutes)
  );
}

/** RFC 3339 text for instant `ms` in IANA `zone`, with the offset that zone had then. */
export function formatInZone(ms: number, zone: string): string {
  return formatAtOffset(ms, offsetAt(zone, ms));
}

/** Shifts wall fields by whole days (calendar arithmetic, no zone involved). */
export function addDays(w: Wall, days: number): Wall {
  return utcWall(wallAsUtc(w) + days * 24 * HOUR);
}

/** Lower-case, accents dropped, `_` and `/` as spaces: "São_Paulo" and "sao paulo" compare equal. */
function searchKey(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[_/]+/g, " ").replace(/\s+/g, " ").trim();
}

/** The place a zone is named after, as people write it: "America/Sao_Paulo" → "Sao Paulo". */
export function zoneCity(zone: string): string {
  return (zone.split("/").pop() ?? zone).replace(/_/g, " ");
}

/**
 * Zones matching what someone typed — a city ("New York", "são paulo", "Buenos Aires"), an
 * abbreviation ("EST", resolved by `abbreviationZone`), or part of the IANA name — best first:
 * exact city or abbreviation, then a city starting with the text, then any part of the name.
 */
export function searchTimeZones(
  query: string,
  zones: readonly string[],
  abbreviationZone: (abbr: string) => string | undefined,
  limit = 8,
): { zone: string; exact: boolean }[] {
  const q = searchKey(query);
  if (!q) return [];
  const ranked: { zone: string; rank: number }[] = [];
  const byAbbreviation = /^[a-z]{2,5}$/.test(q) ? abbreviationZone(q.toUpperCase()) : undefined;
  if (byAbbreviation) ranked.push({ zone: byAbbreviation, rank: 0 });
  for (const zone of zones) {
    const city = searchKey(zoneCity(zone));
    const full = searchKey(zone);
    const rank = city === q || full === q ? 0 : city.startsWith(q) ? 1 : full.includes(q) ? 2 : -1;
    if (rank >= 0 && zone !== byAbbreviation) ranked.push({ zone, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.zone.localeCompare(b.zone));
  return ranked.slice(0, limit).map((r) => ({ zone: r.zone, exact: r.rank === 0 }));
}
