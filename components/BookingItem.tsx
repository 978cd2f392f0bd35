import { useState } from "react";
import { attendanceLabel } from "@/utils/booking/attendance-label";
import { canTransition } from "@/utils/booking/machine";
import type { Booking } from "@/utils/booking/types";
import { currentLanguage, type MessageKey, t } from "@/utils/i18n";
import { formatDate, formatDateTime, zoneAbbreviation } from "@/utils/intl-format";
import { send, unreachable } from "@/utils/stores/send";
import { CreateProgress } from "./CreateProgress";
import { EditBooking } from "./EditBooking";
import { HoldTimer } from "./HoldTimer";

/** Statuses whose event is gone (deleted, or kept only as a cancelled marker). */
const RELEASED: readonly Booking["status"][] = ["cancelled", "expired"];

/** "Dec 1, 2026, 3:00 PM EST" (or the date alone for all-day) in the UI language, with the zone. */
function when(b: Booking, lang: string): string {
  if (b.allDay) return `${formatDate(b.start.slice(0, 10), lang)} (${b.timeZone})`;
  return `${formatDateTime(b.start, b.timeZone, lang)} ${zoneAbbreviation(b.start, b.timeZone, lang)}`;
}

/**
 * One booking: title, time with its zone, status chip, progress or hold time, and the actions
 * that apply now. `expanded` (the booking just created) also shows its pay link; `ownProgress`
 * false leaves the creation checklist to the form, which shows it beside its button.
 */
export function BookingItem({
  booking: b,
  expanded,
  ownProgress = true,
}: {
  booking: Booking;
  expanded?: boolean;
  ownProgress?: boolean;
}) {
  const [note, setNote] = useState<{ error: boolean; key: MessageKey } | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [editing, setEditing] = useState(false);
  const editable = b.status === "awaiting_payment" || b.status === "confirmed";
  const payable = b.status === "awaiting_payment" && !!b.checkoutUrl;
  // "Refunded (attended)" and the like once decided; before that the question (also in a notification).
  const outcome = b.refundIfAttended && b.attendance ? attendanceLabel(b.attendance) : null;

  async function run(action: () => Promise<{ ok: boolean; error?: { code: MessageKey } }>, okKey?: MessageKey) {
    setNote(null);
    const r = await action().catch(unreachable);
    if (!r.ok) setNote({ error: true, key: r.error?.code ?? "errUnexpected" });
    else if (okKey) setNote({ error: false, key: okKey });
  }
  async function copy() {
    if (!b.checkoutUrl) return;
    await run(async () => {
      await navigator.clipboard.writeText(b.checkoutUrl ?? "");
      return { ok: true };
    }, "linkCopied");
  }
  function cancel() {
    if (!confirmCancel) return setConfirmCancel(true);
    setConfirmCancel(false);
    void run(() => send("cancelBooking", { id: b.id }));
  }

  return (
    <li className="booking">
      <div className="booking-head">
        <span className="booking-title">{b.summary}</span>{" "}
        <span className={`chip chip-${b.status}`}>{t(`status_${b.status}`)}</span>
      </div>
      <div className="muted">{when(b, currentLanguage())}</div>
      {ownProgress && (b.status === "creating" || (b.status === "failed" && b.step)) && <CreateProgress booking={b} />}
      {b.status === "awaiting_payment" && b.holdUntil && <HoldTimer until={b.holdEndsAt ?? b.holdUntil} />}
      {outcome && <p className="muted attendance">{t(outcome)}</p>}
      {b.refundIfAttended && b.attendanceAskedAt && !outcome && (
        <p className="attendance">
          {t("attendQuestion", b.guests[0] ?? b.summary)}{" "}
          <button type="button" onClick={() => void run(() => send("answerAttendance", { id: b.id, attended: true }))}>
            {t("attendAttended")}
          </button>{" "}
          <button type="button" onClick={() => void run(() => send("answerAttendance", { id: b.id, attended: false }))}>
            {t("attendNoShow")}
          </button>
        </p>
      )}
      {ownProgress && b.error && b.status === "failed" && (
        <p role="alert" className="error">
          {t(b.error.code)}
        </p>
      )}
      {payable && expanded && b.checkoutUrl && (
        <p className="pay-link">
          {t("payLink")}{" "}
          <a href={b.checkoutUrl} target="_blank" rel="noreferrer" title={b.checkoutUrl}>
            {b.checkoutUrl.replace(/^https?:\/\//, "")}
          </a>
        </p>
      )}
      <div className="actions">
        {payable && (
          <button type="button" className="primary" onClick={() => void run(() => send("openCheckout", { id: b.id }))}>
            {t("actionPay")}
          </button>
        )}
        {payable && (
          <button type="button" onClick={() => void copy()}>
            {t("actionCopyLink")}
          </button>
        )}
        {b.status === "failed" && b.step && (
          <button type="button" onClick={() => void run(() => send("retryBooking", { id: b.id }))}>
            {t("actionRetry")}
          </button>
        )}
        {b.status !== "draft" && canTransition(b, { type: "cancel" }) && (
          <button type="button" className="danger" onClick={cancel} onBlur={() => setConfirmCancel(false)}>
            {confirmCancel ? t("actionConfirmCancel") : t("actionCancel")}
          </button>
        )}
        {editable && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            {t("actionEdit")}
          </button>
        )}
        {b.htmlLink && !RELEASED.includes(b.status) && (
          <a href={b.htmlLink} target="_blank" rel="noreferrer">
            {t("actionOpenCalendar")}
          </a>
        )}
      </div>
      {editing && (
        <EditBooking
          booking={b}
          onDone={(saved) => {
            setEditing(false);
            if (saved) setNote({ error: false, key: "bookingUpdated" });
          }}
        />
      )}
      {note && (
        <p role={note.error ? "alert" : "status"} className={note.error ? "error" : "ok"}>
          {t(note.key)}
        </p>
      )}
    </li>
  );
}
