// The booking type's view (what is booked, the zone picker and a week of slots) inside the page's
// card: drawn by page.ts from its state, and by the Worker for the first view (first-drawing.ts).
import type { Locale } from "../../src/locale";
import type { PublicBookingType, Slot } from "./api";
import { h } from "./dom";
import type { WeekProps } from "./grid";
import type { BookStrings } from "./i18n";
import { languagePicker, typeSummary, weekSection, zonePicker } from "./views";

/** What the type's view shows, and where its controls report to. */
export interface ReadyProps {
  t: BookStrings;
  locale: Locale;
  type: PublicBookingType;
  /** The zone the slots are shown in, and the picker's zones (that one first). */
  zone: string;
  zones: string[];
  /** The week's first day (lead-local) and its slots by day. */
  week: string;
  byDay: Map<string, Slot[]>;
  chosen: string | null;
  loading: boolean;
  failed: "loadError" | "notTaking" | null;
  canBack: boolean;
  canForward: boolean;
  /** The page's first drawing: only labels formatted ahead (see views.ts `zonePicker`). */
  aheadOnly: boolean;
  /** See {@link WeekProps.later}. */
  later?: WeekProps["later"];
  onZone(zone: string): void;
  onPage(delta: number): void;
  onRetry(): void;
  onChoose(slot: Slot): void;
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
