// The booking page's first view, drawn by the Worker in the zone it guesses for the lead, with the
// page's own view functions on a string DOM. On a slow phone, building that view in the browser is
// what kept the first slots late; the page's script checks the guess and redraws (early.ts, page.ts).
import type { Locale } from "../../src/locale";
import { drawWith } from "./dom";
import type { RenderFirstDrawing } from "./first-drawing-types";
import { setPreformatted } from "./format";
import { stringDocument, toHtml } from "./html";
import { BOOK_STRINGS } from "./i18n";
import { pageCard, paging, pickerZones, readyView } from "./ready";
import { dayKey, groupByDay, weekDays } from "./week";

const ignore = () => undefined;

/** See {@link RenderFirstDrawing}; the page's first drawing in the browser is the same view. */
export const renderFirstDrawing: RenderFirstDrawing = ({ type, slots, labels, zone, now }) => {
  const locale = labels.locale as Locale;
  const t = BOOK_STRINGS[locale];
  const week = dayKey(now, zone);
  const before = setPreformatted(labels);
  try {
    return drawWith(stringDocument(), () => {
      const view = readyView({
        t,
        locale,
        type,
        zone,
        // The page adopts this view only on a device in `zone`: that is also the zone it detects.
        zones: pickerZones(zone, zone, type.timeZone),
        week,
        byDay: groupByDay(slots, zone, weekDays(week)),
        chosen: null,
        loading: false,
        failed: null,
        ...paging(week, week),
        aheadOnly: true,
        onZone: ignore,
        onPage: ignore,
        onRetry: ignore,
        onChoose: ignore,
      });
      return toHtml(pageCard(t, locale, ignore, [...view.summary, view.week]));
    });
  } finally {
    setPreformatted(before);
  }
};
