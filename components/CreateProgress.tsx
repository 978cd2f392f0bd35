import { type Booking, CREATE_STEPS } from "@/utils/booking/types";
import { t } from "@/utils/i18n";

/**
 * Which creation step is running, which are done and what is left. A failed booking shows
 * where it stopped.
 */
export function CreateProgress({ booking }: { booking: Booking }) {
  const done = booking.status !== "creating" && booking.status !== "failed";
  const current = booking.step ? CREATE_STEPS.indexOf(booking.step) : CREATE_STEPS.length;
  return (
    <ol className="progress" aria-label={t("progressLabel")}>
      {CREATE_STEPS.map((step, i) => {
        const state =
          done || i < current ? "done" : i === current ? (booking.status === "failed" ? "failed" : "active") : "todo";
        return (
          <li key={step} className={`step step-${state}`} aria-current={state === "active" ? "step" : undefined}>
            <span aria-hidden="true">
              {state === "done" ? "✓" : state === "failed" ? "✗" : state === "active" ? "…" : "○"}
            </span>{" "}
            {t(`step_${step}`)} <span className="visually-hidden">({t(`stepState_${state}`)})</span>
          </li>
        );
      })}
    </ol>
  );
}
