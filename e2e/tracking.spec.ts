import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bookingEvents,
  createBooking as createBookingInPopup,
  fireAlarmSoon,
  googleToken,
  shownNotifications,
  storedBooking,
  storedBookings,
  waitFor,
  waitForChip,
} from "../scripts/journey.ts";
import { LOCAL_EXTENSION_ID } from "../scripts/local-extension.ts";
import type { Stack } from "../scripts/stack.ts";
import type { Booking } from "../utils/booking/types.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// The background journeys through real processes: the extension built for the stack, the
// emulators and the Worker under wrangler dev. The popup is closed while payments land; the
// background alone must notice (the checkout page's message, or the 30 s poll), confirm the event
// and notify. Chrome's alarm clock cannot be moved, so the reminder and expiry alarms are
// re-scheduled to fire now — the listeners that run are the real ones.
let stack: Stack;
let browser: ExtensionBrowser;
let email = "";
let probe: Page;

beforeAll(async () => {
  // The unpaid-hold journey ends a hold within seconds: no 15-minute minimum here.
  ({ stack, browser, email } = await startE2E({ vars: { MIN_HOLD_MINUTES: "0" } }));
  probe = await browser.openPage("options.html");
});
afterAll(() => stopE2E({ stack, browser }));

/**
 * Runs `fn` in an extension page kept open for the whole suite. Not in the service worker: it idles
 * out between polls (as it should), and reading state must not depend on it being awake.
 */
async function inExtension<T, A>(fn: (arg: A) => Promise<T>, arg: A): Promise<T> {
  return (await probe.evaluate(fn as never, arg as never)) as T;
}

async function booking(id: string): Promise<Booking | undefined> {
  return (await storedBookings(probe)).find((b) => b.id === id);
}

const events = (bookingId: string) => bookingEvents(stack, email, bookingId);

