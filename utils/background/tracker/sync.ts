import { PROP_BOOKING } from "../../booking/event-body";
import { getBooking, withBooking } from "../../booking/repository";
import type { Booking } from "../../booking/types";
import type { CalendarEvent } from "../../google/calendar-types";
import { GoogleApiError } from "../../google/errors";
import { withLock } from "../../lock";
import { getSettings } from "../../settings";
import { listBookings } from "../../storage";
import type { Services } from "../services";
import { cancelTracked } from "./cancel";
import { pushBookingToWorker } from "./checkout-patch";
import { eventChange, holdAfterMove } from "./event-change";
import { type CalendarSyncState, syncStateItem } from "./items";
import { orQueue } from "./queue";

/** Pages fetched per calendar per run; the rest waits for the next poll tick. */
export const MAX_PAGES_PER_RUN = 5;
const PAGE_SIZE = 250;

/**
 * Applies a move or rename made in Google Calendar: the local record first, then the Worker. When
 * the booking changed since the listing (an edit from the popup patched the event meanwhile), the
 * event is read again under the booking's lock, so the booking ends up matching what Google holds.
 */
async function applyMove(listed: Booking, event: CalendarEvent, s: Services): Promise<void> {
  const { holdHours } = await getSettings();
  const next = await withBooking(listed.id, async (tx) => {
    const cur = await tx.read();
    if (cur?.status !== "awaiting_payment") return undefined; // paid or ended meanwhile
    const now = cur.updatedAt === listed.updatedAt ? event : await s.calendar.getEvent(cur.calendarId, cur.eventId);
    const change = eventChange(cur, now);
    if (change.type !== "moved") return undefined; // deleted: the next sync run cancels it
    const hold = holdAfterMove(cur, Date.parse(change.start), holdHours);
    return tx.apply({
      type: "edited",
      changes: {
        summary: change.summary,
        start: change.start,
        end: change.end,
        // A hold already over ends now: the expiry alarm (re-created from the record) fires at once.
        ...(hold !== undefined ? { holdUntil: new Date(Math.max(hold, Date.now())).toISOString() } : {}),
      },
    });
  });
  if (next) await orQueue("update_checkout", next, () => pushBookingToWorker(next.id, s));
}

/** Acts on one changed event of this product; true when a booking changed. */
async function handleEvent(e: CalendarEvent, byEventId: Map<string, Booking>, s: Services): Promise<boolean> {
  const id = e.extendedProperties?.private?.[PROP_BOOKING];
  // Deleted events come back stripped of most fields: match those by event id.
  const b = (id ? await getBooking(id) : undefined) ?? (e.id ? byEventId.get(e.id) : undefined);
  if (b?.status !== "awaiting_payment") return false;
  const change = eventChange(b, e);
  if (change.type === "deleted")
    return orQueue("cancel", b, () => cancelTracked(b.id, s, "deleted_in_google"), "deleted_in_google");
  if (change.type === "moved") {
    await applyMove(b, e, s);
    return true;
  }
  return false;
}

/** After a full listing: deletions made before it are invisible to it, so check each open event. */
async function checkOpenEvents(calendarId: string, s: Services): Promise<number> {
  let changed = 0;
  for (const b of await listBookings()) {
    if (b.status !== "awaiting_payment" || b.calendarId !== calendarId) continue;
    let e: CalendarEvent;
    try {
      e = await s.calendar.getEvent(calendarId, b.eventId);
    } catch (err) {
      if (!(err instanceof GoogleApiError && (err.kind === "not_found" || err.kind === "gone"))) throw err;
      e = { id: b.eventId, status: "cancelled" };
    }
    if (await handleEvent(e, new Map([[b.eventId, b]]), s)) changed++;
  }
  return changed;
}

/**
 * One bounded run of incremental sync for a calendar. `syncToken` cannot be combined with
 * `privateExtendedProperty`, so the whole calendar's changes are listed and this product's events
 * picked out by `lcBooking`. 410 drops the token: the next run lists in full again.
 */
export async function syncCalendar(calendarId: string, s: Services): Promise<number> {
  const all = await syncStateItem.getValue();
  let state: CalendarSyncState = all[calendarId] ?? {};
  const bookings = (await listBookings()).filter((b) => b.calendarId === calendarId);
  const byEventId = new Map(bookings.map((b) => [b.eventId, b]));
  const save = (st: CalendarSyncState) =>
    withLock("tracker-sync", async () => {
      await syncStateItem.setValue({ ...(await syncStateItem.getValue()), [calendarId]: st });
    });
  let changed = 0;
  for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
    const full = !state.syncToken;
    let res: Awaited<ReturnType<Services["calendar"]["listEvents"]>>;
    try {
      res = await s.calendar.listEvents(calendarId, {
        maxResults: PAGE_SIZE,
        ...(state.syncToken ? { syncToken: state.syncToken } : {}),
        ...(state.pageToken ? { pageToken: state.pageToken } : {}),
      });
    } catch (e) {
      if (!(e instanceof GoogleApiError && e.kind === "gone")) throw e;
      state = {};
      await save(state);
      continue;
    }
    for (const e of res.items) if (await handleEvent(e, byEventId, s)) changed++;
    if (res.nextPageToken) {
      state = { ...state, pageToken: res.nextPageToken };
      await save(state);
      continue;
    }
    state = { syncToken: res.nextSyncToken };
    await save(state);
    if (full) changed += await checkOpenEvents(calendarId, s);
    break;
  }
  return changed;
}

/** Syncs every calendar holding a booking that awaits payment; returns how many bookings changed. */
export async function syncCalendars(s: Services): Promise<number> {
  const calendars = new Set(
    (await listBookings()).filter((b) => b.status === "awaiting_payment").map((b) => b.calendarId),
  );
  let changed = 0;
  for (const cal of calendars) changed += await syncCalendar(cal, s);
  return changed;
}
