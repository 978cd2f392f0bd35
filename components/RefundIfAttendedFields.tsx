import type { NoAnswer } from "@/utils/api/contract";
import type { Draft } from "@/utils/booking/draft";
import { t } from "@/utils/i18n";
import { Checkbox } from "./Checkbox";

/**
 * "Refund the fee if they attend" for one booking, and — when ticked — what happens when the
 * user does not answer "did they attend?" in time (sent with the checkout; the Worker applies it).
 */
export function RefundIfAttendedFields({
  draft,
  setField,
}: {
  draft: Draft;
  setField<K extends keyof Draft>(key: K, value: Draft[K]): void;
}) {
  return (
    <div className="refund-if-attended">
      <Checkbox
        id="f-refund-attend"
        label={t("fieldRefundIfAttended")}
        checked={!!draft.refundIfAttended}
        onChange={(v) => setField("refundIfAttended", v)}
      />
      {draft.refundIfAttended && (
        <>
          <p id="f-refund-attend-hint" className="muted hint">
            {t("refundIfAttendedHint")}
          </p>
          <div className="field">
            <label htmlFor="f-no-answer">{t("fieldNoAnswer")}</label>
            <select
              id="f-no-answer"
              aria-describedby="f-refund-attend-hint"
              value={draft.noAnswer ?? "keep"}
              onChange={(e) => setField("noAnswer", e.target.value as NoAnswer)}
            >
              <option value="keep">{t("noAnswerKeep")}</option>
              <option value="refund">{t("noAnswerRefund")}</option>
            </select>
          </div>
        </>
      )}
    </div>
  );
}
