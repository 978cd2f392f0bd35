import { useCallback, useEffect, useState } from "react";
import type { ManageView } from "../../../../utils/api/manage";
import { PageApiError } from "../api";
import { formatMoney, formatRange, formatWhen, viewerZone } from "../format";
import { type Locale, LocaleContext, pickLocale, STRINGS } from "../i18n";
import { LanguageSelect } from "../LanguageSelect";
import { manageApi, manageRoute } from "./api";
import { CancelBox } from "./CancelBox";
import { ManageReceipt } from "./ManageReceipt";
import { Reschedule } from "./Reschedule";
import { fill, MANAGE_STRINGS, type ManageStrings } from "./strings";

/** While the host's event is still being created, how often the page asks again. */
const CREATING_POLL_MS = 2000;

const STATE_TEXT: Record<ManageView["state"], keyof ManageStrings> = {
  booked: "stateBooked",
  creating: "stateCreating",
  cancelled: "stateCancelled",
  inactive: "stateInactive",
};

/** A message after an action: what happened, in the page language. */
export interface ManageNotice {
  tone: "success" | "error";
  text: string;
}

/** Error codes of the manage API → what the lead is told. */
export function errorText(err: unknown, t: ManageStrings): string {
  const code = err instanceof PageApiError ? err.code : "";
  if (code === "slot_taken") return t.slotTaken;
  if (code === "conflict" || code === "not_active") return t.conflict;
  if (code === "too_late") return t.tooLate;
  return t.failed;
}

/** The lead's manage page `/manage/:token` (and its printable receipt at `/manage/:token/receipt`). */
export function ManageApp() {
  const [params] = useState(() => new URLSearchParams(window.location.search));
  const route = manageRoute(window.location.pathname);
  const [view, setView] = useState<ManageView | null>(null);
  const [loadError, setLoadError] = useState<"notFound" | "loadError" | null>(route ? null : "notFound");
  const [chosen, setChosen] = useState<Locale | null>(null);
  const [notice, setNotice] = useState<ManageNotice | null>(null);
  const locale = pickLocale(chosen, params.get("lang"), view?.locale, navigator.language);
  const t = MANAGE_STRINGS[locale];
  const ct = STRINGS[locale];
  const token = route?.token ?? "";

  const refresh = useCallback(async () => {
    if (!token) return;
    try {
      setView(await manageApi.view(token));
      setLoadError(null);
    } catch (err) {
      setLoadError(err instanceof PageApiError && err.status === 404 ? "notFound" : "loadError");
    }
  }, [token]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (view?.state !== "creating") return;
    const timer = setInterval(() => void refresh(), CREATING_POLL_MS);
    return () => clearInterval(timer);
  }, [view?.state, refresh]);
  const title = route?.receipt ? t.receiptTitle : t.title;
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${title} · LeadsCalendar`;
  }, [locale, title]);

  const leadZone = view?.leadTimeZone ?? viewerZone();
  return (
    <LocaleContext.Provider value={locale}>
      <div className="card">
        <LanguageSelect locale={locale} label={ct.language} onChange={setChosen} />
        <h1>{title}</h1>
        {!view && !loadError && <p aria-live="polite">{t.loading}</p>}
        {loadError && (
          <div role="alert">
            <p className="error">{t[loadError]}</p>
            {loadError === "loadError" && (
              <button type="button" onClick={() => void refresh()}>
                {ct.retry}
              </button>
            )}
          </div>
        )}
        {view && route?.receipt && (
          <>
            <ManageReceipt view={view} locale={locale} t={t} />
            <p className="no-print">
              <a href={`/manage/${token}`}>{t.back}</a>
            </p>
          </>
        )}
        {view && !route?.receipt && (
          <>
            <dl>
              <dt>{ct.event}</dt>
              <dd>{view.title}</dd>
              <dt>{t.yourTime}</dt>
              <dd>
                {formatRange(view.start, view.end, locale, leadZone)} ({leadZone})
              </dd>
              {leadZone !== view.hostTimeZone && (
                <>
                  <dt>{t.hostTime}</dt>
                  <dd>
                    {formatRange(view.start, view.end, locale, view.hostTimeZone)} ({view.hostTimeZone})
                  </dd>
                </>
              )}
              {view.payment && (
                <>
                  <dt>{ct.amount}</dt>
                  <dd>
                    {formatMoney({ value: view.payment.amount, currency: view.payment.currency }, locale)} ·{" "}
                    {ct[view.payment.provider]}
                  </dd>
                </>
              )}
            </dl>
            <p
              className={`status${view.state === "booked" ? " paid" : view.state === "creating" ? "" : " bad"}`}
              role="status"
              aria-live="polite"
            >
              {t[STATE_TEXT[view.state]]}
            </p>
            {notice && (
              <div className={`notice notice-${notice.tone}`} role={notice.tone === "error" ? "alert" : "status"}>
                <p>{notice.text}</p>
              </div>
            )}
            {view.kind === "extension" && view.state === "booked" && <p className="muted">{t.viaExtension}</p>}
            {view.meetLink && (
              <a className="link-button" href={view.meetLink} target="_blank" rel="noreferrer">
                {t.meet}
              </a>
            )}
            {view.canReschedule && (
              <Reschedule
                key={view.reschedules}
                token={token}
                view={view}
                locale={locale}
                t={t}
                onDone={setView}
                onNotice={setNotice}
              />
            )}
            {(view.canCancel || view.cancelled) && (
              <CancelBox token={token} view={view} locale={locale} t={t} onDone={setView} onNotice={setNotice} />
            )}
            {view.payment && (
              <p>
                <a href={`/manage/${token}/receipt`}>{t.viewReceipt}</a>
              </p>
            )}
          </>
        )}
      </div>
    </LocaleContext.Provider>
  );
}

/** The refund rule as a sentence, with the deadline in the lead's zone. */
export function ruleText(view: ManageView, locale: string, t: ManageStrings, zone: string): string {
  if (view.policy.hours === 0) return t.ruleNone;
  const when = `${formatWhen(view.policy.deadline, locale, zone)} (${zone})`;
  return fill(view.policy.refundNow ? t.ruleBefore : t.ruleAfter, when);
}
