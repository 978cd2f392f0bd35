import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { scheduleBookingAlarms } from "@/utils/background/tracker/alarms";
import { cancelTracked } from "@/utils/background/tracker/cancel";
import { expireBooking } from "@/utils/background/tracker/expiry";
import { onReminderButton } from "@/utils/background/tracker/on-notification";
import { remindBooking } from "@/utils/background/tracker/reminders";
import { getBooking, putBooking } from "@/utils/booking/repository";
import { DEFAULT_SETTINGS, settingsItem } from "@/utils/settings";
import {
  fakeServices,
  HELD_ID,
  HOLD_UNTIL,
  heldBooking,
  seedHeld,
  setupBrowser,
  shownNotifications,
  WORKER,
} from "./tracker-fakes";

const ID = HELD_ID;
const HOLD = HOLD_UNTIL;

async function setup(status: "open" | "paid" | "expired" | "pending" = "open") {
  await setupBrowser();
  const f = fakeServices();
  const b = heldBooking();
  await seedHeld(f, b);
  f.w.state.statuses.set(ID, status);
  return { ...f, b };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-11-21T10:00:01Z"), toFake: ["Date"] });
});

describe("expiry", () => {
  it("unpaid: cancels the checkout, deletes the event, records expired and notifies", async () => {
    const f = await setup("open");
    const done = await expireBooking(ID, f.services);
    expect(done).toMatchObject({ status: "expired" });
    expect(f.w.client.getCheckout).toHaveBeenCalledBefore(f.w.client.cancelCheckout);
    expect(f.w.state.statuses.get(ID)).toBe("cancelled");
    expect(f.c.client.deleteEvent).toHaveBeenCalledWith("primary", f.b.eventId, { sendUpdates: "none" });
    const n = shownNotifications()[`lc-expired:${ID}`];
    expect(n?.title).toBe("Hold expired: Intro call");
    expect(n?.message).toContain("removed from Google Calendar");
  });

  it("keep_cancelled: marks the event expired instead of deleting it", async () => {
    const f = await setup("open");
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: WORKER, expiryAction: "keep_cancelled" });
    await expireBooking(ID, f.services);
    expect(f.c.client.deleteEvent).not.toHaveBeenCalled();
    expect(f.c.state.events.get(f.b.eventId)).toMatchObject({
      summary: "[Expired] Intro call",
      colorId: "8",
      extendedProperties: { private: { lcState: "expired" } },
    });
    expect(shownNotifications()[`lc-expired:${ID}`]?.message).not.toContain("removed");
  });

  it("a payment that just landed wins: confirmed, nothing released", async () => {
    const f = await setup("paid");
    expect(await expireBooking(ID, f.services)).toMatchObject({ status: "confirmed" });
    expect(f.w.client.cancelCheckout).not.toHaveBeenCalled();
    expect(f.c.client.deleteEvent).not.toHaveBeenCalled();
    expect(Object.keys(shownNotifications())).toEqual([`lc-confirmed:${ID}`]);
  });

  it("a payment landing between the status check and the cancel (409) is confirmed too", async () => {
    const f = await setup("open");
    f.w.client.cancelCheckout.mockImplementationOnce(async () => {
      f.w.state.statuses.set(ID, "paid");
      const { WorkerApiError } = await import("@/utils/worker-client");
      throw new WorkerApiError(409, "already_paid", "paid");
    });
    expect(await expireBooking(ID, f.services)).toMatchObject({ status: "confirmed" });
    expect(f.c.client.deleteEvent).not.toHaveBeenCalled();
  });

  it("a booking the Worker does not know (404) was never paid: released and expired", async () => {
    const f = await setup("open");
    f.w.state.statuses.delete(ID);
    expect(await expireBooking(ID, f.services)).toMatchObject({ status: "expired" });
    expect(f.c.state.events.get(f.b.eventId)?.status).toBe("cancelled");
  });

  it("does nothing to a booking that is no longer awaiting payment", async () => {
    const f = await setup("open");
    await putBooking({ ...f.b, status: "confirmed" });
    expect(await expireBooking(ID, f.services)).toMatchObject({ status: "confirmed" });
    expect(f.w.client.getCheckout).not.toHaveBeenCalled();
  });
});

