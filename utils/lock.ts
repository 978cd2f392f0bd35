/**
 * The one serialisation mechanism of the background: a keyed async mutex. Callers with the same
 * key run one after another in call order; different keys never wait for each other. Not
 * re-entrant — code already holding a key is handed what it needs (see `withBooking`) instead of
 * taking the key again, which would wait for itself forever. Locks are per JS context: only the
 * service worker writes what they guard (extension pages ask it by message).
 */
const tails = new Map<string, Promise<void>>();

/** Runs `fn` once every earlier holder of `key` has finished (whether it resolved or threw). */
export async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((r) => {
    release = r;
  });
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}

/** Keys currently held or awaited (tests check that nothing is left locked). */
export function heldLocks(): string[] {
  return [...tails.keys()];
}
