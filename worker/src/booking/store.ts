// D1 access of the booking page: its settings and its reservations (migration 0005).
import * as v from "valibot";
import { BookingPageSettings, WEEKDAYS } from "../../../utils/api/booking-page";
import type { Config } from "../config";
import { nowIso } from "../db";
import type { Taken } from "./slots";

/** A row of `page_reservations`. */
export interface ReservationRow {
  reservation_id: string;
  booking_id: string;
  type_id: string;
  type_title: string;
  start_at: string;
  end_at: string;
  block_start: string;
  block_end: string;
  day: string;
  host_time_zone: string;
  slot_key: string | null;
  hold_until: string;
  lead_name: string;
  lead_email: string;
  notes: string | null;
  locale: string | null;
  lead_time_zone: string | null;
  event_state: "none" | "queued" | "created" | "slot_lost";
  event_id: string | null;
  html_link: string | null;
  meet_link: string | null;
  event_attempts: number;
  event_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The page's settings; before the host saves any, an empty page in HOST_TIME_ZONE. */
export async function getSettings(db: D1Database, config: Config): Promise<BookingPageSettings> {
  const row = await db
    .prepare("SELECT time_zone, weekly, days_off, types FROM booking_page WHERE id = 1")
    .first<{ time_zone: string; weekly: string; days_off: string; types: string }>();
  if (row) {
    // Stored through the same schema, so parsing again only fills defaults added since.
    const parsed = v.safeParse(BookingPageSettings, {
      timeZone: row.time_zone,
      weekly: JSON.parse(row.weekly),
      daysOff: JSON.parse(row.days_off),
      types: JSON.parse(row.types),
    });
    if (parsed.success) return parsed.output;
    console.error("booking_page row does not parse; serving an empty page");
  }
  return {
    timeZone: config.booking?.hostTimeZone ?? "America/Argentina/Buenos_Aires",
    weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as BookingPageSettings["weekly"],
    daysOff: [],
    types: [],
  };
}

export async function saveSettings(db: D1Database, s: BookingPageSettings): Promise<void> {
  await db
    .prepare(
      `INSERT INTO booking_page (id, time_zone, weekly, days_off, types, updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (id) DO UPDATE SET time_zone = ?1, weekly = ?2, days_off = ?3, types = ?4, updated_at = ?5`,
    )
    .bind(s.timeZone, JSON.stringify(s.weekly), JSON.stringify(s.daysOff), JSON.stringify(s.types), nowIso())
    .run();
}

/**
 * SQL condition "reservation `r` occupies its slot now" (?1 = now): it holds a slot key and its
 * hold has not ended, or its checkout is paid (a paid slot stays taken after the hold).
 */
const ACTIVE_SQL = `r.slot_key IS NOT NULL AND (r.hold_until > ?1
  OR EXISTS (SELECT 1 FROM checkouts c WHERE c.booking_id = r.booking_id AND c.status = 'paid'))`;

/**
 * Slots occupied by holds and bookings that touch [fromIso, toIso); `except` leaves one reservation
 * out (the lead's own, when offering it other times).
 */
export async function takenBetween(
  db: D1Database,
  fromIso: string,
  toIso: string,
  now = nowIso(),
  except = "",
): Promise<Taken[]> {
  const { results } = await db
    .prepare(
      `SELECT r.start_at, r.end_at, r.type_id, r.day FROM page_reservations r
       WHERE ${ACTIVE_SQL} AND r.start_at < ?3 AND r.end_at > ?2 AND r.reservation_id <> ?4`,
    )
    .bind(now, fromIso, toIso, except)
    .all<{ start_at: string; end_at: string; type_id: string; day: string }>();
  return results.map((r) => ({
    start: Date.parse(r.start_at),
    end: Date.parse(r.end_at),
    typeId: r.type_id,
    day: r.day,
  }));
}

/** Frees the slots of holds that ended unpaid (?1 = now). */
const RELEASE_SQL = `UPDATE page_reservations SET slot_key = NULL, updated_at = ?1
  WHERE slot_key IS NOT NULL AND hold_until <= ?1
  AND NOT EXISTS (SELECT 1 FROM checkouts c WHERE c.booking_id = page_reservations.booking_id AND c.status = 'paid')`;

/** Guard of a claim, also of a reschedule (?1 now, ?2 block start, ?3 block end, ?4 type, ?5 day, ?6 maxPerDay, ?7 own id). */
export const FREE_SQL = `NOT EXISTS (SELECT 1 FROM page_reservations r WHERE ${ACTIVE_SQL}
    AND r.reservation_id <> ?7 AND r.start_at < ?3 AND r.end_at > ?2)
  AND (SELECT COUNT(*) FROM page_reservations r WHERE ${ACTIVE_SQL}
    AND r.reservation_id <> ?7 AND r.type_id = ?4 AND r.day = ?5) < ?6`;

const isSlotConflict = (err: unknown) =>
  err instanceof Error && /UNIQUE constraint failed: page_reservations\.slot_key/.test(err.message);

/**
 * Claims the slot for a new reservation, atomically: one D1 batch (a transaction) frees ended
 * holds, then inserts the reservation only if its buffered block overlaps no active one and the
 * day is below maxPerDay; the unique `slot_key` makes concurrent claims of one start end with a
 * single winner. Returns whether this reservation got the slot.
 */
export async function claimSlot(db: D1Database, row: ReservationRow, maxPerDay: number): Promise<boolean> {
  const now = nowIso();
  const cols = Object.keys(row) as (keyof ReservationRow)[];
  const values = cols.map((c) => row[c]);
  try {
    const [, inserted] = await db.batch([
      db.prepare(RELEASE_SQL).bind(now),
      db
        .prepare(
          `INSERT INTO page_reservations (${cols.join(", ")})
           SELECT ${cols.map((_, i) => `?${i + 8}`).join(", ")} WHERE ${FREE_SQL}`,
        )
        .bind(now, row.block_start, row.block_end, row.type_id, row.day, maxPerDay, row.reservation_id, ...values),
    ]);
    return inserted?.meta.changes === 1;
  } catch (err) {
    if (isSlotConflict(err)) return false;
    throw err;
  }
}

/**
 * Takes the slot back for a reservation whose hold ended before its payment was accepted; false
 * when someone else holds it meanwhile (then the payment is refunded).
 */
export async function reclaimSlot(db: D1Database, row: ReservationRow): Promise<boolean> {
  if (row.slot_key !== null) return true;
  try {
    const res = await db
      .prepare(
        `UPDATE page_reservations SET slot_key = start_at, updated_at = ?1
         WHERE reservation_id = ?7 AND slot_key IS NULL AND ${FREE_SQL}`,
      )
      .bind(nowIso(), row.block_start, row.block_end, row.type_id, row.day, 1_000_000, row.reservation_id)
      .run();
    return res.meta.changes === 1;
  } catch (err) {
    if (isSlotConflict(err)) return false;
    throw err;
  }
}

/** Gives a slot up (its hold failed to become a checkout, or its payment is refunded). */
export async function releaseSlot(db: D1Database, reservationId: string): Promise<void> {
  await db
    .prepare("UPDATE page_reservations SET slot_key = NULL, updated_at = ? WHERE reservation_id = ?")
    .bind(nowIso(), reservationId)
    .run();
}

export function getReservationByBooking(db: D1Database, bookingId: string) {
  return db.prepare("SELECT * FROM page_reservations WHERE booking_id = ?").bind(bookingId).first<ReservationRow>();
}
