// When the cron looks at a row again. Rows that keep giving no final answer are looked at less
// and less often, so a backlog of hopeless rows never crowds out fresh ones; a little jitter keeps
// a batch created together from coming due together forever.

/** First retry delay and the longest one, per kind of row. */
export const BACKOFF = {
  order: { firstMs: 60_000, maxMs: 3 * 3600_000 },
  refund: { firstMs: 5 * 60_000, maxMs: 6 * 3600_000 },
} as const;

/**
 * The ISO time of the next look after `attempts` earlier looks found nothing final. The first
 * retry waits for the next pass only (a refund that failed inside a webhook is retried by the very
 * next cron run); after that the wait doubles from `firstMs` up to `maxMs`.
 */
export function nextCheckAt(kind: keyof typeof BACKOFF, attempts: number, nowMs = Date.now(), random = Math.random) {
  const { firstMs, maxMs } = BACKOFF[kind];
  if (attempts <= 0) return new Date(nowMs).toISOString();
  const delay = Math.min(maxMs, firstMs * 2 ** Math.min(attempts - 1, 20));
  return new Date(nowMs + Math.round(delay * (0.9 + 0.2 * random()))).toISOString();
}
