import type { Services } from "../services";
import { rescheduleAllBookingAlarms } from "./alarms";
import { updateBadge } from "./badge";
import { retryQueue } from "./offline";
import { ensurePoll } from "./poll";
import { reconcileAll } from "./reconcile";

/**
 * Browser start-up or install/update: alarms may have vanished and payments may have landed while
 * the browser was closed. Re-creates every booking alarm, reconciles every open booking with the
 * Worker, retries what waited offline, restarts the poll at 30 s and refreshes the badge. Each
 * step runs even if an earlier one failed (offline at start-up is common).
 */
export async function reconcileOnStartup(s: Services): Promise<void> {
  const steps: (() => Promise<unknown>)[] = [
    () => rescheduleAllBookingAlarms(),
    () => reconcileAll(s),
    () => retryQueue(s),
    () => ensurePoll(true),
    () => updateBadge(),
  ];
  for (const step of steps) {
    try {
      await step();
    } catch (e) {
      console.warn("LeadsCalendar: start-up step failed", e);
    }
  }
}
