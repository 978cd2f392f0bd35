import { type FormEvent, useRef } from "react";
import type { Draft } from "@/utils/booking/draft";
import { MAX_TITLE } from "@/utils/booking/validate-draft";
import { t } from "@/utils/i18n";
import { useAccountStore } from "@/utils/stores/account-store";
import { useBookingsStore } from "@/utils/stores/bookings-store";
import { useDraftStore } from "@/utils/stores/draft-store";
import { Checkbox } from "./Checkbox";
import { CreateStatus } from "./CreateStatus";
import { DurationField } from "./DurationField";
import { Field, invalidProps } from "./Field";
import { FreeBusyHint } from "./FreeBusyHint";
import { HoldPreview } from "./HoldPreview";
import { RefundIfAttendedFields } from "./RefundIfAttendedFields";
import { TimeZoneField } from "./TimeZoneField";

/** Order in which fields get focus when the form is submitted with errors. */
const FIELD_ORDER: (keyof Draft)[] = [
  "title",
  "date",
  "start",
  "end",
  "timeZone",
  "calendarId",
  "description",
  "guests",
];
const FIELD_IDS: Partial<Record<keyof Draft, string>> = {
  title: "f-title",
  date: "f-date",
  start: "f-start",
  end: "f-end",
  timeZone: "f-zone",
  calendarId: "f-calendar",
  description: "f-description",
  guests: "f-guests",
};

/**
 * The new-booking form: every field labelled, errors inline, the hold it will get, "Create & pay"
 * at the end with the submitted booking's progress or failure right beside it.
 */
export function BookingForm() {
  const { draft, errors, submitting, submitError, setField, submit, settings, limits, activeId } = useDraftStore();
  const { email, calendars } = useAccountStore();
  const active = useBookingsStore((s) => (activeId ? s.bookings.find((b) => b.id === activeId) : undefined));
  const formRef = useRef<HTMLFormElement>(null);
  if (!draft) return null;
  const creating = submitting || active?.status === "creating";

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const sent = await submit(!!email);
    if (!sent) {
      const first = FIELD_ORDER.find((k) => useDraftStore.getState().errors[k]);
      const id = first && FIELD_IDS[first];
      if (id) formRef.current?.querySelector<HTMLElement>(`#${id}`)?.focus();
    }
  }

  const text = (key: keyof Draft, id: string, label: string, type = "text", extra: object = {}) => (
    <Field id={id} label={label} error={errors[key]}>
      <input
        id={id}
        type={type}
        value={String(draft[key])}
        onChange={(e) => setField(key, e.target.value)}
        {...invalidProps(id, errors[key])}
        {...extra}
      />
    </Field>
  );
  const calendarOptions = calendars.length > 0 ? calendars : [{ id: draft.calendarId, summary: t("calendarPrimary") }];

  return (
    <form
      ref={formRef}
      className="booking-form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby="form-title"
    >
      <h2 id="form-title">{t("newBooking")}</h2>
      {text("title", "f-title", t("fieldTitle"), "text", { maxLength: MAX_TITLE, autoComplete: "off" })}
      <div className="row">
        {text("date", "f-date", t("fieldDate"), "date")}
        <Checkbox
          id="f-all-day"
          label={t("fieldAllDay")}
          checked={!!draft.allDay}
          onChange={(v) => setField("allDay", v)}
        />
        {!draft.allDay && text("start", "f-start", t("fieldStart"), "time")}
        {!draft.allDay && text("end", "f-end", t("fieldEnd"), "time")}
        {!draft.allDay && <DurationField start={draft.start} end={draft.end} onEnd={(end) => setField("end", end)} />}
      </div>
      <TimeZoneField value={draft.timeZone} error={errors.timeZone} onChange={(z) => setField("timeZone", z)} />
      <Field id="f-calendar" label={t("fieldCalendar")} error={errors.calendarId}>
        <select
          id="f-calendar"
          value={draft.calendarId}
          onChange={(e) => setField("calendarId", e.target.value)}
          {...invalidProps("f-calendar", errors.calendarId)}
        >
          {calendarOptions.map((c) => (
            <option key={c.id} value={c.id}>
              {c.summary}
            </option>
          ))}
        </select>
      </Field>
      <FreeBusyHint draft={draft} signedIn={!!email} />
      <Field id="f-description" label={t("fieldDescription")} error={errors.description}>
        <textarea
          id="f-description"
          rows={2}
          value={draft.description}
          onChange={(e) => setField("description", e.target.value)}
          {...invalidProps("f-description", errors.description)}
        />
      </Field>
      <Field
        id="f-guests"
        label={t("fieldGuests")}
        error={errors.guests}
        hint={
          <p id="f-guests-hint" className="muted hint">
            {t("guestsHint")}
          </p>
        }
      >
        <input
          id="f-guests"
          type="text"
          inputMode="email"
          autoComplete="off"
          value={draft.guests}
          onChange={(e) => setField("guests", e.target.value)}
          {...invalidProps("f-guests", errors.guests)}
        />
      </Field>
      <Checkbox id="f-meet" label={t("fieldMeet")} checked={draft.addMeet} onChange={(v) => setField("addMeet", v)} />
      <RefundIfAttendedFields draft={draft} setField={setField} />
      {settings && <HoldPreview draft={draft} settings={settings} limits={limits} />}
      {/* One sign-in message: a hint while signed out, the same words as an alert after a try. */}
      {!email && (
        <p
          role={submitError === "errSignInRequired" ? "alert" : undefined}
          className={submitError === "errSignInRequired" ? "error" : "muted"}
        >
          {t("signInToCreate")}
        </p>
      )}
      {submitError && submitError !== "errSignInRequired" && (
        <p role="alert" className="error">
          {t(submitError)}
        </p>
      )}
      <button type="submit" className="primary" disabled={creating}>
        {creating ? t("creating") : t("createAndPay")}
      </button>
      {active && <CreateStatus booking={active} />}
    </form>
  );
}
