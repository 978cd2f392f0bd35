// Delivering the outbox (docs/architecture.md "Host webhooks"): POST each pending event's stored
// body, signed, to the host's URL; a 2xx delivers it, anything else retries with a backoff for
// 24 h, then it is failed (replay re-queues it). A booking's later event waits while an earlier
// one is pending, so a receiver sees each booking's events in order.
import { spendCall } from "../budget";
import type { Config } from "../config";
import { nowIso } from "../db";
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from "./sign";
import { loadHostWebhook } from "./store";

/** A row of `host_events`. */
export interface HostEventRow {
  seq: number;
  event_id: string;
  booking_id: string;
  type: string;
  dedupe: string;
  body: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  last_status: number | null;
  queued_at: string;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** How long an event is retried after it was queued (or replayed) before it is failed. */
export const GIVE_UP_MS = 24 * 3600_000;

/** Bounds of one pass: the cron's, and the first try right after a request committed. */
export const PASS_LIMITS = {
  cron: { limit: 50, budgetMs: 25_000 },
  kick: { limit: 10, budgetMs: 15_000, trustRecentAbsence: true },
} as const;

export interface DeliveryOptions {
  /** Most deliveries attempted in this pass. */
  limit: number;
  /** No new delivery starts once this much time has passed since the pass began. */
  budgetMs: number;
  /** Skip the receiver lookup when this isolate saw none configured lately (the first try only). */
  trustRecentAbsence?: boolean;
  /** Receiver call timeout. */
  timeoutMs?: number;
  /** Injectable clock and fetch (tests). */
  clock?: () => number;
  fetch?: typeof fetch;
}

export interface DeliveryReport {
  delivered: number;
  retried: number;
  failed: number;
}

const TIMEOUT_MS = 10_000;
const MAX_RETRY_MS = 3600_000;

/**
 * When to try again after `attempts` failed attempts: the first retry after `firstMs` (a minute:
 * a receiver down for a deploy hears again soon), doubling up to an hour, ±10 % so a burst of
 * events queued together does not keep coming due together.
 */
export function retryAt(firstMs: number, attempts: number, nowMs: number, random = Math.random): string {
  const delay = Math.min(MAX_RETRY_MS, firstMs * 2 ** Math.min(Math.max(attempts - 1, 0), 20));
  return new Date(nowMs + Math.round(delay * (0.9 + 0.2 * random()))).toISOString();
}

// Pending, due, not being delivered by someone else, and no earlier event of its booking pending.
const DUE = `SELECT * FROM host_events e
  WHERE e.status = 'pending' AND e.next_attempt_at <= ?1 AND (e.lease_until IS NULL OR e.lease_until <= ?1)
  AND NOT EXISTS (SELECT 1 FROM host_events p WHERE p.booking_id = e.booking_id AND p.seq < e.seq AND p.status = 'pending')
  ORDER BY e.seq LIMIT ?2`;

/**
 * One delivery pass, bounded by `limit` and `budgetMs`. It selects again after each round, so a
 * booking's next event goes out in the same pass once the one before it was delivered.
 */
export async function deliverDue(db: D1Database, config: Config, opts: DeliveryOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retried: 0, failed: 0 };
  if (!config.booking) return report;
  const hook = await loadHostWebhook(db, config.booking, { trustRecentAbsence: opts.trustRecentAbsence });
  if (!hook) return report;
  const clock = opts.clock ?? Date.now;
  const started = clock();
  let tried = 0;
  const tooLong = () => clock() - started >= opts.budgetMs;
  while (tried < opts.limit && !tooLong()) {
    const { results } = await db
      .prepare(DUE)
      .bind(nowIso(clock()), opts.limit - tried)
      .all<HostEventRow>();
    if (results.length === 0) break;
    for (const row of results) {
      if (tried >= opts.limit || tooLong()) break;
      tried++;
      const outcome = await deliverOne(db, config, hook, row, opts, clock);
      if (outcome) report[outcome]++;
    }
  }
  return report;
}

async function deliverOne(
  db: D1Database,
  config: Config,
  hook: { url: string; secret: string },
  row: HostEventRow,
  opts: DeliveryOptions,
  clock: () => number,
): Promise<keyof DeliveryReport | null> {
  const timeoutMs = opts.timeoutMs ?? TIMEOUT_MS;
  const startMs = clock();
  // The lease: a cron pass and a first try racing for one event deliver it once.
  const claimed = await db
    .prepare(
      "UPDATE host_events SET lease_until = ?1 WHERE seq = ?2 AND status = 'pending' AND (lease_until IS NULL OR lease_until <= ?3)",
    )
    .bind(nowIso(startMs + timeoutMs + 30_000), row.seq, nowIso(startMs))
    .run();
  if (claimed.meta.changes !== 1) return null;

  let status: number | null = null;
  let error: string | null = null;
  try {
    const t = Math.floor(startMs / 1000);
    // A POST to the receiver is a subrequest: the cron's call budget counts it (free elsewhere).
    spendCall();
    const res = await (opts.fetch ?? fetch)(hook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "LeadsCalendar-Webhooks/1",
        [SIGNATURE_HEADER]: await signatureHeader(hook.secret, t, row.body),
        [EVENT_ID_HEADER]: row.event_id,
        [EVENT_TYPE_HEADER]: row.type,
      },
      body: row.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    // The answer's body is not ours to keep; read it only to free the connection.
    await res.body?.cancel();
    if (status < 200 || status >= 300) error = `the receiver answered HTTP ${status}`;
  } catch (err) {
    error =
      err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")
        ? `no answer within ${timeoutMs / 1000} s`
        : `the receiver could not be reached${err instanceof Error ? `: ${err.message}` : ""}`;
  }
  const endMs = clock();
  const now = nowIso(endMs);
  if (error === null) {
    await db
      .prepare(
        `UPDATE host_events SET status = 'delivered', attempts = attempts + 1, last_status = ?1, last_error = NULL,
           delivered_at = ?2, lease_until = NULL, updated_at = ?2 WHERE seq = ?3 AND status = 'pending'`,
      )
      .bind(status, now, row.seq)
      .run();
    return "delivered";
  }
  const attempts = row.attempts + 1;
  const giveUp = endMs - Date.parse(row.queued_at) >= GIVE_UP_MS;
  await db
    .prepare(
      `UPDATE host_events SET status = ?1, attempts = attempts + 1, last_status = ?2, last_error = ?3,
         next_attempt_at = ?4, lease_until = NULL, updated_at = ?5 WHERE seq = ?6 AND status = 'pending'`,
    )
    .bind(
      giveUp ? "failed" : "pending",
      status,
      error.slice(0, 200),
      retryAt(config.hostWebhookRetrySeconds * 1000, attempts, endMs),
      now,
      row.seq,
    )
    .run();
  return giveUp ? "failed" : "retried";
}

/**
 * Re-queues one event for delivery (same id, same body, a new 24 h of retries). Returns the row,
 * or null when there is no such event.
 */
export async function replayEvent(db: D1Database, eventId: string, nowMs = Date.now()) {
  const now = nowIso(nowMs);
  return db
    .prepare(
      `UPDATE host_events SET status = 'pending', attempts = 0, next_attempt_at = ?1, queued_at = ?1, last_error = NULL,
         lease_until = NULL, delivered_at = NULL, updated_at = ?1 WHERE event_id = ?2 RETURNING *`,
    )
    .bind(now, eventId)
    .first<HostEventRow>();
}
