// A refundable commitment fee (docs/architecture.md "Attendance"): once a paid refundable booking's
// event has ended, the host answers "did the lead attend?" — attended refunds the fee through the
// lifecycle's refund rows (retried by the cron until the provider finishes it), no-show keeps it,
// and without an answer within ATTENDANCE_WINDOW_HOURS the host's default applies (the cron).
// The checkout stays `paid`: the booking happened; the refund lives on the payment and refund rows.
import type { AttendanceStatus, AttendanceView, NoAnswer, Provider } from "../../utils/api/contract";
import type { Config } from "./config";
import { type CheckoutRow, nowIso } from "./db";
import { ApiError } from "./errors";
import { hostEventStmt } from "./host-webhooks/outbox";
import { ATTENDANCE, PAYMENT } from "./lifecycle/machine";
import { moved, moveStmt } from "./lifecycle/move";
import { getRefund, openRefundStmt } from "./lifecycle/refunds";
import { requestRefund } from "./refunds";

/** A row of `attendance` (migration 0008). */
export interface AttendanceRow {
  booking_id: string;
  status: AttendanceStatus;
  no_answer: NoAnswer;
  /** The event's end, ISO UTC. */
  ends_at: string;
  /** ISO UTC: answers are taken while `answer_by > now`; the default applies from `answer_by` on. */
  answer_by: string;
  /** The payment the fee was paid with (refunded by `attended` / `defaulted_refund`). */
  provider: Provider | null;
  payment_id: string | null;
  answered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The moves that give the fee back; the others keep it. */
const REFUNDING: readonly AttendanceStatus[] = ["attended", "defaulted_refund"];
const BATCH = 50;

/** When answers stop being taken for an event that ended at `endsAt`. */
export function answerByOf(endsAt: string, windowHours: number): string {
  return new Date(Date.parse(endsAt) + Math.round(windowHours * 3600_000)).toISOString();
}

export function getAttendance(db: D1Database, bookingId: string) {
  return db.prepare("SELECT * FROM attendance WHERE booking_id = ?").bind(bookingId).first<AttendanceRow>();
}

/**
 * Opens the question for paid refundable checkouts whose event has ended by `nowMs` (just
 * `bookingId`, or up to a batch): one `awaiting` row each, with the payment to refund and the
 * deadline fixed now. Idempotent (a row that exists is left alone). Returns how many it opened.
 */
export async function openAttendance(
  db: D1Database,
  config: Config,
  nowMs = Date.now(),
  bookingId?: string,
): Promise<number> {
  const { results } = await db
    .prepare(
      `SELECT c.booking_id, c.end_at, c.no_answer, p.provider, p.payment_id
       FROM checkouts c JOIN payments p ON p.booking_id = c.booking_id AND p.status = 'completed'
       WHERE c.status = 'paid' AND c.refundable = 1 AND (?1 IS NULL OR c.booking_id = ?1)
         AND julianday(c.end_at) <= julianday(?2)
         AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.booking_id = c.booking_id)
       ORDER BY c.end_at LIMIT ?3`,
    )
    .bind(bookingId ?? null, nowIso(nowMs), BATCH)
    .all<{ booking_id: string; end_at: string; no_answer: NoAnswer; provider: Provider; payment_id: string }>();
  const now = nowIso(nowMs);
  const seen = new Set<string>();
  const inserts = results
    // julianday is a float: the exact "has it ended" check is done on the parsed time.
    .filter((r) => Date.parse(r.end_at) <= nowMs && !seen.has(r.booking_id) && seen.add(r.booking_id))
    .map((r) => {
      const endsAt = new Date(Date.parse(r.end_at)).toISOString();
      return db
        .prepare(
          `INSERT INTO attendance (booking_id, status, no_answer, ends_at, answer_by, provider, payment_id, created_at, updated_at)
           VALUES (?1, 'awaiting', ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT (booking_id) DO NOTHING`,
        )
        .bind(
          r.booking_id,
          r.no_answer,
          endsAt,
          answerByOf(endsAt, config.attendanceWindowHours),
          r.provider,
          r.payment_id,
          now,
        );
    });
  if (inserts.length === 0) return 0;
  return (await db.batch(inserts)).filter(moved).length;
}

/**
 * One attendance move, batched with what it causes: for the refunding moves the payment becomes
 * `refund_due` and its refund row opens — both guarded on the attendance row being in that state,
 * so a move that lost its race (or a replay) changes nothing at all.
 */
function decide(
  db: D1Database,
  row: AttendanceRow,
  name: "attended" | "no_show" | "default_refund" | "default_keep",
  now: string,
) {
  const answer = name === "attended" || name === "no_show";
  const stmts = [
    moveStmt(
      db,
      ATTENDANCE,
      name,
      { booking_id: row.booking_id },
      {
        now,
        set: answer ? { answered_at: now } : {},
        // Answers before the deadline, defaults from it on: never both.
        also: { sql: answer ? "answer_by > ?" : "answer_by <= ?", args: [now] },
      },
    ),
  ];
  const to = ATTENDANCE.moves[name].to;
  // A kept fee is the host's "no-show" (answered or by default); a refunded one is announced
  // as `booking.refunded` when its refund finishes (lifecycle/refunds.ts).
  if (!REFUNDING.includes(to))
    stmts.push(
      hostEventStmt(db, {
        bookingId: row.booking_id,
        type: "booking.no_show",
        now,
        guard: {
          sql: "EXISTS (SELECT 1 FROM attendance a WHERE a.booking_id = c.booking_id AND a.status = ?)",
          args: [to],
        },
      }),
    );
  if (REFUNDING.includes(to) && row.provider && row.payment_id) {
    const key = { provider: row.provider, paymentId: row.payment_id };
    stmts.push(
      moveStmt(
        db,
        PAYMENT,
        "refund_due",
        { provider: row.provider, payment_id: row.payment_id },
        {
          now,
          also: {
            sql: "EXISTS (SELECT 1 FROM attendance WHERE booking_id = ? AND status = ?)",
            args: [row.booking_id, to],
          },
        },
      ),
      openRefundStmt(db, key, now),
    );
  }
  return stmts;
}

/** Asks for a refund the batch just opened; a failure leaves it due for the cron. */
async function refundNow(db: D1Database, config: Config, row: AttendanceRow) {
  if (!row.provider || !row.payment_id) return;
  const due = await getRefund(db, { provider: row.provider, paymentId: row.payment_id });
  if (due?.status === "due") await requestRefund(db, config, due);
}

/** In words, for the 409 of a second answer. */
const SAID: Record<AttendanceStatus, string> = {
  awaiting: "not answered yet",
  attended: "attended (the fee is refunded)",
  no_show: "no-show (the fee is kept)",
  defaulted_refund: "no answer in time, so the default applied: the fee is refunded",
  defaulted_keep: "no answer in time, so the default applied: the fee is kept",
};

/**
 * The host's answer for one booking. Final: a second answer (or one after the deadline, when the
 * default applies instead) is a 409 naming what was recorded. Attended asks for the refund at
 * once; a failed request stays due and the cron retries it.
 */
export async function answerAttendance(
  db: D1Database,
  config: Config,
  checkout: CheckoutRow,
  attended: boolean,
  nowMs = Date.now(),
): Promise<AttendanceRow> {
  if (checkout.refundable !== 1)
    throw new ApiError(
      409,
      "not_refundable",
      "This booking's fee is not refunded on attendance; there is nothing to answer.",
    );
  let row = await getAttendance(db, checkout.booking_id);
  if (!row) {
    if (checkout.status !== "paid")
      throw new ApiError(
        409,
        "not_paid",
        `The checkout is ${checkout.status}; only a paid booking is asked about attendance.`,
      );
    if (Date.parse(checkout.end_at) > nowMs)
      throw new ApiError(409, "not_ended", `The event has not ended yet; answer after ${checkout.end_at}.`);
    await openAttendance(db, config, nowMs, checkout.booking_id);
    row = await getAttendance(db, checkout.booking_id);
    if (!row) throw new ApiError(409, "not_paid", "The fee was not paid with a payment that can be refunded.");
  }
  const now = nowIso(nowMs);
  const [res] = await db.batch(decide(db, row, attended ? "attended" : "no_show", now));
  if (!moved(res)) {
    // Too late: the default applies now (if the cron has not applied it yet) and is what was recorded.
    if (row.status === "awaiting") await applyDefault(db, row, now);
    const first = (await getAttendance(db, checkout.booking_id)) ?? row;
    throw new ApiError(409, "already_answered", `Attendance is already recorded: ${SAID[first.status]}.`);
  }
  const after = (await getAttendance(db, checkout.booking_id)) ?? row;
  if (attended) await refundNow(db, config, after);
  return after;
}

async function applyDefault(db: D1Database, row: AttendanceRow, now: string): Promise<boolean> {
  const [res] = await db.batch(decide(db, row, row.no_answer === "refund" ? "default_refund" : "default_keep", now));
  return moved(res);
}

/**
 * The cron's attendance pass: opens the question for events that ended, then applies the host's
 * default to every question unanswered at its deadline (each once: the move is guarded). The
 * refunds this opens are requested by the cron's refund pass that follows.
 */
export async function runAttendance(db: D1Database, config: Config, nowMs = Date.now()) {
  const opened = await openAttendance(db, config, nowMs);
  const now = nowIso(nowMs);
  const { results } = await db
    .prepare("SELECT * FROM attendance WHERE status = 'awaiting' AND answer_by <= ? ORDER BY answer_by LIMIT ?")
    .bind(now, BATCH)
    .all<AttendanceRow>();
  let defaulted = 0;
  for (const row of results) if (await applyDefault(db, row, now)) defaulted++;
  return { opened, defaulted };
}

/**
 * Columns (and the joins they need, on a query with `attendance a`) that {@link toAttendanceView}
 * reads: shared by the single view and the host's lists.
 */
export const ATTENDANCE_COLUMNS =
  "a.status AS att_status, a.answer_by AS att_answer_by, a.no_answer AS att_no_answer, ar.status AS att_refund";
export const ATTENDANCE_REFUND_JOIN =
  "LEFT JOIN refunds ar ON ar.provider = a.provider AND ar.payment_id = a.payment_id";

/** A row selected with {@link ATTENDANCE_COLUMNS}. */
export interface AttendanceColumns {
  att_status: AttendanceStatus | null;
  att_answer_by: string | null;
  att_no_answer: NoAnswer | null;
  att_refund: string | null;
}

/** The view of those columns, or null when the question is not open (event not ended, not refundable). */
export function toAttendanceView(r: AttendanceColumns): AttendanceView | null {
  if (!r.att_status || !r.att_answer_by || !r.att_no_answer) return null;
  return {
    status: r.att_status,
    answerBy: r.att_answer_by,
    noAnswer: r.att_no_answer,
    refund: !REFUNDING.includes(r.att_status) ? "none" : r.att_refund === "completed" ? "refunded" : "pending",
  };
}

/** The attendance of a booking as the extension and the host see it, or undefined before its event ended. */
export async function attendanceView(db: D1Database, bookingId: string): Promise<AttendanceView | undefined> {
  const row = await db
    .prepare(`SELECT ${ATTENDANCE_COLUMNS} FROM attendance a ${ATTENDANCE_REFUND_JOIN} WHERE a.booking_id = ?`)
    .bind(bookingId)
    .first<AttendanceColumns>();
  return (row && toAttendanceView(row)) ?? undefined;
}
