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

/**
 * The client a request counts against: its IP, an IPv6 address by its /64 (one subscriber gets a
 * whole /64, so counting single addresses would let one client rotate through 2^64 of them).
 */
export function clientKey(ip: string | undefined | null): string {
  if (!ip) return "unknown";
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  // Expand "::" so the first four groups are the /64, whatever the notation.
  const groups = ip.includes("::") ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/**
 * Several fixed-window limits in one D1 round trip: 429 naming the first one over its limit.
 * Each entry counts once per call, whether or not another one refused it.
 */
export async function rateLimits(
  db: D1Database,
  checks: { key: string; limit: number; windowSeconds: number; what: string }[],
): Promise<void> {
  const nowS = Math.floor(Date.now() / 1000);
  const stmts = checks.map((c) =>
    db
      .prepare(
        `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
           window_start = excluded.window_start
         RETURNING count`,
      )
      .bind(c.key, nowS - (nowS % c.windowSeconds)),
  );
  const results = await db.batch<{ count: number }>(stmts);
  checks.forEach((c, i) => {
    if ((results[i]?.results[0]?.count ?? 0) > c.limit) {
      const wait = c.windowSeconds - (nowS % c.windowSeconds);
      throw new ApiError(429, "rate_limited", `Too many requests ${c.what}; retry after ${wait} s.`);
    }
  });
}
