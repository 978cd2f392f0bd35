import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { registerTracker } from "@/utils/background/tracker";
import { desiredAlarms, RESUME_AFTER_MS } from "@/utils/background/tracker/alarms";
import { POLL_ALARM, pollTick } from "@/utils/background/tracker/poll";
import { enqueue, pendingActions } from "@/utils/background/tracker/queue";
import { retryQueue } from "@/utils/background/tracker/retry-queue";
import { syncCalendar } from "@/utils/background/tracker/sync";
import { getBooking, putBooking } from "@/utils/booking/repository";
import { makeBooking } from "./fixtures";
import { fakeServices, HELD_ID, heldBooking, seedHeld, setupBrowser } from "./tracker-fakes";

const ID = HELD_ID;
const NOW = Date.parse("2026-11-20T12:00:00Z");

const fire = (name: string) =>
  fakeBrowser.alarms.onAlarm.trigger({ name, scheduledTime: Date.now(), persistAcrossSessions: false });
const alarmNames = async () => (await fakeBrowser.alarms.getAll()).map((a) => a.name).sort();

let unregister = () => {};
beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
});
afterEach(() => {
  unregister();
  vi.useRealTimers();
});

/** A booking the worker was killed in the middle of creating: the checkout exists, the event not yet. */
function midCreation() {
  return makeBooking({
    id: ID,
    status: "creating",
    step: "event",
    secret: "S".repeat(43),
    checkoutId: "ck",
    checkoutUrl: "https://worker.example/pay/ck",
    holdUntil: "2026-11-21T10:00:00.000Z",
    updatedAt: new Date(NOW).toISOString(),
  });
}

describe("a worker woken after being killed", () => {
  it("a booking in creating has a resume alarm a minute after it last moved", () => {
    const plan = desiredAlarms([midCreation()], [], NOW);
    expect(Object.fromEntries(plan)).toEqual({ [`lc-resume:${ID}`]: NOW + RESUME_AFTER_MS });
  });

  it("the resume alarm finishes the creation nobody else woke the worker for", async () => {
    await setupBrowser();
    const f = fakeServices();
    await putBooking(midCreation());
    unregister = registerTracker(() => f.services);
    await vi.waitFor(async () => expect(await alarmNames()).toContain(`lc-resume:${ID}`));
    await fire(`lc-resume:${ID}`);
    await vi.waitFor(async () => expect((await getBooking(ID))?.status).toBe("awaiting_payment"));
    expect(f.c.client.insertEvent).toHaveBeenCalledTimes(1);
    expect((await getBooking(ID))?.attempts).toBe(2);
    await vi.waitFor(async () => expect(await alarmNames()).not.toContain(`lc-resume:${ID}`));
  });

  it("main() re-plans the alarms that vanished, without waiting for onStartup", async () => {
    await setupBrowser();
    const f = fakeServices();
    await seedHeld(f, heldBooking());
    await fakeBrowser.alarms.clearAll();
    unregister = registerTracker(() => f.services);
    await vi.waitFor(async () =>
      expect(await alarmNames()).toEqual(expect.arrayContaining([POLL_ALARM, `lc-expire:${ID}`])),
    );
  });

  it("the poll is armed before its tick, so a tick that dies does not stop polling", async () => {
    await setupBrowser();
    const f = fakeServices();
    await seedHeld(f, heldBooking());
    f.w.state.statuses.set(ID, "open");
    let armedDuringTick = false;
    vi.mocked(f.w.client.batchStatus).mockImplementation(async () => {
      armedDuringTick = !!(await fakeBrowser.alarms.get(POLL_ALARM));
      throw new Error("the worker is killed here");
    });
    await pollTick(f.services);
    expect(armedDuringTick).toBe(true);
  });
});

describe("replayed offline cancels keep their reason", () => {
  it("an event deleted in Google, queued offline, is not touched again on replay", async () => {
    await setupBrowser();
    const f = fakeServices();
    const b = heldBooking();
    await seedHeld(f, b);
    f.w.state.statuses.set(ID, "open");
    f.c.state.events.set(b.eventId, { id: b.eventId, status: "cancelled" });
    f.c.state.pages.push({ items: [{ id: b.eventId, status: "cancelled" }], nextSyncToken: "t1" });
    f.w.state.offline = true;
    await syncCalendar("primary", f.services);
    expect(await pendingActions()).toEqual([
      expect.objectContaining({ kind: "cancel", bookingId: ID, reason: "deleted_in_google" }),
    ]);
    f.w.state.offline = false;
    expect(await retryQueue(f.services)).toBe(1);
    expect((await getBooking(ID))?.status).toBe("cancelled");
    expect(f.c.client.deleteEvent).not.toHaveBeenCalled();
    expect(f.c.client.patchEvent).not.toHaveBeenCalled();
    expect(f.w.state.statuses.get(ID)).toBe("cancelled");
  });

  it("an entry queued before reasons existed replays as the user's cancel", async () => {
    await setupBrowser();
    const f = fakeServices();
    await seedHeld(f, heldBooking());
    f.w.state.statuses.set(ID, "open");
    await enqueue("cancel", ID, "Intro call", new Error("offline"));
    expect(await retryQueue(f.services)).toBe(1);
    expect(f.c.client.deleteEvent).toHaveBeenCalledTimes(1);
  });
});
