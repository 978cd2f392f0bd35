import type { Context } from "hono";
import * as v from "valibot";
import type { CheckoutReceipt, CheckoutStatusResponse } from "../../utils/api/contract";
import { attendanceView } from "./attendance";
import { type Config, getConfig } from "./config";
import { type CheckoutRow, getFeePayment } from "./db";
import type { Env } from "./env";
import { ApiError } from "./errors";
import { sha256Base64Url, timingSafeEqual } from "./verify/encoding";

/** Hono context of this Worker. */
export type Ctx = Context<{ Bindings: Env }>;

/** The validated configuration for this request. */
export const cfg = (c: Ctx): Config => getConfig(c.env);

/** What a value of a schema type is, for "must be …" messages. */
const EXPECTED: Record<string, string> = {
  string: "text",
  boolean: "true or false",
  number: "a number",
  array: "a list",
  object: "an object",
};

/** One validation issue as a plain sentence naming the field, e.g. "start is missing." */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const field = (issue.path ?? [])
    .map((p, i) => (typeof p.key === "number" ? `[${p.key}]` : `${i ? "." : ""}${String(p.key)}`))
    .join("");
  const name = field || "The body";
  if (issue.kind === "schema") {
    if (issue.input === undefined) return `${name} is missing.`;
    if (issue.type === "picklist")
      return `${name} must be one of ${(issue.expected ?? "").replace(/["()]/g, "").split(" | ").join(", ")}.`;
    return `${name} must be ${EXPECTED[issue.type] ?? issue.expected ?? "something else"}.`;
  }
  // A check without its own message would show valibot's text ("Invalid length: Expected <=100…").
  if (issue.message.startsWith("Invalid ")) return `${name} ${plainRequirement(issue)}.`;
  return `${name} ${issue.message}.`;
}

/** What a check that failed without its own message requires, in words. */
function plainRequirement(issue: v.BaseIssue<unknown>): string {
  const req = issue.requirement;
  const unit = typeof issue.input === "string" ? "characters" : "items";
  switch (issue.type) {
    case "min_length":
      return req === 1 && unit === "characters" ? "must not be empty" : `must have at least ${req} ${unit}`;
    case "max_length":
      return `must have at most ${req} ${unit}`;
    case "min_value":
      return `must be at least ${req}`;
    case "max_value":
      return `must be at most ${req}`;
    case "integer":
      return "must be a whole number";
    case "email":
      return "must be an email address";
    default:
      return "is not in the expected form";
  }
}

/**
 * Parses the JSON body against a valibot schema: 400 `invalid_json` / `invalid_request` otherwise,
 * the message naming each wrong field in plain words (at most five).
 */
export async function parseBody<S extends v.GenericSchema>(c: Ctx, schema: S): Promise<v.InferOutput<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const res = v.safeParse(schema, raw);
  if (!res.success) throw new ApiError(400, "invalid_request", res.issues.slice(0, 5).map(describeIssue).join(" "));
  return res.output;
}

/** Does `secret` hash to the stored secretHash? Constant-time on the hashes. */
export async function secretMatches(row: CheckoutRow, secret: string): Promise<boolean> {
  return timingSafeEqual(await sha256Base64Url(secret), row.secret_hash);
}

/** Checks `Authorization: Bearer <bookingSecret>` against the checkout: 401 otherwise. */
export async function requireBearer(c: Ctx, row: CheckoutRow): Promise<void> {
  const m = (c.req.header("authorization") ?? "").match(/^Bearer\s+(\S+)$/i);
  if (!m?.[1]) throw new ApiError(401, "unauthorized", "Send Authorization: Bearer <bookingSecret>.");
  if (!(await secretMatches(row, m[1]))) throw new ApiError(401, "unauthorized", "The booking secret does not match.");
}

/** The hosted page URL of a checkout. */
export function checkoutUrl(config: Config, row: CheckoutRow): string {
  return `${config.publicBaseUrl}/pay/${row.checkout_id}`;
}

/** Whole seconds until `holdUntil` by this Worker's clock, never negative. */
export function secondsLeft(holdUntil: string, nowMs = Date.now()): number {
  return Math.max(0, Math.floor((Date.parse(holdUntil) - nowMs) / 1000));
}

/** The proof of payment of a paid checkout (null otherwise). */
export async function receiptOf(db: D1Database, row: CheckoutRow): Promise<CheckoutReceipt | null> {
  if (row.status !== "paid") return null;
  const p = await getFeePayment(db, row.booking_id);
  if (!p) return null;
  return {
    provider: p.provider,
    amount: p.amount_value,
    currency: p.currency,
    transactionId: p.payment_id,
    paidAt: p.paid_at,
  };
}

/** The status view the extension polls, with the receipt once paid. */
export async function statusView(db: D1Database, config: Config, row: CheckoutRow): Promise<CheckoutStatusResponse> {
  const view: CheckoutStatusResponse = {
    bookingId: row.booking_id,
    status: row.status,
    amount: { value: row.amount_value, currency: row.currency },
    holdUntil: row.hold_until,
    secondsLeft: secondsLeft(row.hold_until),
    checkoutUrl: checkoutUrl(config, row),
  };
  const receipt = await receiptOf(db, row);
  if (receipt) view.receipt = receipt;
  const attendance = row.refundable === 1 ? await attendanceView(db, row.booking_id) : undefined;
  if (attendance) view.attendance = attendance;
  // The extension applies a guest's cancel or new time to its event (docs/architecture.md "The lead's manage page").
  if (row.lead_cancelled_at || row.reschedules > 0)
    view.lead = {
      cancelledAt: row.lead_cancelled_at,
      reschedules: row.reschedules,
      start: row.start_at,
      end: row.end_at,
    };
  return view;
}

/** Normalises an RFC 3339 time to the ISO UTC form stored for holds. */
export function toIso(t: string): string {
  return new Date(t).toISOString();
}

/** 400 naming `field`, in the same words as the schema's messages. */
export const invalidField = (field: string, problem: string) =>
  new ApiError(400, "invalid_request", `${field} ${problem}.`);

/** Checks an event's times: a real range that has not started yet. */
export function checkEventTimes(start: string, end: string, nowMs = Date.now()): void {
  if (Date.parse(end) <= Date.parse(start)) throw invalidField("end", "must be after start");
  if (Date.parse(start) <= nowMs) throw invalidField("start", "is in the past: the event has already started");
}

/** Clock difference tolerated when checking the minimum hold. */
const HOLD_CLOCK_SLACK_MS = 60_000;

/**
 * Validates a requested hold: in the future, ending no later than the event starts (a payment
 * after the start would confirm a past event), clamped to MAX_HOLD_HOURS from now.
 */
export function effectiveHold(config: Config, requested: string, start: string, nowMs = Date.now()): string {
  const at = Date.parse(requested);
  if (at <= nowMs) throw invalidField("holdUntil", "must be in the future");
  // A hold the payer cannot use only invites one provider order after another. A minute of slack:
  // a hold computed as exactly the minimum on the caller's clock (or a moment ago) still passes.
  if (config.minHoldMinutes > 0 && at < nowMs + config.minHoldMinutes * 60_000 - HOLD_CLOCK_SLACK_MS)
    throw invalidField(
      "holdUntil",
      `must be at least ${config.minHoldMinutes} minutes from now (and the event must start after it)`,
    );
  if (at > Date.parse(start))
    throw invalidField("holdUntil", "must not be after start: the hold ends before the event");
  return new Date(Math.min(at, nowMs + config.maxHoldHours * 3600_000)).toISOString();
}
