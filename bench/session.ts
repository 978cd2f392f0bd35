// A headless Chromium with the production build, signed in to the emulated Google: the helpers
// figure 3 uses to create bookings through the popup, pay them and watch the calendar.
import type { BrowserContext, Page } from "playwright-core";
import { LOCAL_EXTENSION_ID } from "../scripts/local-extension.ts";
import type { Stack } from "../scripts/stack.ts";
import type { Booking } from "../utils/booking/types.ts";
import type { CalendarEvent } from "../utils/google/calendar-types.ts";
import { getJson, postJson, waitUntil } from "./lib.ts";
import type { LatencyResult } from "./report-late.ts";

/** Origin of the extension's pages. */
export const EXT = `chrome-extension://${LOCAL_EXTENSION_ID}`;
const WRITE_METHODS = ["POST", "PATCH", "PUT", "DELETE"] as const;

/** A browser signed in to the emulated Google, with helpers over its extension. */
export class Session {
  private token = "";
  constructor(
    readonly stack: Stack,
    readonly context: BrowserContext,
    readonly email: string,
  ) {}

  /** Runs `fn` in the extension's service worker (which Chrome may have restarted). */
  async inWorker<T>(fn: () => Promise<T>): Promise<T> {
    const sw =
      this.context.serviceWorkers().find((w) => w.url().startsWith(EXT)) ??
      (await this.context.waitForEvent("serviceworker", { timeout: 15_000 }));
    return (await sw.evaluate(fn)) as T;
  }

  async bookings(): Promise<Booking[]> {
    const all = await this.inWorker(async () => (await chrome.storage.local.get("bookings")).bookings);
    return Object.values((all ?? {}) as Record<string, Booking>);
  }

  /** The booking's event as Google (emulated) has it, read with a token minted by the control API. */
  async event(bookingId: string): Promise<CalendarEvent | undefined> {
    const g = this.stack.emulators.urls.google;
    if (!this.token) {
      const t = await postJson<{ access_token: string }>(`${g}/__emulator/google/tokens`, {
        email: this.email,
        scopes: ["https://www.googleapis.com/auth/calendar.events"],
      });
      this.token = t.access_token;
    }
    const q = new URLSearchParams({ privateExtendedProperty: `lcBooking=${bookingId}` });
    const res = await getJson<{ items: CalendarEvent[] }>(`${g}/calendar/v3/calendars/primary/events?${q}`, {
      Authorization: `Bearer ${this.token}`,
    });
    return res.items[0];
  }

  /** Creates a booking through the popup form; returns it awaiting payment with its checkout tab. */
  async create(title: string, day: string): Promise<{ booking: Booking; tab: Page }> {
    const page = await this.context.newPage();
    await page.goto(`${EXT}/popup.html`);
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Date", { exact: true }).fill(day);
    await page.getByLabel("Start", { exact: true }).fill("15:00");
    await page.getByLabel("End", { exact: true }).fill("15:30");
    await page.getByLabel("Time zone", { exact: true }).fill("America/New_York");
    const tabOpened = this.context.waitForEvent("page", { timeout: 30_000 });
    tabOpened.catch(() => undefined); // awaited below; if the click fails first, no unhandled rejection
    await page.getByRole("button", { name: "Create & pay" }).click();
    await page
      .getByRole("listitem")
      .filter({ hasText: title })
      .getByText("Awaiting payment")
      .waitFor({ timeout: 30_000 });
    const tab = await tabOpened;
    await page.close();
    const booking = (await this.bookings()).find((b) => b.summary === title);
    if (!booking?.checkoutUrl) throw new Error(`no booking "${title}"`);
    return { booking, tab };
  }

  /** Starts a Mercado Pago checkout for the booking (as the page's button does); returns the preference id. */
  async preference(b: Booking): Promise<string> {
    const checkoutId = new URL(b.checkoutUrl ?? "").pathname.split("/").pop();
    const { initPoint } = await postJson<{ initPoint: string }>(
      `${this.stack.workerUrl}/v1/pay/${checkoutId}/mercadopago`,
    );
    const id = new URL(initPoint).searchParams.get("pref_id");
    if (!id) throw new Error(`no pref_id in ${initPoint}`);
    return id;
  }

  /** Pays at the emulator and returns the time the payment started completing. */
  async pay(preferenceId: string): Promise<number> {
    const t0 = Date.now();
    await postJson(`${this.stack.emulators.urls.mercadopago}/__emulator/pay`, {
      provider: "mercadopago",
      preferenceId,
      status: "approved",
    });
    return t0;
  }

  /**
   * Pays with the page's PayPal Smart Button, as a payer does: the click opens PayPal's approve
   * page (the emulator's) in a popup; returns the moment "Approve" is pressed there. The page then
   * captures through the Worker and messages the extension.
   */
  async payPayPalOnPage(tab: Page): Promise<number> {
    const popupOpened = tab.waitForEvent("popup", { timeout: 15_000 });
    popupOpened.catch(() => undefined);
    await tab.locator(".paypal-emulator-button").click({ timeout: 15_000 });
    const popup = await popupOpened;
    const approve = popup.getByRole("button", { name: "Approve" });
    await approve.waitFor({ timeout: 15_000 });
    const t0 = Date.now();
    await approve.click();
    return t0;
  }

  /** Milliseconds from `t0` until the emulator's calendar shows the event confirmed (polled every 100 ms). */
  async confirmedAfter(b: Booking, t0: number, timeoutMs: number): Promise<number> {
    await waitUntil(
      `"${b.summary}" confirmed`,
      async () => (await this.event(b.id))?.status === "confirmed",
      timeoutMs,
    );
    return Date.now() - t0;
  }
}

/** Signs in through the popup (emulated OAuth, auto-approved). */
export async function signIn(stack: Stack, context: BrowserContext): Promise<Session> {
  const page = await context.newPage();
  await page.goto(`${EXT}/popup.html`);
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  const signedIn = page.getByText(/^Signed in as /);
  await signedIn.waitFor({ timeout: 20_000 });
  const email = ((await signedIn.textContent()) ?? "").replace("Signed in as ", "").trim();
  await page.close();
  return new Session(stack, context, email);
}

/** Delay-only faults (1 ms) on the Calendar event write paths, one per method: their hits count the writes. */
export async function countWrites(stack: Stack): Promise<() => Promise<LatencyResult["calendarWrites"]>> {
  const ctl = `${stack.emulators.urls.google}/__emulator/faults`;
  const ids: Record<string, string> = {};
  for (const method of WRITE_METHODS) {
    const f = await postJson<{ id: string }>(ctl, {
      provider: "google",
      method,
      path: "/calendar/v3/calendars/*/events*",
      delayMs: 1,
      count: 10_000,
    });
    ids[method] = f.id;
  }
  return async () => {
    const { faults } = await getJson<{ faults: { id: string; hits: number }[] }>(ctl);
    const hits = (m: string) => faults.find((f) => f.id === ids[m])?.hits ?? 0;
    await fetch(ctl, { method: "DELETE" });
    return { insert: hits("POST"), patch: hits("PATCH"), update: hits("PUT"), delete: hits("DELETE"), bookings: 0 };
  };
}
