// "Checkout became paid" for booking-page checkouts: the Worker creates the event in the host's
// calendar (docs/architecture.md "The booking page, Worker side"). Never throws: anything that
// fails stays queued and the cron retries it; a slot that became busy is refunded.
import { eventIdForBooking } from "../../../utils/booking/ids";
import { formatInZone } from "../../../utils/time-zones";
import type { CallBudget } from "../budget";
import type { Config } from "../config";
import { getCheckout, getCompletedPayment, nowIso, type PaymentRow } from "../db";
import { type CalendarEvent, getEvent, insertEvent, meetLink } from "../google/calendar";
import { NotConnected } from "../google/connection";
import { hostEventStmt } from "../host-webhooks/outbox";
import { onCheckoutPaid } from "../lifecycle/hooks";
import { CHECKOUT, PAYMENT } from "../lifecycle/machine";
import { moveStmt } from "../lifecycle/move";
import { getRefund, openRefundStmt } from "../lifecycle/refunds";
import { manageUrl } from "../manage/view";
import { ProviderError } from "../providers/http";
import { requestRefund } from "../refunds";
import { forgetBusy, hostBusy } from "./availability";
import type { BookingConfig } from "./config";
import { getReservationByBooking, type ReservationRow, reclaimSlot } from "./store";
import { feeRuleLine, langOf, receiptLine, text } from "./strings";

/** Backoff of a queued event: 1, 2, 4 … minutes, at most an hour. */
const retryDelayMs = (attempts: number) => Math.min(60, 2 ** Math.min(attempts, 6)) * 60_000;

/** The event the Worker inserts for a paid reservation (docs/architecture.md "The booking page, Worker side"). */
export function eventBody(
  r: ReservationRow,
  payment: PaymentRow | null,
  /** The checkout's refund rule and ATTENDANCE_WINDOW_HOURS, said in the description. */
  fee?: { refundable: boolean; noAnswer: "refund" | "keep"; windowHours: number },
  /** The lead's manage link: the invitation is where a lead looks for it. */
  manage: string | null = null,
): Record<string, unknown> {
  const lang = langOf(r.locale);
  const lines: string[] = [];
  if (r.notes?.trim()) lines.push(text(lang, "notes", r.lead_name), r.notes.trim(), "");
  if (payment)
    lines.push(
      receiptLine(
        lang,
        {
          provider: payment.provider,
          amount: payment.amount_value,
          currency: payment.currency,
          transactionId: payment.payment_id,
          paidAt: payment.paid_at,
        },
        r.host_time_zone,
      ),
    );
  if (fee) lines.push(feeRuleLine(lang, fee, fee.windowHours));
  if (manage) lines.push(text(lang, "manage", manage));
  lines.push(text(lang, "booked"));
  const zone = r.host_time_zone;
  return {
    id: eventIdForBooking(r.booking_id),
    summary: `${r.type_title} — ${r.lead_name}`,
    description: lines.join("\n"),
    start: { dateTime: formatInZone(Date.parse(r.start_at), zone), timeZone: zone },
    end: { dateTime: formatInZone(Date.parse(r.end_at), zone), timeZone: zone },
    attendees: [{ email: r.lead_email, displayName: r.lead_name }],
    reminders: {
      useDefault: false,
      overrides: [
        { method: "email", minutes: 60 },
        { method: "popup", minutes: 10 },
      ],
    },
    conferenceData: {
      createRequest: { requestId: r.reservation_id, conferenceSolutionKey: { type: "hangoutsMeet" } },
    },
    extendedProperties: { private: { lcPageReservation: r.reservation_id, lcBooking: r.booking_id } },
    status: "confirmed",
  };
}

async function stored(db: D1Database, r: ReservationRow, e: CalendarEvent): Promise<void> {
  forgetBusy();
  await db.batch([
    db
      .prepare(
        `UPDATE page_reservations SET event_state = 'created', event_id = ?1, html_link = ?2, meet_link = ?3,
         event_error = NULL, next_attempt_at = NULL, updated_at = ?4 WHERE reservation_id = ?5`,
      )
      .bind(e.id, e.htmlLink ?? null, meetLink(e), nowIso(), r.reservation_id),
    // Host webhooks: the page's booking is confirmed once its event exists (once: a later call
    // that only adds the Meet link is the same event key).
    hostEventStmt(db, { bookingId: r.booking_id, type: "booking.confirmed" }),
  ]);
}

async function keepQueued(db: D1Database, r: ReservationRow, error: string): Promise<void> {
  const attempts = r.event_attempts + 1;
  await db
    .prepare(
      `UPDATE page_reservations SET event_attempts = ?1, event_error = ?2, next_attempt_at = ?3, updated_at = ?4
       WHERE reservation_id = ?5 AND event_state = 'queued'`,
    )
    .bind(attempts, error, nowIso(Date.now() + retryDelayMs(attempts)), nowIso(), r.reservation_id)
    .run();
}

/**
 * The slot is no longer free: the payment goes back through the lifecycle's refund path (payment
 * `refund_due`, checkout `slot_lost` → refund_pending → refunded when it finishes) and the lead's
 * confirmation page offers other slots.
 */
async function slotLost(db: D1Database, config: Config, r: ReservationRow): Promise<void> {
  const now = nowIso();
  const payment = await getCompletedPayment(db, r.booking_id);
  const stmts = [
    db
      .prepare(
        "UPDATE page_reservations SET event_state = 'slot_lost', slot_key = NULL, updated_at = ? WHERE reservation_id = ?",
      )
      .bind(now, r.reservation_id),
    moveStmt(db, CHECKOUT, "slot_lost", { booking_id: r.booking_id }, { now }),
  ];
  if (payment) {
    const key = { provider: payment.provider, paymentId: payment.payment_id };
    stmts.push(
      moveStmt(db, PAYMENT, "refund_due", { provider: payment.provider, payment_id: payment.payment_id }, { now }),
      openRefundStmt(db, key, now),
    );
  }
  await db.batch(stmts);
  if (!payment) return;
  const due = await getRefund(db, { provider: payment.provider, paymentId: payment.payment_id });
  // A refund that fails here stays due; the cron's refund pass retries it.
  if (due?.status === "due") await requestRefund(db, config, due);
}

