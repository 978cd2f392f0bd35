// The parts of the booking page, each built from plain props (the state lives in page.ts).
import { formatWhen } from "../../src/format";
import { LOCALES, type Locale } from "../../src/locale";
import { REFUND_STRINGS } from "../../src/refund-strings";
import type { PublicBookingType, Slot } from "./api";
import { h } from "./dom";
import { type FieldErrors, type LeadFields, renderForm } from "./form";
import { dayLabel, durationLabel, knownZoneLabel, numberLabel, priceLabels, zoneLabel } from "./format";
import { renderWeek, type WeekProps } from "./grid";
import { type BookStrings, fill } from "./i18n";
import { weekDays } from "./week";

const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", es: "Español", "pt-BR": "Português (Brasil)" };

/** The language picker, on its own row above the heading (as on the checkout page). */
export function languagePicker(t: BookStrings, locale: Locale, onChange: (l: Locale) => void): HTMLElement {
  return h(
    "div",
    { class: "lang" },
    h("label", { for: "lang" }, t.language),
    h(
      "select",
      { id: "lang", onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value as Locale) },
      LOCALES.map((l) => h("option", { value: l, selected: l === locale }, LANGUAGE_NAMES[l])),
    ),
  );
}

/** The page's other views: loading, not found, or the type could not be read (with a retry). */
export function statusView(
  t: BookStrings,
  view: "loading" | "notFound" | "loadError",
  onRetry: () => void,
): HTMLElement[] {
  if (view === "notFound") return [h("h1", null, t.notFoundTitle), h("p", null, t.notFoundBody)];
  if (view === "loading") return [h("h1", null, t.pageTitle), h("p", { role: "status" }, t.loading)];
  return [
    h("h1", null, t.pageTitle),
    h(
      "div",
      { role: "alert" },
      h("p", { class: "error" }, t.loadError),
      h("button", { type: "button", onclick: onRetry }, t.retry),
    ),
  ];
}

/** The fee's refund rule, in the checkout page's words (the lead reads the same rule there). */
export function refundRule(type: PublicBookingType, locale: Locale): string {
  const c = REFUND_STRINGS[locale];
  if (!type.refundIfAttended) return c.refundNo;
  const hours = numberLabel(type.attendanceWindowHours, locale);
  return `${c.refundYes} ${(type.noAnswer === "refund" ? c.noAnswerRefund : c.noAnswerKeep).replace("$1", hours)}`;
}

/** Title, host, description, duration, price and its refund rule. */
export function typeSummary(type: PublicBookingType, t: BookStrings, locale: Locale): HTMLElement[] {
  const prices = priceLabels(type, locale);
  return [
    h("h1", null, type.title),
    h("p", { class: "muted host", hidden: !type.hostName }, fill(t.with, type.hostName)),
    h("p", { class: "description", hidden: !type.description }, type.description),
    h(
      "dl",
      null,
      h("dt", null, t.duration),
      h("dd", null, durationLabel(type.durationMinutes, locale)),
      prices.length > 0 && h("dt", null, t.price),
      prices.length > 0 && h("dd", { class: "amount" }, prices.join(" · ")),
      prices.length > 0 && h("dt", null, REFUND_STRINGS[locale].refunds),
      prices.length > 0 && h("dd", { class: "refund-rule" }, refundRule(type, locale)),
    ),
  ];
}

/** The zone the slots are shown in (the lead's, detected; switchable) and the host's zone. */
export function zonePicker(p: {
  t: BookStrings;
  locale: Locale;
  zone: string;
  zones: string[];
  hostZone: string;
  /** Only labels formatted ahead: the others show the zone's name until {@link labelZones} runs. */
  aheadOnly?: boolean;
  onChange(zone: string): void;
}): HTMLElement {
  return h(
    "div",
    { class: "field zone" },
    h("label", { for: "zone" }, p.t.zone),
    h(
      "select",
      {
        id: "zone",
        onchange: (e: Event) => p.onChange((e.target as HTMLSelectElement).value),
      },
      p.zones.map((z, i) =>
        h(
          "option",
          { value: z, selected: z === p.zone },
          i >= FIRST_LABELLED
            ? plainZone(z)
            : p.aheadOnly
              ? (knownZoneLabel(z, p.locale) ?? plainZone(z))
              : zoneLabel(z, p.locale),
        ),
      ),
    ),
    h("p", { class: "muted" }, fill(p.t.hostZone, zoneLabel(p.hostZone, p.locale))),
  );
}

