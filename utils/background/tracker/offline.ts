import { runCreateFlowOnce } from "../../booking/create-flow";
import { InvalidTransitionError } from "../../booking/machine";
import { applyEvent, getBooking } from "../../booking/repository";
import type { Booking } from "../../booking/types";
import { WorkerApiError } from "../../worker-client";
import { createFlowDeps } from "../handlers";
import type { Services } from "../services";
import { cancelTracked } from "./cancel";
import { confirmBooking } from "./confirm";
import { browserOnline, isTransient } from "./context";
import { expireBooking } from "./expiry";
import type { PendingAction } from "./items";
import { reportProblem } from "./problem";
import { dequeue, enqueue, pendingActions } from "./queue";

/** Sends the booking's current title, times and hold to the Worker (after a move in Google Calendar). */
export async function pushCheckout(b: Booking, s: Services, nowMs = Date.now()): Promise<void> {
  if (b.status !== "awaiting_payment") return;
  const hold = b.holdUntil && Date.parse(b.holdUntil) > nowMs + 60_000 ? { holdUntil: b.holdUntil } : {};
  try {
    await (await s.worker()).updateCheckout(b.id, b.secret, {
      summary: b.summary,
      start: b.start,
      end: b.end,
      ...hold,
    });
  } catch (e) {
    // 409: the checkout is no longer open (paid or ended); the poll reconciles that separately.
    if (!(e instanceof WorkerApiError && e.status === 409)) throw e;
  }
}

/** Error codes (booking.error.code) that mean "no network", so the creation is retried when online. */
export const NETWORK_CODES: readonly string[] = ["werr_network", "gerr_network"];

/** Resumes a creation that failed offline; throws a network error while it still cannot reach out. */
async function resumeCreation(id: string, s: Services): Promise<void> {
  const b = await getBooking(id);
  if (b?.status !== "failed" || !NETWORK_CODES.includes(b.error?.code ?? "")) return;
  try {
    await applyEvent(id, { type: "retry" });
  } catch (e) {
    if (e instanceof InvalidTransitionError) return; // someone else resumed it already
    throw e;
  }
  const out = await runCreateFlowOnce(id, await createFlowDeps(s));
  if (out?.status === "failed" && NETWORK_CODES.includes(out.error?.code ?? ""))
    throw new WorkerApiError(0, "network", out.error?.message ?? "offline");
}

async function run(a: PendingAction, s: Services): Promise<void> {
  switch (a.kind) {
    case "create":
      await resumeCreation(a.bookingId, s);
      return;
    case "confirm":
      await confirmBooking(a.bookingId, s);
      return;
    case "expire":
      await expireBooking(a.bookingId, s);
      return;
    case "cancel":
      await cancelTracked(a.bookingId, s, "user");
      return;
    case "update_checkout": {
      const b = await getBooking(a.bookingId);
      if (b) await pushCheckout(b, s);
      return;
    }
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
        await enqueue(a.kind, a.bookingId, a.summary, e);
        continue;
      }
      await dequeue(a.kind, a.bookingId);
      await reportProblem(a.bookingId, a.summary, e);
    }
  }
  return done;
}
