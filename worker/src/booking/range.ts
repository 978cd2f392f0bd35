// The `from`/`to` days of a slots request and the slots answer, shared by the booking page
// (`GET /v1/book/:type/slots`) and the manage page's reschedule (`GET /manage/:token/slots`).
import type { SlotsResponse } from "../../../utils/api/booking-page";
import { formatInZone } from "../../../utils/time-zones";
import { ApiError } from "../errors";
import { daysBetween } from "./slots";

/** The longest range one slots request may ask for, in days. */
export const MAX_SLOT_DAYS = 62;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks `from` and `to` (host days, YYYY-MM-DD): 400 naming the field otherwise. */
export function slotRange(from: string | undefined, to: string | undefined): { from: string; to: string } {
  const bad = (field: string, problem: string) => new ApiError(400, "invalid_request", `${field}: ${problem}`);
  for (const [field, value] of [
    ["from", from],
    ["to", to],
  ] as const)
    if (!value || !DAY.test(value) || Number.isNaN(Date.parse(value))) throw bad(field, "must be a date YYYY-MM-DD");
  const span = daysBetween(from as string, to as string);
  if (span < 0) throw bad("to", "must not be before from");
  if (span >= MAX_SLOT_DAYS) throw bad("to", `at most ${MAX_SLOT_DAYS} days after from`);
  return { from: from as string, to: to as string };
}

/** The slots answer: each slot as RFC 3339 in the host's zone. */
export function slotsResponse(zone: string, slots: { start: number; end: number }[]): SlotsResponse {
  return {
    timeZone: zone,
    slots: slots.map((s) => ({ start: formatInZone(s.start, zone), end: formatInZone(s.end, zone) })),
  };
}
