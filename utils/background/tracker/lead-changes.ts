import type { LeadChanges } from "../../api/manage";
import { withBooking } from "../../booking/repository";
import type { Booking } from "../../booking/types";
import { GoogleApiError } from "../../google/errors";
import { listBookings } from "../../storage";
import type { Services } from "../services";
import { updateBadge } from "./badge";
import { notificationId, notify, shortTime } from "./notify";
import { userText } from "./user-text";

/**
 * Confirmed bookings a guest may still cancel or move on their manage page (docs/architecture.md
 * "The lead's manage page"): someone was invited and the event has not started. The poll keeps
 * asking the Worker about these until they start.
 */
export function leadWatched(b: Booking, nowMs = Date.now()): boolean {
  return b.status === "confirmed" && b.guests.length > 0 && !b.allDay && Date.parse(b.start) > nowMs;
}

const gone = (e: unknown) => e instanceof GoogleApiError && (e.status === 404 || e.status === 410);

/**
 * Applies what the Worker recorded from the guest: a cancel deletes the event (Google tells the
 * guests) and ends the booking; a newer move patches the event's times. The calendar write comes
 * first, so a crash in between repeats it harmlessly (a deleted event answers 410, the same times
 * again change nothing). True when the booking changed.
 */
export async function applyLeadChange(id: string, lead: LeadChanges, s: Services): Promise<boolean> {
  const done = await withBooking(id, async (tx) => {
    const b = await tx.read();
    if (b?.status !== "confirmed") return null;
    const { t, lang } = await userText();
    if (lead.cancelledAt) {
      try {
        await s.calendar.deleteEvent(b.calendarId, b.eventId, { sendUpdates: "all" });
      } catch (e) {
        if (!gone(e)) throw e;
      }
      if (b.htmlLink) await tx.apply({ type: "eventGone" });
      await tx.apply({ type: "leadCancelled" });
      await notify(notificationId("cancelled", b.id), t("notifCancelledTitle", b.summary), t("notifLeadCancelled"));
      return "cancelled";
    }
    if (lead.reschedules <= (b.leadReschedules ?? 0)) return null;
    await s.calendar.patchEvent(
      b.calendarId,
      b.eventId,
      { start: { dateTime: lead.start, timeZone: b.timeZone }, end: { dateTime: lead.end, timeZone: b.timeZone } },
      { sendUpdates: "all" },
    );
    await tx.apply({ type: "leadMoved", start: lead.start, end: lead.end, reschedules: lead.reschedules });
    await notify(
      notificationId("confirmed", b.id),
      t("notifLeadMovedTitle", b.summary),
      t("notifLeadMoved", shortTime(lead.start, b.timeZone, lang)),
    );
    return "moved";
  });
  if (done === "cancelled") await updateBadge();
  return done !== null;
}

/** The Worker's batch endpoint takes at most 100 bookings per call. */
const BATCH = 100;

/**
 * One poll step: asks the Worker about every watched booking in batched status calls and applies
 * each guest's change. Returns how many bookings changed; throws when the Worker is unreachable.
 */
export async function applyLeadChanges(s: Services, nowMs = Date.now()): Promise<number> {
  const watched = (await listBookings()).filter((b) => leadWatched(b, nowMs));
  if (watched.length === 0) return 0;
  const worker = await s.worker();
  let changed = 0;
  for (let i = 0; i < watched.length; i += BATCH) {
    const chunk = watched.slice(i, i + BATCH);
    const res = await worker.batchStatus(chunk.map((b) => ({ bookingId: b.id, secret: b.secret })));
    for (const item of res.items) {
      if ("error" in item || !item.lead) continue;
      const b = chunk.find((x) => x.id.toLowerCase() === item.bookingId.toLowerCase());
      if (b && (await applyLeadChange(b.id, item.lead, s))) changed++;
    }
  }
  return changed;
}
