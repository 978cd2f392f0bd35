import { describe, expect, it, vi } from "vitest";
import { DEFAULT_HOLD_LIMITS } from "@/utils/booking/hold";
import { WorkerApiError, type WorkerClient } from "@/utils/worker-client";
import { cachedHoldLimits, refreshHoldLimits } from "@/utils/worker-limits";

const URL_A = "https://a.example";
const limits = { minHoldMinutes: 20, maxHoldHours: 48 };
const client = (health: () => Promise<unknown>) => ({ health: vi.fn(health) }) as unknown as WorkerClient;

describe("the Worker's hold limits, cached", () => {
  it("asks /healthz once, then answers from the cache until it is stale or the Worker changes", async () => {
    const c = client(async () => ({ ok: true, limits }));
    expect(await cachedHoldLimits(URL_A)).toEqual(DEFAULT_HOLD_LIMITS);
    expect(await refreshHoldLimits(URL_A, 1_000, c)).toEqual(limits);
    expect(await refreshHoldLimits(URL_A, 2_000, c)).toEqual(limits);
    expect(c.health).toHaveBeenCalledTimes(1);
    expect(await cachedHoldLimits(URL_A)).toEqual(limits);
    expect(await cachedHoldLimits("https://b.example")).toEqual(DEFAULT_HOLD_LIMITS);
    await refreshHoldLimits(URL_A, 1_000 + 7 * 3_600_000, c);
    expect(c.health).toHaveBeenCalledTimes(2);
  });

  it("keeps what it had when the Worker cannot be reached", async () => {
    await refreshHoldLimits(
      URL_A,
      1_000,
      client(async () => ({ ok: true, limits })),
    );
    const down = client(async () => {
      throw new WorkerApiError(0, "network", "refused");
    });
    expect(await refreshHoldLimits(URL_A, 1_000 + 7 * 3_600_000, down)).toEqual(limits);
    expect(await refreshHoldLimits("https://b.example", 1_000, down)).toEqual(DEFAULT_HOLD_LIMITS);
  });
});
