import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { desiredAlarms, rescheduleAllBookingAlarms } from "@/utils/background/tracker/alarms";
import { expireBooking } from "@/utils/background/tracker/expiry";
import { holdEndMs, localHoldEnd } from "@/utils/background/tracker/hold-clock";
import { reconcileAll } from "@/utils/background/tracker/reconcile";
import { getBooking } from "@/utils/booking/repository";
import { fakeServices, HELD_ID, HOLD_UNTIL, heldBooking, seedHeld, setupBrowser } from "./tracker-fakes";

const ID = HELD_ID;
const HOLD = Date.parse(HOLD_UNTIL);
const FAST = 10 * 60_000; // this browser's clock runs ten minutes fast

async function setup() {
  await setupBrowser();
  const f = fakeServices();
  const b = heldBooking();
  await seedHeld(f, b);
  f.w.state.statuses.set(ID, "open");
  f.w.state.browserAheadMs = FAST;
  return { ...f, b };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("holds end by the Worker's clock", () => {
  it.each([
    ["600 s left", 600, 1_000_000 + 600_000],
    ["nothing left", 0, 1_000_000],
    ["no answer (an older Worker)", undefined, undefined],
    ["nonsense", -5, undefined],
  ])("the local end from %s", (_name, secondsLeft, expected) => {
    expect(localHoldEnd({ secondsLeft: secondsLeft as number }, 1_000_000)).toBe(expected);
  });

  describe("with the browser clock 10 minutes fast", () => {
    beforeEach(() => {
      // The browser believes the hold has just ended; by the Worker's clock 10 minutes are left.
      vi.useFakeTimers({ now: HOLD, toFake: ["Date"] });
    });

    it("the expiry alarm firing early re-arms by the seconds left instead of cancelling", async () => {
      const f = await setup();
      const out = await expireBooking(ID, f.services);
      expect(out?.status).toBe("awaiting_payment");
      expect(f.w.client.cancelCheckout).not.toHaveBeenCalled();
      expect(f.c.client.deleteEvent).not.toHaveBeenCalled();
      const b = await getBooking(ID);
      expect(b?.holdUntil).toBe(HOLD_UNTIL); // the Worker's own end is unchanged
      expect(Date.parse(b?.holdEndsAt ?? "")).toBe(HOLD + FAST);
      await rescheduleAllBookingAlarms();
      expect((await fakeBrowser.alarms.get(`lc-expire:${ID}`))?.scheduledTime).toBe(HOLD + FAST);
    });

    it("once the Worker's clock reaches the end too, the hold is released", async () => {
      const f = await setup();
      await expireBooking(ID, f.services);
      vi.setSystemTime(HOLD + FAST);
      expect((await expireBooking(ID, f.services))?.status).toBe("expired");
      expect(f.w.client.cancelCheckout).toHaveBeenCalledTimes(1);
    });
  });

  it("the poll records the end on this browser's clock, and the alarms plan by it", async () => {
    vi.useFakeTimers({ now: HOLD - 3_600_000, toFake: ["Date"] });
    const f = await setup();
    await reconcileAll(f.services);
    const b = await getBooking(ID);
    expect(Date.parse(b?.holdEndsAt ?? "")).toBe(HOLD + FAST);
    if (!b) throw new Error("no booking");
    expect(holdEndMs(b)).toBe(HOLD + FAST);
    const plan = desiredAlarms([b], [10], Date.now());
    expect(plan.get(`lc-expire:${ID}`)).toBe(HOLD + FAST);
    expect(plan.get(`lc-remind:${ID}:${HOLD + FAST - 600_000}`)).toBe(HOLD + FAST - 600_000);
    // A second poll with the same answer writes nothing (no storage churn every 30 s).
    const before = b.updatedAt;
    vi.setSystemTime(Date.now() + 30_000);
    await reconcileAll(f.services);
    expect((await getBooking(ID))?.updatedAt).toBe(before);
  });
});
