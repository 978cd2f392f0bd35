import { runAttendance } from "./attendance";
import { retryPageEvents } from "./booking/events";
import { CallBudget, HOOK_CALLS_RESERVED, withBudget } from "./budget";
import { getConfig } from "./config";
import { nowIso, type ProviderOrderRow, type RefundRow } from "./db";
import type { Env } from "./env";
import { deliverDue, PASS_LIMITS } from "./host-webhooks/delivery";
import { hostEventsWhereStmt } from "./host-webhooks/outbox";
import { CHECKOUT, ORDER } from "./lifecycle/machine";
import { move, moveStmt } from "./lifecycle/move";
import { nextCheckAt } from "./lifecycle/schedule";
import { retryHostEvents } from "./manage/host-calendar";
import { closeOrdersFor } from "./orders";
import { reconcileOrder } from "./orders/reconcile";
import { checkRefund, requestRefund } from "./refunds";

/** Rows one pass reads per kind at least; a larger call budget reads as many as it can call for. */
const BATCH = 50;
/** Never more rows than this per kind and pass, whatever the budget. */
const MAX_BATCH = 1000;

/** Rate-limit windows end within minutes; a row older than this counts nothing. */
const RATE_LIMIT_KEEP_S = 3600;
/** Webhook ids are kept this long to drop redeliveries (PayPal retries for 3 days). */
const WEBHOOK_EVENTS_KEEP_MS = 30 * 86_400_000;
/** Rows one pass deletes per table, so pruning a large backlog never makes a pass slow. */
const PRUNE_BATCH = 1000;

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
  /** Outbound calls made (provider and Google APIs), at most the budget. */
  calls: number;
  /** Rows left for a later pass because the call budget ran out. */
  deferred: number;
  /** Old rate-limit and webhook-id rows deleted. */
  pruned: number;
  /** Attendance questions the host left unanswered past the window: the default applied. */
  attendanceDefaulted: number;
  /** Host webhook deliveries that got a 2xx, and those given up after 24 h. */
  hooksDelivered: number;
  hooksFailed: number;
}

/**
 * The every-minute pass: (1) ask providers about open orders, which finds payments whose
 * webhook never came; (2) expire holds that ran out; (3) close the provider orders of expired and
 * cancelled checkouts; (4) open attendance questions of ended refundable bookings and apply the
 * host's default to unanswered ones; (5) retry refunds that failed (and request the new ones);
 * (6) create the booking page's queued events and apply the leads' moves and deletes; (7) deliver
 * host webhooks; (8) prune. Every row that gets no final answer is looked at again later, less
 * often each time (lifecycle/schedule.ts), and passes take the most overdue rows first, so a row
 * that always fails never crowds out fresh ones. All provider and Google calls of a pass share one
 * budget (worker/src/budget.ts).
 */
export async function runCron(
  env: Env,
  budget = new CallBudget(getConfig(env).cronCallBudget, HOOK_CALLS_RESERVED),
): Promise<CronReport> {
  return withBudget(budget, () => pass(env, budget));
}

async function pass(env: Env, budget: CallBudget): Promise<CronReport> {
  const config = getConfig(env);
  const db = env.DB;
  const rows = Math.min(MAX_BATCH, Math.max(BATCH, budget.limit));
  const report: CronReport = {
    reconciled: 0,
    paid: 0,
    expired: 0,
    closed: 0,
    refunded: 0,
    errors: 0,
    pageEvents: 0,
    calls: 0,
    deferred: 0,
    pruned: 0,
    attendanceDefaulted: 0,
    hooksDelivered: 0,
    hooksFailed: 0,
  };

  const { results: orders } = await db
    .prepare(
      "SELECT * FROM provider_orders WHERE status = 'open' AND next_check_at <= ? ORDER BY next_check_at LIMIT ?",
    )
    .bind(nowIso(), rows)
    .all<ProviderOrderRow>();
  for (const [i, order] of orders.entries()) {
    if (!budget.fitsItem()) {
      report.deferred += orders.length - i;
      break;
    }
    try {
      const outcome = await reconcileOrder(db, config, order);
      report.reconciled++;
      if (outcome === "paid") report.paid++;
    } catch (err) {
      report.errors++;
      console.error("reconcile failed", order.provider, order.order_id, err instanceof Error ? err.message : "");
    }
    // Nothing final yet (or the call failed): look again later, less often each time. A paid or
    // closed order is left alone by the guard.
    await move(
      db,
      ORDER,
      "checked",
      { provider: order.provider, order_id: order.order_id },
      { set: { next_check_at: nextCheckAt("order", order.attempts) }, increment: ["attempts"] },
    );
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
      `SELECT o.booking_id FROM provider_orders o JOIN checkouts c ON c.booking_id = o.booking_id
       WHERE o.status = 'open' AND c.status IN ('expired','cancelled','refunded')
       GROUP BY o.booking_id ORDER BY MIN(o.next_check_at) LIMIT ?`,
    )
    .bind(BATCH)
    .all<{ booking_id: string }>();
  for (const [i, { booking_id }] of stale.entries()) {
    if (!budget.fitsItem()) {
      report.deferred += stale.length - i;
      break;
    }
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
    .bind(nowIso(), rows)
    .all<RefundRow>();
  for (const [i, r] of refunds.entries()) {
    if (!budget.fitsItem()) {
      report.deferred += refunds.length - i;
      break;
    }
    // Due: ask for it (again). Requested: ask where it stands (its webhook may never come).
    const state = r.status === "due" ? await requestRefund(db, config, r) : await checkRefund(db, config, r);
    if (state === "completed") report.refunded++;
  }
  if (budget.fitsItem()) report.pageEvents = await retryPageEvents(db, config, { budget });
  // Deletes and moves of the page's events the leads asked for on their manage pages.
  if (budget.fitsItem()) await retryHostEvents(db, config);
  // Then every event the steps above queued goes out in this same pass, within what is left of
  // the call budget (each POST to the host's receiver is a subrequest too).
  budget.reserve = 0;
  const hooks = await deliverDue(db, config, {
    ...PASS_LIMITS.cron,
    limit: Math.min(PASS_LIMITS.cron.limit, budget.left),
  });
  report.hooksDelivered = hooks.delivered;
  report.hooksFailed = hooks.failed;
  report.pruned = await prune(db);
  report.calls = budget.used;
  return report;
}

/** Deletes rate-limit windows and webhook ids nobody needs any more, a bounded number per pass. */
async function prune(db: D1Database): Promise<number> {
  const limitsBefore = Math.floor(Date.now() / 1000) - RATE_LIMIT_KEEP_S;
  const eventsBefore = new Date(Date.now() - WEBHOOK_EVENTS_KEEP_MS).toISOString();
  const [limits, events] = await db.batch([
    db
      .prepare("DELETE FROM rate_limits WHERE rowid IN (SELECT rowid FROM rate_limits WHERE window_start < ? LIMIT ?)")
      .bind(limitsBefore, PRUNE_BATCH),
    db
      .prepare(
        "DELETE FROM webhook_events WHERE rowid IN (SELECT rowid FROM webhook_events WHERE received_at < ? LIMIT ?)",
      )
      .bind(eventsBefore, PRUNE_BATCH),
  ]);
  return (limits?.meta.changes ?? 0) + (events?.meta.changes ?? 0);
}
