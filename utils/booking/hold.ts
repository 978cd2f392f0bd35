import type { Draft } from "./draft";
import { isValidTimeZone, zonedToInstant } from "./zoned-time";

/**
 * How long a guest has to pay — the one rule the popup shows before creating and the booking
 * then uses (docs/architecture.md "Holds").
 */

/** The Worker's hold limits, as `GET /healthz` reports them (`limits`). */
export interface HoldLimits {
  /** Shortest hold the Worker accepts. */
  minHoldMinutes: number;
  /** Longest; the Worker would cap anything longer. */
  maxHoldHours: number;
}

/** What the extension assumes until it has heard from the Worker (the Worker's defaults). */
export const DEFAULT_HOLD_LIMITS: HoldLimits = { minHoldMinutes: 15, maxHoldHours: 72 };

/** Why a planned hold deserves a second look before creating. */
export type HoldWarning =
  /** The event starts sooner than the Worker's minimum hold. */
  | "short"
  /** Not one payment reminder falls inside the hold. */
  | "no_reminders";

/** A planned hold: when it ends and what the user should know about it. */
export interface HoldPlan {
  untilMs: number;
  warnings: HoldWarning[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The hold's end: `holdHours` after now (at most the Worker's maximum), but no later than 1 h
 * before the event so the host knows in time; never shorter than the Worker's minimum, and never
 * past the start. An event starting sooner than the minimum is held until it starts ("short").
 * `paymentReminderMinutes` (minutes before the hold ends) that all fall before now give
 * "no_reminders"; an empty list means the user chose none and is no warning.
 */
export function planHold(
  nowMs: number,
  startMs: number,
  s: { holdHours: number; paymentReminderMinutes: readonly number[] },
  limits: HoldLimits = DEFAULT_HOLD_LIMITS,
): HoldPlan {
  const hours = Math.min(s.holdHours, limits.maxHoldHours);
  const preferred = Math.min(nowMs + hours * HOUR, startMs - HOUR);
  const untilMs = Math.min(Math.max(preferred, nowMs + limits.minHoldMinutes * MINUTE), startMs);
  const warnings: HoldWarning[] = [];
  if (untilMs - nowMs < limits.minHoldMinutes * MINUTE) warnings.push("short");
  const reminders = s.paymentReminderMinutes.filter((m) => m > 0);
  if (reminders.length > 0 && !reminders.some((m) => untilMs - m * MINUTE > nowMs)) warnings.push("no_reminders");
  return { untilMs, warnings };
}

/** Reads `limits` from a `/healthz` body; anything missing or malformed keeps the defaults. */
export function limitsFromHealth(body: unknown): HoldLimits {
  const l = (body as { limits?: Partial<HoldLimits> } | null)?.limits;
  const ok = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n) && n > 0;
  return {
    minHoldMinutes: ok(l?.minHoldMinutes) ? l.minHoldMinutes : DEFAULT_HOLD_LIMITS.minHoldMinutes,
    maxHoldHours: ok(l?.maxHoldHours) ? l.maxHoldHours : DEFAULT_HOLD_LIMITS.maxHoldHours,
  };
}

/** The hold a draft would get if created at `nowMs`; null while its date or start is incomplete. */
export function draftHold(
  d: Pick<Draft, "date" | "start" | "timeZone">,
  s: { holdHours: number; paymentReminderMinutes: readonly number[] },
  limits: HoldLimits,
  nowMs: number,
): HoldPlan | null {
  if (!isValidTimeZone(d.timeZone)) return null;
  const startMs = zonedToInstant(d.date, d.start, d.timeZone);
  if (Number.isNaN(startMs) || startMs <= nowMs) return null;
  return planHold(nowMs, startMs, s, limits);
}
