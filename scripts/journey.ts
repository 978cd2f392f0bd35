// The user journey's building blocks, driven through the real popup and the emulators' control
// API: shared by the demo's --smoke run, the E2E suite and the benchmarks.
import type { Locator, Page } from "playwright-core";
import type { Booking } from "../utils/booking/types.ts";
import type { CalendarEvent } from "../utils/google/calendar-types.ts";
import type { Stack } from "./stack.ts";

/** Polls `fn` every 250 ms until it returns a truthy value; throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Signs in from an open popup through launchWebAuthFlow (the emulator approves); returns the email. */
export async function signIn(popup: Page): Promise<string> {
  await popup.getByRole("button", { name: "Sign in with Google" }).click();
  const signedIn = popup.getByText(/^Signed in as /);
  await signedIn.waitFor({ timeout: 20_000 });
  return ((await signedIn.textContent()) ?? "").replace("Signed in as ", "").trim();
}

/** What the journey types into the popup's form. */
export interface BookingFields {
  title: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  start: string;
  end: string;
  timeZone?: string;
  guests?: string;
  meet?: boolean;
}

/** Fills the popup's new-booking form without submitting it. */
export async function fillBooking(popup: Page, f: BookingFields): Promise<void> {
  await popup.getByLabel("Title", { exact: true }).fill(f.title);
  await popup.getByLabel("Date", { exact: true }).fill(f.date);
  await popup.getByLabel("Start", { exact: true }).fill(f.start);
  await popup.getByLabel("End", { exact: true }).fill(f.end);
  if (f.timeZone) await popup.getByLabel("Time zone", { exact: true }).fill(f.timeZone);
  if (f.guests) await popup.getByLabel("Guests (emails)", { exact: true }).fill(f.guests);
  if (f.meet) await popup.getByLabel("Add Google Meet", { exact: true }).check();
}

/** Fills the popup form and presses "Create & pay"; resolves with the checkout tab the extension opens. */
export async function createBooking(popup: Page, f: BookingFields): Promise<Page> {
  await fillBooking(popup, f);
  const tab = popup.context().waitForEvent("page", { timeout: 30_000 });
  await popup.getByRole("button", { name: "Create & pay" }).click();
  return tab;
}

/** Fills the form and presses "Create & pay" without expecting a checkout tab (the creation may fail). */
export async function submitBooking(popup: Page, f: BookingFields): Promise<void> {
  await fillBooking(popup, f);
  await popup.getByRole("button", { name: "Create & pay" }).click();
}

/** The popup's list item of the booking titled `title`. */
export function bookingItem(popup: Page, title: string): Locator {
  return popup.getByRole("listitem").filter({ has: popup.locator(".booking-title", { hasText: title }) });
}

/** Waits until the popup shows `status` (the chip's text, e.g. "Confirmed") on the booking titled `title`. */
export async function waitForChip(popup: Page, title: string, status: string, timeoutMs = 30_000): Promise<void> {
  await bookingItem(popup, title)
    .locator(".chip", { hasText: new RegExp(`^${status}$`) })
    .waitFor({ timeout: timeoutMs });
}

/** Every booking in the extension's storage, read through any open extension page. */
export async function storedBookings(extensionPage: Page): Promise<Booking[]> {
  const all = await extensionPage.evaluate(async () => (await chrome.storage.local.get("bookings")).bookings);
  return Object.values((all ?? {}) as Record<string, Booking>);
}

