import { browser } from "wxt/browser";
import { listBookings } from "../../storage";
import type { Services, ServicesGetter } from "../services";
import { attendanceRefunding, refreshRefunding } from "./attendance";
import { isOpen, nextPollDelay } from "./decide";
import { offlineQueueItem, POLL_MIN_SEC, pollStateItem } from "./items";
import { applyLeadChanges, leadWatched } from "./lead-changes";
import { logged } from "./listen";
import { meetPending, pickUpMeetLinks } from "./meet";
import { reconcileAll } from "./reconcile";
import { retryQueue } from "./retry-queue";
import { syncCalendars } from "./sync";

/** The one polling alarm: one-shot, re-armed after each tick with the backed-off delay. */
export const POLL_ALARM = "lc-poll";

/**
 * True while there is anything to poll for: an open booking, an action waiting offline, a
 * Meet link Google has not made yet, an attendance refund not finished yet, or a confirmed
 * booking a guest may still cancel or move.
 */
export async function pollNeeded(): Promise<boolean> {
  if ((await offlineQueueItem.getValue()).length > 0) return true;
  return (await listBookings()).some((b) => isOpen(b) || meetPending(b) || attendanceRefunding(b) || leadWatched(b));
}

async function arm(delaySec: number): Promise<void> {
  await browser.alarms.create(POLL_ALARM, { delayInMinutes: Math.max(POLL_MIN_SEC, delaySec) / 60 });
}

/**
 * Makes the poll alarm exist exactly while it is needed. `reset` restarts the backoff at 30 s —
 * used when a booking starts awaiting payment, the moment a payment is most likely.
 */
export async function ensurePoll(reset = false): Promise<void> {
  if (!(await pollNeeded())) {
    await browser.alarms.clear(POLL_ALARM);
    await pollStateItem.setValue({ ...(await pollStateItem.getValue()), delaySec: POLL_MIN_SEC });
    return;
  }
  const state = await pollStateItem.getValue();
  if (reset) {
    await pollStateItem.setValue({ ...state, delaySec: POLL_MIN_SEC });
    await arm(POLL_MIN_SEC);
  } else if (!(await browser.alarms.get(POLL_ALARM))) {
    await arm(state.delaySec);
  }
}

/**
 * One poll: retry what waits offline, one batched status request for every open booking, one
 * bounded calendar sync run, a look for Meet links Google made late; then re-arm with a shorter delay if anything changed, a longer one
 * if not, or no alarm at all when nothing is left open. A failing step (offline) counts as "no
 * change" so an offline browser backs off too.
 */
export async function pollTick(s: Services): Promise<void> {
  // Armed before the work, so a worker killed mid-tick is woken again; re-armed below with the
  // backed-off delay once the tick is done.
  if (await pollNeeded()) await arm((await pollStateItem.getValue()).delaySec);
  let changed = 0;
  const steps = [
    () => retryQueue(s),
    () => reconcileAll(s),
    () => syncCalendars(s),
    () => pickUpMeetLinks(s),
    () => refreshRefunding(s),
    () => applyLeadChanges(s),
  ];
  for (const step of steps) {
    try {
      changed += await step();
    } catch (e) {
      console.warn("LeadsCalendar: poll step failed", e);
    }
  }
  const state = await pollStateItem.getValue();
  const delaySec = nextPollDelay(state.delaySec, changed > 0);
  await pollStateItem.setValue({ delaySec, lastPollAt: new Date().toISOString() });
  if (await pollNeeded()) await arm(delaySec);
  else {
    await browser.alarms.clear(POLL_ALARM);
    await pollStateItem.setValue({ delaySec: POLL_MIN_SEC, lastPollAt: new Date().toISOString() });
  }
}

/** The browser coming back online polls at once (queued actions retried). Returns the removal. */
export function registerOnline(services: ServicesGetter): () => void {
  const online = () => logged("back-online retry", pollTick(services()));
  globalThis.addEventListener?.("online", online);
  return () => globalThis.removeEventListener?.("online", online);
}