const overlaps = (a: number, b: number, spans: [number, number][]) => spans.some(([s, e]) => s < b && a < e);

/** One attempt at the event of a paid, queued reservation. */
async function attempt(db: D1Database, config: Config, b: BookingConfig, r: ReservationRow): Promise<void> {
  const id = eventIdForBooking(r.booking_id);
  try {
    // A crash after the insert left the event without our record of it: find it first.
    const existing = await getEvent(db, b, id);
    if (existing && existing.status !== "cancelled") return stored(db, r, existing);
    if (!(await reclaimSlot(db, r))) return slotLost(db, config, r);
    const busy = await hostBusy(db, b, Date.parse(r.block_start), Date.parse(r.block_end), true);
    if (overlaps(Date.parse(r.block_start), Date.parse(r.block_end), busy)) return slotLost(db, config, r);
    const payment = await getCompletedPayment(db, r.booking_id);
    const checkout = await getCheckout(db, r.booking_id);
    const fee = checkout && {
      refundable: checkout.refundable === 1,
      noAnswer: checkout.no_answer,
      windowHours: config.attendanceWindowHours,
    };
    try {
      return stored(
        db,
        r,
        await insertEvent(
          db,
          b,
          eventBody(r, payment, fee ?? undefined, checkout ? manageUrl(config, checkout) : null),
        ),
      );
    } catch (err) {
      // 409: an earlier attempt created it after all (its answer was lost).
      if (err instanceof ProviderError && err.status === 409) {
        const again = await getEvent(db, b, id);
        if (again) return stored(db, r, again);
      }
      throw err;
    }
  } catch (err) {
    const why =
      err instanceof NotConnected
        ? "google_disconnected: the host must reconnect Google"
        : err instanceof ProviderError
          ? `google ${err.status} ${err.code}`
          : "unexpected error";
    if (!(err instanceof NotConnected) && !(err instanceof ProviderError))
      console.error("page event failed", r.reservation_id, err instanceof Error ? err.message : "");
    await keepQueued(db, r, why);
  }
}

// "Checkout became paid" (lifecycle/hooks.ts): queue the event of a booking-page reservation and
// try to create it right away; a no-op for checkouts that are not the page's. The hook is not
// durable, so the cron also picks up paid reservations that were never queued.
onCheckoutPaid(async ({ db, config }, e) => {
  if (e.pageBooking) await createPageEventNow(db, config, e.bookingId);
});

/** Bounds one cron pass of the event queue. */
const EVENT_BATCH = 10;

/**
 * The cron's pass over the page's events: paid reservations whose event is due (or was never
 * queued because of a crash), then Meet links Google had not created yet. Returns how many
 * events it created. `dueNow` (after the host reconnects) ignores every queued event's backoff;
 * `budget` (the cron's) stops the pass before an event could overspend it.
 */
export async function retryPageEvents(
  db: D1Database,
  config: Config,
  opts: { dueNow?: boolean; budget?: CallBudget } = {},
): Promise<number> {
  const fits = () => !opts.budget || opts.budget.fitsItem();
  const b = config.booking;
  if (!b) return 0;
  const now = nowIso();
  await db
    .prepare(
      `UPDATE page_reservations SET event_state = 'queued', next_attempt_at = ?1, updated_at = ?1
       WHERE event_state = 'none'
       AND EXISTS (SELECT 1 FROM checkouts c WHERE c.booking_id = page_reservations.booking_id AND c.status = 'paid')`,
    )
    .bind(now)
    .run();
  const { results } = await db
    .prepare(
      "SELECT * FROM page_reservations WHERE event_state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
    )
    .bind(opts.dueNow ? "9999" : now, EVENT_BATCH)
    .all<ReservationRow>();
  let created = 0;
  for (const r of results) {
    if (!fits()) break;
    await attempt(db, config, b, r);
    if ((await getReservationByBooking(db, r.booking_id))?.event_state === "created") created++;
  }
  const { results: pendingMeet } = await db
    .prepare(
      "SELECT * FROM page_reservations WHERE event_state = 'created' AND meet_link IS NULL AND start_at > ? LIMIT ?",
    )
    .bind(now, EVENT_BATCH)
    .all<ReservationRow>();
  for (const r of pendingMeet) {
    if (!fits()) break;
    try {
      const e = r.event_id ? await getEvent(db, b, r.event_id) : null;
      if (e && meetLink(e)) await stored(db, r, e);
    } catch {
      // Next pass.
    }
  }
  return created;
}

/**
 * Creates the event of a paid reservation now (ignoring its backoff) and returns the state it
 * ends in — `POST /api/calendar`. Idempotent: a created event is returned as it is.
 */
export async function createPageEventNow(
  db: D1Database,
  config: Config,
  bookingId: string,
): Promise<ReservationRow | null> {
  const b = config.booking;
  if (!b) return null;
  await db
    .prepare(
      `UPDATE page_reservations SET event_state = 'queued', next_attempt_at = ?1, updated_at = ?1
       WHERE booking_id = ?2 AND event_state = 'none'`,
    )
    .bind(nowIso(), bookingId)
    .run();
  const r = await getReservationByBooking(db, bookingId);
  if (r?.event_state === "queued") await attempt(db, config, b, r);
  return getReservationByBooking(db, bookingId);
}
