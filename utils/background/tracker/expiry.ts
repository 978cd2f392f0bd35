import type { CheckoutStatusResponse } from "../../api/contract";
import { releaseEvent } from "../../booking/cancel-flow";
import { type BookingTx, withBooking } from "../../booking/repository";
import type { Booking } from "../../booking/types";
import { getSettings } from "../../settings";
import { WorkerApiError } from "../../worker-client";
import type { Services } from "../services";
import { updateBadge } from "./badge";
import { confirmBooking } from "./confirm";
import { holdStillRunning, syncHold } from "./hold-clock";
import { notificationId, notify } from "./notify";
import { userText } from "./user-text";

type Outcome = { booking?: Booking; paid?: CheckoutStatusResponse };

/** Closes the Worker checkout unless it is paid; returns the paid status in that case. */
export async function closeCheckout(b: Booking, s: Services): Promise<CheckoutStatusResponse | undefined> {
  const worker = await s.worker();
  try {
    await worker.cancelCheckout(b.id, b.secret);
  } catch (e) {
    if (e instanceof WorkerApiError && e.status === 404) return undefined; // the Worker never had it
    if (!(e instanceof WorkerApiError && e.status === 409)) throw e;
    // 409: a payment landed first. Confirm it instead of releasing the time.
    const status = await worker.getCheckout(b.id, b.secret);
    if (status.status === "paid") return status;
    throw e;
  }
  return undefined;
}

async function expireLocked(tx: BookingTx, s: Services): Promise<Outcome> {
  const b = await tx.read();
  if (b?.status !== "awaiting_payment") return { booking: b };
  // A payment may have landed a moment ago: the Worker decides, never the local clock alone.
  const status = await (await s.worker()).getCheckout(b.id, b.secret).catch((e: unknown) => {
    // 404: the Worker has no checkout for it (never stored, or its data was reset), so nothing was paid.
    if (e instanceof WorkerApiError && e.status === 404) return undefined;
    throw e;
  });
  if (status?.status === "paid") return { paid: status };
  // By the Worker's clock the hold still runs (this browser's clock is ahead, or the alarm was
  // planned before the last sync): re-armed by the seconds the Worker says are left.
  if (status && holdStillRunning(status)) {
    await syncHold(tx, status, Date.now(), true);
    return { booking: await tx.read() };
  }
  const paid = await closeCheckout(b, s);
  if (paid) return { paid };
  const settings = await getSettings();
  await releaseEvent(s.calendar, tx, b, settings.expiryAction, "expired");
  const done = await tx.apply({ type: "expired" });
  const { t } = await userText();
  await notify(
    notificationId("expired", b.id),
    t("notifExpiredTitle", done.summary),
    t(settings.expiryAction === "delete" ? "notifExpiredDeleted" : "notifExpiredKept"),
  );
  await updateBadge();
  return { booking: done };
}

/**
 * The hold ran out (expiry alarm, or the Worker reports `expired`): asks the Worker first
 * (paid → confirm; still running by its clock → re-armed), otherwise cancels the checkout,
 * deletes the event or marks it cancelled per the options, records `expired` and notifies.
 * Throws on Google/Worker failures.
 */
export async function expireBooking(id: string, s: Services): Promise<Booking | undefined> {
  const out = await withBooking(id, (tx) => expireLocked(tx, s));
  if (out.paid) return confirmBooking(id, s, out.paid);
  return out.booking;
}
