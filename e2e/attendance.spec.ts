import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bookingItem,
  createBooking,
  fireAlarmSoon,
  shownNotifications,
  storedBooking,
  waitFor,
  waitForChip,
} from "../scripts/journey.ts";
import type { Stack } from "../scripts/stack.ts";
import type { Booking } from "../utils/booking/types.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// "Did <guest> attend?" in real Chromium against the emulators and the Worker: a booking made in
// the popup with "Refund the fee if they attend", paid at the PayPal emulator; after its event the
// background's attendance alarm shows the notification, the host presses Attended (the button's
// event dispatched in the service worker, as Chrome would on a click), and the fee comes back at
// the emulator while the popup says "Refunded (attended)".
let stack: Stack;
let browser: ExtensionBrowser;
let probe: Page;

beforeAll(async () => {
  ({ stack, browser } = await startE2E({ vars: { MIN_HOLD_MINUTES: "0" } }));
  probe = await browser.openPage("options.html");
});
afterAll(() => stopE2E({ stack, browser }));

async function post<T>(url: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const checkoutIdOf = (b: Booking) => new URL(b.checkoutUrl ?? "").pathname.split("/").pop() ?? "";
const stored = async (id: string) =>
  Object.values(
    ((await probe.evaluate(async () => (await chrome.storage.local.get("bookings")).bookings)) ?? {}) as Record<
      string,
      Booking
    >,
  ).find((b) => b.id === id);

describe("the host answers the attendance notification", () => {
  it("Attended refunds the fee at PayPal and the popup says so", async () => {
    const title = "E2E attendance";
    const popup = await browser.openPage("popup.html");
    await popup.getByLabel("Refund the fee if they attend", { exact: true }).check();
    const tab = await createBooking(popup, {
      title,
      date: "2030-03-04",
      start: "15:00",
      end: "15:30",
      timeZone: "America/New_York",
      guests: "lea@lead.example",
    });
    await waitForChip(popup, title, "Awaiting payment");
    await tab.close();
    const b = (await storedBooking(probe, title)) as Booking;
    expect(b).toMatchObject({ refundIfAttended: true, noAnswer: "keep" });

    // Paid at the PayPal emulator; the poll makes the background confirm it.
    const { orderId } = await post<{ orderId: string }>(`${stack.workerUrl}/v1/pay/${checkoutIdOf(b)}/paypal/orders`);
    await post(`${stack.emulators.urls.paypal}/__emulator/pay`, { provider: "paypal", orderId });
    await post(`${stack.workerUrl}/v1/pay/${checkoutIdOf(b)}/paypal/orders/${orderId}/capture`);
    await waitFor("confirmed", async () => {
      await fireAlarmSoon(probe, "lc-poll");
      return (await stored(b.id))?.status === "confirmed";
    });

    // The event took place (the Worker's copy of its times moves into the past) and its end is
    // reached: the attendance alarm is brought forward, as Chrome would fire it at the end.
    const auth = { Authorization: `Bearer ${b.secret}` };
    const ended = Date.now() - 60_000;
    const moved = await fetch(`${stack.workerUrl}/v1/checkouts/${b.id}`, {
      method: "PATCH",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ start: new Date(ended - 1800_000).toISOString(), end: new Date(ended).toISOString() }),
    });
    expect(moved.status).toBe(200);
    await fireAlarmSoon(probe, `lc-attend:${b.id}`);
    const notif = `lc-attend:${b.id}`;
    await waitFor("the question", async () => (await shownNotifications(probe)).includes(notif), 15_000);
    const shown = (await probe.evaluate(async () => chrome.notifications.getAll())) as Record<string, unknown>;
    expect(Object.keys(shown)).toContain(notif);

    // Attended: button 0, dispatched to the background's listener.
    await browser.serviceWorker.evaluate(
      (id) =>
        (chrome.notifications.onButtonClicked as unknown as { dispatch(id: string, index: number): void }).dispatch(
          id,
          0,
        ),
      notif,
    );
    const done = await waitFor("refunded", async () => {
      const now = await stored(b.id);
      return now?.attendance?.refund === "refunded" && now;
    });
    expect(done.attendance).toMatchObject({ status: "attended" });
    expect(await shownNotifications(probe)).not.toContain(notif);

    // The Worker and the emulator agree: the capture was refunded, the booking stays paid.
    const worker = (await (await fetch(`${stack.workerUrl}/v1/checkouts/${b.id}`, { headers: auth })).json()) as {
      status: string;
      attendance: { status: string; refund: string };
    };
    expect(worker).toMatchObject({ status: "paid", attendance: { status: "attended", refund: "refunded" } });
    const state = (await (await fetch(`${stack.emulators.urls.paypal}/__emulator/state`)).json()) as {
      paypal: { captures: { orderId: string; status: string }[] };
    };
    expect(state.paypal.captures.find((c) => c.orderId === orderId)?.status).toBe("REFUNDED");
    await popup.reload();
    await bookingItem(popup, title).getByText("Refunded (attended)").waitFor({ timeout: 10_000 });
    await popup.close();
  });
});