describe("reminders", () => {
  it("checks the Worker, then shows the reminder with Pay now / Cancel booking", async () => {
    const f = await setup("open");
    expect(await remindBooking(ID, f.services)).toBe(true);
    const n = shownNotifications()[`lc-reminder:${ID}`];
    expect(n?.title).toBe("Unpaid hold: Intro call");
    expect(n?.message).toContain("1.00 USD");
    expect(n?.buttons?.map((b) => b.title)).toEqual(["Pay now", "Cancel booking"]);
  });

  it("never reminds after payment: the Worker says paid → confirmed instead", async () => {
    const f = await setup("paid");
    expect(await remindBooking(ID, f.services)).toBe(false);
    expect(shownNotifications()[`lc-reminder:${ID}`]).toBeUndefined();
    expect(await getBooking(ID)).toMatchObject({ status: "confirmed" });
  });

  it("skips the reminder when the Worker cannot be asked", async () => {
    const f = await setup("open");
    f.w.state.offline = true;
    expect(await remindBooking(ID, f.services)).toBe(false);
    expect(shownNotifications()).toEqual({});
  });

  it("'Pay now' opens the checkout with this extension's id", async () => {
    const f = await setup("open");
    await remindBooking(ID, f.services);
    await onReminderButton(`lc-reminder:${ID}`, 0, f.services);
    expect(f.opened).toEqual([`${WORKER}/pay/ck?ext=extid`]);
    expect(shownNotifications()[`lc-reminder:${ID}`]).toBeUndefined();
  });

  it("'Cancel booking' runs the cancel flow: checkout closed, event released, cancelled, notified", async () => {
    const f = await setup("open");
    await remindBooking(ID, f.services);
    await onReminderButton(`lc-reminder:${ID}`, 1, f.services);
    expect(await getBooking(ID)).toMatchObject({ status: "cancelled" });
    expect(f.w.state.statuses.get(ID)).toBe("cancelled");
    expect(f.c.state.events.get(f.b.eventId)?.status).toBe("cancelled");
    expect(shownNotifications()[`lc-cancelled:${ID}`]?.title).toBe("Booking cancelled: Intro call");
  });

  it("'Cancel booking' offline is queued, not lost", async () => {
    const f = await setup("open");
    f.w.state.offline = true;
    await onReminderButton(`lc-reminder:${ID}`, 1, f.services);
    expect(await getBooking(ID)).toMatchObject({ status: "awaiting_payment" });
    const { pendingActions } = await import("@/utils/background/tracker/queue");
    expect(await pendingActions()).toMatchObject([{ kind: "cancel", bookingId: ID, summary: "Intro call" }]);
  });

  it("'Cancel booking' after the payment landed confirms instead", async () => {
    const f = await setup("paid");
    await cancelTracked(ID, f.services, "user");
    expect(await getBooking(ID)).toMatchObject({ status: "confirmed" });
  });

  it("ignores buttons of other notifications", async () => {
    const f = await setup("open");
    await onReminderButton("someone-else", 0, f.services);
    await onReminderButton(`lc-confirmed:${ID}`, 1, f.services);
    expect(f.opened).toEqual([]);
    expect(await getBooking(ID)).toMatchObject({ status: "awaiting_payment" });
  });
});

describe("scheduleBookingAlarms", () => {
  it("creates expiry + reminders, re-creates vanished ones, clears those of settled bookings", async () => {
    vi.setSystemTime(new Date("2026-11-21T05:00:00Z"));
    const f = await setup("open");
    await scheduleBookingAlarms([f.b], [60, 10]);
    const names = async () => (await fakeBrowser.alarms.getAll()).map((a) => a.name).sort();
    const hold = Date.parse(HOLD);
    const expected = [
      `lc-expire:${ID}`,
      `lc-remind:${ID}:${hold - 3_600_000}`,
      `lc-remind:${ID}:${hold - 600_000}`,
    ].sort();
    expect(await names()).toEqual(expected);
    expect((await fakeBrowser.alarms.get(`lc-expire:${ID}`))?.scheduledTime).toBe(hold);
    await fakeBrowser.alarms.clearAll(); // a browser restart lost them
    await fakeBrowser.alarms.create("lc-poll", { delayInMinutes: 1 });
    await scheduleBookingAlarms([f.b], [60, 10]);
    expect(await names()).toEqual([...expected, "lc-poll"].sort());
    await scheduleBookingAlarms([{ ...f.b, status: "confirmed" }], [60, 10]);
    expect(await names()).toEqual(["lc-poll"]);
  });

  it("a hold that ended while the browser was closed fires at once", async () => {
    const f = await setup("open");
    await scheduleBookingAlarms([f.b], [60, 10]);
    expect((await fakeBrowser.alarms.get(`lc-expire:${ID}`))?.scheduledTime).toBe(Date.now() + 1000);
  });
});
