import { type FormEvent, useEffect, useState } from "react";
import type { CalendarListEntry } from "@/utils/google/calendar-types";
import { t } from "@/utils/i18n";
import { sendMessage } from "@/utils/messaging";
import {
  buildConfig,
  type ExpiryAction,
  LANGUAGES,
  type Language,
  parseReminderList,
  type Settings,
} from "@/utils/settings";
import { useSettingsStore } from "@/utils/stores/settings-store";
import { BookingPageSection } from "./BookingPageSection";
import { Checkbox } from "./Checkbox";
import { Field, invalidProps } from "./Field";
import { HostWebhooksSection } from "./HostWebhooksSection";
import { Logo } from "./Logo";

/** The options page: Worker URL, hold, expiry, reminders, defaults and language. */
export function OptionsApp() {
  const { settings, load } = useSettingsStore();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="app options">
      <header className="app-header">
        <Logo />
        <h1>{t("optionsTitle")}</h1>
      </header>
      <main>
        {settings ? <OptionsForm settings={settings} /> : <p aria-live="polite">{t("loading")}</p>}
        <BookingPageSection />
        <HostWebhooksSection />
      </main>
    </div>
  );
}

/** The form itself, mounted once settings are loaded. */
function OptionsForm({ settings }: { settings: Settings }) {
  const { errors, saved, set, save, limits } = useSettingsStore();
  // Reminder lists are edited as text; reformatting them on every keystroke would fight the cursor.
  const [minuteTexts, setMinuteTexts] = useState(() => ({
    reminderMinutes: settings.reminderMinutes.join(", "),
    paymentReminderMinutes: settings.paymentReminderMinutes.join(", "),
  }));
  const [initialLanguage] = useState(settings.language);
  // Signed in: pick from the real calendars; otherwise (or offline) type an id.
  const [calendars, setCalendars] = useState<CalendarListEntry[] | null>(null);
  useEffect(() => {
    sendMessage("listCalendars", undefined)
      .then((r) => r.ok && setCalendars(r.value))
      .catch(() => setCalendars(null));
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const ok = await save();
    // chrome.i18n cannot switch live: a new language applies by reloading the page.
    if (ok && useSettingsStore.getState().settings?.language !== initialLanguage) location.reload();
  }
  const minutes = (key: keyof typeof minuteTexts, id: string, label: string) => (
    <Field id={id} label={label} error={errors[key]}>
      <input
        id={id}
        type="text"
        value={minuteTexts[key]}
        onChange={(e) => {
          setMinuteTexts((m) => ({ ...m, [key]: e.target.value }));
          set(key, parseReminderList(e.target.value));
        }}
        {...invalidProps(id, errors[key])}
      />
    </Field>
  );
  const num = (key: "holdHours" | "defaultDurationMinutes", id: string, label: string, hint?: string) => (
    <Field id={id} label={label} error={errors[key]} hint={hint && <p className="muted hint">{hint}</p>}>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        {...(key === "holdHours" ? { min: 1, max: Math.max(1, Math.floor(limits.maxHoldHours)) } : {})}
        value={Number.isNaN(settings[key]) ? "" : settings[key]}
        onChange={(e) => set(key, e.target.value === "" ? Number.NaN : Number(e.target.value))}
        {...invalidProps(id, errors[key])}
      />
    </Field>
  );

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Field
        id="o-worker"
        label={t("optWorkerUrl")}
        error={errors.workerUrl}
        hint={<p className="muted hint">{t("optWorkerUrlHint", buildConfig().workerUrl)}</p>}
      >
        <input
          id="o-worker"
          type="url"
          placeholder={buildConfig().workerUrl}
          value={settings.workerUrl}
          onChange={(e) => set("workerUrl", e.target.value)}
          {...invalidProps("o-worker", errors.workerUrl)}
        />
      </Field>
      {num(
        "holdHours",
        "o-hold",
        t("optHoldHours"),
        t("optHoldHoursHint", [String(limits.maxHoldHours), String(limits.minHoldMinutes)]),
      )}
      <fieldset>
        <legend>{t("optExpiry")}</legend>
        {(["delete", "keep_cancelled"] as ExpiryAction[]).map((a) => (
          <div className="checkbox" key={a}>
            <input
              type="radio"
              id={`o-expiry-${a}`}
              name="expiry"
              checked={settings.expiryAction === a}
              onChange={() => set("expiryAction", a)}
            />
            <label htmlFor={`o-expiry-${a}`}>{t(`optExpiry_${a}`)}</label>
          </div>
        ))}
      </fieldset>
      {minutes("paymentReminderMinutes", "o-payment-reminders", t("optPaymentReminders"))}
      {minutes("reminderMinutes", "o-reminders", t("optReminders"))}
      {num("defaultDurationMinutes", "o-duration", t("optDuration"))}
      <Field id="o-calendar" label={t("optCalendar")}>
        {calendars && calendars.length > 0 ? (
          <select
            id="o-calendar"
            value={settings.defaultCalendarId}
            onChange={(e) => set("defaultCalendarId", e.target.value)}
          >
            {calendars.map((c) => (
              <option key={c.id} value={c.primary ? "primary" : c.id}>
                {c.summary}
              </option>
            ))}
          </select>
        ) : (
          <input
            id="o-calendar"
            type="text"
            value={settings.defaultCalendarId}
            onChange={(e) => set("defaultCalendarId", e.target.value.trim() || "primary")}
          />
        )}
      </Field>
      <Checkbox
        id="o-meet"
        label={t("optMeet")}
        checked={settings.meetByDefault}
        onChange={(v) => set("meetByDefault", v)}
      />
      <Field id="o-language" label={t("optLanguage")}>
        <select id="o-language" value={settings.language} onChange={(e) => set("language", e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`lang_${l}`)}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="primary">
        {t("save")}
      </button>
      {saved && (
        <p role="status" className="ok">
          {t("saved")}
        </p>
      )}
    </form>
  );
}
