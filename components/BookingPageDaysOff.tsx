import { useState } from "react";
import { useBookingPageStore } from "@/utils/booking-page/store";
import { currentLanguage, t } from "@/utils/i18n";

/** Days off: dates (host-local) on which no slot is offered, whatever the weekly hours say. */
export function BookingPageDaysOff() {
  const { draft, errors, edit } = useBookingPageStore();
  const [day, setDay] = useState("");
  if (!draft) return null;
  const error = errors["bp-daysoff"];
  const label = (d: string) =>
    new Intl.DateTimeFormat(currentLanguage(), { dateStyle: "full", timeZone: "UTC" }).format(
      new Date(`${d}T12:00:00Z`),
    );
  const add = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    edit((d) => ({ ...d, daysOff: [...new Set([...d.daysOff, day])].sort() }), "bp-daysoff");
    setDay("");
  };
  return (
    <fieldset className="bp-daysoff">
      <legend>{t("bpDaysOff")}</legend>
      <div className={`field${error ? " field-invalid" : ""}`}>
        <label htmlFor="bp-daysoff">{t("bpDayOffDate")}</label>
        <span className="bp-inline">
          <input
            id="bp-daysoff"
            type="date"
            value={day}
            onChange={(e) => setDay(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault(); // Enter adds the day here instead of saving the whole form
              add();
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "bp-daysoff-error" : undefined}
          />
          <button type="button" onClick={add} disabled={!day}>
            {t("bpAddDayOff")}
          </button>
        </span>
        {error && (
          <p id="bp-daysoff-error" className="error field-error" role="alert">
            {t(error)}
          </p>
        )}
      </div>
      {draft.daysOff.length === 0 ? (
        <p className="muted">{t("bpNoDaysOff")}</p>
      ) : (
        <ul className="bp-chips">
          {draft.daysOff.map((d) => (
            <li key={d}>
              <time dateTime={d}>{label(d)}</time>{" "}
              <button
                type="button"
                className="link-button"
                aria-label={t("bpRemoveDayOff", label(d))}
                onClick={() => edit((x) => ({ ...x, daysOff: x.daysOff.filter((o) => o !== d) }), "bp-daysoff")}
              >
                {t("bpRemove")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
