import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { editBooking, holdAfterEdit } from "@/utils/background/edit";
import { pendingActions } from "@/utils/background/tracker/queue";
import { describeError } from "@/utils/booking/errors";
import { getBooking } from "@/utils/booking/repository";
import type { CalendarEvent } from "@/utils/google/calendar-types";
import { fakeServices, HELD_ID, HOLD_UNTIL, heldBooking, RECEIPT, seedHeld, setupBrowser } from "./tracker-fakes";

const ID = HELD_ID;
// Two hours after the booking was made (Nov 20 10:00Z, held 24 h, event Dec 1 20:00Z).
const NOW = Date.parse("2026-11-20T12:00:00Z");

async function setup(over: Parameters<typeof heldBooking>[0] = {}) {
  await setupBrowser();
  const f = fakeServices();
  const b = heldBooking(over);
  await seedHeld(f, b);
  f.w.state.statuses.set(ID, b.status === "confirmed" ? "paid" : "open");
  return { ...f, b };
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

const moved = {
  summary: "Intro call (moved)",
  start: "2026-11-20T20:00:00Z",
  end: "2026-11-20T20:45:00Z",
  guests: ["Lead@Example.com", "boss@example.com"],
};

describe("editing a booking", () => {
  it("awaiting payment: patches the event (guests told), moves the checkout and re-derives the hold", async () => {
    const f = await setup();
    f.w.state.browserAheadMs = 10 * 60_000; // this browser's clock runs 10 minutes fast
    const done = await editBooking(ID, moved, f.services, NOW);
    // The creation rule for the new start: an hour before it, well before the 24 h cap.
    const hold = Date.parse("2026-11-20T19:00:00Z");
    expect(done).toMatchObject({
      status: "awaiting_payment",
      summary: "Intro call (moved)",
      guests: ["lead@example.com", "boss@example.com"],
    });
    expect(Date.parse(done.start)).toBe(Date.parse(moved.start));
    expect(done.start).toBe("2026-11-20T15:00:00-05:00"); // kept in the booking's own zone
    expect(Date.parse(done.holdUntil ?? "")).toBe(hold);
    // The Worker's answer (7 h 10 min left by its clock) becomes the end on this browser's clock.
    expect(Date.parse(done.holdEndsAt ?? "")).toBe(hold + 10 * 60_000);
    const [, eventId, patch, opts] = (vi.mocked(f.c.client.patchEvent).mock.calls[0] ?? []) as unknown[] as [
      string,
      string,
      CalendarEvent,
      object,
    ];
    expect(eventId).toBe(f.b.eventId);
    expect(patch).toMatchObject({
      summary: "[Unpaid hold] Intro call (moved)",
      start: { dateTime: "2026-11-20T15:00:00-05:00", timeZone: "America/New_York" },
      attendees: [{ email: "lead@example.com" }, { email: "boss@example.com" }],
    });
    expect(patch?.description).toContain("Nov 20, 2026, 2:00 PM");
    expect(opts).toEqual({ sendUpdates: "all" });
    expect(f.w.client.updateCheckout).toHaveBeenCalledWith(ID, f.b.secret, {
      summary: "Intro call (moved)",
      start: "2026-11-20T15:00:00-05:00",
      end: "2026-11-20T15:45:00-05:00",
      holdUntil: "2026-11-20T14:00:00-05:00",
    });
    expect(await getBooking(ID)).toEqual(done);
  });

  it("confirmed: the payment and receipt stay; the checkout follows without a hold", async () => {
    const f = await setup({ status: "confirmed", receipt: RECEIPT });
    const done = await editBooking(ID, { ...moved, guests: [] }, f.services, NOW);
    expect(done).toMatchObject({ status: "confirmed", receipt: RECEIPT, holdUntil: HOLD_UNTIL });
    const patch = vi.mocked(f.c.client.patchEvent).mock.calls[0]?.[2];
    expect(patch?.summary).toBe("Intro call (moved)");
    expect(patch?.description).toContain("8AB12345CD678901E");
    expect(patch?.description).not.toContain("Pay to confirm");
    expect((vi.mocked(f.c.client.patchEvent).mock.calls[0] as unknown[] | undefined)?.[3]).toEqual({
      sendUpdates: "none",
    });
    expect(vi.mocked(f.w.client.updateCheckout).mock.calls[0]?.[2]).not.toHaveProperty("holdUntil");
  });

  it("guests removed by the edit hear of it too", async () => {
    const f = await setup({ guests: ["lead@example.com"] });
    await editBooking(ID, { ...moved, guests: [] }, f.services, NOW);
    expect((vi.mocked(f.c.client.patchEvent).mock.calls[0] as unknown[] | undefined)?.[3]).toEqual({
      sendUpdates: "all",
    });
  });

  it.each([
    ["an empty title", { summary: "  " }, "errTitleRequired"],
    ["an end before the start", { end: "2026-11-20T19:00:00Z" }, "errEndBeforeStart"],
    ["a start in the past", { start: "2026-11-20T11:00:00Z" }, "errStartPast"],
  ])("refuses %s with a message key and changes nothing", async (_name, over, code) => {
    const f = await setup();
    const before = await getBooking(ID);
    const err = await editBooking(ID, { ...moved, ...over }, f.services, NOW).catch((e: unknown) => e);
    expect(describeError(err).code).toBe(code);
    expect(await getBooking(ID)).toEqual(before);
    expect(f.c.client.patchEvent).not.toHaveBeenCalled();
    expect(f.w.client.updateCheckout).not.toHaveBeenCalled();
  });

  it("a booking that ended meanwhile is not edited: it says so", async () => {
    const f = await setup({ status: "cancelled" });
    const err = await editBooking(ID, moved, f.services, NOW).catch((e: unknown) => e);
    expect(describeError(err).code).toBe("errBookingChanged");
    expect(f.c.client.patchEvent).not.toHaveBeenCalled();
  });

  it("Google refusing the patch changes nothing anywhere", async () => {
    const f = await setup();
    f.c.state.offline = true;
    await expect(editBooking(ID, moved, f.services, NOW)).rejects.toMatchObject({ kind: "network" });
    expect((await getBooking(ID))?.summary).toBe("Intro call");
    expect(f.w.client.updateCheckout).not.toHaveBeenCalled();
  });

  it("the Worker unreachable: the edit stands and the checkout update waits in the offline queue", async () => {
    const f = await setup();
    f.w.state.offline = true;
    const done = await editBooking(ID, moved, f.services, NOW);
    expect(done.summary).toBe("Intro call (moved)");
    expect(await pendingActions()).toEqual([expect.objectContaining({ kind: "update_checkout", bookingId: ID })]);
  });

  it.each([
    ["an earlier start takes the hold earlier", "2026-11-20T20:00:00Z", "2026-11-20T19:00:00.000Z"],
    ["a later start is capped by the hold length", "2026-12-05T20:00:00Z", "2026-11-21T10:00:00.000Z"],
    ["a start within the hour gets the Worker's minimum hold", "2026-11-20T12:30:00Z", "2026-11-20T12:15:00.000Z"],
    ["a start sooner than that is held until it starts", "2026-11-20T12:10:00Z", "2026-11-20T12:10:00.000Z"],
  ])("hold rule: %s", (_name, start, expected) => {
    const b = heldBooking({ timeZone: "UTC" });
    expect(new Date(holdAfterEdit(b, Date.parse(start), 24, NOW) ?? "").toISOString()).toBe(expected);
  });

  it("hold rule: a confirmed booking has no hold to re-derive", () => {
    expect(holdAfterEdit(heldBooking({ status: "confirmed" }), NOW + 86_400_000, 24, NOW)).toBeUndefined();
  });
});
