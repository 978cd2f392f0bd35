import * as chrono from "chrono-node";

/**
 * Spanish and Portuguese clock phrasing that chrono 2.10 misses or misreads: "15h", "14h30",
 * "às 15h" (pt only knows "15:00"), "a las 3 de la tarde" (es reads 03:00), "3 da tarde",
 * "de 14h às 16h", "de las 15 a las 17". Added as an extra parser; a refiner then drops chrono's own
 * time-only readings of the same words so the date+time merge refiners see ours.
 */

const TAG = "leadscalendar/romanceTime";

const STRONG_PREFIX = /^(?:a\s+las?|las?|às|as|à|pelas?|desde\s+las?|de\s+las?|das|entre\s+las?)$/iu;
const PREFIX = String.raw`(?:(a\s+las?|las?|às|as|à|pelas?|desde\s+las?|de\s+las?|das|del?|desde|entre\s+las?|entre)\s+)?`;
const TIME = String.raw`(\d{1,2})(?:\s*([:h])\s*(\d{2}))?(?:\s*(h(?:oras?|rs?|s)?|am|pm|a\.\s?m\.|p\.\s?m\.)(?![\p{L}]))?`;
const DAY_PART = String.raw`(?:\s+(?:de\s+la|da|de|por\s+la|pela)\s+(mañana|manhã|madrugada|tarde|noche|noite))?`;
const RANGE = String.raw`\s*(?:-|–|a\s+las?|às|as|à|ao|a|até(?:\s+[àa]s)?|hasta(?:\s+las?)?|y\s+las?|e\s+as)\s*`;
const PATTERN = new RegExp(
  String.raw`(?<![\p{L}\d:/.])${PREFIX}${TIME}${DAY_PART}(?:${RANGE}${TIME}${DAY_PART})?(?![\p{L}\d:/])`,
  "iu",
);

interface Clock {
  hour: number;
  minute: number;
  /** True when the text said am/pm or a part of the day. */
  meridiem: boolean;
  /** True when this really looks like a time (minutes, "h", am/pm, part of day, or "a las"). */
  marked: boolean;
}

function readClock(
  prefix: string | undefined,
  hourText: string | undefined,
  sep: string | undefined,
  minuteText: string | undefined,
  suffix: string | undefined,
  dayPart: string | undefined,
): Clock | null {
  if (hourText === undefined) return null;
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (hour > 23 || minute > 59) return null;
  const s = (suffix ?? "").toLowerCase().replace(/[\s.]/g, "");
  const part = (dayPart ?? "").toLowerCase();
  if ((s === "pm" || ["tarde", "noche", "noite"].includes(part)) && hour < 12) hour += 12;
  if ((s === "am" || part === "madrugada") && hour === 12) hour = 0;
  const meridiem = s === "am" || s === "pm" || part !== "";
  const marked = sep !== undefined || s !== "" || part !== "" || STRONG_PREFIX.test((prefix ?? "").trim());
  return { hour, minute, meridiem, marked };
}

const romanceTimeParser: chrono.Parser = {
  pattern: () => PATTERN,
  extract(context, match) {
    const start = readClock(match[1], match[2], match[3], match[4], match[5], match[6]);
    const end = readClock(undefined, match[7], match[8], match[9], match[10], match[11]);
    if (!start || (match[7] !== undefined && !end)) return null;
    // Bare numbers ("del 3 al 5 de marzo") are days, not hours, unless one end looks like a clock.
    if (!start.marked && !end?.marked) return null;
    // "de 3 a 5 de la tarde": the part of the day said once covers both ends.
    if (end?.meridiem && !start.meridiem && start.hour + 12 <= end.hour) start.hour += 12;
    const result = context.createParsingResult(
      match.index ?? 0,
      match[0],
      { hour: start.hour, minute: start.minute },
      end ? { hour: end.hour, minute: end.minute } : undefined,
    );
    result.start.addTag(TAG);
    return result;
  },
};

// chrono has "mañana"/"amanhã" but not the day after, and reads "pasado mañana" as tomorrow.
const DAY_AFTER_TOMORROW = /(?<![\p{L}])(?:pasado\s+mañana|depois\s+de\s+amanhã)(?![\p{L}])/iu;
// Noon and midnight in words ("ao meio-dia", "a medianoche"); chrono's es/pt miss them.
const NOON_MIDNIGHT =
  /(?<![\p{L}])(?:(?:a\s+la|al?|ao|à|à\s+la)\s+)?(meio[\s-]dia|meia[\s-]noite|mediod[ií]a|medianoche)(?![\p{L}])/iu;

