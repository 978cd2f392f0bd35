import type { CheckoutStatus, Provider } from "../../utils/api/contract";
import { hostEventStmt } from "./host-webhooks/outbox";
import { CHECKOUT, ORDER, type OrderStatus, type PaymentStatus, type RefundStatus } from "./lifecycle/machine";
import { move, moveStmt } from "./lifecycle/move";

/** A row of `checkouts`. */
export interface CheckoutRow {
  booking_id: string;
  checkout_id: string;
  secret_hash: string;
  status: CheckoutStatus;
  summary: string;
  start_at: string;
  end_at: string;
  time_zone: string;
  hold_until: string;
  amount_value: string;
  currency: string;
  payer_email: string | null;
  locale: string | null;
  /** Shown on the checkout page (migration 0006). */
  organizer_name: string | null;
  organizer_email: string | null;
  /** 1 when the fee is refunded if the lead attends. */
  refundable: number;
  /** A refundable fee's fate when the host does not answer in time (migration 0008). */
  no_answer: "refund" | "keep";
  /** The lead's manage-page capability (migration 0007); null on checkouts older than it. */
  manage_token: string | null;
  /** When the lead cancelled the paid booking, and whether the fee went back (1) or was kept (0). */
  lead_cancelled_at: string | null;
  lead_refund: number | null;
  /** Times the lead moved the booking. */
  reschedules: number;
  /** The providers it may be paid with, comma list; null = every live one (migration 0010). */
  providers: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `provider_orders`. */
export interface ProviderOrderRow {
  provider: Provider;
  order_id: string;
  booking_id: string;
  reference: string;
  status: OrderStatus;
  amount_value: string;
  currency: string;
  expires_at: string | null;
  details: string | null;
  created_at: string;
  updated_at: string;
  /** Cron looks that found nothing final; drives the backoff. */
  attempts: number;
  /** When the cron should look next ('' = now). */
  next_check_at: string;
}

/** A row of `payments`. */
export interface PaymentRow {
  provider: Provider;
  payment_id: string;
  booking_id: string;
  order_id: string;
  amount_value: string;
  currency: string;
  status: PaymentStatus;
  paid_at: string;
  created_at: string;
  updated_at: string | null;
}

/** A row of `refunds`: the refund of one payment, driven by the cron until `completed`. */
export interface RefundRow {
  provider: Provider;
  payment_id: string;
  booking_id: string;
  order_id: string;
  amount_value: string;
  currency: string;
  status: RefundStatus;
  /** The provider's id for the latest request, once it gave one. */
  refund_id: string | null;
  /** Requests the provider rejected so far; part of the idempotency key of the next one. */
  round: number;
  attempts: number;
  next_check_at: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** Current time as the ISO UTC string every table stores. */
export function nowIso(now = Date.now()): string {
  return new Date(now).toISOString();
}

export function getCheckout(db: D1Database, bookingId: string) {
  return db.prepare("SELECT * FROM checkouts WHERE booking_id = ?").bind(bookingId).first<CheckoutRow>();
}

export function getCheckoutByCheckoutId(db: D1Database, checkoutId: string) {
  return db.prepare("SELECT * FROM checkouts WHERE checkout_id = ?").bind(checkoutId).first<CheckoutRow>();
}

/**
 * Inserts unless the booking exists, announcing `booking.held` in the same batch (host webhooks);
 * returns whether this call created it.
 */
export async function insertCheckout(db: D1Database, row: CheckoutRow): Promise<boolean> {
  const cols = Object.keys(row) as (keyof CheckoutRow)[];
  const [res] = await db.batch([
    db
      .prepare(
        `INSERT INTO checkouts (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})
       ON CONFLICT (booking_id) DO NOTHING`,
      )
      .bind(...cols.map((c) => row[c])),
    hostEventStmt(db, { bookingId: row.booking_id, type: "booking.held", now: row.created_at }),
  ]);
  return res?.meta.changes === 1;
}

/**
 * Marks a checkout expired once its hold has run out (guarded, so a payment committed first wins).
 * Returns the row as it now stands.
 */
export async function expireIfDue(db: D1Database, row: CheckoutRow, now = nowIso()): Promise<CheckoutRow> {
  if ((row.status !== "open" && row.status !== "pending") || row.hold_until > now) return row;
  await db.batch([
    moveStmt(
      db,
      CHECKOUT,
      "expire",
      { booking_id: row.booking_id },
      { now, also: { sql: "hold_until <= ?", args: [now] } },
    ),
    hostEventStmt(db, { bookingId: row.booking_id, type: "booking.expired", now }),
  ]);
  return (await getCheckout(db, row.booking_id)) ?? row;
}

/** The payment that paid the checkout, if any. */
export function getCompletedPayment(db: D1Database, bookingId: string) {
  return db
    .prepare("SELECT * FROM payments WHERE booking_id = ? AND status = 'completed' ORDER BY created_at LIMIT 1")
    .bind(bookingId)
    .first<PaymentRow>();
}

/**
 * The payment that paid a `paid` checkout, also once an attendance answer refunded it (the
 * booking happened, so its receipt stays).
 */
export function getFeePayment(db: D1Database, bookingId: string) {
  return db
    .prepare(
      `SELECT * FROM payments WHERE booking_id = ?1 AND (status = 'completed' OR payment_id IN
         (SELECT payment_id FROM attendance WHERE booking_id = ?1)) ORDER BY created_at LIMIT 1`,
    )
    .bind(bookingId)
    .first<PaymentRow>();
}

export function getProviderOrder(db: D1Database, provider: Provider, orderId: string) {
  return providerOrderStmt(db, provider, orderId).first<ProviderOrderRow>();
}

function providerOrderStmt(db: D1Database, provider: Provider, orderId: string) {
  return db.prepare("SELECT * FROM provider_orders WHERE provider = ? AND order_id = ?").bind(provider, orderId);
}

/** The newest order of a provider for a reference (custom_id / merchantTradeNo / external_reference). */
export function getProviderOrderByReference(db: D1Database, provider: Provider, reference: string) {
  return db
    .prepare("SELECT * FROM provider_orders WHERE provider = ? AND reference = ? ORDER BY created_at DESC LIMIT 1")
    .bind(provider, reference)
    .first<ProviderOrderRow>();
}

/** The newest still-open order of a provider for a booking, to reuse instead of creating another. */
export function getOpenOrder(db: D1Database, provider: Provider, bookingId: string) {
  return db
    .prepare(
      "SELECT * FROM provider_orders WHERE provider = ? AND booking_id = ? AND status = 'open' ORDER BY created_at DESC LIMIT 1",
    )
    .bind(provider, bookingId)
    .first<ProviderOrderRow>();
}

export async function insertProviderOrder(
  db: D1Database,
  row: Omit<ProviderOrderRow, "status" | "updated_at" | "attempts" | "next_check_at">,
) {
  await db
    .prepare(
      `INSERT INTO provider_orders (provider, order_id, booking_id, reference, status, amount_value, currency, expires_at, details, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, order_id) DO NOTHING`,
    )
    .bind(
      row.provider,
      row.order_id,
      row.booking_id,
      row.reference,
      row.amount_value,
      row.currency,
      row.expires_at,
      row.details,
      row.created_at,
      row.created_at,
    )
    .run();
}

/** Closes an order locally once the provider no longer accepts payment for it. */
export function closeProviderOrder(db: D1Database, provider: Provider, orderId: string): Promise<boolean> {
  return move(db, ORDER, "close", { provider, order_id: orderId });
}

/** Has this provider event already been applied? */
export async function seenEvent(db: D1Database, provider: Provider, eventId: string): Promise<boolean> {
  return (await seenEventStmt(db, provider, eventId).first()) !== null;
}

function seenEventStmt(db: D1Database, provider: Provider, eventId: string) {
  return db.prepare("SELECT 1 AS x FROM webhook_events WHERE provider = ? AND event_id = ?").bind(provider, eventId);
}

/**
 * {@link seenEvent} and {@link getProviderOrder} in one D1 round trip: the two reads every
 * payment webhook starts with (a webhook's latency is mostly its D1 round trips).
 */
export async function seenEventAndOrder(db: D1Database, provider: Provider, eventId: string, orderId: string) {
  const [seen, order] = await db.batch([
    seenEventStmt(db, provider, eventId),
    providerOrderStmt(db, provider, orderId),
  ]);
  return {
    seen: (seen?.results.length ?? 0) > 0,
    order: (order?.results[0] as ProviderOrderRow | undefined) ?? null,
  };
}

/** Statement recording an applied provider event (to batch with the writes it caused). */
export function recordEventStmt(
  db: D1Database,
  provider: Provider,
  eventId: string,
  type: string,
  bookingId: string | null,
) {
  return db
    .prepare(
      "INSERT INTO webhook_events (provider, event_id, event_type, booking_id, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(provider, eventId, type, bookingId, nowIso());
}

/** Moves an open checkout to `pending` (a provider reports a payment in progress). */
export function markPendingStmt(db: D1Database, bookingId: string) {
  return moveStmt(db, CHECKOUT, "payment_started", { booking_id: bookingId });
}
