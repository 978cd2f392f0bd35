import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { Draft } from "@/utils/booking/draft";
import { draftOfBooking } from "@/utils/booking/edit-draft";
import type { Booking } from "@/utils/booking/types";
import { type DraftErrors, validateDraft } from "@/utils/booking/validate-draft";
import { type MessageKey, t } from "@/utils/i18n";
import { send, unreachable } from "@/utils/stores/send";
import { Field, invalidProps } from "./Field";

/** Fields the edit form shows, in focus order for errors. */
const EDITABLE: (keyof Draft)[] = ["title", "date", "start", "end", "guests"];

/**
 * Edits the title, date and time, and guests of a booking awaiting payment or confirmed. The
 * background patches the event (guests are told), the Worker checkout follows and the hold is
 * worked out again; a confirmed booking keeps its payment. `onDone(true)` after a save.
 */
export function EditBooking({ booking: b, onDone }: { booking: Booking; onDone(saved: boolean): void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOfBooking(b));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const id = (field: string) => `edit-${b.id}-${field}`;
  useEffect(() => formRef.current?.querySelector<HTMLElement>("input")?.focus(), []);

  function set<K extends keyof Draft>(key: K, value: Draft[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors(({ [key]: _fixed, ...rest }) => rest);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const checked = validateDraft(draft, Date.now());
    setErrors(checked.errors);
    setFailure(null);
    if (!checked.input) {
      const first = EDITABLE.find((k) => checked.errors[k]);
      if (first) formRef.current?.querySelector<HTMLElement>(`#${id(first)}`)?.focus();
      return;
    }
    setSaving(true);
    const { summary, start, end, guests } = checked.input;
    const r = await send("editBooking", { id: b.id, edit: { summary, start, end, guests } }).catch(unreachable);
    setSaving(false);
    if (r.ok) onDone(true);
    else setFailure(r.error.code);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === "Escape" && !saving) {
      e.stopPropagation();
      onDone(false);
    }
  }

  const text = (key: "title" | "date" | "start" | "end", label: string, type: string, extra: object = {}) => (
    <Field id={id(key)} label={label} error={errors[key]}>
      <input
        id={id(key)}
        type={type}
        value={draft[key]}
        onChange={(e) => set(key, e.target.value)}
        {...invalidProps(id(key), errors[key])}
        {...extra}
      />
    </Field>
  );

  return (
    <form
      ref={formRef}
      className="edit-booking"
      noValidate
      aria-labelledby={id("heading")}
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={onKeyDown}
    >
      <h3 id={id("heading")}>{t("editBookingHeading", b.summary)}</h3>
      {text("title", t("fieldTitle"), "text", { maxLength: 200, autoComplete: "off" })}
      <div className="row">
        {text("date", t("fieldDate"), "date")}
        {!draft.allDay && text("start", t("fieldStart"), "time")}
        {!draft.allDay && text("end", t("fieldEnd"), "time")}
      </div>
      <p className="muted hint">
        {t("fieldTimeZone")}: {b.timeZone}
      </p>
      <Field
        id={id("guests")}
        label={t("fieldGuests")}
        error={errors.guests}
        hint={
          <p id={id("guests-hint")} className="muted hint">
            {t("guestsHint")} {t("editGuestsNotified")}
          </p>
        }
      >
        <input
          id={id("guests")}
          type="text"
          inputMode="email"
          autoComplete="off"
          value={draft.guests}
          onChange={(e) => set("guests", e.target.value)}
          {...invalidProps(id("guests"), errors.guests)}
        />
      </Field>
      <p className="muted hint">{b.status === "confirmed" ? t("editKeepsPayment") : t("editHoldRederived")}</p>
      {failure && (
        <p role="alert" className="error">
          {t(failure)}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t("savingChanges") : t("actionSaveChanges")}
        </button>
        <button type="button" onClick={() => onDone(false)} disabled={saving}>
          {t("actionDiscardChanges")}
        </button>
      </div>
    </form>
  );
}
