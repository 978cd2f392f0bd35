import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { registerTracker } from "@/utils/background/tracker";
import { POLL_ALARM } from "@/utils/background/tracker/poll";
import { enqueue } from "@/utils/background/tracker/queue";
import { tentativeEventBody } from "@/utils/booking/event-body";
import { getBooking, putBooking } from "@/utils/booking/repository";
import type { Booking } from "@/utils/booking/types";
import { sendMessage } from "@/utils/messaging";
import { DEFAULT_SETTINGS, settingsItem } from "@/utils/settings";
import {
  type fakeEvent,
  fakeServices,
  HELD_ID,
  HOLD_UNTIL,
  heldBooking,
  setupBrowser,
  shownNotifications,
  WORKER,
} from "./tracker-fakes";

const ID = HELD_ID;
const HOLD = HOLD_UNTIL;

let f: ReturnType<typeof fakeServices>;
let external: ReturnType<typeof fakeEvent<(m: unknown, sender: object) => unknown>>;
let unregister = () => {};
let b: Booking;

/** Lets the listeners' async work (storage watch, alarms) finish. */
async function until(check: () => Promise<boolean> | boolean) {
  await vi.waitFor(async () => expect(await check()).toBe(true), { timeout: 2000, interval: 5 });
}

beforeEach(async () => {
  vi.useFakeTimers({ now: new Date("2026-11-21T05:00:00Z"), toFake: ["Date"] });
  ({ onMessageExternal: external } = await setupBrowser());
  f = fakeServices();
  b = heldBooking();
  f.c.state.events.set(b.eventId, tentativeEventBody(b));
  f.w.state.statuses.set(ID, "open");
  unregister = registerTracker(() => f.services);
});
afterEach(() => unregister());

/** Fires an alarm the way Chrome does. */
const fire = (name: string) =>
  fakeBrowser.alarms.onAlarm.trigger({ name, scheduledTime: Date.now(), persistAcrossSessions: false });
const alarmNames = async () => (await fakeBrowser.alarms.getAll()).map((a) => a.name).sort();

