import { RefusedError } from "../booking/errors";
import { tentativeEventBody } from "../booking/event-body";
import { InvalidTransitionError } from "../booking/machine";
import { withBooking } from "../booking/repository";
import type { Booking } from "../booking/types";
import { MAX_TITLE } from "../booking/validate-draft";
import type { CalendarEvent } from "../google/calendar-types";
import { getSettings } from "../settings";
import { formatInZone } from "../time-zones";
import type { Services } from "./services";
import { patchCheckout } from "./tracker/checkout-patch";
import { confirmedEventPatch } from "./tracker/confirm";
import { rederivedHold } from "./tracker/event-change";
import { syncHold } from "./tracker/hold-clock";
import { orQueue } from "./tracker/queue";

/** What the popup's edit form sends: the new title, times (RFC 3339 with offset) and guests. */
export interface BookingEdit {
  summary: string;
  start: string;
  end: string;
  guests: string[];
}

/** A hold this close to its end is not moved (the Worker refuses holds in the past). */
const HOLD_MARGIN_MS = 60_000;

/**
 * The re-derived hold of an unpaid booking after an edit ({@link rederivedHold}); undefined keeps
 * the current hold when that end is already (nearly) over, or when the booking is confirmed.
 */
export function holdAfterEdit(b: Booking, startMs: number, holdHours: number, nowMs: number): string | undefined {
  if (b.status !== "awaiting_payment") return undefined;
  const rule = rederivedHold(b, startMs, holdHours, nowMs);
  if (rule <= nowMs + HOLD_MARGIN_MS) return undefined;
  return formatInZone(rule, b.timeZone);
}

/** The event fields an edit changes, rebuilt from the edited booking exactly as creation/confirmation build them. */
function eventPatch(next: Booking): CalendarEvent {
  const tentative = tentativeEventBody(next);
  const shown = next.status === "confirmed" && next.receipt ? confirmedEventPatch(next, next.receipt) : tentative;
  return {
    summary: shown.summary,
    description: shown.description,
    start: tentative.start,
    end: tentative.end,
    attendees: tentative.attendees,
  };
}

/**
 * Edits a booking awaiting payment or confirmed (docs/architecture.md "Editing a booking"), under
 * its lock: patches the event (guests — old and new — are told), records the edit with the
 * re-derived hold, then sends title, times and hold to the Worker checkout and takes the hold it
 * answers (queued when the Worker is unreachable). A confirmed booking keeps its payment.
 */
export async function editBooking(id: string, edit: BookingEdit, s: Services, nowMs = Date.now()): Promise<Booking> {
  const summary = edit.summary.trim();
  if (!summary) throw new RefusedError("errTitleRequired");
  if (summary.length > MAX_TITLE) throw new RefusedError("errTitleTooLong");
  const startMs = Date.parse(edit.start);
  const endMs = Date.parse(edit.end);
  if (!(endMs > startMs)) throw new RefusedError("errEndBeforeStart");
  if (startMs <= nowMs) throw new RefusedError("errStartPast");
  const { holdHours } = await getSettings();
  const edited = await withBooking(id, async (tx) => {
    const b = await tx.read();
    if (!b) throw new Error(`no booking ${id}`);
    if (b.status !== "awaiting_payment" && b.status !== "confirmed")
      throw new InvalidTransitionError(b.status, b.step, "edited");
    const holdUntil = holdAfterEdit(b, startMs, holdHours, nowMs);
    const changes = {
      summary,
      start: formatInZone(startMs, b.timeZone),
      end: formatInZone(endMs, b.timeZone),
      guests: [...new Set(edit.guests.map((g) => g.trim().toLowerCase()).filter(Boolean))],
      ...(holdUntil ? { holdUntil } : {}),
    };
    const preview: Booking = { ...b, ...changes };
    const told = b.guests.length > 0 || changes.guests.length > 0;
    await s.calendar.patchEvent(b.calendarId, b.eventId, eventPatch(preview), {
      sendUpdates: told ? "all" : "none",
    });
    return tx.apply({ type: "edited", changes });
  });
  // The Worker follows outside the Google step, but still under the lock, so its answer's hold is
  // recorded on the record it belongs to.
  await orQueue("update_checkout", edited, () =>
    withBooking(id, async (tx) => {
      const current = await tx.read();
      if (!current) return;
      const answer = await patchCheckout(current, s);
      if (answer) await syncHold(tx, answer);
    }),
  );
  return (await withBooking(id, (tx) => tx.read())) ?? edited;
}
