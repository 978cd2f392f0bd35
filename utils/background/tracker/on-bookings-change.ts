import { browser } from "wxt/browser";
import type { Booking } from "../../booking/types";
import { withLock } from "../../lock";
import { settingsItem } from "../../settings";
import { bookingsItem } from "../../storage";
import { NETWORK_CODES } from "../creation";
import { rescheduleAllBookingAlarms } from "./alarms";
import { updateBadge } from "./badge";
import { logged } from "./listen";
import { notificationId } from "./notify";
import { ensurePoll } from "./poll";
import { enqueue } from "./queue";

/**
 * Storage changed: keeps alarms, the poll, reminders on screen and the badge in step with the
 * bookings — whoever changed them (popup, create flow, tracker).
 */
export async function onBookingsChanged(next: Record<string, Booking>, prev: Record<string, Booking> | null) {
  const now = Object.values(next ?? {});
  await rescheduleAllBookingAlarms(now);
  let newlyAwaiting = false;
  for (const b of now) {
    const before = prev?.[b.id]?.status;
    if (b.status === "awaiting_payment" && before !== "awaiting_payment") newlyAwaiting = true;
    // A creation that failed offline waits in the queue and resumes once the browser is back online.
    if (b.status === "failed" && before !== "failed" && NETWORK_CODES.includes(b.error?.code ?? ""))
      await enqueue("create", b.id, b.summary, b.error?.message ?? "offline");
    // A reminder left on screen must not outlive the unpaid hold it asks about.
    if (before === "awaiting_payment" && b.status !== "awaiting_payment")
      await browser.notifications.clear(notificationId("reminder", b.id));
  }
  await ensurePoll(newlyAwaiting);
  await updateBadge();
}

// Changes are handled one at a time and in order, so a slower earlier run cannot re-arm the poll
// or re-plan alarms after a later one.
const PLAN_KEY = "tracker-changes";

/** The storage triggers: bookings and settings changes. Returns the removal. */
export function registerStorageWatch(): () => void {
  const unwatch = bookingsItem.watch((next, prev) => {
    void logged(
      "bookings change",
      withLock(PLAN_KEY, () => onBookingsChanged(next, prev)),
    );
  });
  // New reminder minutes in the options apply to the holds already running.
  const unwatchSettings = settingsItem.watch(() => {
    void logged(
      "settings change",
      withLock(PLAN_KEY, () => rescheduleAllBookingAlarms()),
    );
  });
  return () => {
    unwatch();
    unwatchSettings();
  };
}