/** The stored booking titled `title` (the newest when several share it). */
export async function storedBooking(extensionPage: Page, title: string): Promise<Booking | undefined> {
  return (await storedBookings(extensionPage))
    .filter((b) => b.summary === title)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/**
 * Re-schedules the extension's alarm whose name starts with `prefix` to fire now. Chrome's alarm
 * clock cannot be moved, so this is how a test reaches the 30 s poll or a hold's end — the
 * listener that runs is the real one.
 */
export async function fireAlarmSoon(extensionPage: Page, prefix: string): Promise<string> {
  // The background arms alarms right after the storage change a test waits for; give it a moment.
  return waitFor(
    `alarm ${prefix}`,
    () =>
      extensionPage.evaluate(async (p) => {
        const alarm = (await chrome.alarms.getAll()).find((a) => a.name.startsWith(p));
        if (!alarm) return null;
        await chrome.alarms.create(alarm.name, { when: Date.now() + 200 });
        return alarm.name;
      }, prefix),
    5000,
  );
}

/** The notification ids the extension shows right now. */
export async function shownNotifications(extensionPage: Page): Promise<string[]> {
  return Object.keys(await extensionPage.evaluate(async () => chrome.notifications.getAll()));
}

/** POSTs JSON to the emulators' control API (`/__emulator/<path>`); throws on a non-2xx answer. */
export async function emulatorControl<T = unknown>(stack: Stack, path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${stack.emulators.urls.google}/__emulator/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`/__emulator/${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** A fault for the emulators' control API (see emulators/README.md). */
export interface EmulatorFault {
  provider: "google" | "paypal" | "binance" | "mercadopago" | "*";
  path: string;
  method?: string;
  status?: number;
  count?: number;
  delayMs?: number;
}

/** Makes the next `count` matching provider requests fail (or wait); returns the fault's id. */
export async function injectFault(stack: Stack, fault: EmulatorFault): Promise<string> {
  return (await emulatorControl<{ id: string }>(stack, "faults", fault)).id;
}

/** The faults still armed (a fault disappears once its count is used up). */
export async function activeFaults(stack: Stack): Promise<{ id: string; count: number; hits: number }[]> {
  const res = await fetch(`${stack.emulators.urls.google}/__emulator/faults`);
  return ((await res.json()) as { faults: { id: string; count: number; hits: number }[] }).faults;
}

/** Removes every fault. */
export async function clearFaults(stack: Stack): Promise<void> {
  await fetch(`${stack.emulators.urls.google}/__emulator/faults`, { method: "DELETE" });
}

/** A webhook delivery as the emulators record it. */
export interface Delivery {
  id: string;
  status: "held" | "pending" | "delivering" | "succeeded" | "failed";
  body: string;
  attempts: { status?: number }[];
}

/** One provider's webhook deliveries. */
export async function webhookDeliveries(stack: Stack, provider: string): Promise<Delivery[]> {
  const res = await fetch(`${stack.emulators.urls.google}/__emulator/deliveries?provider=${provider}`);
  return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
}

/** The emulators' whole state (`GET /__emulator/state`). */
export async function emulatorState<T = Record<string, unknown>>(stack: Stack): Promise<T> {
  return (await (await fetch(`${stack.emulators.urls.google}/__emulator/state`)).json()) as T;
}

/** What the Worker says about a booking's checkout (`GET /v1/checkouts/:id` with the booking's secret). */
export async function workerCheckout(
  stack: Stack,
  b: Pick<Booking, "id" | "secret">,
): Promise<{ status: string; receipt?: { provider: string; transactionId: string } }> {
  const res = await fetch(`${stack.workerUrl}/v1/checkouts/${b.id}`, {
    headers: { Authorization: `Bearer ${b.secret}` },
  });
  if (!res.ok) throw new Error(`GET /v1/checkouts answered ${res.status}`);
  return (await res.json()) as { status: string; receipt?: { provider: string; transactionId: string } };
}

/** Runs the Worker's cron pass now (`wrangler dev --test-scheduled`): reconciles orders, expires holds, retries refunds. */
export async function runWorkerCron(stack: Stack): Promise<void> {
  const res = await fetch(`${stack.workerUrl}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
  if (!res.ok) throw new Error(`cron answered ${res.status}: ${await res.text()}`);
}

/**
 * Binance Pay from the hosted checkout page: shows the QR, follows "Open Binance Pay" to the
 * (emulated) buyer page in the same tab; `pay` presses Pay there, which returns to the checkout page.
 */
export async function openBinanceBuyerPage(checkout: Page, stack: Stack): Promise<void> {
  await checkout.getByRole("button", { name: "Show Binance Pay QR code" }).click();
  await checkout.getByRole("link", { name: "Open Binance Pay" }).click();
  await checkout.waitForURL((u) => u.origin === stack.emulators.urls.binance);
}

/** Mercado Pago from the hosted checkout page: its button leads to the (emulated) init_point in the same tab. */
export async function openMercadoPagoBuyerPage(checkout: Page, stack: Stack): Promise<void> {
  await checkout.getByRole("button", { name: "Pay with Mercado Pago" }).click();
  await checkout.waitForURL((u) => u.origin === stack.emulators.urls.mercadopago);
}

/** Pays on the hosted checkout page with PayPal Smart Buttons (the emulated JS SDK's approve popup). */
export async function payWithPayPalButtons(checkout: Page): Promise<void> {
  const button = checkout.locator(".paypal-sdk button").first();
  await button.waitFor({ timeout: 20_000 });
  const [approve] = await Promise.all([checkout.waitForEvent("popup"), button.click()]);
  await approve.getByRole("button", { name: "Approve" }).click();
  await checkout.getByRole("status").filter({ hasText: "Paid" }).waitFor({ timeout: 20_000 });
}

/** An access token for `email` minted by the Google emulator's control API. */
export async function googleToken(stack: Stack, email: string): Promise<string> {
  const res = await fetch(`${stack.emulators.urls.google}/__emulator/google/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, scopes: ["https://www.googleapis.com/auth/calendar.events"] }),
  });
  if (!res.ok) throw new Error(`google/tokens answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The events of one booking in the emulated primary calendar, deleted ones included. */
export async function bookingEvents(stack: Stack, email: string, bookingId: string): Promise<CalendarEvent[]> {
  const q = new URLSearchParams({ privateExtendedProperty: `lcBooking=${bookingId}`, showDeleted: "true" });
  const res = await fetch(`${stack.emulators.urls.google}/calendar/v3/calendars/primary/events?${q}`, {
    headers: { Authorization: `Bearer ${await googleToken(stack, email)}` },
  });
  if (!res.ok) throw new Error(`events.list answered ${res.status}`);
  return ((await res.json()) as { items: CalendarEvent[] }).items;
}
