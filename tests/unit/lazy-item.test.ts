import { describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { lazyItem } from "@/utils/lazy-item";
import { makeBooking } from "./fixtures";

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The modules the popup imports at start that define storage items, imported afresh. */
async function importPopupItems() {
  vi.resetModules();
  const [settings, storage] = await Promise.all([import("@/utils/settings"), import("@/utils/storage")]);
  await Promise.all([import("@/utils/worker-limits"), import("@/utils/booking/draft"), import("@/utils/google/auth")]);
  return { settings, storage };
}

describe("storage items made on first use", () => {
  it("importing the popup's items reads nothing from chrome.storage", async () => {
    const local = vi.spyOn(fakeBrowser.storage.local, "get");
    const session = vi.spyOn(fakeBrowser.storage.session, "get");
    const { settings } = await importPopupItems();
    await settle();
    expect(local).not.toHaveBeenCalled();
    expect(session).not.toHaveBeenCalled();
    expect((await settings.getSettings()).language).toBe("auto");
    expect(local).toHaveBeenCalled();
  });

  it("an item still runs its migrations before its first read", async () => {
    const { reminderMinutes: _r, step: _s, attempts: _a, ...v1 } = makeBooking({ id: "a", status: "creating" });
    await fakeBrowser.storage.local.set({ bookings: { a: v1 }, bookings$: { v: 1 } });
    const { storage } = await importPopupItems();
    const [booking] = await storage.listBookings();
    expect(booking).toMatchObject({ id: "a", step: "checkout", attempts: 0, reminderMinutes: [] });
  });

  it("makes the item once, and a property set on the stand-in wins over the item's", () => {
    const make = vi.fn(() => ({ key: "local:x", getValue: (): number => 1 }));
    const item = lazyItem(make);
    expect(make).not.toHaveBeenCalled();
    expect(item.getValue()).toBe(1);
    expect(item.key).toBe("local:x");
    expect(make).toHaveBeenCalledTimes(1);
    vi.spyOn(item, "getValue").mockReturnValue(2);
    expect(item.getValue()).toBe(2);
  });
});
