import { runAttendance } from "./attendance";
import { retryPageEvents } from "./booking/events";
import { type Config, getConfig } from "./config";
import { type CheckoutRow, getCheckout, nowIso, type ProviderOrderRow, type RefundRow } from "./db";
import type { Env } from "./env";
import { deliverDue, PASS_LIMITS } from "./host-webhooks/delivery";
import { hostEventsWhereStmt } from "./host-webhooks/outbox";
import { CHECKOUT, ORDER } from "./lifecycle/machine";
import { move, moveStmt } from "./lifecycle/move";
import { nextCheckAt } from "./lifecycle/schedule";
import { retryHostEvents } from "./manage/host-calendar";
import { applyPayPalStatus, capturePayPal, closeOrdersFor, confirmBinance, watchMercadoPago } from "./orders";
import * as paypal from "./providers/paypal";
import { checkRefund, requestRefund } from "./refunds";

/** Bounds one cron pass so it always finishes well inside the scheduled handler's limits. */
const BATCH = 50;

/** What one pass did, for logs and tests. */
export interface CronReport {
  reconciled: number;
  paid: number;
  expired: number;
  closed: number;
  refunded: number;
  errors: number;
  /** Booking-page events created (queued ones retried). */
  pageEvents: number;
  /** Attendance questions the host left unanswered past the window: the default applied. */
  attendanceDefaulted: number;
  /** Host webhook deliveries that got a 2xx, and those given up after 24 h. */
  hooksDelivered: number;
  hooksFailed: number;
}

/**
 * The every-5-minutes pass: (1) ask providers about open orders, which finds payments whose
 * webhook never came; (2) expire holds that ran out; (3) close the provider orders of expired and
 * cancelled checkouts; (4) open attendance questions of ended refundable bookings and apply the
 * host's default to unanswered ones; (5) retry refunds that failed (and request the new ones);
 * (6) create the booking page's queued events; (7) deliver host webhooks.
 */
export async function runCron(env: Env): Promise<CronReport> {
  const config = getConfig(env);
  const db = env.DB;
  const report: CronReport = {
    reconciled: 0,
    paid: 0,
    expired: 0,
    closed: 0,
    refunded: 0,
    errors: 0,
    pageEvents: 0,
    attendanceDefaulted: 0,
    hooksDelivered: 0,
    hooksFailed: 0,
  };

  const { results: orders } = await db
    .prepare(
      "SELECT * FROM provider_orders WHERE status = 'open' AND next_check_at <= ? ORDER BY next_check_at LIMIT ?",
    )
    .bind(nowIso(), BATCH)
    .all<ProviderOrderRow>();
  for (const order of orders) {
    try {
      const outcome = await reconcileOrder(db, config, order);
      report.reconciled++;
      if (outcome === "paid") report.paid++;
      // Nothing final yet: look again later, less often each time.
      await move(
        db,
        ORDER,
        "checked",
        { provider: order.provider, order_id: order.order_id },
        { set: { next_check_at: nextCheckAt("order", order.attempts) }, increment: ["attempts"] },
      );
    } catch (err) {
      report.errors++;
      console.error("reconcile failed", order.provider, order.order_id, err instanceof Error ? err.message : "");
    }
  }

  const now = nowIso();
  // The sweep stamps `now` into updated_at: that is how the host-webhook insert finds its rows.
  const [expired] = await db.batch([
    moveStmt(db, CHECKOUT, "expire", {}, { now, also: { sql: "hold_until <= ?", args: [now] } }),
    hostEventsWhereStmt(db, {
      type: "booking.expired",
      now,
      where: { sql: "c.status = 'expired' AND c.updated_at = ?", args: [now] },
    }),
  ]);
  report.expired = expired?.meta.changes ?? 0;

  const { results: stale } = await db
    .prepare(
      `SELECT DISTINCT o.booking_id FROM provider_orders o JOIN checkouts c ON c.booking_id = o.booking_id
       WHERE o.status = 'open' AND c.status IN ('expired','cancelled','refunded') LIMIT ?`,
    )
    .bind(BATCH)
    .all<{ booking_id: string }>();
  for (const { booking_id } of stale) {
    try {
      await closeOrdersFor(db, config, booking_id);
      report.closed++;
    } catch (err) {
      report.errors++;
      console.error("close failed", booking_id, err instanceof Error ? err.message : "");
    }
  }

  try {
    report.attendanceDefaulted = (await runAttendance(db, config)).defaulted;
  } catch (err) {
    report.errors++;
    console.error("attendance pass failed", err instanceof Error ? err.message : "");
  }

  const { results: refunds } = await db
    .prepare("SELECT * FROM refunds WHERE status != 'completed' AND next_check_at <= ? ORDER BY next_check_at LIMIT ?")
    .bind(nowIso(), BATCH)
    .all<RefundRow>();
  for (const r of refunds) {
    // Due: ask for it (again). Requested: ask where it stands (its webhook may never come).
    const state = r.status === "due" ? await requestRefund(db, config, r) : await checkRefund(db, config, r);
    if (state === "completed") report.refunded++;
  }
  report.pageEvents = await retryPageEvents(db, config);
  // Deletes and moves of the page's events the leads asked for on their manage pages.
  await retryHostEvents(db, config);
  // Last: every event the steps above queued goes out in this same pass.
  const hooks = await deliverDue(db, config, PASS_LIMITS.cron);
  report.hooksDelivered = hooks.delivered;
  report.hooksFailed = hooks.failed;
  return report;
}

/** Asks the provider where one open order stands and applies a final payment if there is one. */
async function reconcileOrder(db: D1Database, config: Config, order: ProviderOrderRow) {
  if (order.provider === "binance") return config.binance ? confirmBinance(db, config, order) : "skipped";
  if (order.provider === "paypal") {
    if (!config.paypal) return "skipped";
    const o = await paypal.getOrder(config.paypal, order.order_id);
    if (o.status === "APPROVED") {
      const row: CheckoutRow | null = await getCheckout(db, order.booking_id);
      if (row && (row.status === "open" || row.status === "pending") && row.hold_until > nowIso())
        return capturePayPal(db, config, row, order);
      return "not_final";
    }
    const capture = paypal.firstCapture(o);
    // Any capture status: a DECLINED one closes the order, so the payer's next try gets a new one.
    if (o.status === "COMPLETED" && capture)
      return applyPayPalStatus(db, config, order, capture, o.purchase_units?.[0]?.custom_id);
    return "not_final";
  }
  if (!config.mercadopago) return "skipped";
  return watchMercadoPago(db, config, order);
}
