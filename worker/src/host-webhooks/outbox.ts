// The host-webhook outbox (docs/architecture.md "Host webhooks"): a booking event is one INSERT
// batched with the guarded move it announces, so it exists exactly when the move committed.
// Delivery (./delivery.ts) reads the stored body; nothing is rebuilt at delivery time.
import { CHECKOUT_ACTIVE, sqlList } from "../lifecycle/machine";

/** Every event a host receiver can get. */
export type HostEventType =
  | "booking.held"
  | "booking.paid"
  | "booking.confirmed"
  | "booking.cancelled"
  | "booking.rescheduled"
  | "booking.expired"
  | "booking.refunded"
  | "booking.no_show";

export const HOST_EVENT_TYPES: readonly HostEventType[] = [
  "booking.held",
  "booking.paid",
  "booking.confirmed",
  "booking.cancelled",
  "booking.rescheduled",
  "booking.expired",
  "booking.refunded",
  "booking.no_show",
];

type Value = string | number | null;

/** An SQL condition with its own `?` parameters; it may read the checkout as `c` and the reservation as `r`. */
export interface HostEventGuard {
  sql: string;
  args: readonly Value[];
}

/** What one event announces. */
export interface HostEvent {
  bookingId: string;
  type: HostEventType;
  /** Part of the idempotency key: e.g. the booking's reschedule counter for `booking.rescheduled`. */
  dedupe?: string;
  /** ISO time of the event (and of its first delivery attempt); defaults to now. */
  now?: string;
  /**
   * Replaces the default guard of `type` (see {@link defaultGuard}): the state the announced move
   * leads to, so a batch whose move lost its race (0 rows) inserts nothing either.
   */
  guard?: HostEventGuard;
}

/**
 * The state each type's move leads to, read from the checkout `c` (and its booking-page
 * reservation `r`, NULL columns for extension bookings). A batch whose guarded move did not apply
 * leaves the checkout elsewhere, so its insert selects no row. `booking.rescheduled` and
 * `booking.no_show` change nothing this table knows of: their callers pass their own guard
 * (the default only requires the checkout to exist, which the dedupe key then makes once-only).
 */
export function defaultGuard(type: HostEventType): HostEventGuard {
  switch (type) {
    case "booking.held":
      return { sql: `c.status IN ${sqlList(CHECKOUT_ACTIVE)}`, args: [] };
    case "booking.paid":
      return { sql: "c.status = 'paid'", args: [] };
    // Booking page: the Google event exists. Extension bookings are confirmed by their payment
    // (the extension itself confirms the event in the user's calendar on `paid`).
    case "booking.confirmed":
      return { sql: "(r.event_state = 'created' OR (r.booking_id IS NULL AND c.status = 'paid'))", args: [] };
    case "booking.cancelled":
      return { sql: "c.status = 'cancelled'", args: [] };
    case "booking.expired":
      return { sql: "c.status = 'expired'", args: [] };
    case "booking.refunded":
      return { sql: "c.status = 'refunded'", args: [] };
    default:
      return { sql: "1", args: [] };
  }
}

// Counts event statements made in this isolate: a request that made one (the counter moved while
// it ran) tries a delivery right after its response (./kick.ts). A statement whose batch did not
// commit only costs that try one empty query.
let generation = 0;

/** How many event statements this isolate has made so far. */
export const eventGeneration = (): number => generation;

// The event id: a random nonce per statement (?4) and the booking, so every row of a bulk insert
// gets its own id and the body's `id` is the row's (no random function evaluated twice).
const EVENT_ID = "'evt_' || ?4 || replace(c.booking_id, '-', '')";

/**
 * The body as a snapshot of this moment, built in SQL from the rows the batch just wrote: the
 * booking, the lead, the slot and the payment (the one that paid, else the newest).
 */
const BODY = `json_object(
  'id', ${EVENT_ID}, 'type', ?1, 'createdAt', ?3,
  'data', json_object(
    'booking', json_object(
      'id', c.booking_id, 'status', c.status, 'summary', c.summary, 'holdUntil', c.hold_until,
      'source', CASE WHEN r.booking_id IS NULL THEN 'extension' ELSE 'page' END,
      'typeId', r.type_id, 'refundable', json(CASE WHEN c.refundable THEN 'true' ELSE 'false' END),
      'price', json_object('value', c.amount_value, 'currency', c.currency)),
    'lead', json_object('name', r.lead_name, 'email', COALESCE(r.lead_email, c.payer_email),
      'timeZone', COALESCE(r.lead_time_zone, c.time_zone), 'locale', COALESCE(r.locale, c.locale)),
    'slot', json_object('start', c.start_at, 'end', c.end_at, 'timeZone', c.time_zone,
      'meetLink', r.meet_link, 'eventLink', r.html_link),
    'payment', json((SELECT json_object('provider', p.provider, 'transactionId', p.payment_id,
        'amount', json_object('value', p.amount_value, 'currency', p.currency), 'status', p.status, 'paidAt', p.paid_at)
      FROM payments p WHERE p.booking_id = c.booking_id
      ORDER BY CASE p.status WHEN 'completed' THEN 0 WHEN 'refunded' THEN 1 ELSE 2 END, p.created_at DESC LIMIT 1))))`;

function nonce(): string {
  return [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The outbox INSERT for every checkout `c` matching `where`: nothing when no webhook URL is
 * configured, nothing twice per (booking, type, dedupe).
 */
function insertFor(db: D1Database, type: HostEventType, dedupe: string, now: string, where: HostEventGuard) {
  generation++;
  return db
    .prepare(
      `INSERT OR IGNORE INTO host_events (event_id, booking_id, type, dedupe, body, next_attempt_at, queued_at, created_at, updated_at)
       SELECT ${EVENT_ID}, c.booking_id, ?1, ?2, ${BODY}, ?3, ?3, ?3, ?3
       FROM checkouts c LEFT JOIN page_reservations r ON r.booking_id = c.booking_id
       WHERE EXISTS (SELECT 1 FROM host_webhook WHERE id = 1) AND (${where.sql})`,
    )
    .bind(type, dedupe, now, nonce(), ...where.args);
}

/** An INSERT into the outbox, to put in the same db.batch as the guarded move it announces. */
export function hostEventStmt(
  db: D1Database,
  e: { bookingId: string; type: HostEventType; dedupe?: string; now?: string; guard?: HostEventGuard },
): D1PreparedStatement {
  const guard = e.guard ?? defaultGuard(e.type);
  return insertFor(db, e.type, e.dedupe ?? "", e.now ?? new Date().toISOString(), {
    sql: `c.booking_id = ? AND (${guard.sql})`,
    args: [e.bookingId, ...guard.args],
  });
}

/**
 * The same INSERT for every checkout a bulk move just changed (e.g. the cron's expiry sweep):
 * `where` selects them, typically by the status and `updated_at` the move stamped.
 */
export function hostEventsWhereStmt(
  db: D1Database,
  e: { type: HostEventType; where: HostEventGuard; now?: string },
): D1PreparedStatement {
  return insertFor(db, e.type, "", e.now ?? new Date().toISOString(), e.where);
}
