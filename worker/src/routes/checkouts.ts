import { Hono } from "hono";
import {
  AttendanceAnswer,
  type BatchStatusItem,
  BatchStatusRequest,
  CreateCheckoutRequest,
  type CreateCheckoutResponse,
  UpdateCheckoutRequest,
} from "../../../utils/api/contract";
import { answerAttendance } from "../attendance";
import { newCheckoutRow } from "../checkout-row";
import { liveProviders } from "../config";
import { type CheckoutRow, expireIfDue, getCheckout, insertCheckout, nowIso } from "../db";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { hostEventStmt } from "../host-webhooks/outbox";
import {
  cfg,
  checkEventTimes,
  checkoutUrl,
  effectiveHold,
  invalidField,
  parseBody,
  requireBearer,
  secretMatches,
  statusView,
} from "../http";
import { CHECKOUT } from "../lifecycle/machine";
import { move, moveStmt } from "../lifecycle/move";
import { closeOrdersFor } from "../orders";
import { rateLimit } from "../ratelimit";
import { timingSafeEqual } from "../verify/encoding";

/** The extension's API: create, read, poll, update and cancel checkouts. */
export const checkouts = new Hono<{ Bindings: Env }>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function load(db: D1Database, bookingId: string): Promise<CheckoutRow> {
  const row = UUID.test(bookingId) ? await getCheckout(db, bookingId.toLowerCase()) : null;
  if (!row) throw new ApiError(404, "not_found", "No checkout for this booking.");
  return expireIfDue(db, row);
}

checkouts.post("/", async (c) => {
  const config = cfg(c);
  const client = c.req.header("cf-connecting-ip") ?? "unknown";
  await rateLimit(c.env.DB, `checkout:${client}`, config.checkoutRateLimitPerHour, 3600);
  const body = await parseBody(c, CreateCheckoutRequest);
  const respond = (row: CheckoutRow, status: 200 | 201) =>
    c.json(
      {
        bookingId: row.booking_id,
        checkoutId: row.checkout_id,
        checkoutUrl: checkoutUrl(config, row),
        amount: { value: row.amount_value, currency: row.currency },
        providers: liveProviders(config),
        holdUntil: row.hold_until,
      } satisfies CreateCheckoutResponse,
      status,
    );
  const existing = await getCheckout(c.env.DB, body.bookingId.toLowerCase());
  if (existing) {
    if (!timingSafeEqual(existing.secret_hash, body.secretHash))
      throw new ApiError(409, "conflict", "This bookingId already has a checkout with another secret.");
    return respond(existing, 200);
  }
  const row = newCheckoutRow(config, body, nowIso());
  if (await insertCheckout(c.env.DB, row)) return respond(row, 201);
  // Lost a race with an identical request: answer as the replay it is.
  const winner = await getCheckout(c.env.DB, row.booking_id);
  if (winner && timingSafeEqual(winner.secret_hash, body.secretHash)) return respond(winner, 200);
  throw new ApiError(409, "conflict", "This bookingId already has a checkout with another secret.");
});

checkouts.post("/status", async (c) => {
  const config = cfg(c);
  const { items } = await parseBody(c, BatchStatusRequest);
  const ids = [...new Set(items.map((i) => i.bookingId.toLowerCase()))];
  const rows = new Map<string, CheckoutRow>();
  if (ids.length) {
    const res = await c.env.DB.prepare(`SELECT * FROM checkouts WHERE booking_id IN (${ids.map(() => "?").join(",")})`)
      .bind(...ids)
      .all<CheckoutRow>();
    for (const r of res.results) rows.set(r.booking_id, r);
  }
  const out: BatchStatusItem[] = [];
  for (const item of items) {
    const row = rows.get(item.bookingId.toLowerCase());
    if (!row)
      out.push({ bookingId: item.bookingId, error: { code: "not_found", message: "No checkout for this booking." } });
    else if (!(await secretMatches(row, item.secret)))
      out.push({
        bookingId: item.bookingId,
        error: { code: "unauthorized", message: "The booking secret does not match." },
      });
    else out.push(await statusView(c.env.DB, config, await expireIfDue(c.env.DB, row)));
  }
  return c.json({ items: out });
});

checkouts.get("/:bookingId", async (c) => {
  const row = await load(c.env.DB, c.req.param("bookingId"));
  await requireBearer(c, row);
  return c.json(await statusView(c.env.DB, cfg(c), row));
});

checkouts.patch("/:bookingId", async (c) => {
  const config = cfg(c);
  const row = await load(c.env.DB, c.req.param("bookingId"));
  await requireBearer(c, row);
  const body = await parseBody(c, UpdateCheckoutRequest);
  const start = body.start ?? row.start_at;
  const end = body.end ?? row.end_at;
  if (Date.parse(end) <= Date.parse(start)) throw invalidField("end", "must be after start");
  // A hold that can still be paid must end before its event; a paid booking may move anywhere.
  if (body.start !== undefined && (row.status === "open" || row.status === "pending")) {
    checkEventTimes(start, end);
    if (body.holdUntil === undefined && Date.parse(row.hold_until) > Date.parse(start))
      throw invalidField("holdUntil", "must not be after start: send an earlier holdUntil with the new start");
  }
  const fields = { summary: body.summary ?? row.summary, start_at: start, end_at: end };
  if (body.holdUntil !== undefined) {
    // Only a hold that can still be paid may move; the guard makes this safe against a payment landing now.
    const hold = effectiveHold(config, body.holdUntil, start);
    const set = { ...fields, hold_until: hold };
    if (!(await move(c.env.DB, CHECKOUT, "edit_hold", { booking_id: row.booking_id }, { set })))
      throw new ApiError(409, "conflict", `The checkout is ${row.status}; its hold cannot change.`);
  } else {
    // Renaming or moving the event is recorded in any state: it is what the calendar now says.
    await move(c.env.DB, CHECKOUT, "edit_event", { booking_id: row.booking_id }, { set: fields });
  }
  return c.json(await statusView(c.env.DB, config, (await getCheckout(c.env.DB, row.booking_id)) ?? row));
});

checkouts.post("/:bookingId/cancel", async (c) => {
  const config = cfg(c);
  const row = await load(c.env.DB, c.req.param("bookingId"));
  await requireBearer(c, row);
  await c.env.DB.batch([
    moveStmt(c.env.DB, CHECKOUT, "cancel", { booking_id: row.booking_id }),
    hostEventStmt(c.env.DB, { bookingId: row.booking_id, type: "booking.cancelled" }),
  ]);
  const now = (await getCheckout(c.env.DB, row.booking_id)) ?? row;
  if (now.status === "paid") throw new ApiError(409, "already_paid", "The checkout is paid; it cannot be cancelled.");
  await closeOrdersFor(c.env.DB, config, now.booking_id);
  return c.json(await statusView(c.env.DB, config, now));
});

// The host's "did they attend?" for a refundable booking, after its event ended (docs/architecture.md "Attendance").
checkouts.post("/:bookingId/attendance", async (c) => {
  const config = cfg(c);
  const row = await load(c.env.DB, c.req.param("bookingId"));
  await requireBearer(c, row);
  const { attended } = await parseBody(c, AttendanceAnswer);
  await answerAttendance(c.env.DB, config, row, attended);
  return c.json(await statusView(c.env.DB, config, (await getCheckout(c.env.DB, row.booking_id)) ?? row));
});
