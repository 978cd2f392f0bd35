import type { CheckoutStatusResponse } from "../../api/contract";
import { getBooking, withBooking } from "../../booking/repository";
import type { Booking } from "../../booking/types";
import { WorkerApiError } from "../../worker-client";
import type { Services } from "../services";
import { syncHold } from "./hold-clock";

/**
 * Sends a booking's current title, times and hold to the Worker checkout (`PATCH`), after the
 * event moved in Google Calendar or the user edited the booking. A hold about to end is not sent
 * (the Worker refuses holds in the past). Returns the Worker's answer; undefined when there is
 * nothing to update or the checkout is no longer open (409: paid or ended — the poll reconciles
 * that separately).
 */
export async function patchCheckout(
  b: Booking,
  s: Services,
  nowMs = Date.now(),
): Promise<CheckoutStatusResponse | undefined> {
  if (b.status !== "awaiting_payment" && b.status !== "confirmed") return undefined;
  const hold =
    b.status === "awaiting_payment" && b.holdUntil && Date.parse(b.holdUntil) > nowMs + 60_000
      ? { holdUntil: b.holdUntil }
      : {};
  try {
    return await (await s.worker()).updateCheckout(b.id, b.secret, {
      summary: b.summary,
      start: b.start,
      end: b.end,
      ...hold,
    });
  } catch (e) {
    if (!(e instanceof WorkerApiError && e.status === 409)) throw e;
    return undefined;
  }
}

/**
 * Sends the stored booking to the Worker and records the hold the Worker answers with (its
 * `secondsLeft` re-arms the expiry); the offline queue replays this.
 */
export async function pushBookingToWorker(id: string, s: Services): Promise<void> {
  const b = await getBooking(id);
  if (!b) return;
  const answer = await patchCheckout(b, s);
  if (answer) await withBooking(id, (tx) => syncHold(tx, answer));
}
