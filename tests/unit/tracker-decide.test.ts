import { describe, expect, it } from "vitest";
import type { CheckoutStatus } from "@/utils/api/contract";
import { desiredAlarms, parseAlarm } from "@/utils/background/tracker/alarms";
import { badgeText } from "@/utils/background/tracker/badge";
import { decide, nextPollDelay, reminderTimes, type TrackerAction } from "@/utils/background/tracker/decide";
import { eventChange, holdAfterMove, stripMarker } from "@/utils/background/tracker/event-change";
import { asPaymentCompleted, senderOrigin } from "@/utils/background/tracker/external-message";
import { notificationId, parseNotificationId } from "@/utils/background/tracker/notify";
import type { BookingStatus } from "@/utils/booking/types";
import { makeBooking } from "./fixtures";

const H = 3_600_000;
const M = 60_000;

describe("decide", () => {
  it.each<[BookingStatus, CheckoutStatus, TrackerAction]>([
    ["awaiting_payment", "paid", "confirm"],
    ["awaiting_payment", "open", "wait"],
    ["awaiting_payment", "pending", "wait"],
    ["awaiting_payment", "expired", "expire"],
    ["awaiting_payment", "cancelled", "cancel"],
    ["awaiting_payment", "refunded", "expire"],
    ["awaiting_payment", "refund_pending", "expire"],
    ["paid", "paid", "confirm"],
    ["paid", "open", "confirm"],
    ["confirmed", "paid", "none"],
    ["expired", "paid", "none"],
    ["cancelled", "refunded", "none"],
    ["creating", "paid", "none"],
    ["failed", "paid", "none"],
  ])("local %s + Worker %s → %s", (local, worker, action) => {
    expect(decide(local, worker)).toBe(action);
  });
});

describe("nextPollDelay", () => {
  it.each([
    [30, false, 60],
    [60, false, 120],
    [120, false, 240],
    [240, false, 300],
    [300, false, 300],
    [300, true, 30],
    [60, true, 30],
    [10, false, 30],
  ])("%i s, changed=%s → %i s", (current, changed, next) => {
    expect(nextPollDelay(current, changed)).toBe(next);
  });
});

describe("reminderTimes", () => {
  const hold = Date.parse("2026-11-21T10:00:00Z");
  it.each([
    ["both ahead", [60, 10], hold - 5 * H, [hold - 60 * M, hold - 10 * M]],
    ["the hour already passed", [60, 10], hold - 30 * M, [hold - 10 * M]],
    ["all passed", [60, 10], hold - 5 * M, []],
    ["empty list → defaults", [], hold - 5 * H, [hold - 60 * M, hold - 10 * M]],
    ["duplicates and zero dropped", [30, 30, 0], hold - 5 * H, [hold - 30 * M]],
  ])("%s", (_name, minutes, now, expected) => {
    expect(reminderTimes(hold, minutes, now)).toEqual(expected);
  });
});

describe("stripMarker / eventChange", () => {
  const b = makeBooking({ summary: "Intro call" });
  it.each([
    ["[Unpaid hold] Intro call", "Intro call"],
    ["Intro call", "Intro call"],
    ["  [Unpaid hold]   Call  ", "Call"],
    ["[Reserva sin pagar] Llamada", "Llamada"],
    ["[Reserva não paga] Chamada", "Chamada"],
    [undefined, ""],
  ])("stripMarker(%j) = %j", (input, out) => {
    expect(stripMarker(input)).toBe(out);
  });

  it.each([
    ["deleted", { status: "cancelled" as const }, { type: "deleted" }],
    [
      "our own tentative event",
      { summary: "[Unpaid hold] Intro call", start: { dateTime: b.start }, end: { dateTime: b.end } },
      { type: "none" },
    ],
    [
      "our confirmed patch (same time, other offset notation)",
      { summary: "Intro call", start: { dateTime: "2026-12-01T20:00:00Z" }, end: { dateTime: "2026-12-01T20:30:00Z" } },
      { type: "none" },
    ],
    [
      "renamed",
      { summary: "[Unpaid hold] Demo", start: { dateTime: b.start }, end: { dateTime: b.end } },
      { type: "moved", summary: "Demo", start: b.start, end: b.end },
    ],
    [
      "moved",
      {
        summary: "[Unpaid hold] Intro call",
        start: { dateTime: "2026-12-01T12:00:00-05:00" },
        end: { dateTime: "2026-12-01T12:30:00-05:00" },
      },
      { type: "moved", summary: "Intro call", start: "2026-12-01T12:00:00-05:00", end: "2026-12-01T12:30:00-05:00" },
    ],
    [
      "made all-day (midnights in the booking's zone)",
      { summary: "Intro call", start: { date: "2026-12-02" }, end: { date: "2026-12-03" } },
      { type: "moved", summary: "Intro call", start: "2026-12-02T00:00:00-05:00", end: "2026-12-03T00:00:00-05:00" },
    ],
  ])("%s", (_name, event, change) => {
    expect(eventChange(b, event)).toEqual(change);
  });

  it("sees an all-day booking's own event, in its language, as unchanged", () => {
    const allDay = makeBooking({
      summary: "Intro call",
      allDay: true,
      locale: "es",
      start: "2026-12-01T00:00:00-05:00",
      end: "2026-12-02T00:00:00-05:00",
    });
    const event = {
      summary: "[Reserva sin pagar] Intro call",
      start: { date: "2026-12-01" },
      end: { date: "2026-12-02" },
    };
    expect(eventChange(allDay, event)).toEqual({ type: "none" });
  });
});

