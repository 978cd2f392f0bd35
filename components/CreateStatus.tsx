import { useEffect, useRef } from "react";
import type { Booking } from "@/utils/booking/types";
import { t } from "@/utils/i18n";
import { eventExists } from "@/utils/stores/draft-store";
import { send } from "@/utils/stores/send";
import { CreateProgress } from "./CreateProgress";

/**
 * The booking just submitted, shown beside "Create & pay" where the user is looking: its progress
 * (focused when it appears), then either "in your calendar" or the failure with what to do.
 */
export function CreateStatus({ booking: b }: { booking: Booking }) {
  const region = useRef<HTMLElement>(null);
  const failed = b.status === "failed";
  // Focus follows the news: onto the progress when it appears, onto the failure when it lands.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-focus only on those two changes
  useEffect(() => {
    region.current?.focus();
  }, [b.id, failed]);
  const done = eventExists(b);
  return (
    <section ref={region} className="create-status notice" tabIndex={-1} aria-labelledby="create-status-title">
      <h2 id="create-status-title">{t("createStatusTitle", b.summary)}</h2>
      {!done && b.status !== "cancelled" && <CreateProgress booking={b} />}
      {done && (
        <p role="status" className="ok">
          {t("createStatusDone", b.summary)}
        </p>
      )}
      {failed && b.error && (
        <div role="alert">
          <p className="error">{t(b.error.code)}</p>
          <p className="muted">{t("createFailedHint")}</p>
        </div>
      )}
      {failed && b.step && (
        <button type="button" onClick={() => void send("retryBooking", { id: b.id }).catch(() => null)}>
          {t("actionRetry")}
        </button>
      )}
    </section>
  );
}
