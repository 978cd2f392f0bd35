// The user journey's building blocks, driven through the real popup and the emulators' control
// API: shared by the demo's --smoke run, the E2E suite and the benchmarks.
import type { Page } from "playwright-core";
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

/** Fills the popup form and presses "Create & pay"; resolves with the checkout tab the extension opens. */
export async function createBooking(popup: Page, f: BookingFields): Promise<Page> {
  await popup.getByLabel("Title", { exact: true }).fill(f.title);
  await popup.getByLabel("Date", { exact: true }).fill(f.date);
  await popup.getByLabel("Start", { exact: true }).fill(f.start);
  await popup.getByLabel("End", { exact: true }).fill(f.end);
  if (f.timeZone) await popup.getByLabel("Time zone", { exact: true }).fill(f.timeZone);
  if (f.guests) await popup.getByLabel("Guests (emails)", { exact: true }).fill(f.guests);
  if (f.meet) await popup.getByLabel("Add Google Meet", { exact: true }).check();
  const tab = popup.context().waitForEvent("page", { timeout: 30_000 });
  await popup.getByRole("button", { name: "Create & pay" }).click();
  return tab;
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
