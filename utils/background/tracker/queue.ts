import { offlineQueueItem, type PendingAction, type PendingKind } from "./items";

/** Adds (or refreshes) an action waiting for the network; one per booking and kind. */
export async function enqueue(kind: PendingKind, bookingId: string, summary: string, error: unknown): Promise<void> {
  const lastError = error instanceof Error ? error.message : String(error);
  const queue = await offlineQueueItem.getValue();
  const existing = queue.find((a) => a.kind === kind && a.bookingId === bookingId);
  if (existing) {
    await offlineQueueItem.setValue(
      queue.map((a) => (a === existing ? { ...a, attempts: a.attempts + 1, lastError } : a)),
    );
    return;
  }
  const action: PendingAction = {
    kind,
    bookingId,
    summary,
    queuedAt: new Date().toISOString(),
    attempts: 0,
    lastError,
  };
  await offlineQueueItem.setValue([...queue, action]);
}

/** Removes an action (done, or no longer needed). */
export async function dequeue(kind: PendingKind, bookingId: string): Promise<void> {
  const queue = await offlineQueueItem.getValue();
  const next = queue.filter((a) => !(a.kind === kind && a.bookingId === bookingId));
  if (next.length !== queue.length) await offlineQueueItem.setValue(next);
}

/** What is waiting for the network, oldest first. */
export function pendingActions(): Promise<PendingAction[]> {
  return offlineQueueItem.getValue();
}
