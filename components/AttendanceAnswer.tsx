import { useState } from "react";
import type { AttendanceView } from "@/utils/api/contract";
import { attendanceLabel } from "@/utils/booking/attendance-label";
import { adminClient } from "@/utils/booking-page/client";
import { currentLanguage, t } from "@/utils/i18n";
import { WorkerApiError } from "@/utils/worker-client";

/**
 * "Did <lead> attend?" for a booking-page booking whose event ended (the host answers on the admin
 * API: attended refunds the fee, no-show keeps it), or what was decided once answered.
 */
export function AttendanceAnswer(props: {
  bookingId: string;
  lead: string;
  attendance: AttendanceView;
  onAnswered(a: AttendanceView): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const a = props.attendance;
  const label = attendanceLabel(a);
  if (label) return <p className="muted attendance">{t(label)}</p>;

  async function answer(attended: boolean) {
    setBusy(true);
    setError(null);
    try {
      const res = await (await adminClient()).answerAttendance(props.bookingId, attended);
      if (res.attendance) props.onAnswered(res.attendance);
    } catch (e) {
      setError(e instanceof WorkerApiError && e.status === 409 ? t("attendAlreadyAnswered") : t("attendAnswerFailed"));
    } finally {
      setBusy(false);
    }
  }
  const by = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(a.answerBy),
  );
  return (
    <fieldset className="attendance">
      <legend>{t("attendQuestion", props.lead)}</legend>
      <p className="muted">{t(a.noAnswer === "refund" ? "attendByRefund" : "attendByKeep", by)}</p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void answer(true)}>
          {t("attendAttended")}
        </button>
        <button type="button" disabled={busy} onClick={() => void answer(false)}>
          {t("attendNoShow")}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