const MONTHS: Record<string, number> = {
  ene: 1,
  jan: 1,
  feb: 2,
  fev: 2,
  mar: 3,
  abr: 4,
  may: 5,
  mai: 5,
  jun: 6,
  jul: 7,
  ago: 8,
  sep: 9,
  set: 9,
  oct: 10,
  out: 10,
  nov: 11,
  dic: 12,
  dez: 12,
};
const MONTH_NAMES =
  "(ene(?:ro)?|jan(?:eiro)?|feb(?:rero)?|fev(?:ereiro)?|mar(?:zo|ço)?|abr(?:il)?|may(?:o)?|mai(?:o)?|jun(?:io|ho)?|jul(?:io|ho)?|ago(?:sto)?|sep(?:tiembre)?|set(?:iembre|embro)?|oct(?:ubre)?|out(?:ubro)?|nov(?:iembre|embro)?|dic(?:iembre)?|dez(?:embro)?)";
// "del 3 al 5 de marzo", "de 3 a 5 de março de 2027": chrono es/pt read the numbers as hours.
const DAY_RANGE = new RegExp(
  String.raw`(?<![\p{L}\d])(?:(?:del?|desde\s+el|entre\s+el|dos?|das?)\s+)?(\d{1,2})\s*(?:-|–|al?|y|e|ao?|até(?:\s+[oa])?)\s*(\d{1,2})\s+de\s+${MONTH_NAMES}(?:\s+(?:de|del)\s+(\d{4}))?(?![\p{L}\d])`,
  "iu",
);

const dayRangeParser: chrono.Parser = {
  pattern: () => DAY_RANGE,
  extract(context, match) {
    const month = MONTHS[(match[3] ?? "").slice(0, 3).toLowerCase()];
    const from = Number(match[1]);
    const to = Number(match[2]);
    if (!month || from < 1 || to > 31 || to < from) return null;
    const year = match[4] === undefined ? undefined : Number(match[4]);
    const result = context.createParsingResult(match.index ?? 0, match[0], { month, day: from }, { month, day: to });
    for (const c of [result.start, result.end]) {
      if (year === undefined) c?.imply("year", context.reference.getDateWithAdjustedTimezone().getFullYear());
      else c?.assign("year", year);
    }
    result.start.addTag(TAG);
    return result;
  },
};

const dayAfterTomorrowParser: chrono.Parser = {
  pattern: () => DAY_AFTER_TOMORROW,
  extract(context) {
    const date = context.reference.getDateWithAdjustedTimezone();
    date.setDate(date.getDate() + 2);
    const components = context.createParsingComponents({
      year: date.getFullYear(),
      month: date.getMonth() + 1,
      day: date.getDate(),
    });
    components.addTag(TAG);
    return components;
  },
};

const noonMidnightParser: chrono.Parser = {
  pattern: () => NOON_MIDNIGHT,
  extract(context, match) {
    const noon = /^me(?:io|dio)/iu.test(match[1] ?? "");
    const components = context.createParsingComponents({ hour: noon ? 12 : 0, minute: 0 });
    components.addTag(TAG);
    return components;
  },
};

/**
 * Drops chrono's readings that ours replace: any inside one of ours, and time-only ones that
 * overlap ours ("de 3 a" against "de 3 a 5 de la tarde").
 */
const preferRomanceTime: chrono.Refiner = {
  refine(_context, results) {
    const ours = results.filter((r) => r.start.tags().has(TAG));
    return results.filter((r) => {
      if (r.start.tags().has(TAG)) return true;
      const end = r.index + r.text.length;
      const timeOnly = !r.start.isCertain("day") && !r.start.isCertain("weekday") && !r.start.isCertain("month");
      return !ours.some((o) => {
        const oEnd = o.index + o.text.length;
        const inside = r.index >= o.index && end <= oEnd;
        return inside || (timeOnly && r.index < oEnd && o.index < end);
      });
    });
  },
};

function withRomanceTimes(base: chrono.Chrono): chrono.Chrono {
  const parser = base.clone();
  parser.parsers.push(romanceTimeParser, dayAfterTomorrowParser, noonMidnightParser, dayRangeParser);
  parser.refiners.unshift(preferRomanceTime);
  return parser;
}

/** chrono's casual Spanish parser (dd/mm) with the clock phrasing above. */
export const spanish = withRomanceTimes(chrono.es.casual);
/** chrono's casual Portuguese parser (dd/mm) with the clock phrasing above. */
export const portuguese = withRomanceTimes(chrono.pt.casual);
