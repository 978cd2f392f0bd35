import { ApiError } from "./errors";

/**
 * Fixed-window counter in D1 (one upsert per call, atomic): throws 429 once `key` made more than
 * `limit` calls in the current window. Good enough to stop a script from flooding checkouts; it
 * is not a precise sliding window.
 */
export async function rateLimit(db: D1Database, key: string, limit: number, windowSeconds: number): Promise<void> {
  const nowS = Math.floor(Date.now() / 1000);
  const windowStart = nowS - (nowS % windowSeconds);
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
         window_start = excluded.window_start
       RETURNING count`,
    )
    .bind(key, windowStart)
    .first<{ count: number }>();
  if ((row?.count ?? 0) > limit) {
    throw new ApiError(
      429,
      "rate_limited",
      `Too many checkouts from this client; retry after ${windowStart + windowSeconds - nowS} s.`,
    );
  }
}
