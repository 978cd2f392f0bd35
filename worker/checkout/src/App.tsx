import { useCallback, useEffect, useRef, useState } from "react";
import type { CheckoutStatus, PublicCheckoutView } from "../../../utils/api/contract";
import { api, checkoutIdFromPath, notifyExtensions, PageApiError } from "./api";
import { BinancePay } from "./BinancePay";
import { Booked } from "./Booked";
import { formatCountdown, formatWhen } from "./format";
import { LOCALES, type Locale, pickLocale, STRINGS, type Strings } from "./i18n";
import { MercadoPagoPay } from "./MercadoPagoPay";
import { PayPalPay } from "./PayPalPay";

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

const STATUS_TEXT: Record<CheckoutStatus, keyof Strings> = {
  open: "statusOpen",
  pending: "statusPending",
  paid: "statusPaid",
  expired: "statusExpired",
  cancelled: "statusCancelled",
  refund_pending: "statusRefundPending",
  refunded: "statusRefunded",
};

function returnMessage(params: URLSearchParams, t: Strings): string | null {
  if (params.get("cancelled") === "paypal") return t.paypalCancelled;
  const pp = params.get("paypal");
  if (pp && pp !== "captured") return t.payFailed;
  return null;
}

/** The hosted checkout page. */
export function App() {
  // The query string on arrival (PayPal return result, ?ext=, ?lang=) is read once.
  const [params] = useState(() => new URLSearchParams(window.location.search));
  const checkoutId = checkoutIdFromPath(window.location.pathname);
  const [view, setView] = useState<PublicCheckoutView | null>(null);
  const [loadError, setLoadError] = useState<"notFound" | "loadError" | null>(checkoutId ? null : "notFound");
  const [chosen, setChosen] = useState<Locale | null>(null);
  const [message, setMessage] = useState<string | null>(null);
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
    void refresh();
  }, [refresh]);
  useEffect(() => {
    setMessage(returnMessage(params, t));
  }, [params, t]);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${t.title} · LeadsCalendar`;
  }, [locale, t]);

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
    void notifyExtensions(view.extensionIds, params.get("ext"), view.bookingId).then((ok) => {
      if (ok) setMessage(t.extensionTold);
    });
  }, [view, told, params, t]);

  const secondsLeft = Math.max(0, Math.round((deadline.current - now) / 1000));
  const final = view && !active;
  const bad = view && ["expired", "cancelled", "refund_pending", "refunded"].includes(view.status);

  return (
    <div className="card">
      <div className="lang">
        <label>
          {t.language}{" "}
          <select value={locale} onChange={(e) => setChosen(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {l === "en" ? "English" : l === "es" ? "Español" : "Português (Brasil)"}
              </option>
            ))}
          </select>
        </label>
      </div>
      <h1>{t.title}</h1>
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
          <dl>
            <dt>{t.event}</dt>
            <dd>{view.summary}</dd>
            <dt>{t.whenLocal}</dt>
            <dd>{formatWhen(view.start, locale)}</dd>
            <dt>{t.whenEvent}</dt>
            <dd>
              {formatWhen(view.start, locale, view.timeZone)} ({view.timeZone})
            </dd>
            <dt>{t.amount}</dt>
            <dd className="amount">
              {view.amount.value} {view.amount.currency}
            </dd>
            {active && (
              <>
                <dt>{t.timeLeft}</dt>
                <dd>
                  <time dateTime={`PT${secondsLeft}S`}>{formatCountdown(secondsLeft)}</time>
                </dd>
              </>
            )}
          </dl>
          <p
            className={`status${view.status === "paid" ? " paid" : bad ? " bad" : ""}`}
            role="status"
            aria-live="polite"
          >
            {t[STATUS_TEXT[view.status]]}
          </p>
          {view.booking && <Booked booking={view.booking} locale={locale} onRefresh={refresh} />}
          {message && (
            <p className="error" role="alert">
              {message}
            </p>
          )}
          {!final && view.status === "open" && secondsLeft > 0 && (
            <>
              {view.providers.length === 0 && <p>{t.noProviders}</p>}
              {view.providers.includes("paypal") && (
                <PayPalPay view={view} t={t} onChanged={() => void refresh()} onError={setMessage} />
              )}
              {view.providers.includes("binance") && <BinancePay view={view} t={t} onError={setMessage} />}
              {view.providers.includes("mercadopago") && <MercadoPagoPay view={view} t={t} onError={setMessage} />}
            </>
          )}
        </>
      )}
    </div>
  );
}
