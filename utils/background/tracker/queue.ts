import type { Booking } from "../../booking/types";
import { withLock } from "../../lock";
import { isTransient } from "./failures";
import { type CancelReason, offlineQueueItem, type PendingAction, type PendingKind } from "./items";
import { reportProblem } from "./problem";

// The queue is one storage value that several triggers change: every read-modify-write of it
// holds this key, so two enqueues landing together both stay.
const QUEUE_KEY = "offline-queue";

function updateQueue(fn: (queue: PendingAction[]) => PendingAction[] | null): Promise<void> {
  return withLock(QUEUE_KEY, async () => {
    const next = fn(await offlineQueueItem.getValue());
    if (next) await offlineQueueItem.setValue(next);
  });
}

/** Adds (or refreshes) an action waiting for the network; one per booking and kind. */
export async function enqueue(
  kind: PendingKind,
  bookingId: string,
  summary: string,
  error: unknown,
  reason?: CancelReason,
): Promise<void> {
  const lastError = error instanceof Error ? error.message : String(error);
  await updateQueue((queue) => {
    const existing = queue.find((a) => a.kind === kind && a.bookingId === bookingId);
    if (existing) return queue.map((a) => (a === existing ? { ...a, attempts: a.attempts + 1, lastError } : a));
    const action: PendingAction = {
      kind,
      bookingId,
      ...(reason ? { reason } : {}),
      summary,
      queuedAt: new Date().toISOString(),
      attempts: 0,
      lastError,
    };
    return [...queue, action];
  });
}

/** Removes an action (done, or no longer needed). */
export async function dequeue(kind: PendingKind, bookingId: string): Promise<void> {
  await updateQueue((queue) => {
    const next = queue.filter((a) => !(a.kind === kind && a.bookingId === bookingId));
    return next.length !== queue.length ? next : null;
  });
}

/** What is waiting for the network, oldest first. */
export function pendingActions(): Promise<PendingAction[]> {
  return offlineQueueItem.getValue();
}

/**
 * Runs a background action; a transient failure (offline, 429, 5xx) queues it for retry, any
 * other is shown as a notification (not repeated on every poll). Returns true when the action completed.
 */
export async function orQueue(
  kind: PendingKind,
  b: Booking,
  fn: () => Promise<unknown>,
  reason?: CancelReason,
): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (isTransient(e)) await enqueue(kind, b.id, b.summary, e, reason);
    else {
      console.error(`LeadsCalendar: ${kind} failed for ${b.id}`, e);
      await reportProblem(b.id, b.summary, e);
    }
    return false;
  }
}
