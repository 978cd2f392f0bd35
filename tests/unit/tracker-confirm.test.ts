import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { confirmBooking, confirmedEventPatch, receiptLine } from "@/utils/background/tracker/confirm";
import { tentativeEventBody } from "@/utils/booking/event-body";
import { getBooking } from "@/utils/booking/repository";
import {
  fakeServices,
  HELD_ID,
  heldBooking,
  RECEIPT,
  seedHeld,
  setupBrowser,
  shownNotifications,
} from "./tracker-fakes";

const ID = HELD_ID;
const booking = (over = {}) => heldBooking({ description: "Agenda", ...over });

async function setup(over = {}) {
  await setupBrowser();
  const f = fakeServices();
  const b = booking(over);
  await seedHeld(f, b, { ...tentativeEventBody(b), htmlLink: "https://calendar.example/e" });
  return { ...f, b };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-11-20T12:00:30Z"), toFake: ["Date"] });
});

describe("confirmedEventPatch", () => {
  it("confirms, removes the marker and pay link, sets the confirmed colour, state and receipt line", () => {
    const patch = confirmedEventPatch(booking(), RECEIPT);
    expect(patch).toMatchObject({
      status: "confirmed",
      summary: "Intro call",
      colorId: "10",
      extendedProperties: { private: { lcBooking: ID, lcState: "confirmed" } },
    });
    expect(patch.description).toContain("Agenda");
    expect(patch.description).not.toContain("Pay to confirm");
    expect(patch.description).toContain(receiptLine(RECEIPT, "America/New_York"));
  });

  it.each([
    ["paypal", "PayPal"],
    ["binance", "Binance Pay"],
    ["mercadopago", "Mercado Pago"],
  ] as const)("the receipt line names %s with amount, transaction id and time", (provider, name) => {
    const line = receiptLine({ ...RECEIPT, provider }, "America/New_York");
    expect(line).toContain(name);
    expect(line).toContain("1.00 USD");
    expect(line).toContain("8AB12345CD678901E");
    expect(line).toContain("Nov 20, 2026, 7:00 AM"); // 12:00Z in New York
  });
});

describe("confirmBooking", () => {
  it("when the Worker says paid: patches the event, records confirmed with the receipt, one notification, badge", async () => {
    const f = await setup();
    f.w.state.statuses.set(ID, "paid");
    await fakeBrowser.action.setBadgeText({ text: "1" });
    const done = await confirmBooking(ID, f.services);
    expect(done).toMatchObject({ status: "confirmed", receipt: RECEIPT });
    expect(await getBooking(ID)).toMatchObject({ status: "confirmed" });
    const event = f.c.state.events.get(f.b.eventId);
    expect(event).toMatchObject({ status: "confirmed", summary: "Intro call", colorId: "10" });
    expect(event?.extendedProperties?.private?.lcState).toBe("confirmed");
    const shown = Object.values(shownNotifications());
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe("Confirmed: Intro call — paid with PayPal");
    expect(shown[0]?.message).toContain("8AB12345CD678901E");
    expect(await fakeBrowser.action.getBadgeText({})).toBe("");
  });

  it.each(["open", "pending", "expired", "cancelled"] as const)(
    "changes nothing while the Worker says %s",
    async (status) => {
      const f = await setup();
      f.w.state.statuses.set(ID, status);
      expect(await confirmBooking(ID, f.services)).toMatchObject({ status: "awaiting_payment" });
      expect(f.c.client.patchEvent).not.toHaveBeenCalled();
      expect(shownNotifications()).toEqual({});
    },
  );

  it("two triggers at once (message + poll) patch once and notify once", async () => {
    const f = await setup();
    f.w.state.statuses.set(ID, "paid");
    const create = vi.spyOn(fakeBrowser.notifications, "create");
    await Promise.all([confirmBooking(ID, f.services), confirmBooking(ID, f.services)]);
    expect(f.c.client.patchEvent).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it("resumes a booking left in paid (worker died before the patch) without asking the Worker again", async () => {
    const f = await setup({ status: "paid", receipt: RECEIPT });
    expect(await confirmBooking(ID, f.services)).toMatchObject({ status: "confirmed" });
    expect(f.w.client.getCheckout).not.toHaveBeenCalled();
    expect(f.c.client.patchEvent).toHaveBeenCalledTimes(1);
  });

  it("a paid booking whose event the user deleted is still confirmed", async () => {
    const f = await setup();
    f.c.state.events.clear();
    f.w.state.statuses.set(ID, "paid");
    expect(await confirmBooking(ID, f.services)).toMatchObject({ status: "confirmed" });
  });

  it("offline during the patch: throws, and the booking stays paid for a retry", async () => {
    const f = await setup();
    f.w.state.statuses.set(ID, "paid");
    f.c.state.offline = true;
    await expect(confirmBooking(ID, f.services)).rejects.toMatchObject({ kind: "network" });
    expect(await getBooking(ID)).toMatchObject({ status: "paid", receipt: RECEIPT });
    expect(shownNotifications()).toEqual({});
  });
});
