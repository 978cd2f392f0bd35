import { cancelBookingFlow, releaseEvent } from "../../booking/cancel-flow";
import { type BookingTx, withBooking } from "../../booking/repository";
import type { Booking } from "../../booking/types";
import type { MessageKey } from "../../message-key";
import { getSettings } from "../../settings";
import { WorkerApiError } from "../../worker-client";
import type { Services } from "../services";
import { updateBadge } from "./badge";
import { confirmBooking } from "./confirm";
import { closeCheckout } from "./expiry";
import type { CancelReason } from "./items";
import { notificationId, notify } from "./notify";
import { userText } from "./user-text";

export type { CancelReason };

const MESSAGES: Record<CancelReason, MessageKey> = {
  user: "notifCancelledByUser",
  deleted_in_google: "notifCancelledDeleted",
  cancelled_elsewhere: "notifCancelledElsewhere",
};

/** The options' cancel settings as the cancel flow takes them. */
export async function cancelDeps(s: Services) {
  const settings = await getSettings();
  return {
    worker: await s.worker(),
    calendar: s.calendar,
    expiryAction: settings.expiryAction,
  };
}

async function cancelLocked(
  tx: BookingTx,
  s: Services,
  reason: CancelReason,
): Promise<{ booking?: Booking; paid?: boolean }> {
  const b = await tx.read();
  if (b?.status !== "awaiting_payment") return { booking: b };
  let done: Booking;
  if (reason === "user") {
    // The popup's cancel flow: closes the checkout (409 if paid), releases the event, records it.
    try {
      done = await cancelBookingFlow(tx, await cancelDeps(s));
    } catch (e) {
      if (e instanceof WorkerApiError && e.status === 409) return { paid: true };
      throw e;
    }
  } else if (reason === "deleted_in_google") {
    // The event is already gone: touching it again could resurrect it, so only the checkout is closed.
    if (await closeCheckout(b, s)) return { paid: true };
    if (b.htmlLink) await tx.apply({ type: "eventGone" });
    done = await tx.apply({ type: "cancel" });
  } else {
    // The Worker already closed the checkout (cancelled elsewhere): only the held time is left to free.
    const settings = await getSettings();
    await releaseEvent(s.calendar, tx, b, settings.expiryAction, "cancelled");
    done = await tx.apply({ type: "cancel" });
  }
  const { t } = await userText();
  await notify(notificationId("cancelled", b.id), t("notifCancelledTitle", done.summary), t(MESSAGES[reason]));
  await updateBadge();
  return { booking: done };
}

/**
 * Cancels a booking awaiting payment from the background: the reminder's "Cancel booking" button
 * (`user`: the popup's cancel flow, reused), an event deleted in Google Calendar, or a checkout
 * the Worker reports cancelled. A payment that landed first wins: the booking is confirmed instead.
 */
export async function cancelTracked(id: string, s: Services, reason: CancelReason): Promise<Booking | undefined> {
  const out = await withBooking(id, (tx) => cancelLocked(tx, s, reason));
  if (out.paid) return confirmBooking(id, s);
  return out.booking;
}
