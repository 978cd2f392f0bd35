import { browser } from "wxt/browser";
import type { Booking } from "../../booking/types";
import { getSettings } from "../../settings";
import { listBookings } from "../../storage";
import { reminderTimes } from "./decide";

/** Alarm names: `lc-expire:<bookingId>` at holdUntil, `lc-remind:<bookingId>:<epoch ms>` per reminder. */
export const EXPIRE_PREFIX = "lc-expire:";
export const REMIND_PREFIX = "lc-remind:";

/** Parses a tracker alarm name; null for other alarms. */
export function parseAlarm(name: string): { kind: "expire" | "remind"; bookingId: string } | null {
  if (name.startsWith(EXPIRE_PREFIX)) return { kind: "expire", bookingId: name.slice(EXPIRE_PREFIX.length) };
  if (name.startsWith(REMIND_PREFIX)) {
    const rest = name.slice(REMIND_PREFIX.length);
    const cut = rest.lastIndexOf(":");
    return cut > 0 ? { kind: "remind", bookingId: rest.slice(0, cut) } : null;
  }
  return null;
}

/**
 * Every per-booking alarm that should exist: expiry at holdUntil and reminders before it, for
 * bookings awaiting payment only (a paid or ended booking gets none, so no reminder after payment).
 */
export function desiredAlarms(bookings: Booking[], reminderMinutes: number[], nowMs: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of bookings) {
    if (b.status !== "awaiting_payment" || !b.holdUntil) continue;
    const hold = Date.parse(b.holdUntil);
    out.set(`${EXPIRE_PREFIX}${b.id}`, hold);
    for (const at of reminderTimes(hold, reminderMinutes, nowMs)) out.set(`${REMIND_PREFIX}${b.id}:${at}`, at);
  }
  return out;
}

/**
 * Makes the browser's alarms match {@link desiredAlarms}: clears stale ones (booking paid,
 * cancelled, moved) and creates missing ones. Alarms can vanish on a browser restart, so this also
 * re-creates them; an expiry already due is scheduled a moment from now and fires at once.
 */
export async function scheduleBookingAlarms(bookings: Booking[], reminderMinutes: number[], nowMs = Date.now()) {
  const desired = desiredAlarms(bookings, reminderMinutes, nowMs);
  const existing = await browser.alarms.getAll();
  const have = new Map(existing.map((a) => [a.name, a.scheduledTime]));
  for (const a of existing) {
    if (parseAlarm(a.name) && !desired.has(a.name)) await browser.alarms.clear(a.name);
  }
  for (const [name, when] of desired) {
    const current = have.get(name);
    if (current !== undefined) {
      // A reminder's name carries its time; an expiry is re-created only when the hold moved.
      if (name.startsWith(REMIND_PREFIX) || current === when) continue;
      if (when <= nowMs && current <= nowMs + 1000) continue; // already due and about to fire
    }
    await browser.alarms.create(name, { when: Math.max(when, nowMs + 1000) });
  }
}

/** Re-plans every booking's alarms from storage and the options' payment reminder minutes. */
export async function rescheduleAllBookingAlarms(bookings?: Booking[]): Promise<void> {
  const [all, settings] = await Promise.all([bookings ?? listBookings(), getSettings()]);
  await scheduleBookingAlarms(all, settings.paymentReminderMinutes);
}
