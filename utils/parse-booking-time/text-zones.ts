import { offsetAt } from "../time-zones";

/**
 * A zone named in the text.
 * - `iana`: a generic region name ("ET", "Pacific Time", "horário de Brasília") that follows the
 *   region's daylight-saving rules.
 * - `fixed`: an explicit UTC offset. Standard/daylight abbreviations ("EST", "PDT", "CET", "CEST")
 *   are fixed offsets too — EST is UTC−05:00 even in July — and carry the region they belong to,
 *   so the result can name that region when it really was on that offset.
 */
export type ZoneSpec =
  | { kind: "iana"; zone: string }
  | { kind: "fixed"; offset: number; region?: string; fromAbbreviation: boolean };

/** Where a zone was mentioned in the (normalised) text. */
export interface ZoneMention {
  spec: ZoneSpec;
  index: number;
  length: number;
}

const iana = (zone: string): ZoneSpec => ({ kind: "iana", zone });
const fixed = (hours: number, region?: string): ZoneSpec => ({
  kind: "fixed",
  offset: Math.round(hours * 60),
  region,
  fromAbbreviation: true,
});

/** Upper-case abbreviations only: "est"/"pt"/"ct" are ordinary words in several languages. */
const ABBREVIATIONS: Record<string, ZoneSpec> = {
  UTC: fixed(0, "UTC"),
  GMT: fixed(0, "UTC"),
  UT: fixed(0, "UTC"),
  ET: iana("America/New_York"),
  EST: fixed(-5, "America/New_York"),
  EDT: fixed(-4, "America/New_York"),
  CT: iana("America/Chicago"),
  CST: fixed(-6, "America/Chicago"),
  CDT: fixed(-5, "America/Chicago"),
  MT: iana("America/Denver"),
  MST: fixed(-7, "America/Denver"),
  MDT: fixed(-6, "America/Denver"),
  PT: iana("America/Los_Angeles"),
  PST: fixed(-8, "America/Los_Angeles"),
  PDT: fixed(-7, "America/Los_Angeles"),
  AKST: fixed(-9, "America/Anchorage"),
  AKDT: fixed(-8, "America/Anchorage"),
  HST: fixed(-10, "Pacific/Honolulu"),
  AST: fixed(-4, "America/Halifax"),
  ADT: fixed(-3, "America/Halifax"),
  NST: fixed(-3.5, "America/St_Johns"),
  NDT: fixed(-2.5, "America/St_Johns"),
  BRT: fixed(-3, "America/Sao_Paulo"),
  ART: fixed(-3, "America/Argentina/Buenos_Aires"),
  CLT: fixed(-4, "America/Santiago"),
  CLST: fixed(-3, "America/Santiago"),
  COT: fixed(-5, "America/Bogota"),
  PET: fixed(-5, "America/Lima"),
  WET: fixed(0, "Europe/Lisbon"),
  WEST: fixed(1, "Europe/Lisbon"),
  BST: fixed(1, "Europe/London"),
  CET: fixed(1, "Europe/Berlin"),
  CEST: fixed(2, "Europe/Berlin"),
  MEZ: fixed(1, "Europe/Berlin"),
  MESZ: fixed(2, "Europe/Berlin"),
  EET: fixed(2, "Europe/Athens"),
  EEST: fixed(3, "Europe/Athens"),
  MSK: fixed(3, "Europe/Moscow"),
  IST: fixed(5.5, "Asia/Kolkata"),
  SGT: fixed(8, "Asia/Singapore"),
  HKT: fixed(8, "Asia/Hong_Kong"),
  JST: fixed(9, "Asia/Tokyo"),
  KST: fixed(9, "Asia/Seoul"),
  AWST: fixed(8, "Australia/Perth"),
  ACST: fixed(9.5, "Australia/Adelaide"),
  ACDT: fixed(10.5, "Australia/Adelaide"),
  AEST: fixed(10, "Australia/Sydney"),
  AEDT: fixed(11, "Australia/Sydney"),
  NZST: fixed(12, "Pacific/Auckland"),
  NZDT: fixed(13, "Pacific/Auckland"),
};

const US_REGIONS: Record<string, string> = {
  eastern: "E",
  central: "C",
  mountain: "M",
  pacific: "P",
};

const LONG_NAMES: Array<[RegExp, (m: RegExpExecArray) => ZoneSpec | undefined]> = [
  [
    /\b(eastern|central|mountain|pacific)(?:\s+(standard|daylight))?\s+time\b/giu,
    (m) => {
      const letter = US_REGIONS[(m[1] ?? "").toLowerCase()];
      const kind = (m[2] ?? "").toLowerCase();
      return ABBREVIATIONS[`${letter}${kind === "standard" ? "ST" : kind === "daylight" ? "DT" : "T"}`];
    },
  ],
  [/\bcentral european(?:\s+(summer))?\s+time\b/giu, (m) => (m[1] ? ABBREVIATIONS.CEST : ABBREVIATIONS.CET)],
  [/\bhor(?:a|ário|ario)\s+(?:oficial\s+)?de\s+bras[ií]lia\b/giu, () => iana("America/Sao_Paulo")],
  [/\bhora\s+(?:de\s+)?(?:Madrid|España|Espanha|peninsular)\b/giu, () => iana("Europe/Madrid")],
  [/\bhora\s+de\s+(?:Lisboa|Portugal)\b/giu, () => iana("Europe/Lisbon")],
];

