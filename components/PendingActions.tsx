import { useEffect, useState } from "react";
import { offlineQueueItem, type PendingAction } from "@/utils/background/tracker/items";
import { t } from "@/utils/i18n";

/** One waiting action in words (literal keys, so the locale test can check each exists). */
function describe(a: PendingAction): string {
  switch (a.kind) {
    case "create":
      return t("pendingCreate", a.summary);
    case "confirm":
      return t("pendingConfirm", a.summary);
    case "expire":
      return t("pendingExpire", a.summary);
    case "cancel":
      return t("pendingCancel", a.summary);
    case "update_checkout":
      return t("pendingUpdate", a.summary);
  }
}

/**
 * What the background is waiting to do once the browser is back online (the tracker's offline
 * queue). Renders nothing when the queue is empty; updates live as actions complete.
 */
export function PendingActions() {
  const [actions, setActions] = useState<PendingAction[]>([]);
  useEffect(() => {
    let alive = true;
    void offlineQueueItem.getValue().then((v) => alive && setActions(v));
    const unwatch = offlineQueueItem.watch((v) => setActions(v ?? []));
    return () => {
      alive = false;
      unwatch();
    };
  }, []);
  if (actions.length === 0) return null;
  return (
    <section className="notice" aria-labelledby="pending-title" aria-live="polite">
      <h2 id="pending-title">{t("pendingTitle")}</h2>
      <ul>
        {actions.map((a) => (
          <li key={`${a.kind}:${a.bookingId}`}>{describe(a)}</li>
        ))}
      </ul>
      <p className="muted">{t("pendingHint")}</p>
    </section>
  );
}
