import { storage } from "wxt/utils/storage";
import { DEFAULT_HOLD_LIMITS, type HoldLimits, limitsFromHealth } from "./booking/hold";
import { lazyItem } from "./lazy-item";
import { createWorkerClient } from "./worker-client";

/** The Worker's hold limits as last read from its `/healthz`, with where and when. */
export interface CachedLimits {
  workerUrl: string;
  limits: HoldLimits;
  fetchedAt: number;
}

/** Last `/healthz` limits; pages read it at once and refresh it after they show. */
export const holdLimitsItem = lazyItem(() =>
  storage.defineItem<CachedLimits | null>("local:holdLimits", {
    fallback: null,
    version: 1,
  }),
);

/** Limits change only when the operator redeploys: a few hours of staleness is harmless. */
const FRESH_MS = 6 * 3_600_000;

/** The limits a cache entry holds for this Worker, or the defaults (another Worker, or none yet). */
export function limitsFor(c: CachedLimits | null, workerUrl: string): HoldLimits {
  return c?.workerUrl === workerUrl ? c.limits : DEFAULT_HOLD_LIMITS;
}

/** The cached limits of this Worker, or the defaults when it has not answered yet. */
export async function cachedHoldLimits(workerUrl: string): Promise<HoldLimits> {
  return limitsFor(await holdLimitsItem.getValue(), workerUrl);
}

/**
 * Asks the Worker for its limits unless the cache is fresh; on any failure keeps what it had
 * (or the defaults), so an unreachable Worker never blocks the form.
 */
export async function refreshHoldLimits(
  workerUrl: string,
  now = Date.now(),
  client = createWorkerClient(workerUrl),
): Promise<HoldLimits> {
  const c = await holdLimitsItem.getValue();
  if (c?.workerUrl === workerUrl && now - c.fetchedAt < FRESH_MS) return c.limits;
  try {
    const limits = limitsFromHealth(await client.health());
    await holdLimitsItem.setValue({ workerUrl, limits, fetchedAt: now });
    return limits;
  } catch {
    return limitsFor(c, workerUrl);
  }
}
