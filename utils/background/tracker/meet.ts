import { withBooking } from "../../booking/repository";
import type { Booking } from "../../booking/types";
import { meetLinkOf } from "../../google/calendar-types";
import { listBookings } from "../../storage";
import type { Services } from "../services";

/** Google makes a pending conference within moments; after this long it is not looked for any more. */
const LOOK_FOR_MS = 86_400_000;

/**
 * True for a booking whose Meet link Google has not made yet: asked for, the event exists, no
 * link recorded (the insert answered `createRequest.status.statusCode: "pending"`).
 */
export function meetPending(b: Booking, nowMs = Date.now()): boolean {
  return (
    b.addMeet &&
    !b.meetLink &&
    (b.status === "awaiting_payment" || b.status === "paid" || b.status === "confirmed") &&
    nowMs - Date.parse(b.createdAt) < LOOK_FOR_MS
  );
}

/**
 * Reads the event of every booking with a pending Meet again and records the link once Google
 * has made it (a poll step). Returns how many links were found.
 */
export async function pickUpMeetLinks(s: Services, nowMs = Date.now()): Promise<number> {
  let found = 0;
  for (const b of (await listBookings()).filter((x) => meetPending(x, nowMs))) {
    const link = meetLinkOf(await s.calendar.getEvent(b.calendarId, b.eventId));
    if (!link) continue;
    const recorded = await withBooking(b.id, async (tx) => {
      const cur = await tx.read();
      if (!cur || !meetPending(cur, nowMs)) return false;
      await tx.apply({ type: "meetLinkFound", meetLink: link });
      return true;
    });
    if (recorded) found++;
  }
  return found;
}
