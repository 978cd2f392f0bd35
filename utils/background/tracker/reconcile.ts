import type { CheckoutStatusResponse } from "../../api/contract";
import { getBooking, withBooking } from "../../booking/repository";
import type { Booking } from "../../booking/types";
import { listBookings } from "../../storage";
import type { Services } from "../services";
import { cancelTracked } from "./cancel";
import { confirmBooking } from "./confirm";
import { decide, isOpen } from "./decide";
import { expireBooking } from "./expiry";
import { syncHold } from "./hold-clock";
import { orQueue } from "./queue";

/**
 * Acts on the Worker's answer for one booking; true when the booking changed state. While the
 * hold runs, the answer's `secondsLeft` re-arms the expiry on this browser's clock.
 */
export async function applyWorkerStatus(b: Booking, status: CheckoutStatusResponse, s: Services): Promise<boolean> {
  switch (decide(b.status, status.status)) {
    case "confirm":
      return orQueue("confirm", b, () => confirmBooking(b.id, s, status));
    case "expire":
      return orQueue("expire", b, () => expireBooking(b.id, s));
    case "cancel":
      return orQueue("cancel", b, () => cancelTracked(b.id, s, "cancelled_elsewhere"), "cancelled_elsewhere");
    case "wait":
      await withBooking(b.id, (tx) => syncHold(tx, status));
      return false;
    default:
      return false;
  }
}

/**
 * Asks the Worker about one booking and acts on the answer (the checkout page's message and the
 * reminders use this; a message alone never changes anything). Throws when the Worker is unreachable.
 */
export async function checkBooking(id: string, s: Services): Promise<boolean> {
  const b = await getBooking(id);
  if (!b || !isOpen(b)) return false;
  if (b.status === "paid") return orQueue("confirm", b, () => confirmBooking(id, s));
  const status = await (await s.worker()).getCheckout(b.id, b.secret);
  return applyWorkerStatus(b, status, s);
}

/** The Worker's batch endpoint takes at most 100 bookings per call. */
const BATCH = 100;

/**
 * Reconciles every open booking with the Worker in batched status calls: paid → confirmed,
 * expired → released, cancelled → cancelled. Returns how many changed. Throws when the Worker is
 * unreachable (the poll then backs off).
 */
export async function reconcileAll(s: Services): Promise<number> {
  const open = (await listBookings()).filter(isOpen);
  let changed = 0;
  for (const b of open.filter((x) => x.status === "paid")) {
    if (await orQueue("confirm", b, () => confirmBooking(b.id, s))) changed++;
  }
  const waiting = open.filter((x) => x.status === "awaiting_payment" && x.step === null);
  if (waiting.length === 0) return changed;
  const worker = await s.worker();
  for (let i = 0; i < waiting.length; i += BATCH) {
    const chunk = waiting.slice(i, i + BATCH);
    const res = await worker.batchStatus(chunk.map((b) => ({ bookingId: b.id, secret: b.secret })));
    for (const item of res.items) {
      if ("error" in item) continue; // unknown to the Worker or wrong secret: nothing it can tell us
      const b = chunk.find((x) => x.id.toLowerCase() === item.bookingId.toLowerCase());
      if (b && (await applyWorkerStatus(b, item, s))) changed++;
    }
  }
  return changed;
}