/** How many of the picker's first zones (the lead's, the detected, the host's) name their offset: costly for all. */
const FIRST_LABELLED = 3;
const plainZone = (zone: string) => zone.replaceAll("_", " ");

/** One more zone of the picker, by its name. */
export function zoneOption(zone: string): HTMLOptionElement {
  return h("option", { value: zone }, plainZone(zone));
}

/** Names the offsets of the picker's first zones in place (after a drawing with `aheadOnly`). */
export function labelZones(select: HTMLSelectElement, locale: Locale): void {
  for (const o of [...select.options].slice(0, FIRST_LABELLED)) o.textContent = zoneLabel(o.value, locale);
}

/** What {@link weekSection} shows, and where its controls report to. */
export interface WeekSectionProps {
  t: BookStrings;
  locale: Locale;
  week: string;
  zone: string;
  byDay: Map<string, Slot[]>;
  chosen: string | null;
  loading: boolean;
  /** The string key of why the week could not be read, or null. */
  failed: "loadError" | "notTaking" | null;
  canBack: boolean;
  canForward: boolean;
  picker: HTMLElement;
  onPage(delta: number): void;
  onRetry(): void;
  onChoose(slot: Slot): void;
  /** See {@link WeekProps.later}. */
  later?: WeekProps["later"];
}

/** The week: paging, its state line, and the grid of slots. */
export function weekSection(p: WeekSectionProps): HTMLElement {
  const { t } = p;
  const days = weekDays(p.week);
  const label = fill(t.slotsLabel, dayLabel(days[0] ?? p.week, p.locale), dayLabel(days[6] ?? p.week, p.locale));
  const any = days.some((d) => (p.byDay.get(d)?.length ?? 0) > 0);
  const nav = (delta: number, enabled: boolean, text: string) =>
    h("button", { type: "button", class: "secondary", disabled: !enabled, onclick: () => p.onPage(delta) }, text);
  return h(
    "section",
    { "aria-labelledby": "week-h" },
    p.picker,
    h(
      "div",
      { class: "week-nav" },
      nav(-1, p.canBack, t.prevWeek),
      h("h2", { id: "week-h", tabindex: -1 }, label),
      nav(1, p.canForward, t.nextWeek),
    ),
    h("p", { id: "slot-help", class: "muted" }, t.slotHelp),
    p.loading && h("p", { role: "status" }, t.loading),
    p.failed &&
      h(
        "div",
        { role: "alert" },
        h("p", { class: "error" }, t[p.failed]),
        h("button", { type: "button", onclick: p.onRetry }, t.retry),
      ),
    !p.loading && !p.failed && !any && h("p", { role: "status" }, t.noSlotsWeek),
    renderWeek({
      days,
      byDay: p.byDay,
      zone: p.zone,
      locale: p.locale,
      chosen: p.chosen,
      noSlotsText: t.noSlotsDay,
      labelledBy: "week-h",
      describedBy: "slot-help",
      onChoose: p.onChoose,
      later: p.later,
    }),
  );
}

/** The chosen time (in the lead's zone, and the host's when it differs) and the lead's form. */
export function detailsSection(p: {
  t: BookStrings;
  locale: Locale;
  chosen: Slot | null;
  zone: string;
  hostZone: string;
  values: LeadFields;
  errors: FieldErrors;
  submitting: boolean;
  message: string | null;
  onInput(key: keyof LeadFields, value: string): void;
  onBlur(key: keyof LeadFields): void;
  onSubmit(): void;
}): HTMLElement {
  const { t, chosen } = p;
  return h(
    "section",
    { "aria-labelledby": "details-h", class: "details" },
    h("h2", { id: "details-h" }, t.chosen),
    h(
      "p",
      { "aria-live": "polite", class: chosen ? "chosen" : "muted" },
      chosen ? formatWhen(chosen.start, p.locale, p.zone) : t.pickFirst,
    ),
    chosen &&
      p.hostZone !== p.zone &&
      h("p", { class: "muted" }, `${t.hostTime}: ${formatWhen(chosen.start, p.locale, p.hostZone)}`),
    renderForm(p),
    p.message && h("p", { class: "error", role: "alert" }, p.message),
  );
}
