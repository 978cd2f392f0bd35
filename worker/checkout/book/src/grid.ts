// The week of free slots: one labelled group per day, one button per slot. Roving tabindex: the
// whole week is one Tab stop, arrow keys move between slots (Up/Down within a day, Left/Right to
// the neighbouring day with slots), Home/End jump within a day, Enter/Space choose.
import type { Slot } from "./api";
import { append, h } from "./dom";
import { dayLabel, timeLabel } from "./format";

/** What the week needs to draw itself. */
export interface WeekProps {
  days: string[];
  byDay: Map<string, Slot[]>;
  zone: string;
  locale: string;
  chosen: string | null;
  noSlotsText: string;
  labelledBy: string;
  describedBy: string;
  onChoose(slot: Slot): void;
  /**
   * When given, only the days up to the first one with slots are drawn at once and the others are
   * handed to `later`: on a slow phone the first slots show a whole week's drawing sooner.
   */
  later?: (drawRest: () => void) => void;
}

/** The DOM id of a slot's button (stable across re-renders, so focus can be restored). */
export const slotId = (start: string) => `slot-${Date.parse(start)}`;

/** The week grid element. */
export function renderWeek(p: WeekProps): HTMLElement {
  const withSlots = p.days.filter((d) => (p.byDay.get(d)?.length ?? 0) > 0);
  const all = withSlots.flatMap((d) => p.byDay.get(d) ?? []);
  // The Tab stop: the chosen slot when it is in this week, else the first one.
  const stop = all.find((s) => s.start === p.chosen)?.start ?? all[0]?.start ?? null;
  const week = h("div", {
    class: "week",
    role: "group",
    "aria-labelledby": p.labelledBy,
    "aria-describedby": p.describedBy,
  });
  const dayGroup = (day: string) => {
    const slots = p.byDay.get(day) ?? [];
    const headId = `day-${day}`;
    // Formatting is most of the page's work on a slow phone: the day's name once, each time once.
    const dayName = dayLabel(day, p.locale, true);
    const button = (s: Slot) => {
      const time = timeLabel(s.start, p.locale, p.zone);
      return h(
        "button",
        {
          type: "button",
          class: "slot",
          id: slotId(s.start),
          "data-day": day,
          "aria-pressed": s.start === p.chosen ? "true" : "false",
          "aria-label": `${dayName}, ${time}`,
          tabindex: s.start === stop ? 0 : -1,
          onclick: () => p.onChoose(s),
        },
        time,
      );
    };
    return h(
      "div",
      { class: "day", role: "group", "aria-labelledby": headId },
      h("h3", { id: headId }, dayLabel(day, p.locale)),
      slots.length === 0
        ? h("p", { class: "muted none" }, p.noSlotsText)
        : h(
            "ul",
            null,
            slots.map((s) => h("li", null, button(s))),
          ),
    );
  };
  const firstWithSlots = withSlots[0] ? p.days.indexOf(withSlots[0]) : p.days.length - 1;
  const now = p.later ? p.days.slice(0, firstWithSlots + 1) : p.days;
  for (const day of now) week.appendChild(dayGroup(day));
  const rest = p.days.slice(now.length);
  // Drawn in place unless the page has been redrawn meanwhile (that drew every day).
  if (rest.length > 0) p.later?.(() => week.isConnected && append(week, rest.map(dayGroup)));
  week.addEventListener("keydown", (e) => onKey(e, week, withSlots));
  return week;
}

function onKey(e: KeyboardEvent, week: HTMLElement, days: string[]): void {
  const current = e.target as HTMLElement;
  if (!current.classList.contains("slot")) return;
  const inDay = (day: string) => [...week.querySelectorAll<HTMLButtonElement>(`button.slot[data-day="${day}"]`)];
  const day = current.dataset.day ?? "";
  const mine = inDay(day);
  const i = mine.indexOf(current as HTMLButtonElement);
  const d = days.indexOf(day);
  let next: HTMLButtonElement | undefined;
  if (e.key === "ArrowDown") next = mine[i + 1] ?? inDay(days[d + 1] ?? "")[0];
  else if (e.key === "ArrowUp") next = mine[i - 1] ?? inDay(days[d - 1] ?? "").at(-1);
  else if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
    const other = inDay(days[d + (e.key === "ArrowRight" ? 1 : -1)] ?? "");
    next = other[Math.min(i, other.length - 1)];
  } else if (e.key === "Home") next = mine[0];
  else if (e.key === "End") next = mine.at(-1);
  else return;
  e.preventDefault();
  if (!next) return;
  for (const b of week.querySelectorAll<HTMLButtonElement>("button.slot")) b.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}
