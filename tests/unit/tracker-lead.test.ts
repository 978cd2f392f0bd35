import { beforeEach, describe, expect, it, vi } from "vitest";
import { applyLeadChanges, leadWatched } from "@/utils/background/tracker/lead-changes";
import { pollNeeded, pollTick } from "@/utils/background/tracker/poll";
import { getBooking, putBooking } from "@/utils/booking/repository";
import type { Booking } from "@/utils/booking/types";
import { makeBooking } from "./fixtures";
import { fakeServices, RECEIPT, setupBrowser, shownNotifications } from "./tracker-fakes";

// A guest who paid an extension booking cancels or moves it on the Worker's manage page; the
// tracker applies that to the host's Google event the next time it polls.
const NOW = Date.parse("2026-11-22T12:00:00Z");
const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

async function setup(over = {}) {
  await setupBrowser();
  const f = fakeServices();
  const b = makeBooking({
    id: ID,
    status: "confirmed",
    secret: "S".repeat(43),
    guests: ["lea@lead.test"],
    receipt: RECEIPT,
    htmlLink: "https://calendar.example/e",
    ...over,
  });
  await putBooking(b);
  f.c.state.events.set(b.eventId, {
    id: b.eventId,
    status: "confirmed",
    start: { dateTime: b.start, timeZone: b.timeZone },
    end: { dateTime: b.end, timeZone: b.timeZone },
  });
  f.w.state.statuses.set(ID, "paid");
  return { ...f, b };
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
});

describe("leadWatched", () => {
  it.each<[string, Partial<Booking>, boolean]>([
    ["a confirmed booking with a guest, not started", {}, true],
    ["nobody invited", { guests: [] }, false],
    ["already started", { start: "2026-11-22T06:00:00-05:00" }, false],
    ["still awaiting payment", { status: "awaiting_payment" }, false],
    ["cancelled", { status: "cancelled" }, false],
    ["all-day", { allDay: true }, false],
  ])("%s → %s", (_, over, want) => {
    expect(leadWatched(makeBooking({ status: "confirmed", guests: ["g@x.test"], ...over }), NOW)).toBe(want);
  });
});

describe("a guest's changes from the manage page", () => {
  it("a cancel deletes the event with sendUpdates=all, cancels the booking, notifies once; later polls leave it", async () => {
    const f = await setup();
    expect(await pollNeeded()).toBe(true);
    f.w.state.statuses.set(ID, "refund_pending");
    f.w.state.lead.set(ID, { cancelledAt: "2026-11-22T11:00:00.000Z", reschedules: 0, start: f.b.start, end: f.b.end });
    await pollTick(f.services);
    expect(f.c.client.deleteEvent).toHaveBeenCalledWith("primary", f.b.eventId, { sendUpdates: "all" });
    expect(f.c.state.events.get(f.b.eventId)?.status).toBe("cancelled");
    const after = await getBooking(ID);
    expect(after?.status).toBe("cancelled");
    expect(after?.htmlLink).toBeUndefined();
    const shown = await shownNotifications();
    expect(Object.keys(shown)).toEqual([`lc-cancelled:${ID}`]);
    expect(shown[`lc-cancelled:${ID}`]?.message).toMatch(/guest cancelled it/);
    expect(await applyLeadChanges(f.services, NOW)).toBe(0);
    expect(f.c.client.deleteEvent).toHaveBeenCalledTimes(1);
    expect(await pollNeeded()).toBe(false);
  });

  it("a move patches the event's times once per move, with sendUpdates=all, and records it", async () => {
    const f = await setup();
    const moved = { start: "2026-12-03T10:00:00-05:00", end: "2026-12-03T10:30:00-05:00" };
    f.w.state.lead.set(ID, { cancelledAt: null, reschedules: 1, ...moved });
    expect(await applyLeadChanges(f.services, NOW)).toBe(1);
    expect(f.c.client.patchEvent).toHaveBeenCalledWith(
      "primary",
      f.b.eventId,
      {
        start: { dateTime: moved.start, timeZone: "America/New_York" },
        end: { dateTime: moved.end, timeZone: "America/New_York" },
      },
      { sendUpdates: "all" },
    );
    expect(await getBooking(ID)).toMatchObject({ status: "confirmed", ...moved, leadReschedules: 1 });
    expect(f.c.state.events.get(f.b.eventId)?.start).toEqual({ dateTime: moved.start, timeZone: "America/New_York" });
    expect((await shownNotifications())[`lc-confirmed:${ID}`]?.title).toBe("Booking moved: Intro call");
    // The same answer again: nothing more to do.
    expect(await applyLeadChanges(f.services, NOW)).toBe(0);
    expect(f.c.client.patchEvent).toHaveBeenCalledTimes(1);
    // A second move.
    const again = { start: "2026-12-04T09:00:00-05:00", end: "2026-12-04T09:30:00-05:00" };
    f.w.state.lead.set(ID, { cancelledAt: null, reschedules: 2, ...again });
    expect(await applyLeadChanges(f.services, NOW)).toBe(1);
    expect(await getBooking(ID)).toMatchObject({ ...again, leadReschedules: 2 });
  });

  it("resumes after a crash between the calendar write and the record: a gone event counts as deleted", async () => {
    const f = await setup();
    f.c.state.events.set(f.b.eventId, { ...f.c.state.events.get(f.b.eventId), status: "cancelled" });
    f.w.state.lead.set(ID, { cancelledAt: "2026-11-22T11:00:00.000Z", reschedules: 0, start: f.b.start, end: f.b.end });
    expect(await applyLeadChanges(f.services, NOW)).toBe(1);
    expect((await getBooking(ID))?.status).toBe("cancelled");
  });

  it("Google unreachable: the booking stays as it was and the next poll tries again", async () => {
    const f = await setup();
    f.w.state.lead.set(ID, {
      cancelledAt: null,
      reschedules: 1,
      start: "2026-12-03T10:00:00-05:00",
      end: "2026-12-03T10:30:00-05:00",
    });
    f.c.state.offline = true;
    await expect(applyLeadChanges(f.services, NOW)).rejects.toThrow();
    expect(await getBooking(ID)).toMatchObject({ start: f.b.start, status: "confirmed" });
    expect(await getBooking(ID)).not.toHaveProperty("leadReschedules");
    f.c.state.offline = false;
    expect(await applyLeadChanges(f.services, NOW)).toBe(1);
    expect((await getBooking(ID))?.leadReschedules).toBe(1);
  });
});
