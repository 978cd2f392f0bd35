import { browser } from "wxt/browser";
import type { Booking } from "../../booking/types";
import { withLock } from "../../lock";
import { getSettings } from "../../settings";
import { listBookings } from "../../storage";
import { ATTEND_PREFIX, attendanceToAsk } from "./attendance";
import { reminderTimes } from "./decide";
import { holdEndMs } from "./hold-clock";

/**
 * Alarm names: `lc-expire:<bookingId>` at the hold's end, `lc-remind:<bookingId>:<epoch ms>` per
 * reminder, `lc-resume:<bookingId>` a while after a creation last moved (a worker killed
 * mid-creation is woken to pick it up even when nothing else happens), `lc-attend:<bookingId>` at
 * the end of a refundable booking's event ("did they attend?", ./attendance.ts).
 */
export const EXPIRE_PREFIX = "lc-expire:";
export const REMIND_PREFIX = "lc-remind:";
export const RESUME_PREFIX = "lc-resume:";
/** A creation that has not moved for this long is resumed (its steps take seconds). */
export const RESUME_AFTER_MS = 60_000;

/** Parses a tracker alarm name; null for other alarms. */
export function parseAlarm(
  name: string,
): { kind: "expire" | "remind" | "resume" | "attend"; bookingId: string } | null {
  if (name.startsWith(ATTEND_PREFIX)) return { kind: "attend", bookingId: name.slice(ATTEND_PREFIX.length) };
  if (name.startsWith(EXPIRE_PREFIX)) return { kind: "expire", bookingId: name.slice(EXPIRE_PREFIX.length) };
  if (name.startsWith(RESUME_PREFIX)) return { kind: "resume", bookingId: name.slice(RESUME_PREFIX.length) };
  if (name.startsWith(REMIND_PREFIX)) {
    const rest = name.slice(REMIND_PREFIX.length);
    const cut = rest.lastIndexOf(":");
    return cut > 0 ? { kind: "remind", bookingId: rest.slice(0, cut) } : null;
  }
  return null;
}

/**
 * Every per-booking alarm that should exist: for bookings awaiting payment, expiry at the hold's
 * end on this browser's clock and reminders before it (a paid or ended booking gets none, so no
 * reminder after payment); for bookings in `creating`, one resume alarm; for confirmed bookings
 * that refund their fee on attendance and were not asked yet, the question at the event's end.
 */
export function desiredAlarms(bookings: Booking[], reminderMinutes: number[], nowMs: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of bookings) {
    if (b.status === "creating") out.set(`${RESUME_PREFIX}${b.id}`, Date.parse(b.updatedAt) + RESUME_AFTER_MS);
    if (attendanceToAsk(b)) out.set(`${ATTEND_PREFIX}${b.id}`, Date.parse(b.end));
    const hold = holdEndMs(b);
    if (b.status !== "awaiting_payment" || hold === undefined) continue;
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
export function scheduleBookingAlarms(bookings: Booking[], reminderMinutes: number[], nowMs = Date.now()) {
  // One plan at a time: two overlapping runs could each clear what the other just created.
  return withLock("alarm-plan", () => applyPlan(bookings, reminderMinutes, nowMs));
}

async function applyPlan(bookings: Booking[], reminderMinutes: number[], nowMs: number): Promise<void> {
  const desired = desiredAlarms(bookings, reminderMinutes, nowMs);
  const existing = await browser.alarms.getAll();
  const have = new Map(existing.map((a) => [a.name, a.scheduledTime]));
  for (const a of existing) {
    if (parseAlarm(a.name) && !desired.has(a.name)) await browser.alarms.clear(a.name);
  }
  for (const [name, when] of desired) {
    const current = have.get(name);
    if (current !== undefined) {
      // A reminder's name carries its time; an expiry or resume is re-created only when it moved.
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
