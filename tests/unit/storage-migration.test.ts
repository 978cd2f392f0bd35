import { describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { bookingsItem, migrateBookingsV2 } from "@/utils/storage";
import { makeBooking } from "./fixtures";

function v1(over: Record<string, unknown> = {}) {
  const { reminderMinutes: _r, step: _s, attempts: _a, ...rest } = makeBooking(over);
  return rest;
}

describe("bookings storage migration v1 → v2", () => {
  it("adds step, attempts and reminders; a creating booking restarts at the first step", () => {
    const out = migrateBookingsV2({ a: v1({ id: "a", status: "creating" }), b: v1({ id: "b" }) });
    expect(out.a).toMatchObject({ step: "checkout", attempts: 0, reminderMinutes: [] });
    expect(out.b).toMatchObject({ status: "awaiting_payment", step: null, attempts: 0, reminderMinutes: [] });
  });

  it("treats a missing map as empty", () => {
    expect(migrateBookingsV2(null)).toEqual({});
  });

  it("migrates what is in chrome.storage when the item version is 1", async () => {
    await fakeBrowser.storage.local.set({ bookings: { a: v1({ id: "a", status: "creating" }) }, bookings$: { v: 1 } });
    await bookingsItem.migrate();
    const stored = await fakeBrowser.storage.local.get(["bookings", "bookings$"]);
    expect(stored.bookings$).toEqual({ v: 2 });
    expect((stored.bookings as Record<string, { step: string }>).a?.step).toBe("checkout");
  });
});
