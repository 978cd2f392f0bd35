import "@/assets/booking-page.css";
import { type FormEvent, useEffect } from "react";
import { browser } from "wxt/browser";
import { adminClient } from "@/utils/booking-page/client";
import { useBookingPageStore } from "@/utils/booking-page/store";
import { t } from "@/utils/i18n";
import { useAccountStore } from "@/utils/stores/account-store";
import { BookingPageDaysOff } from "./BookingPageDaysOff";
import { BookingPageHours } from "./BookingPageHours";
import { BookingPageTypes } from "./BookingPageTypes";
import { Field, invalidProps } from "./Field";

/**
 * The options page's "Booking page" section, for the host (the Worker's ADMIN_EMAIL): the Google
 * Calendar connection, time zone, weekly hours, days off and booking types, saved with one PUT.
 */
export function BookingPageSection() {
  const { status, load } = useBookingPageStore();
  useEffect(() => {
    void load();
    // Connecting happens in another tab: coming back shows the new state.
    const again = () => document.visibilityState === "visible" && void load();
    document.addEventListener("visibilitychange", again);
    return () => document.removeEventListener("visibilitychange", again);
  }, [load]);
  return (
    <section className="booking-page" aria-labelledby="bp-title">
      <h2 id="bp-title">{t("bpTitle")}</h2>
      <p className="muted">{t("bpIntro")}</p>
      {status === "loading" && <p aria-live="polite">{t("loading")}</p>}
      {status === "signedOut" && <SignInNote />}
      {status === "notHost" && <p className="muted">{t("bpNotHost")}</p>}
      {status === "absent" && <p className="muted">{t("bpAbsent")}</p>}
      {status === "error" && (
        <div role="alert">
          <p className="error">{t("bpLoadError")}</p>
          <button type="button" onClick={() => void load()}>
            {t("actionRetry")}
          </button>
        </div>
      )}
      {status === "ready" && <BookingPageForm />}
    </section>
  );
}

function SignInNote() {
  const { signIn, busy } = useAccountStore();
  const load = useBookingPageStore((s) => s.load);
  return (
    <div>
      <p className="muted">{t("bpSignIn")}</p>
      <button type="button" disabled={busy} onClick={() => void signIn().then(load)}>
        {t("signIn")}
      </button>
    </div>
  );
}

function BookingPageForm() {
  const { view, draft, errors, saving, saved, saveError, edit, save } = useBookingPageStore();
  if (!view || !draft) return null;
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (await save()) return;
    // Take the host to the first problem on the page.
    const ids = new Set(Object.keys(useBookingPageStore.getState().errors));
    const form = e.target as HTMLFormElement;
    [...form.querySelectorAll<HTMLElement>("[id]")].find((el) => ids.has(el.id))?.focus();
  }
  async function connect() {
    await browser.tabs.create({ url: (await adminClient()).connectUrl() });
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="bp-title">
      <div className="bp-connection">
        <p role="status" className={view.connected ? "ok" : "error"}>
          {view.connected ? t("bpConnected", view.calendarId) : t("bpNotConnected")}
        </p>
        <button type="button" onClick={() => void connect()}>
          {view.connected ? t("bpReconnect") : t("bpConnect")}
        </button>
      </div>
      <Field id="bp-zone" label={t("bpTimeZone")} error={errors["bp-zone"]}>
        <input
          id="bp-zone"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={draft.timeZone}
          onChange={(e) => {
            const timeZone = e.target.value;
            edit((d) => ({ ...d, timeZone }), "bp-zone");
          }}
          {...invalidProps("bp-zone", errors["bp-zone"])}
        />
      </Field>
      <BookingPageHours />
      <BookingPageDaysOff />
      <BookingPageTypes pageUrl={view.pageUrl} />
      <button type="submit" className="primary" disabled={saving}>
        {saving ? t("bpSaving") : t("bpSave")}
      </button>
      {saved && (
        <p role="status" className="ok">
          {t("saved")}
        </p>
      )}
      {saveError && (
        <p role="alert" className="error">
          {t(saveError.key, saveError.detail ?? "")}
        </p>
      )}
    </form>
  );
}
