import { useCallback, useEffect, useRef, useState } from "react";
import type { CheckoutStatus, PublicCheckoutView } from "../../../utils/api/contract";
import { api, checkoutIdFromPath, notifyExtensions, PageApiError, returnedFrom } from "./api";
import { BinancePay } from "./BinancePay";
import { Booked } from "./Booked";
import { Details } from "./Details";
import { type Locale, LocaleContext, pickLocale, STRINGS, type Strings } from "./i18n";
import { LanguageSelect } from "./LanguageSelect";
import { MercadoPagoPay } from "./MercadoPagoPay";
import { arrivalNotice, NoticeArea, type PageNotice } from "./Notice";
import { PayPalPay } from "./PayPalPay";
import { Receipt } from "./Receipt";

/**
 * Status polling: every second for the first two minutes — when a payer usually completes a
 * payment in another app or tab (a Binance QR scanned by phone, Mercado Pago) and expects this page
 * to follow at once — then every 3 s. It stops after two hours without a final status (the page
 * can be reloaded).
 */
const FAST_POLL_MS = 1000;
const FAST_POLL_FOR_MS = 120_000;
const POLL_MS = 3000;
const POLL_LIMIT_MS = 2 * 3600_000;
/** The second on-return question to the provider, after the first. */
const RECONCILE_AGAIN_MS = 3000;

const STATUS_TEXT: Record<CheckoutStatus, keyof Strings> = {
  open: "statusOpen",
  pending: "statusPending",
  paid: "statusPaid",
  expired: "statusExpired",
  cancelled: "statusCancelled",
  refund_pending: "statusRefundPending",
  refunded: "statusRefunded",
};

/** The hosted checkout page. */
export function App() {
  // The query string on arrival (PayPal return result, ?ext=, ?lang=) is read once.
  const [params] = useState(() => new URLSearchParams(window.location.search));
  const checkoutId = checkoutIdFromPath(window.location.pathname);
  const [view, setView] = useState<PublicCheckoutView | null>(null);
  const [loadError, setLoadError] = useState<"notFound" | "loadError" | null>(checkoutId ? null : "notFound");
  const [chosen, setChosen] = useState<Locale | null>(null);
  const [notice, setNotice] = useState<PageNotice | null>(null);
  const [told, setTold] = useState(false);
  const [now, setNow] = useState(Date.now());
  const deadline = useRef(0);
  const started = useRef(Date.now());
  const locale = pickLocale(chosen, params.get("lang"), view?.locale, navigator.language);
  const t = STRINGS[locale];

  const refresh = useCallback(async () => {
    if (!checkoutId) return;
    try {
      const v = await api.view(checkoutId);
      deadline.current = Date.now() + v.secondsLeft * 1000;
      setView(v);
      setLoadError(null);
    } catch (err) {
      setLoadError(err instanceof PageApiError && err.status === 404 ? "notFound" : "loadError");
    }
  }, [checkoutId]);

  useEffect(() => {
    // Back from a provider's page: the Worker asks that provider at once (and once more a few
    // seconds later, for a payment that settles just after the redirect), so the page turns paid
    // without waiting for the provider's webhook.
    const provider = returnedFrom(params);
    if (!checkoutId || !provider) {
      void refresh();
      return;
    }
    const ask = () =>
      api
        .reconcile(checkoutId, provider)
        .catch(() => null)
        .then(refresh);
    void ask();
    const again = setTimeout(() => void ask(), RECONCILE_AGAIN_MS);
    return () => clearTimeout(again);
  }, [refresh, params, checkoutId]);
  useEffect(() => {
    setNotice(arrivalNotice(params, t));
  }, [params, t]);
  // Provider components report failures here; when they say nothing about what to do next, the
  // payer is told to retry or use another method.
  const onError = useCallback(
    (text: string, next?: string) => setNotice({ tone: "error", text, next: next ?? t.nextRetry }),
    [t],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${view?.status === "paid" ? t.titlePaid : t.title} · LeadsCalendar`;
  }, [locale, t, view?.status]);

  const active = view?.status === "open" || view?.status === "pending";
  useEffect(() => {
    if (!active) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    let stopped = false;
    let poll: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      const elapsed = Date.now() - started.current;
      if (stopped || elapsed >= POLL_LIMIT_MS) return;
      poll = setTimeout(() => void refresh().finally(schedule), elapsed < FAST_POLL_FOR_MS ? FAST_POLL_MS : POLL_MS);
    };
    schedule();
    return () => {
      stopped = true;
      clearInterval(tick);
      clearTimeout(poll);
    };
  }, [active, refresh]);

  useEffect(() => {
    if (view?.status !== "paid" || told) return;
    setTold(true);
    setNotice(null); // whatever went wrong before, it is paid now
    void notifyExtensions(view.extensionIds, params.get("ext"), view.bookingId).then((ok) => {
      if (ok) setNotice({ tone: "success", text: t.extensionTold });
    });
  }, [view, told, params, t]);

  const secondsLeft = Math.max(0, Math.round((deadline.current - now) / 1000));
  const final = view && !active;
  const bad = view && ["expired", "cancelled", "refund_pending", "refunded"].includes(view.status);

  return (
    <LocaleContext.Provider value={locale}>
      <div className="card">
        <LanguageSelect locale={locale} label={t.language} onChange={setChosen} />
        <h1>{view?.status === "paid" ? t.titlePaid : t.title}</h1>
        {!view && !loadError && <p aria-live="polite">{t.loading}</p>}
        {loadError && (
          <div role="alert">
            <p className="error">{t[loadError]}</p>
            {loadError === "loadError" && (
              <button type="button" onClick={() => void refresh()}>
                {t.retry}
              </button>
            )}
          </div>
        )}
        {view && (
          <>
            <Details view={view} locale={locale} t={t} secondsLeft={secondsLeft} active={active} />
            <p
              className={`status${view.status === "paid" ? " paid" : bad ? " bad" : ""}`}
              role="status"
              aria-live="polite"
            >
              {t[STATUS_TEXT[view.status]]}
            </p>
            {view.booking && (
              <Booked booking={view.booking} locale={locale} onRefresh={refresh} manageUrl={view.manageUrl} />
            )}
            <NoticeArea notice={notice} />
            {view.status === "paid" && view.receipt && (
              <Receipt view={view} receipt={view.receipt} locale={locale} t={t} />
            )}
            {view.manageUrl && !view.booking && (
              <p className="no-print">
                <a href={view.manageUrl}>{t.manage}</a>
              </p>
            )}
            {!final && view.status === "open" && secondsLeft > 0 && (
              <div className="no-print">
                {view.providers.length === 0 && <p>{t.noProviders}</p>}
                {view.providers.includes("paypal") && (
                  <PayPalPay view={view} t={t} onChanged={() => void refresh()} onError={onError} />
                )}
                {view.providers.includes("binance") && <BinancePay view={view} t={t} onError={onError} />}
                {view.providers.includes("mercadopago") && <MercadoPagoPay view={view} t={t} onError={onError} />}
              </div>
            )}
          </>
        )}
      </div>
    </LocaleContext.Provider>
  );
}
