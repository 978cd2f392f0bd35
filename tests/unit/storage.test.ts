import { describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { bookingsItem, listBookings } from "@/utils/storage";
import { makeBooking } from "./fixtures";

describe("bookings storage item", () => {
  it("falls back to no bookings and persists under the local 'bookings' key", async () => {
    expect(await listBookings()).toEqual([]);
    const b = makeBooking();
    await bookingsItem.setValue({ [b.id]: b });
    expect(await fakeBrowser.storage.local.get("bookings")).toEqual({ bookings: { [b.id]: b } });
  });

  it("lists bookings newest first", async () => {
    const older = makeBooking({ id: "a", createdAt: "2026-11-01T00:00:00.000Z" });
    const newer = makeBooking({ id: "b", createdAt: "2026-11-02T00:00:00.000Z" });
    await bookingsItem.setValue({ a: older, b: newer });
    expect((await listBookings()).map((b) => b.id)).toEqual(["b", "a"]);
  });
});
