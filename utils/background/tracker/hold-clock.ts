import type { CheckoutStatusResponse } from "../../api/contract";
import type { BookingTx } from "../../booking/repository";
import type { Booking } from "../../booking/types";

/**
 * Holds end by the Worker's clock, not the browser's (docs/architecture.md, "Holds end by the
 * Worker's clock"). The Worker's status carries `secondsLeft`; adding it to this browser's "now"
 * gives the end on the clock that `chrome.alarms` and the popup's countdown use, so a browser
 * clock ten minutes fast neither cancels a hold ten minutes early nor shows it ending early.
 */

/** An answer this close to the end counts as ended: the Worker expires the hold on its next look. */
export const HOLD_SLACK_SEC = 5;
/** Smaller differences are the answer's own rounding (whole seconds, request time): not written. */
const RESYNC_MS = 2000;

/** The hold's end on this browser's clock from a Worker answer; undefined when it says nothing usable. */
export function localHoldEnd(status: Pick<CheckoutStatusResponse, "secondsLeft">, nowMs: number): number | undefined {
  const left = status.secondsLeft;
  if (typeof left !== "number" || !Number.isFinite(left) || left < 0) return undefined;
  return nowMs + left * 1000;
}

/** When the booking's hold ends on this browser's clock: the synced end, else the Worker's `holdUntil`. */
export function holdEndMs(b: Pick<Booking, "holdUntil" | "holdEndsAt">): number | undefined {
  const at = b.holdEndsAt ?? b.holdUntil;
  return at ? Date.parse(at) : undefined;
}

/** True while the Worker's answer leaves the hold more than {@link HOLD_SLACK_SEC} to run. */
export function holdStillRunning(status: CheckoutStatusResponse): boolean {
  return (
    (status.status === "open" || status.status === "pending") &&
    typeof status.secondsLeft === "number" &&
    status.secondsLeft > HOLD_SLACK_SEC
  );
}

/**
 * Records the Worker's hold on an unpaid booking (under its lock) when it differs from what is
 * stored; the alarms follow the storage change. `force` writes even a small difference (the
 * expiry alarm fired early and must be re-armed). Returns true when written.
 */
export async function syncHold(
  tx: BookingTx,
  status: CheckoutStatusResponse,
  nowMs = Date.now(),
  force = false,
): Promise<boolean> {
  const b = await tx.read();
  const end = localHoldEnd(status, nowMs);
  if (b?.status !== "awaiting_payment" || end === undefined) return false;
  const same =
    b.holdUntil !== undefined &&
    Date.parse(b.holdUntil) === Date.parse(status.holdUntil) &&
    Math.abs((holdEndMs(b) ?? 0) - end) < RESYNC_MS;
  if (same && !force) return false;
  await tx.apply({ type: "holdSynced", holdUntil: status.holdUntil, holdEndsAt: new Date(end).toISOString() });
  return true;
}
