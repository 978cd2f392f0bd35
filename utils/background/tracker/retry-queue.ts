import { getBooking } from "../../booking/repository";
import { retryOfflineCreation } from "../creation";
import type { Services } from "../services";
import { cancelTracked } from "./cancel";
import { pushBookingToWorker } from "./checkout-patch";
import { confirmBooking } from "./confirm";
import { expireBooking } from "./expiry";
import { browserOnline, isTransient } from "./failures";
import type { PendingAction } from "./items";
import { reportProblem } from "./problem";
import { dequeue, enqueue, pendingActions } from "./queue";

async function run(a: PendingAction, s: Services): Promise<void> {
  switch (a.kind) {
    case "create":
      await retryOfflineCreation(a.bookingId, s);
      return;
    case "confirm":
      await confirmBooking(a.bookingId, s);
      return;
    case "expire":
      await expireBooking(a.bookingId, s);
      return;
    case "cancel":
      // The cancel it was: an event deleted in Google is not touched again, a user's cancel is.
      await cancelTracked(a.bookingId, s, a.reason ?? "user");
      return;
    case "update_checkout":
      if (await getBooking(a.bookingId)) await pushBookingToWorker(a.bookingId, s);
      return;
  }
}

/**
 * Retries every queued action, oldest first. Each either completes (dequeued), fails again for
 * lack of network (kept, attempts counted) or fails for good (dequeued, shown as a notification).
 * Skipped entirely while the browser reports itself offline. Returns how many completed.
 */
export async function retryQueue(s: Services): Promise<number> {
  if (!browserOnline()) return 0;
  let done = 0;
  for (const a of await pendingActions()) {
    try {
      await run(a, s);
      await dequeue(a.kind, a.bookingId);
      done++;
    } catch (e) {
      if (isTransient(e)) {
        await enqueue(a.kind, a.bookingId, a.summary, e, a.reason);
        continue;
      }
      await dequeue(a.kind, a.bookingId);
      await reportProblem(a.bookingId, a.summary, e);
    }
  }
  return done;
}
