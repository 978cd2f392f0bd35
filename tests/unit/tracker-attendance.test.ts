import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { AttendanceView, CheckoutStatusResponse } from "@/utils/api/contract";
import { registerTracker } from "@/utils/background/tracker";
import { desiredAlarms } from "@/utils/background/tracker/alarms";
import { POLL_ALARM } from "@/utils/background/tracker/poll";
import { getBooking, putBooking } from "@/utils/booking/repository";
import { DEFAULT_SETTINGS, settingsItem } from "@/utils/settings";
import { WorkerApiError } from "@/utils/worker-client";
import { makeBooking } from "./fixtures";
import { fakeServices, RECEIPT, setupBrowser, shownNotifications, WORKER } from "./tracker-fakes";

// "Did <guest> attend?" in the background, with fakeBrowser: an alarm at the event's end that a
// killed worker gets back, one notification in the user's chosen language with Attended / No-show,
// the answer sent with the booking's secret, and the refund followed until the Worker says refunded.
const ID = "6a1f0c3e-2b7d-4e59-9c1a-0d2e3f4a5b6c";
const END = "2026-12-01T15:30:00-05:00";
const NOW = Date.parse("2026-12-01T21:00:00Z"); // after the end
const ALARM = `lc-attend:${ID}`;
const NOTIF = `lc-attend:${ID}`;

const refundable = (over: Parameters<typeof makeBooking>[0] = {}) =>
  makeBooking({
    id: ID,
    status: "confirmed",
    end: END,
    guests: ["lea@lead.example"],
    secret: "S".repeat(43),
    receipt: RECEIPT,
    refundIfAttended: true,
    noAnswer: "keep",
    ...over,
  });
const view = (attendance: AttendanceView): CheckoutStatusResponse => ({
  bookingId: ID,
  status: "paid",
  amount: { value: "1.00", currency: "USD" },
  holdUntil: "2026-12-01T10:00:00.000Z",
  secondsLeft: 0,
  checkoutUrl: `${WORKER}/pay/ck`,
  receipt: RECEIPT,
  attendance,
});
const answered = (status: AttendanceView["status"], refund: AttendanceView["refund"]): AttendanceView => ({
  status,
  answerBy: "2026-12-03T20:30:00.000Z",
  noAnswer: "keep",
  refund,
});

const fire = (name: string) =>
  fakeBrowser.alarms.onAlarm.trigger({ name, scheduledTime: Date.now(), persistAcrossSessions: false });
const alarmNames = async () => (await fakeBrowser.alarms.getAll()).map((a) => a.name);

let f: ReturnType<typeof fakeServices>;
let answer: ReturnType<typeof vi.fn>;
let unregister = () => {};
beforeEach(async () => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  await setupBrowser();
  f = fakeServices();
  answer = vi.fn(async (_id: string, _secret: string, attended: boolean) =>
    view(attended ? answered("attended", "refunded") : answered("no_show", "none")),
  );
  Object.assign(f.w.client, { answerAttendance: answer });
  f.w.state.statuses.set(ID, "paid");
});
afterEach(() => {
  unregister();
  vi.useRealTimers();
});