// "GMT+2", "UTC-03:00", "UTC -3" (the text is normalised first, so "−" arrives as "-").
const NUMERIC_OFFSET = /(?<![\p{L}\d])(?:GMT|UTC|UT)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?(?!\d)/giu;
const ABBREVIATION = new RegExp(`(?<![\\p{L}\\d])(${Object.keys(ABBREVIATIONS).join("|")})(?![\\p{L}\\d])`, "gu");

/** Every zone mentioned in `text`, in order of appearance, overlapping mentions removed. */
export function findZoneMentions(text: string): ZoneMention[] {
  const found: ZoneMention[] = [];
  for (const m of text.matchAll(NUMERIC_OFFSET)) {
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    if (minutes > 14 * 60) continue;
    found.push({
      spec: { kind: "fixed", offset: m[1] === "-" ? -minutes : minutes, fromAbbreviation: false },
      index: m.index,
      length: m[0].length,
    });
  }
  for (const [pattern, toSpec] of LONG_NAMES) {
    for (const m of text.matchAll(pattern)) {
      const spec = toSpec(m);
      if (spec) found.push({ spec, index: m.index, length: m[0].length });
    }
  }
  for (const m of text.matchAll(ABBREVIATION)) {
    const spec = ABBREVIATIONS[m[1] ?? ""];
    if (spec) found.push({ spec, index: m.index, length: m[0].length });
  }
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  return found.filter((m, i) => i === 0 || m.index >= (found[i - 1]?.index ?? 0) + (found[i - 1]?.length ?? 0));
}

/**
 * The zone that applies to a date found at [start, end): one inside it or right after it
 * ("3pm EST", "3pm (CET)"), else the first one anywhere ("All times ET."). `adjacent` says
 * whether it belongs in the matched text.
 */
export function pickZoneMention(
  text: string,
  mentions: ZoneMention[],
  start: number,
  end: number,
): { mention: ZoneMention; adjacent: boolean } | undefined {
  const near = mentions.find(
    (m) => (m.index >= start && m.index < end) || (m.index >= end && /^[\s,(]*$/u.test(text.slice(end, m.index))),
  );
  if (near) return { mention: near, adjacent: true };
  const first = mentions[0];
  return first ? { mention: first, adjacent: false } : undefined;
}

/** "Etc/GMT-2" is UTC+02:00 (POSIX sign); only whole hours exist. */
function etcZone(offset: number): string | undefined {
  if (offset === 0) return "UTC";
  if (offset % 60 !== 0 || Math.abs(offset) > 14 * 60) return undefined;
  const hours = offset / 60;
  return `Etc/GMT${hours > 0 ? "-" : "+"}${Math.abs(hours)}`;
}

/** Zones with a fractional offset, for offsets such as "GMT+5:30" that no Etc/ zone names. */
const FRACTIONAL_ZONES = [
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Tehran",
  "Asia/Kabul",
  "Asia/Yangon",
  "Australia/Adelaide",
  "Australia/Darwin",
  "America/St_Johns",
  "Pacific/Marquesas",
  "Pacific/Chatham",
];

/**
 * The IANA zone to report for a fixed offset at instant `ms`: the first that really is at that
 * offset then, from the abbreviation's own region, an `Etc/GMT±N` zone or a fractional-offset zone
 * (for a bare "GMT+2", the user's own zone is tried first). `mismatch` flags an abbreviation whose region was not
 * on it at that date (e.g. "EST" in July), which is usually a slip for local time.
 */
export function zoneForOffset(
  spec: Extract<ZoneSpec, { kind: "fixed" }>,
  ms: number,
  userZone: string,
): { zone: string; mismatch: boolean } {
  const { offset, region } = spec;
  const mismatch = spec.fromAbbreviation && region !== undefined && offsetAt(region, ms) !== offset;
  // An abbreviation names its region's clock, not the user's; a bare offset may well be the user's.
  const candidates = spec.fromAbbreviation
    ? [region, etcZone(offset), ...FRACTIONAL_ZONES, userZone]
    : [userZone, etcZone(offset), ...FRACTIONAL_ZONES];
  const zone = candidates.find((z) => z !== undefined && offsetAt(z, ms) === offset);
  return { zone: zone ?? userZone, mismatch };
}

/** The IANA zone people mean by an abbreviation or generic name ("EST", "ET", "CET" → their region). */
export function abbreviationZone(abbreviation: string): string | undefined {
  const spec = ABBREVIATIONS[abbreviation.toUpperCase()];
  if (!spec) return undefined;
  return spec.kind === "iana" ? spec.zone : spec.region;
}
