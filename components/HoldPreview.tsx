import type { Draft } from "@/utils/booking/draft";
import { draftHold, type HoldLimits } from "@/utils/booking/hold";
import { splitGuests } from "@/utils/booking/validate-draft";
import { currentLanguage, t } from "@/utils/i18n";
import { formatDeadline, formatDuration } from "@/utils/intl-format";
import type { Settings } from "@/utils/settings";

/**
 * "ana@example.com has until Tue, Dec 1, 3:00 PM to pay", before anything is created, with a
 * warning when the hold is shorter than the Worker accepts or too short for any reminder.
 */
export function HoldPreview(props: { draft: Draft; settings: Settings; limits: HoldLimits; now?: number }) {
  const { draft, settings, limits } = props;
  const now = props.now ?? Date.now();
  const plan = draftHold(draft.allDay ? { ...draft, start: "00:00" } : draft, settings, limits, now);
  if (!plan) return null;
  const lang = currentLanguage();
  const until = formatDeadline(plan.untilMs, draft.timeZone, lang);
  const payer = splitGuests(draft.guests)[0];
  const minutesLeft = Math.round((plan.untilMs - now) / 60_000);
  const reminders = settings.paymentReminderMinutes.filter((m) => m > 0).map((m) => formatDuration(m, lang));
  return (
    <div className="hold-preview" aria-live="polite">
      <p className="hint">{payer ? t("holdPreviewGuest", [payer, until]) : t("holdPreviewSelf", until)}</p>
      {plan.warnings.includes("short") && (
        <p className="hint warn">
          {t("holdWarnShort", [formatDuration(minutesLeft, lang), formatDuration(limits.minHoldMinutes, lang)])}
        </p>
      )}
      {plan.warnings.includes("no_reminders") && (
        <p className="hint warn">
          {t("holdWarnNoReminders", new Intl.ListFormat(lang, { type: "disjunction" }).format(reminders))}
        </p>
      )}
    </div>
  );
}
