/** Outcome of checking one webhook delivery: never throws for a bad delivery, says why instead. */
export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Reads a header by name, case-insensitively (a `Headers` object or a plain map from a file). */
export type HeaderGetter = (name: string) => string | null;

/** Builds a case-insensitive getter over a plain object, as read from a headers JSON file. */
export function headerGetter(headers: Headers | Record<string, unknown>): HeaderGetter {
  if (headers instanceof Headers) return (name) => headers.get(name);
  const map = new Map<string, string>();
  for (const [k, v] of Object.entries(headers)) {
    if (typeof v === "string") map.set(k.toLowerCase(), v);
    else if (Array.isArray(v) && typeof v[0] === "string") map.set(k.toLowerCase(), v[0]);
  }
  return (name) => map.get(name.toLowerCase()) ?? null;
}

/** How far in the future a signed timestamp may be (clock skew between the provider and us). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/**
 * How old a signed timestamp may be. Providers retry failed deliveries for days (PayPal: 3 days), so
 * a tight window would drop honest retries; replays within it are harmless because events are
 * deduplicated by provider event id and payments by provider payment id.
 */
export const MAX_AGE_MS = 72 * 3600_000;

/** Rejects timestamps outside [now − MAX_AGE_MS, now + MAX_FUTURE_SKEW_MS]. */
export function checkTimestamp(atMs: number, now: Date): VerifyResult {
  if (!Number.isFinite(atMs)) return { ok: false, reason: "unreadable timestamp" };
  if (atMs > now.getTime() + MAX_FUTURE_SKEW_MS) return { ok: false, reason: "timestamp is in the future" };
  if (atMs < now.getTime() - MAX_AGE_MS) return { ok: false, reason: "timestamp is too old (replay?)" };
  return { ok: true };
}
