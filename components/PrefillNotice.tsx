import type { ParsedTime, PrefillRequest } from "@/utils/booking/types";
import { currentLanguage, t } from "@/utils/i18n";
import { formatDate, formatDateTime, formatTime, weekdayName, zoneAbbreviation } from "@/utils/intl-format";

/** What was understood, as a date and time (not the matched words again), in the UI language. */
function understood(p: ParsedTime, lang: string): string {
  if (p.allDay) return formatDate(p.start.slice(0, 10), lang);
  const start = `${formatDateTime(p.start, p.timeZone, lang)} ${zoneAbbreviation(p.start, p.timeZone, lang)}`;
  return p.end ? `${start} – ${formatTime(p.end, p.timeZone, lang)}` : start;
}

/**
 * What the right-click request said and what was understood from it, with the confidence; a
 * weekday that contradicts the date, or a time already gone, is said plainly.
 */
export function PrefillNotice({ prefill, onDismiss }: { prefill: PrefillRequest; onDismiss(): void }) {
  const p = prefill.parsed;
  const lang = currentLanguage();
  return (
    <section className="notice" aria-labelledby="prefill-title">
      <h2 id="prefill-title">{t("prefillTitle")}</h2>
      <p>
        <span className="muted">{t("prefillSelected")}</span> <q>{prefill.text}</q>
      </p>
      {p ? (
        <p>
          <span className="muted">{t("prefillUnderstood")}</span> <strong>{understood(p, lang)}</strong>{" "}
          <span className={`chip chip-confidence-${p.confidence}`}>{t(`confidence_${p.confidence}`)}</span>
        </p>
      ) : (
        <p>{t("prefillNotUnderstood")}</p>
      )}
      {p?.writtenWeekday !== undefined && (
        <p className="warn">
          {t("prefillWeekdayMismatch", [
            weekdayName(p.writtenWeekday, lang),
            weekdayName(new Date(`${p.start.slice(0, 10)}T12:00:00Z`).getUTCDay(), lang),
          ])}
        </p>
      )}
      {p?.passed && <p className="warn">{t("prefillPassed")}</p>}
      {prefill.pageTitle && <p className="muted">{t("prefillFrom", prefill.pageTitle)}</p>}
      <button type="button" className="link-button" onClick={onDismiss}>
        {t("dismiss")}
      </button>
    </section>
  );
}
