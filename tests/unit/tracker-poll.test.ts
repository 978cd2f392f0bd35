import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { offlineQueueItem, pollStateItem } from "@/utils/background/tracker/items";
import { ensurePoll, POLL_ALARM, pollTick } from "@/utils/background/tracker/poll";
import { tentativeEventBody } from "@/utils/booking/event-body";
import { getBooking, putBooking } from "@/utils/booking/repository";
import { makeBooking } from "./fixtures";
import { fakeServices, setupBrowser } from "./tracker-fakes";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const A = "0f8fad5b-d9cb-469f-a165-70867728950e";
const B = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

async function seed(id: string, over = {}, f?: ReturnType<typeof fakeServices>) {
  const b = makeBooking({
    id,
    eventId: `lc${id.replace(/-/g, "").slice(0, 20)}`,
    secret: "S".repeat(43),
    checkoutUrl: "https://worker.example/pay/ck",
    holdUntil: "2026-11-21T10:00:00.000Z",
    ...over,
  });
  await putBooking(b);
  f?.c.state.events.set(b.eventId, tentativeEventBody(b));
  return b;
}

const delayOf = async () => {
  const a = await fakeBrowser.alarms.get(POLL_ALARM);
  return a ? (a.scheduledTime - Date.now()) / 1000 : null;
};

beforeEach(async () => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  await setupBrowser();
});

describe("ensurePoll", () => {
  it("creates no alarm while nothing awaits payment, and clears a stale one", async () => {
    await fakeBrowser.alarms.create(POLL_ALARM, { delayInMinutes: 1 });
    await seed(A, { status: "confirmed" });
    await ensurePoll();
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeUndefined();
  });

  it("arms a 30 s alarm when a booking awaits payment", async () => {
    await seed(A);
    await ensurePoll(true);
    expect(await delayOf()).toBe(30);
  });

  it("keeps polling while an action waits offline, even with no open booking", async () => {
    await offlineQueueItem.setValue([
      { kind: "cancel", bookingId: A, summary: "x", queuedAt: "", attempts: 0, lastError: "offline" },
    ]);
    await ensurePoll();
    expect(await delayOf()).toBe(30);
  });

  it("without reset, leaves an existing alarm alone", async () => {
    await seed(A);
    await fakeBrowser.alarms.create(POLL_ALARM, { delayInMinutes: 4 });
    await ensurePoll();
    expect(await delayOf()).toBe(240);
  });
});

describe("pollTick", () => {
  it("one batched status request for all pending bookings; paid → confirmed; backoff resets", async () => {
    const f = fakeServices();
    await seed(A, {}, f);
    await seed(B, {}, f);
    f.w.state.statuses.set(A, "paid");
    f.w.state.statuses.set(B, "open");
    await pollStateItem.setValue({ delaySec: 120, lastPollAt: null });
    await pollTick(f.services);
    expect(f.w.client.batchStatus).toHaveBeenCalledTimes(1);
    expect(f.w.client.batchStatus.mock.calls[0]?.[0].map((i: { bookingId: string }) => i.bookingId).sort()).toEqual(
      [A, B].sort(),
    );
    expect(f.w.client.getCheckout).not.toHaveBeenCalled();
    expect(await getBooking(A)).toMatchObject({ status: "confirmed" });
    expect(await getBooking(B)).toMatchObject({ status: "awaiting_payment" });
    expect(await delayOf()).toBe(30);
  });

  it.each([
    [30, 60],
    [60, 120],
    [240, 300],
    [300, 300],
  ])("nothing changed: %i s → next alarm in %i s", async (from, to) => {
    const f = fakeServices();
    await seed(A, {}, f);
    f.w.state.statuses.set(A, "open");
    await pollStateItem.setValue({ delaySec: from, lastPollAt: null });
    await pollTick(f.services);
    expect(await delayOf()).toBe(to);
    expect((await pollStateItem.getValue()).lastPollAt).toBe(new Date(NOW).toISOString());
  });

  it("offline: backs off too, and keeps the bookings as they are", async () => {
    const f = fakeServices();
    await seed(A);
    f.w.state.offline = true;
    f.c.state.offline = true;
    await pollTick(f.services);
    expect(await getBooking(A)).toMatchObject({ status: "awaiting_payment" });
    expect(await delayOf()).toBe(60);
  });

  it("clears the alarm once the last pending booking is settled", async () => {
    const f = fakeServices();
    const a = await seed(A);
    f.c.state.events.set(a.eventId, tentativeEventBody(a));
    f.w.state.statuses.set(A, "paid");
    await fakeBrowser.alarms.create(POLL_ALARM, { delayInMinutes: 0.5 });
    await pollTick(f.services);
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeUndefined();
    expect((await pollStateItem.getValue()).delaySec).toBe(30);
  });

  it("a Worker-expired hold is released by the poll", async () => {
    const f = fakeServices();
    const a = await seed(A);
    f.c.state.events.set(a.eventId, tentativeEventBody(a));
    f.w.state.statuses.set(A, "expired");
    await pollTick(f.services);
    expect(await getBooking(A)).toMatchObject({ status: "expired" });
    expect(f.c.state.events.get(a.eventId)?.status).toBe("cancelled");
  });

  it.each([
    ["cancelled", "cancelled"],
    ["refunded", "expired"],
    ["refund_pending", "expired"],
  ] as const)("Worker says %s → booking %s and its held time released", async (worker, local) => {
    const f = fakeServices();
    const a = await seed(A, {}, f);
    f.w.state.statuses.set(A, worker);
    await pollTick(f.services);
    expect(await getBooking(A)).toMatchObject({ status: local });
    expect(f.c.state.events.get(a.eventId)?.status).toBe("cancelled");
  });
});