describe("registerTracker", () => {
  it("a booking starting to await payment gets the poll, expiry and reminder alarms and the badge", async () => {
    await putBooking({ ...b, status: "creating", step: "open_checkout" });
    await putBooking(b);
    await until(async () => (await alarmNames()).length === 4);
    expect(await alarmNames()).toEqual(
      [
        POLL_ALARM,
        `lc-expire:${ID}`,
        `lc-remind:${ID}:${Date.parse(HOLD) - 3_600_000}`,
        `lc-remind:${ID}:${Date.parse(HOLD) - 600_000}`,
      ].sort(),
    );
    expect(await fakeBrowser.action.getBadgeText({})).toBe("1");
  });

  it("new payment reminder minutes in the options re-plan the reminders of running holds", async () => {
    await putBooking(b);
    await until(async () => (await alarmNames()).length === 4);
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: WORKER, paymentReminderMinutes: [30] });
    await until(async () => (await alarmNames()).includes(`lc-remind:${ID}:${Date.parse(HOLD) - 1_800_000}`));
    expect(await alarmNames()).toEqual(
      [POLL_ALARM, `lc-expire:${ID}`, `lc-remind:${ID}:${Date.parse(HOLD) - 1_800_000}`].sort(),
    );
  });

  it("poll alarm: asks the Worker in one batch and confirms a paid booking", async () => {
    await putBooking(b);
    f.w.state.statuses.set(ID, "paid");
    await fire(POLL_ALARM);
    expect(f.w.client.batchStatus).toHaveBeenCalledTimes(1);
    expect(await getBooking(ID)).toMatchObject({ status: "confirmed" });
    await until(async () => (await alarmNames()).length === 0);
    expect(await fakeBrowser.action.getBadgeText({})).toBe("");
  });

  it("expiry alarm: releases the unpaid hold", async () => {
    await putBooking(b);
    vi.setSystemTime(new Date(HOLD));
    await fire(`lc-expire:${ID}`);
    expect(await getBooking(ID)).toMatchObject({ status: "expired" });
    expect(shownNotifications()[`lc-expired:${ID}`]).toBeDefined();
  });

  it("reminder alarm: shows the reminder; once paid, it is taken down", async () => {
    await putBooking(b);
    await fire(`lc-remind:${ID}:1`);
    expect(shownNotifications()[`lc-reminder:${ID}`]).toBeDefined();
    f.w.state.statuses.set(ID, "paid");
    await fire(POLL_ALARM);
    await until(() => shownNotifications()[`lc-reminder:${ID}`] === undefined);
    expect(Object.keys(shownNotifications())).toEqual([`lc-confirmed:${ID}`]);
  });

  it.each([
    [0, "pay"],
    [1, "cancel"],
  ])("reminder button %i (%s)", async (index, what) => {
    await putBooking(b);
    await fire(`lc-remind:${ID}:1`);
    await fakeBrowser.notifications.onButtonClicked.trigger(`lc-reminder:${ID}`, index);
    if (what === "pay") {
      await until(() => f.opened.length === 1);
      expect(f.opened).toEqual([`${WORKER}/pay/ck?ext=extid`]);
    } else {
      await until(async () => (await getBooking(ID))?.status === "cancelled");
      expect(f.w.state.statuses.get(ID)).toBe("cancelled");
    }
  });

  it("clicking the confirmation opens the event in Google Calendar", async () => {
    await putBooking({ ...b, status: "confirmed", htmlLink: "https://calendar.example/e" });
    await fakeBrowser.notifications.onClicked.trigger(`lc-confirmed:${ID}`);
    await until(() => f.opened.length === 1);
    expect(f.opened).toEqual(["https://calendar.example/e"]);
  });

  it("payment-completed from the Worker origin: asks the Worker, then confirms", async () => {
    await putBooking(b);
    f.w.state.statuses.set(ID, "paid");
    const [reply] = external.fire(
      { type: "payment-completed", bookingId: ID },
      { origin: WORKER, url: `${WORKER}/pay/ck` },
    );
    expect(await reply).toEqual({ ok: true });
    expect(f.w.client.getCheckout).toHaveBeenCalledWith(ID, "S".repeat(43));
    expect(await getBooking(ID)).toMatchObject({ status: "confirmed" });
  });

  it("payment-completed never trusts the message: the Worker says open → nothing changes", async () => {
    await putBooking(b);
    const [reply] = external.fire({ type: "payment-completed", bookingId: ID }, { origin: WORKER });
    expect(await reply).toEqual({ ok: true });
    expect(await getBooking(ID)).toMatchObject({ status: "awaiting_payment" });
    expect(shownNotifications()[`lc-confirmed:${ID}`]).toBeUndefined();
  });

  it.each([
    ["another origin", { origin: "https://evil.example" }, { type: "payment-completed", bookingId: ID }],
    ["no origin", {}, { type: "payment-completed", bookingId: ID }],
    ["another message", { origin: WORKER }, { type: "paid", bookingId: ID }],
    ["an unknown booking", { origin: WORKER }, { type: "payment-completed", bookingId: "nope" }],
  ])("payment-completed from %s is ignored without asking the Worker", async (_name, sender, message) => {
    await putBooking(b);
    f.w.state.statuses.set(ID, "paid");
    const [reply] = external.fire(message, sender);
    expect(await reply).toEqual({ ok: false });
    expect(f.w.client.getCheckout).not.toHaveBeenCalled();
    expect(await getBooking(ID)).toMatchObject({ status: "awaiting_payment" });
  });

  it.each(["onStartup", "onInstalled"] as const)(
    "%s: re-creates vanished alarms and reconciles every open booking",
    async (event) => {
      await putBooking(b);
      await putBooking({ ...b, id: "7c9e6679-7425-40de-944b-e07fc1f90ae7", status: "paid", receipt: undefined });
      await until(async () => (await alarmNames()).length > 0);
      await fakeBrowser.alarms.clearAll(); // the browser restarted and lost them
      f.w.state.statuses.set(ID, "paid");
      if (event === "onStartup") await fakeBrowser.runtime.onStartup.trigger();
      else await fakeBrowser.runtime.onInstalled.trigger({ reason: "update" } as never);
      await until(async () => (await getBooking(ID))?.status === "confirmed");
      expect(f.w.client.batchStatus).toHaveBeenCalled();
      await until(async () => (await alarmNames()).includes(POLL_ALARM));
    },
  );

  it("on start-up a hold that ended while the browser was closed is released", async () => {
    await putBooking(b);
    vi.setSystemTime(new Date("2026-11-21T11:00:00Z"));
    f.w.state.statuses.set(ID, "expired");
    await fakeBrowser.runtime.onStartup.trigger();
    await until(async () => (await getBooking(ID))?.status === "expired");
  });

  it("the popup can ask what is waiting offline; back online, it is retried", async () => {
    await putBooking(b);
    await enqueue("cancel", ID, "Intro call", new Error("Failed to fetch"));
    expect(await sendMessage("getPendingActions")).toMatchObject([{ kind: "cancel", bookingId: ID }]);
    globalThis.dispatchEvent(new Event("online"));
    await until(async () => (await getBooking(ID))?.status === "cancelled");
    expect(await sendMessage("getPendingActions")).toEqual([]);
  });

  it("a creation failing for lack of network is queued for when the browser is back online", async () => {
    await putBooking({ ...b, status: "creating", step: "checkout" });
    await putBooking({
      ...b,
      status: "failed",
      step: "checkout",
      error: { code: "werr_network", message: "Failed to fetch" },
    });
    await until(async () => (await sendMessage("getPendingActions")).length === 1);
    expect(await sendMessage("getPendingActions")).toMatchObject([{ kind: "create", bookingId: ID }]);
    expect(await alarmNames()).toContain(POLL_ALARM);
  });

  it("unregister removes every listener", async () => {
    expect(external.size).toBe(1);
    unregister();
    unregister = () => {};
    expect(external.size).toBe(0);
    await putBooking(b);
    f.w.state.statuses.set(ID, "paid");
    await fire(POLL_ALARM);
    expect(f.w.client.batchStatus).not.toHaveBeenCalled();
  });
});