async function json<T>(url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Creates a booking through the popup, waits until it awaits payment, then closes the popup and checkout tab. */
async function createBooking(title: string, day: string): Promise<Booking> {
  const page = await browser.openPage("popup.html");
  const checkoutTab = await createBookingInPopup(page, {
    title,
    date: day,
    start: "15:00",
    end: "15:30",
    timeZone: "America/New_York",
  });
  await waitForChip(page, title, "Awaiting payment");
  await checkoutTab.close();
  await page.close();
  const b = await storedBooking(probe, title);
  if (!b?.checkoutUrl) throw new Error(`no booking ${title}`);
  return b;
}

const checkoutIdOf = (b: Booking) => new URL(b.checkoutUrl ?? "").pathname.split("/").pop() ?? "";

async function expectConfirmed(b: Booking, providerName: string) {
  const done = await waitFor("confirmed", async () => {
    const now = await booking(b.id);
    return now?.status === "confirmed" && now;
  });
  expect(done.receipt?.transactionId).toBeTruthy();
  const [event] = await events(b.id);
  expect(event).toMatchObject({ status: "confirmed", summary: b.summary, colorId: "10" });
  expect(event?.extendedProperties?.private?.lcState).toBe("confirmed");
  expect(event?.description).toContain(providerName);
  expect(event?.description).toContain(done.receipt?.transactionId ?? "?");
  expect(event?.description).not.toContain("Pay to confirm");
  expect(await shownNotifications(probe)).toContain(`lc-confirmed:${b.id}`);
}

describe("background tracking against the emulators and the Worker", () => {
  it("PayPal, popup closed: the checkout page's message makes the background ask the Worker and confirm", async () => {
    const b = await createBooking("E2E PayPal call", "2030-02-04");
    const worker = stack.workerUrl;
    const { orderId } = await json<{ orderId: string }>(`${worker}/v1/pay/${checkoutIdOf(b)}/paypal/orders`);
    await json(`${stack.emulators.urls.paypal}/__emulator/pay`, { provider: "paypal", orderId });
    const captured = await json<{ status: string }>(
      `${worker}/v1/pay/${checkoutIdOf(b)}/paypal/orders/${orderId}/capture`,
    );
    expect(captured.status).toBe("paid");
    // What the hosted page does after the capture: message the extension from the Worker's origin.
    const page = await browser.context.newPage();
    await page.goto(`${worker}/healthz`);
    const sent = Date.now();
    const reply = await page.evaluate(
      ([ext, id]) =>
        new Promise((resolve) =>
          chrome.runtime.sendMessage(ext as string, { type: "payment-completed", bookingId: id }, resolve),
        ),
      [LOCAL_EXTENSION_ID, b.id],
    );
    expect(reply).toEqual({ ok: true });
    await expectConfirmed(b, "PayPal");
    // Well before the first 30 s poll: it was the message, checked with the Worker.
    expect(Date.now() - sent).toBeLessThan(25_000);
    await page.close();
  });

  it("Binance Pay, popup closed: the batched poll notices the payment and confirms", async () => {
    const b = await createBooking("E2E Binance call", "2030-02-05");
    const { checkoutUrl } = await json<{ checkoutUrl: string }>(`${stack.workerUrl}/v1/pay/${checkoutIdOf(b)}/binance`);
    const token = checkoutUrl.split("/").pop();
    const state = (await (await fetch(`${stack.emulators.urls.binance}/__emulator/state`)).json()) as {
      binance: { orders: { prepayId: string; checkoutToken?: string }[] };
    };
    const order = state.binance.orders.find((o) => o.checkoutToken === token) ?? state.binance.orders.at(-1);
    await json(`${stack.emulators.urls.binance}/__emulator/pay`, { provider: "binance", prepayId: order?.prepayId });
    await expectConfirmed(b, "Binance Pay");
  });

  it("Mercado Pago, popup closed: the batched poll notices the payment and confirms", async () => {
    const b = await createBooking("E2E Mercado Pago call", "2030-02-06");
    const { initPoint } = await json<{ initPoint: string }>(`${stack.workerUrl}/v1/pay/${checkoutIdOf(b)}/mercadopago`);
    const preferenceId = new URL(initPoint).searchParams.get("pref_id");
    await json(`${stack.emulators.urls.mercadopago}/__emulator/pay`, { provider: "mercadopago", preferenceId });
    await expectConfirmed(b, "Mercado Pago");
  });

  it("unpaid hold: the reminder shows (Worker checked first), then expiry removes the event", async () => {
    const b = await createBooking("E2E unpaid hold", "2030-02-07");
    await fireAlarmSoon(probe, `lc-remind:${b.id}:`);
    await waitFor("reminder", async () => (await shownNotifications(probe)).includes(`lc-reminder:${b.id}`), 15_000);
    // Holds end by the Worker's clock: brought forward alone, the alarm only re-arms by the
    // seconds the Worker says are left. So the Worker's hold is brought to a close first.
    const worker = `${stack.workerUrl}/v1/checkouts/${b.id}`;
    const auth = { Authorization: `Bearer ${b.secret}`, "Content-Type": "application/json" };
    const soon = new Date(Date.now() + 2000).toISOString();
    const patched = await fetch(worker, { method: "PATCH", headers: auth, body: JSON.stringify({ holdUntil: soon }) });
    expect(patched.status).toBe(200);
    await new Promise((r) => setTimeout(r, 2500));
    await fireAlarmSoon(probe, `lc-expire:${b.id}`);
    await waitFor("expired", async () => (await booking(b.id))?.status === "expired", 20_000);
    expect((await events(b.id)).map((e) => e.status)).toEqual(["cancelled"]);
    // The reminder is taken down with the hold, just after the status is stored: wait for it.
    await waitFor("the reminder taken down", async () => {
      const shown = await shownNotifications(probe);
      return shown.includes(`lc-expired:${b.id}`) && !shown.includes(`lc-reminder:${b.id}`);
    });
    const res = await fetch(worker, { headers: auth });
    expect(((await res.json()) as { status: string }).status).toBe("expired");
  });

  it("deleting the event in Google Calendar cancels the booking and its checkout", async () => {
    const b = await createBooking("E2E deleted in Google", "2030-02-08");
    const del = await fetch(`${stack.emulators.urls.google}/calendar/v3/calendars/primary/events/${b.eventId}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${await googleToken(stack, email)}` },
    });
    expect(del.status).toBe(204);
    await fireAlarmSoon(probe, "lc-poll");
    await waitFor("cancelled", async () => (await booking(b.id))?.status === "cancelled", 30_000);
    const res = await fetch(`${stack.workerUrl}/v1/checkouts/${b.id}`, {
      headers: { Authorization: `Bearer ${b.secret}` },
    });
    expect(((await res.json()) as { status: string }).status).toBe("cancelled");
    expect(await shownNotifications(probe)).toContain(`lc-cancelled:${b.id}`);
  });

  it("moving the event earlier in Google Calendar updates the Worker checkout and shortens the hold", async () => {
    const b = await createBooking("E2E moved in Google", "2030-02-12");
    // Move it to start within a couple of hours: the hold must now end 1 h before the new start.
    const start = new Date(Date.now() + 3 * 3_600_000);
    start.setUTCSeconds(0, 0);
    const end = new Date(start.getTime() + 30 * 60_000);
    const res = await fetch(`${stack.emulators.urls.google}/calendar/v3/calendars/primary/events/${b.eventId}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${await googleToken(stack, email)}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        summary: "[Unpaid hold] E2E moved, renamed",
        start: { dateTime: start.toISOString() },
        end: { dateTime: end.toISOString() },
      }),
    });
    expect(res.status).toBe(200);
    await fireAlarmSoon(probe, "lc-poll");
    const moved = await waitFor(
      "the move",
      async () => {
        const now = await booking(b.id);
        return now?.summary === "E2E moved, renamed" && now;
      },
      30_000,
    );
    expect(Date.parse(moved.start)).toBe(start.getTime());
    expect(Date.parse(moved.holdUntil ?? "")).toBe(start.getTime() - 3_600_000);
    const view = (await (await fetch(`${stack.workerUrl}/v1/pay/${checkoutIdOf(b)}`)).json()) as {
      summary: string;
      start: string;
      holdUntil: string;
    };
    expect(view.summary).toBe("E2E moved, renamed");
    expect(Date.parse(view.start)).toBe(start.getTime());
    expect(Date.parse(view.holdUntil)).toBe(start.getTime() - 3_600_000);
    // The expiry alarm follows the new hold.
    const when = await inExtension(async (id) => (await chrome.alarms.get(`lc-expire:${id}`))?.scheduledTime, b.id);
    expect(when).toBe(start.getTime() - 3_600_000);
  });

  it("the service worker stopped mid-booking: it resumes on wake and ends with exactly one event", async () => {
    const title = "E2E worker killed";
    // Hold Google's insert for 5 s so the worker can be stopped while it is in flight; the insert
    // still lands at Google — the case where only a 409 on retry reveals the existing event.
    await json(`${stack.emulators.urls.google}/__emulator/faults`, {
      provider: "google",
      method: "POST",
      path: "/calendar/v3/calendars/*/events",
      delayMs: 5000,
      count: 1,
    });
    const page = await browser.openPage("popup.html");
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Date", { exact: true }).fill("2030-02-11");
    await page.getByLabel("Start", { exact: true }).fill("15:00");
    await page.getByLabel("End", { exact: true }).fill("15:30");
    await page.getByLabel("Time zone", { exact: true }).fill("America/New_York");
    await page.getByRole("button", { name: "Create & pay" }).click();
    const inFlight = await waitFor(
      "the event step",
      async () => {
        const all = await inExtension(async () => (await chrome.storage.local.get("bookings")).bookings, null);
        const b = Object.values((all ?? {}) as Record<string, Booking>).find((x) => x.summary === title);
        return b?.step === "event" && b;
      },
      10_000,
    );
    await page.close();

    // Stop the extension's service worker the way Chrome does when it idles out.
    const cdpPage = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(cdpPage);
    const { targetInfos } = (await cdp.send("Target.getTargets")) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    const sw = targetInfos.find((t) => t.type === "service_worker" && t.url.includes(LOCAL_EXTENSION_ID));
    expect(sw).toBeDefined();
    await cdp.send("Target.closeTarget", { targetId: sw?.targetId ?? "" });
    await waitFor(
      "the service worker to stop",
      async () => {
        const now = (await cdp.send("Target.getTargets")) as { targetInfos: { type: string; url: string }[] };
        return !now.targetInfos.some((t) => t.type === "service_worker" && t.url.includes(LOCAL_EXTENSION_ID));
      },
      5000,
    );
    await cdpPage.close();
    await new Promise((r) => setTimeout(r, 6000)); // the held insert lands at Google meanwhile
    expect(await events(inFlight.id)).toHaveLength(1);

    // Opening the popup wakes the worker; main() resumes the booking at its step.
    const again = await browser.openPage("popup.html");
    await again
      .getByRole("listitem")
      .filter({ hasText: title })
      .getByText("Awaiting payment")
      .waitFor({ timeout: 30_000 });
    const done = await booking(inFlight.id);
    expect(done).toMatchObject({ status: "awaiting_payment", step: null });
    expect(done?.attempts).toBeGreaterThan(inFlight.attempts); // resumed by the restarted worker
    const evs = await events(inFlight.id);
    expect(evs).toHaveLength(1);
    expect(evs[0]?.id).toBe(inFlight.eventId);
    // …and the tracker took it over after the restart: its expiry alarm exists.
    const alarms = await inExtension(async () => (await chrome.alarms.getAll()).map((a) => a.name), null);
    expect(alarms).toContain(`lc-expire:${inFlight.id}`);
    await again.close();
  });
});
