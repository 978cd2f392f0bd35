// The host-calendar write a lead's cancel or reschedule owes (page_reservations.google_pending):
// delete the event or move it, with sendUpdates=all so Google tells the lead. Done right after
// the change commits; whatever fails stays pending and the cron's pass retries it.
import { formatInZone } from "../../../utils/time-zones";
import { forgetBusy } from "../booking/availability";
import type { ReservationRow } from "../booking/store";
import type { Config } from "../config";
import { nowIso } from "../db";
import { deleteEvent, patchEvent } from "../google/calendar";

const BATCH = 10;

/** Does the write one reservation owes; true when nothing is owed any more. Never throws. */
export async function syncHostEvent(db: D1Database, config: Config, reservationId: string): Promise<boolean> {
  const b = config.booking;
  const r = await db
    .prepare("SELECT * FROM page_reservations WHERE reservation_id = ?")
    .bind(reservationId)
    .first<ReservationRow & { google_pending: "move" | "delete" | null }>();
  if (!b || !r?.google_pending) return true;
  try {
    if (r.event_id && r.google_pending === "delete") await deleteEvent(db, b, r.event_id);
    if (r.event_id && r.google_pending === "move") {
      const zone = r.host_time_zone;
      await patchEvent(db, b, r.event_id, {
        start: { dateTime: formatInZone(Date.parse(r.start_at), zone), timeZone: zone },
        end: { dateTime: formatInZone(Date.parse(r.end_at), zone), timeZone: zone },
      });
    }
    forgetBusy();
    // Cleared only if no newer change was queued meanwhile (same kind and same times).
    await db
      .prepare(
        `UPDATE page_reservations SET google_pending = NULL, updated_at = ?
         WHERE reservation_id = ? AND google_pending = ? AND start_at = ?`,
      )
      .bind(nowIso(), r.reservation_id, r.google_pending, r.start_at)
      .run();
    return true;
  } catch (err) {
    console.error("host calendar write failed", r.reservation_id, err instanceof Error ? err.message : "");
    await db
      .prepare("UPDATE page_reservations SET google_attempts = google_attempts + 1 WHERE reservation_id = ?")
      .bind(r.reservation_id)
      .run();
    return false;
  }
}

/** The cron's pass: every reservation whose event still owes a delete or a move. Returns how many were done. */
export async function retryHostEvents(db: D1Database, config: Config): Promise<number> {
  if (!config.booking) return 0;
  const { results } = await db
    .prepare(
      "SELECT reservation_id FROM page_reservations WHERE google_pending IS NOT NULL ORDER BY updated_at LIMIT ?",
    )
    .bind(BATCH)
    .all<{ reservation_id: string }>();
  let done = 0;
  for (const { reservation_id } of results) if (await syncHostEvent(db, config, reservation_id)) done++;
  return done;
}
