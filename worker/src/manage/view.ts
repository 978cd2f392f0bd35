// What the lead's manage page shows (utils/api/manage.ts ManageView), read-only: nothing here writes.
import type { CheckoutReceipt } from "../../../utils/api/contract";
import type { ManageState, ManageView } from "../../../utils/api/manage";
import { getReservationByBooking, getSettings, type ReservationRow } from "../booking/store";
import type { Config } from "../config";
import type { CheckoutRow, PaymentRow, RefundRow } from "../db";
import { refundApplies, refundDeadline, refundHours } from "./policy";

/** Manage tokens have the form of checkout ids: base64url of 16 random bytes. */
export const MANAGE_TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** The checkout a manage token opens, or null (malformed or unknown: the same 404). */
export async function checkoutByToken(db: D1Database, token: string): Promise<CheckoutRow | null> {
  if (!MANAGE_TOKEN.test(token)) return null;
  return db.prepare("SELECT * FROM checkouts WHERE manage_token = ?").bind(token).first<CheckoutRow>();
}

/** The manage page's URL of a checkout (null for checkouts made before manage tokens existed). */
export function manageUrl(config: Config, row: Pick<CheckoutRow, "manage_token">): string | null {
  return row.manage_token ? `${config.publicBaseUrl}/manage/${row.manage_token}` : null;
}

/** The page reservation of a checkout, when the booking page is on and it has one. */
export function reservationOf(db: D1Database, config: Config, bookingId: string): Promise<ReservationRow | null> {
  return config.booking ? getReservationByBooking(db, bookingId) : Promise.resolve(null);
}

/** The refund window that applies: the booking type's own, else CANCEL_REFUND_HOURS. */
export async function hoursFor(db: D1Database, config: Config, r: ReservationRow | null): Promise<number> {
  if (!r) return config.cancelRefundHours;
  const type = (await getSettings(db, config)).types.find((t) => t.id === r.type_id);
  return refundHours(config.cancelRefundHours, type?.cancelRefundHours);
}

/** The payment that paid the booking, whatever happened to it since (refunded or not). */
export function payingPayment(db: D1Database, bookingId: string) {
  return db
    .prepare("SELECT * FROM payments WHERE booking_id = ? ORDER BY created_at, payment_id LIMIT 1")
    .bind(bookingId)
    .first<PaymentRow>();
}

/** Everything a manage request decides on. */
export interface ManageContext {
  row: CheckoutRow;
  reservation: ReservationRow | null;
  hours: number;
  startMs: number;
  state: ManageState;
}

export async function manageContext(db: D1Database, config: Config, row: CheckoutRow): Promise<ManageContext> {
  const reservation = await reservationOf(db, config, row.booking_id);
  const state: ManageState = row.lead_cancelled_at
    ? "cancelled"
    : row.status !== "paid"
      ? "inactive"
      : reservation && reservation.event_state !== "created"
        ? "creating"
        : "booked";
  return {
    row,
    reservation,
    hours: await hoursFor(db, config, reservation),
    startMs: Date.parse(reservation?.start_at ?? row.start_at),
    state,
  };
}

/** The page's view of one booking at `nowMs`. */
export async function manageView(db: D1Database, m: ManageContext, nowMs = Date.now()): Promise<ManageView> {
  const { row, reservation: r } = m;
  const endMs = Date.parse(r?.end_at ?? row.end_at);
  const deadline = refundDeadline(m.startMs, m.hours);
  const paidOnce = row.status === "paid" || row.lead_cancelled_at !== null;
  const p = paidOnce ? await payingPayment(db, row.booking_id) : null;
  const refund = p
    ? await db
        .prepare("SELECT * FROM refunds WHERE provider = ? AND payment_id = ?")
        .bind(p.provider, p.payment_id)
        .first<RefundRow>()
    : null;
  const payment: CheckoutReceipt | null = p
    ? {
        provider: p.provider,
        amount: p.amount_value,
        currency: p.currency,
        transactionId: p.payment_id,
        paidAt: p.paid_at,
      }
    : null;
  const booked = m.state === "booked" && nowMs < m.startMs;
  return {
    kind: r ? "page" : "extension",
    title: r?.type_title ?? row.summary,
    start: new Date(m.startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    hostTimeZone: r?.host_time_zone ?? row.time_zone,
    leadTimeZone: r?.lead_time_zone ?? null,
    locale: r?.locale ?? row.locale,
    state: m.state,
    checkoutStatus: row.status,
    meetLink: m.state === "booked" ? (r?.meet_link ?? null) : null,
    payment,
    refund: refund
      ? {
          status: refund.status === "completed" ? "completed" : "pending",
          amount: refund.amount_value,
          currency: refund.currency,
          at: refund.updated_at,
        }
      : null,
    policy: {
      hours: m.hours,
      deadline: new Date(deadline).toISOString(),
      refundNow: refundApplies(m.startMs, m.hours, nowMs),
    },
    cancelled: row.lead_cancelled_at ? { at: row.lead_cancelled_at, refunded: row.lead_refund === 1 } : null,
    canCancel: booked,
    canReschedule: booked && nowMs <= deadline,
    durationMinutes: Math.round((endMs - m.startMs) / 60_000),
    reschedules: row.reschedules,
    typeId: r?.type_id ?? null,
  };
}
