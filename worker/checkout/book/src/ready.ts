// The booking type's view (what is booked, the zone picker and a week of slots) inside the page's
// card: drawn by page.ts from its state, and by the Worker for the first view (first-drawing.ts).
import type { Locale } from "../../src/locale";
import type { PublicBookingType } from "./api";
import { h } from "./dom";
import type { BookStrings } from "./i18n";
import { languagePicker, typeSummary, type WeekSectionProps, weekSection, zonePicker } from "./views";
import { daysBetween } from "./week";

/** How far ahead the week can be paged (the slots API answers at most 62 days at once). */
const MAX_WEEKS_AHEAD = 8;

/** Whether the week starting `week` pages back (never before `today`) and forward (up to {@link MAX_WEEKS_AHEAD}). */
export function paging(week: string, today: string): { canBack: boolean; canForward: boolean } {
  return { canBack: week > today, canForward: daysBetween(today, week) < 7 * MAX_WEEKS_AHEAD };
}

/** The picker's zones: the one shown, the detected one and the host's first, then `more`. */
export function pickerZones(shown: string, detected: string, host: string, more: string[] = []): string[] {
  return [...new Set([shown, detected, host, ...more])];
}

/** What the type's view shows (the week's props, with the zone picker's in place of a built picker). */
export interface ReadyProps extends Omit<WeekSectionProps, "picker"> {
  type: PublicBookingType;
  /** The picker's zones (the one shown first). */
  zones: string[];
  /** The page's first drawing: only labels formatted ahead (see views.ts `zonePicker`). */
  aheadOnly: boolean;
  onZone(zone: string): void;
}

/** The type's summary and its week section (the lead's form goes after the week). */
export function readyView(p: ReadyProps): { summary: HTMLElement[]; week: HTMLElement } {
  const picker = zonePicker({
    t: p.t,
    locale: p.locale,
    zone: p.zone,
    zones: p.zones,
    hostZone: p.type.timeZone,
    aheadOnly: p.aheadOnly,
    onChange: p.onZone,
  });
  const week = weekSection({ ...p, picker });
  return { summary: typeSummary(p.type, p.t, p.locale), week };
}

/** The page's card: the language picker above `body`. */
export function pageCard(
  t: BookStrings,
  locale: Locale,
  onLocale: (l: Locale) => void,
  body: HTMLElement[],
): HTMLElement {
  return h("div", { class: "card book" }, languagePicker(t, locale, onLocale), body);
}
