import type { CalendarClient } from "../google/calendar-client";
import { GoogleApiError } from "../google/errors";
import type { ExpiryAction } from "../settings";
import { WorkerApiError, type WorkerClient } from "../worker-client";
import { PROP_BOOKING, PROP_STATE } from "./event-body";
import { eventText } from "./event-text";
import { InvalidTransitionError, transition } from "./machine";
import type { BookingTx } from "./repository";
import type { Booking } from "./types";

/** Graphite: what a released (kept) hold looks like in Google Calendar. */
export const RELEASED_COLOR_ID = "8";

/**
 * Takes a hold's event out of the way: deletes it, or keeps it with a marker, grey and
 * `lcState` = `state`. An event that is already gone (404/410) counts as done. Shared with the
 * background's expiry; runs under the booking's lock (`tx`).
 */
export async function releaseEvent(
  calendar: CalendarClient,
  tx: BookingTx,
  b: Booking,
  action: ExpiryAction,
  state: "cancelled" | "expired",
): Promise<void> {
  // Guests see the kept event: its marker is in the booking's language, like the rest of its text.
  const marker = eventText(b.locale, state === "expired" ? "expiredMarker" : "cancelledMarker");
  // A deleted event has no page to open any more: the booking forgets its link (the list then
  // offers no "Open in Google Calendar"). Recorded even when Google says it was already gone.
  const forgetLink = async () => {
    if ((await tx.read())?.htmlLink) await tx.apply({ type: "eventGone" });
  };
  try {
    if (action === "delete") {
      await calendar.deleteEvent(b.calendarId, b.eventId, { sendUpdates: b.guests.length ? "all" : "none" });
      await forgetLink();
    } else {
      await calendar.patchEvent(b.calendarId, b.eventId, {
        summary: `${marker} ${b.summary}`,
        colorId: RELEASED_COLOR_ID,
        extendedProperties: { private: { [PROP_BOOKING]: b.id, [PROP_STATE]: state } },
      });
    }
  } catch (e) {
    if (e instanceof GoogleApiError && (e.kind === "not_found" || e.kind === "gone")) {
      await forgetLink();
      return;
    }
    throw e;
  }
}

export interface CancelDeps {
  worker: WorkerClient;
  calendar: CalendarClient;
  expiryAction: ExpiryAction;
}

/**
 * User cancel, under the booking's lock (`tx`): closes the Worker checkout (409 = already paid →
 * refused), then releases the event, then records `cancelled`. Each step tolerates having been
 * done already, so a retry after a failure finishes the job.
 */
export async function cancelBookingFlow(tx: BookingTx, deps: CancelDeps): Promise<Booking> {
  const b = await tx.read();
  if (!b) throw new Error(`no booking ${tx.id}`);
  transition(b, { type: "cancel" }, b.updatedAt); // throws InvalidTransitionError before any side effect
  if (b.checkoutId) {
    try {
      await deps.worker.cancelCheckout(b.id, b.secret);
    } catch (e) {
      // 404: the Worker never stored it (or forgot it); nothing to close.
      if (!(e instanceof WorkerApiError) || e.status !== 404) throw e;
    }
  }
  // Before the event step ran there is no event; afterwards (or unknown, when failed) release it.
  if (!(b.step === "checkout" && !b.htmlLink)) {
    await releaseEvent(deps.calendar, tx, b, deps.expiryAction, "cancelled");
  }
  return tx.apply({ type: "cancel" });
}

export { InvalidTransitionError };
