import { WEEKDAYS, type Weekday } from "@/utils/api/booking-page";
import { useBookingPageStore } from "@/utils/booking-page/store";
import { currentLanguage, t } from "@/utils/i18n";

/** "Monday" … in the UI language (1 January 2024 was a Monday). */
export function weekdayName(day: Weekday, style: "long" | "short" = "long"): string {
  const date = new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day)));
  return new Intl.DateTimeFormat(currentLanguage(), { weekday: style, timeZone: "UTC" }).format(date);
}

/** The weekly hours: per weekday, the windows (host-local) in which slots are offered. */
export function BookingPageHours() {
  const { draft, errors, edit } = useBookingPageStore();
  if (!draft) return null;
  const setDay = (day: Weekday, windows: [string, string][]) =>
    edit((d) => ({ ...d, weekly: { ...d.weekly, [day]: windows } }), `bp-hours-${day}`);
  return (
    <fieldset className="bp-hours">
      <legend>{t("bpHours")}</legend>
      <p className="muted hint">{t("bpHoursHint")}</p>
      {WEEKDAYS.map((day) => {
        const windows = draft.weekly[day];
        const id = `bp-hours-${day}`;
        const error = errors[id];
        const name = weekdayName(day);
        return (
          <fieldset key={day} className={`bp-day${error ? " field-invalid" : ""}`}>
            <legend className="bp-day-name">{name}</legend>
            {windows.length === 0 && <span className="muted">{t("bpClosed")}</span>}
            {windows.map(([from, to], i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a window has no identity but its place in the day
              <span key={i} className="bp-window">
                <input
                  id={i === 0 ? id : undefined}
                  type="time"
                  aria-label={t("bpWindowFrom", [name, String(i + 1)])}
                  value={from}
                  onChange={(e) =>
                    setDay(
                      day,
                      windows.map((w, j) => (j === i ? [e.target.value, w[1]] : w)),
                    )
                  }
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                />
                <span aria-hidden="true">–</span>
                <input
                  type="time"
                  aria-label={t("bpWindowTo", [name, String(i + 1)])}
                  value={to}
                  onChange={(e) =>
                    setDay(
                      day,
                      windows.map((w, j) => (j === i ? [w[0], e.target.value] : w)),
                    )
                  }
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                />
                <button
                  type="button"
                  className="link-button"
                  aria-label={t("bpRemoveWindow", [name, String(i + 1)])}
                  onClick={() =>
                    setDay(
                      day,
                      windows.filter((_, j) => j !== i),
                    )
                  }
                >
                  {t("bpRemove")}
                </button>
              </span>
            ))}
            <button
              type="button"
              className="link-button"
              aria-label={t("bpAddWindowFor", name)}
              onClick={() => setDay(day, [...windows, nextWindow(windows)])}
            >
              {t("bpAddWindow")}
            </button>
            {error && (
              <p id={`${id}-error`} className="error field-error" role="alert">
                {t(error)}
              </p>
            )}
          </fieldset>
        );
      })}
    </fieldset>
  );
}

/** A sensible window to add: 09:00–17:00 on an empty day, else an hour after the last window (time inputs stop at 23:59). */
function nextWindow(windows: [string, string][]): [string, string] {
  const last = windows.at(-1)?.[1];
  if (!last) return ["09:00", "17:00"];
  const h = Math.min(22, Number(last.slice(0, 2)) + 1);
  return [`${String(h).padStart(2, "0")}:00`, `${String(h + 1).padStart(2, "0")}:00`];
}
