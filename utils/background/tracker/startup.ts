import { browser } from "wxt/browser";
import type { Services, ServicesGetter } from "../services";
import { rescheduleAllBookingAlarms } from "./alarms";
import { updateBadge } from "./badge";
import { listen, logged } from "./listen";
import { ensurePoll } from "./poll";
import { reconcileAll } from "./reconcile";
import { retryQueue } from "./retry-queue";

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

/**
 * Every start of the service worker (woken by any event, or after being killed): alarms may
 * have vanished, so they are re-planned from storage and the poll re-armed when needed. Cheap:
 * storage reads and alarm calls only, no network.
 */
export async function checkAlarmsOnWake(): Promise<void> {
  await rescheduleAllBookingAlarms();
  await ensurePoll();
}

/** The start-up triggers: `runtime.onStartup` and `onInstalled`. Returns the removal. */
export function registerStartup(services: ServicesGetter): () => void {
  const startup = () => logged("start-up reconcile", reconcileOnStartup(services()));
  const removers = [listen(browser.runtime.onStartup, startup), listen(browser.runtime.onInstalled, startup)];
  return () => {
    for (const remove of removers) remove();
  };
}
