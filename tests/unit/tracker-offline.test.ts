import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { offlineQueueItem } from "@/utils/background/tracker/items";
import { dequeue, enqueue, pendingActions } from "@/utils/background/tracker/queue";
import { applyWorkerStatus } from "@/utils/background/tracker/reconcile";
import { retryQueue } from "@/utils/background/tracker/retry-queue";
import { getBooking, putBooking } from "@/utils/booking/repository";
import {
  fakeServices,
  HELD_ID,
  heldBooking,
  RECEIPT,
  seedHeld,
  setupBrowser,
  shownNotifications,
  WORKER,
} from "./tracker-fakes";

const ID = HELD_ID;

async function setup() {
  await setupBrowser();
  const f = fakeServices();
  const b = heldBooking();
  await seedHeld(f, b);
  return { ...f, b };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-11-20T12:00:00Z"), toFake: ["Date"] });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("offline queue", () => {
  it("keeps one entry per booking and kind, counting attempts", async () => {
    await setupBrowser();
    await enqueue("confirm", ID, "Intro call", new Error("Failed to fetch"));
    await enqueue("confirm", ID, "Intro call", new Error("still offline"));
    await enqueue("cancel", ID, "Intro call", new Error("x"));
    expect(await pendingActions()).toMatchObject([
      { kind: "confirm", attempts: 1, lastError: "still offline", queuedAt: "2026-11-20T12:00:00.000Z" },
      { kind: "cancel", attempts: 0 },
    ]);
    await dequeue("confirm", ID);
    expect((await pendingActions()).map((a) => a.kind)).toEqual(["cancel"]);
  });

  it("a confirmation that fails offline is queued, then completes on retry once back online", async () => {
    const f = await setup();
    f.w.state.statuses.set(ID, "paid");
    f.c.state.offline = true;
    const status = await (await f.services.worker()).getCheckout(ID, "S".repeat(43));
    expect(await applyWorkerStatus(f.b, status, f.services)).toBe(false);
    expect(await pendingActions()).toMatchObject([{ kind: "confirm", bookingId: ID, summary: "Intro call" }]);
    expect(await getBooking(ID)).toMatchObject({ status: "paid", receipt: RECEIPT });
    f.c.state.offline = false;
    expect(await retryQueue(f.services)).toBe(1);
    expect(await pendingActions()).toEqual([]);
    expect(await getBooking(ID)).toMatchObject({ status: "confirmed" });
    expect(Object.keys(shownNotifications())).toEqual([`lc-confirmed:${ID}`]);
  });

  it("does not even try while navigator.onLine is false", async () => {
    const f = await setup();
    await enqueue("expire", ID, "Intro call", new Error("offline"));
    vi.stubGlobal("navigator", { onLine: false });
    expect(await retryQueue(f.services)).toBe(0);
    expect(f.w.client.getCheckout).not.toHaveBeenCalled();
    expect(await pendingActions()).toHaveLength(1);
  });

  it("still offline: stays queued with one more attempt", async () => {
    const f = await setup();
    f.w.state.offline = true;
    await enqueue("expire", ID, "Intro call", new Error("offline"));
    expect(await retryQueue(f.services)).toBe(0);
    expect(await pendingActions()).toMatchObject([{ kind: "expire", attempts: 1 }]);
  });

  it("a permanent failure leaves the queue and is shown once", async () => {
    const f = await setup();
    f.w.state.statuses.set(ID, "open");
    f.w.client.getCheckout.mockRejectedValueOnce(
      new (await import("@/utils/worker-client")).WorkerApiError(401, "unauthorized", "bad secret"),
    );
    await enqueue("expire", ID, "Intro call", new Error("offline"));
    expect(await retryQueue(f.services)).toBe(0);
    expect(await offlineQueueItem.getValue()).toEqual([]);
    expect(shownNotifications()[`lc-problem:${ID}`]?.title).toContain("Intro call");
  });

  it.each([
    ["expire", "expired"],
    ["cancel", "cancelled"],
  ] as const)("a queued %s runs when back online", async (kind, status) => {
    const f = await setup();
    f.w.state.statuses.set(ID, "open");
    // By the Worker's clock the hold has just run out (an expiry is never replayed early).
    f.w.state.holds.set(ID, "2026-11-20T12:00:00.000Z");
    await enqueue(kind, ID, "Intro call", new Error("offline"));
    expect(await retryQueue(f.services)).toBe(1);
    expect(await getBooking(ID)).toMatchObject({ status });
  });

  it("a queued checkout update sends the booking's current title and times", async () => {
    const f = await setup();
    f.w.state.statuses.set(ID, "open");
    await putBooking({ ...f.b, summary: "Renamed" });
    await enqueue("update_checkout", ID, "Renamed", new Error("offline"));
    expect(await retryQueue(f.services)).toBe(1);
    expect(f.w.client.updateCheckout).toHaveBeenCalledWith(
      ID,
      "S".repeat(43),
      expect.objectContaining({ summary: "Renamed" }),
    );
  });

  it("a booking created offline (failed: no network) resumes its creation when back online", async () => {
    const f = await setup();
    await putBooking({
      ...f.b,
      status: "failed",
      step: "checkout",
      checkoutId: undefined,
      checkoutUrl: undefined,
      error: { code: "werr_network", message: "Failed to fetch" },
    });
    f.c.state.events.clear();
    f.w.state.offline = true;
    await enqueue("create", ID, "Intro call", "Failed to fetch");
    expect(await retryQueue(f.services)).toBe(0); // still offline: kept
    expect(await pendingActions()).toMatchObject([{ kind: "create", attempts: 1 }]);
    expect(await getBooking(ID)).toMatchObject({ status: "failed" });
    f.w.state.offline = false;
    expect(await retryQueue(f.services)).toBe(1);
    expect(await getBooking(ID)).toMatchObject({ status: "awaiting_payment", checkoutUrl: `${WORKER}/pay/ck` });
    expect(f.c.state.events.size).toBe(1);
    expect(f.opened).toEqual([`${WORKER}/pay/ck?ext=extid`]);
    expect(await pendingActions()).toEqual([]);
  });

  it("a creation that failed for another reason is not retried automatically", async () => {
    const f = await setup();
    await putBooking({ ...f.b, status: "failed", step: "event", error: { code: "gerr_forbidden", message: "no" } });
    await enqueue("create", ID, "Intro call", "no");
    expect(await retryQueue(f.services)).toBe(1); // nothing to do: dequeued
    expect(await getBooking(ID)).toMatchObject({ status: "failed" });
    expect(f.c.client.insertEvent).not.toHaveBeenCalled();
  });
});