describe("the attendance alarm", () => {
  it("is planned at the event's end for a confirmed refundable booking not asked yet, and only then", () => {
    const end = Date.parse(END);
    expect(Object.fromEntries(desiredAlarms([refundable()], [], NOW))).toEqual({ [ALARM]: end });
    for (const b of [
      refundable({ refundIfAttended: false }),
      refundable({ attendanceAskedAt: "2026-12-01T20:31:00.000Z" }),
      refundable({ attendance: answered("no_show", "none") }),
      refundable({ status: "awaiting_payment" }),
    ])
      expect([...desiredAlarms([b], [], NOW).keys()]).not.toContain(ALARM);
  });

  it("survives a killed worker: alarms lost, the next wake plans it again from storage", async () => {
    await putBooking(refundable());
    unregister = registerTracker(() => f.services);
    await vi.waitFor(async () => expect(await alarmNames()).toContain(ALARM));
    unregister();
    await fakeBrowser.alarms.clearAll();
    unregister = registerTracker(() => f.services);
    await vi.waitFor(async () => expect(await alarmNames()).toContain(ALARM));
  });

  it("shows the question once, in the language chosen in the options, with Attended / No-show", async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: WORKER, language: "es" });
    await putBooking(refundable());
    unregister = registerTracker(() => f.services);
    await fire(ALARM);
    const shown = shownNotifications()[NOTIF];
    expect(shown).toMatchObject({
      title: "¿Asistió lea@lead.example?",
      message: "«Intro call» terminó. Asistió reembolsa la tarifa; No asistió la conserva.",
      buttons: [{ title: "Asistió" }, { title: "No asistió" }],
      requireInteraction: true,
    });
    expect((await getBooking(ID))?.attendanceAskedAt).toBe(new Date(NOW).toISOString());
    // Asked: the plan drops the alarm, and firing it again shows nothing new.
    await vi.waitFor(async () => expect(await alarmNames()).not.toContain(ALARM));
    await fakeBrowser.notifications.clear(NOTIF);
    await fire(ALARM);
    expect(shownNotifications()[NOTIF]).toBeUndefined();
  });
});

describe("the answer", () => {
  beforeEach(async () => {
    await putBooking(refundable());
    unregister = registerTracker(() => f.services);
    await fire(ALARM);
  });

  it.each([
    [0, true, answered("attended", "refunded")],
    [1, false, answered("no_show", "none")],
  ])("button %i sends attended=%s with the booking's secret and records the outcome", async (index, attended, a) => {
    await fakeBrowser.notifications.onButtonClicked.trigger(NOTIF, index);
    await vi.waitFor(async () => expect((await getBooking(ID))?.attendance).toEqual(a));
    expect(answer).toHaveBeenCalledWith(ID, "S".repeat(43), attended);
    expect(shownNotifications()[NOTIF]).toBeUndefined();
    expect((await getBooking(ID))?.status).toBe("confirmed");
  });

  it("already answered (409): keeps what the Worker recorded", async () => {
    answer.mockRejectedValueOnce(new WorkerApiError(409, "already_answered", "Attendance is already recorded"));
    f.w.client.getCheckout.mockResolvedValueOnce(view(answered("defaulted_keep", "none")));
    await fakeBrowser.notifications.onButtonClicked.trigger(NOTIF, 0);
    await vi.waitFor(async () => expect((await getBooking(ID))?.attendance?.status).toBe("defaulted_keep"));
  });

  it("offline: the question comes back saying the answer was not sent", async () => {
    answer.mockRejectedValueOnce(new WorkerApiError(0, "network", "Failed to fetch"));
    await fakeBrowser.notifications.onButtonClicked.trigger(NOTIF, 0);
    await vi.waitFor(() =>
      expect(shownNotifications()[NOTIF]?.message).toBe(
        "The answer could not be sent. Try again: attended refunds the fee; No-show keeps it.",
      ),
    );
    expect((await getBooking(ID))?.attendance).toBeUndefined();
    await fakeBrowser.notifications.onButtonClicked.trigger(NOTIF, 0);
    await vi.waitFor(async () => expect((await getBooking(ID))?.attendance?.status).toBe("attended"));
  });

  it("a refund still in progress is polled until the Worker says refunded", async () => {
    answer.mockResolvedValueOnce(view(answered("attended", "pending")));
    await fakeBrowser.notifications.onButtonClicked.trigger(NOTIF, 0);
    await vi.waitFor(async () => expect((await getBooking(ID))?.attendance?.refund).toBe("pending"));
    await vi.waitFor(async () => expect(await alarmNames()).toContain(POLL_ALARM));
    f.w.client.batchStatus.mockResolvedValueOnce({ items: [view(answered("attended", "refunded"))] });
    await fire(POLL_ALARM);
    await vi.waitFor(async () => expect((await getBooking(ID))?.attendance?.refund).toBe("refunded"));
  });
});