describe("holdAfterMove", () => {
  // Created Nov 20 10:00Z, 24 h hold → Nov 21 10:00Z; event Dec 1 20:00Z.
  const b = makeBooking({ holdUntil: "2026-11-21T10:00:00.000Z", start: "2026-12-01T20:00:00Z" });
  it.each([
    ["later start keeps the hold", "2026-12-05T20:00:00Z", undefined],
    ["earlier but still far keeps the hold", "2026-11-25T20:00:00Z", undefined],
    [
      "now starts before the hold ends → 1 h before the start",
      "2026-11-21T08:00:00Z",
      Date.parse("2026-11-21T07:00:00Z"),
    ],
    [
      "starts within the hour → the Worker's minimum hold (15 min)",
      "2026-11-20T10:30:00Z",
      Date.parse("2026-11-20T10:15:00Z"),
    ],
  ])("%s", (_name, start, hold) => {
    // Moved right after the booking was made.
    expect(holdAfterMove(b, Date.parse(start), 24, Date.parse("2026-11-20T10:00:00Z"))).toBe(hold);
  });
});

describe("alarms, notification ids, badge, external messages", () => {
  it("plans expiry and reminder alarms only for bookings awaiting payment", () => {
    const now = Date.parse("2026-11-21T05:00:00Z");
    const a = makeBooking({ id: "a", holdUntil: "2026-11-21T10:00:00Z" });
    const paid = makeBooking({ id: "p", status: "paid", holdUntil: "2026-11-21T10:00:00Z" });
    const plan = desiredAlarms([a, paid], [60, 10], now);
    const hold = Date.parse("2026-11-21T10:00:00Z");
    expect(Object.fromEntries(plan)).toEqual({
      "lc-expire:a": hold,
      [`lc-remind:a:${hold - H}`]: hold - H,
      [`lc-remind:a:${hold - 10 * M}`]: hold - 10 * M,
    });
  });

  it.each([
    ["lc-expire:abc", { kind: "expire", bookingId: "abc" }],
    ["lc-remind:abc:123", { kind: "remind", bookingId: "abc" }],
    ["lc-poll", null],
    ["other", null],
  ])("parseAlarm(%s)", (name, parsed) => {
    expect(parseAlarm(name)).toEqual(parsed);
  });

  it("round-trips notification ids and ignores others", () => {
    expect(parseNotificationId(notificationId("reminder", "b1"))).toEqual({ kind: "reminder", bookingId: "b1" });
    expect(parseNotificationId("someone-else")).toBeNull();
  });

  it.each([
    [0, ""],
    [1, "1"],
    [42, "42"],
    [120, "99+"],
  ])("badge for %i unpaid holds is %j", (n, text) => {
    expect(badgeText(n)).toBe(text);
  });

  it.each([
    [{ origin: "https://w.example" }, "https://w.example"],
    [{ url: "https://w.example:8443/pay/ck?ext=1" }, "https://w.example:8443"],
    [{ origin: "null", url: "https://w.example/pay" }, "https://w.example"],
    [{}, null],
    [{ url: "not a url" }, null],
  ])("senderOrigin(%j) = %j", (sender, origin) => {
    expect(senderOrigin(sender)).toBe(origin);
  });

  it.each([
    [
      { type: "payment-completed", bookingId: "b" },
      { type: "payment-completed", bookingId: "b" },
    ],
    [{ type: "payment-completed" }, null],
    [{ type: "paid", bookingId: "b" }, null],
    [{ type: "payment-completed", bookingId: "x".repeat(65) }, null],
    [null, null],
    ["payment-completed", null],
  ])("asPaymentCompleted(%j)", (msg, out) => {
    expect(asPaymentCompleted(msg)).toEqual(out);
  });
});
