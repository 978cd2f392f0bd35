import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingEvents } from "../scripts/journey.ts";
import { LOCAL_EXTENSION_ID } from "../scripts/local-extension.ts";
import type { Stack } from "../scripts/stack.ts";
import type { Booking } from "../utils/booking/types.ts";
import type { CalendarEvent } from "../utils/google/calendar-types.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// The whole path through real processes: the extension built for the stack, Google's OAuth and
// Calendar emulated, the Worker under wrangler dev. The extension id is fixed by the build's
// manifest key, so the stack is started with it before the browser loads the extension.
let stack: Stack;
let browser: ExtensionBrowser;
let email = "";

beforeAll(async () => {
  ({ stack, browser } = await startE2E({ signIn: false }));
});
afterAll(() => stopE2E({ stack, browser }));

async function storedBookings(): Promise<Booking[]> {
  const all = await browser.serviceWorker.evaluate(async () => (await chrome.storage.local.get("bookings")).bookings);
  return Object.values((all ?? {}) as Record<string, Booking>);
}

describe("booking through the popup against the emulators and the Worker", () => {
  it("loads with the id the stack trusts", () => {
    expect(browser.extensionId).toBe(LOCAL_EXTENSION_ID);
  });

  it("signs in through launchWebAuthFlow, creates a held event with Meet and pay link, and the Worker has the checkout", async () => {
    const page = await browser.openPage("popup.html");
    await page.getByRole("button", { name: "Sign in with Google" }).click();
    const signedIn = page.getByText(/^Signed in as /);
    await signedIn.waitFor({ timeout: 20_000 });
    email = ((await signedIn.textContent()) ?? "").replace("Signed in as ", "").trim();
    expect(email).toMatch(/@/);

    await page.getByLabel("Title", { exact: true }).fill("E2E intro call");
    await page.getByLabel("Date", { exact: true }).fill("2030-01-15");
    await page.getByLabel("Start", { exact: true }).fill("15:00");
    await page.getByLabel("End", { exact: true }).fill("15:45");
    await page.getByLabel("Time zone", { exact: true }).fill("America/New_York");
    await page.getByLabel("Guests (emails)", { exact: true }).fill("lead@example.com");
    await page.getByLabel("Add Google Meet", { exact: true }).check();
    // The free/busy hint asks Google (freeBusy) about the chosen slot: nothing is there yet.
    await page.getByText("This time is free in that calendar.").waitFor({ timeout: 10_000 });
    const checkoutTab = browser.context.waitForEvent("page", { timeout: 30_000 });
    await page.getByRole("button", { name: "Create & pay" }).click();

    const item = page.getByRole("listitem").filter({ hasText: "E2E intro call" });
    await item.getByText("Awaiting payment").waitFor({ timeout: 30_000 });
    await item.getByRole("button", { name: "Copy link" }).waitFor();
    await item.getByText(/Held for/).waitFor();

    const [booking] = (await storedBookings()).filter((b) => b.summary === "E2E intro call");
    expect(booking).toBeDefined();
    if (!booking) return;
    expect(booking.status).toBe("awaiting_payment");
    expect(booking.checkoutUrl).toMatch(new RegExp(`^${stack.workerUrl}/pay/`));

    // The checkout page opened in a tab, told which extension to message.
    const tab = await checkoutTab;
    expect(tab.url()).toContain(`ext=${LOCAL_EXTENSION_ID}`);

    // Google (emulated) has one tentative event with our properties, Meet link and pay link.
    const events = await bookingEvents(stack, email, booking.id);
    expect(events).toHaveLength(1);
    const event = events[0] as CalendarEvent;
    expect(event.id).toBe(booking.eventId);
    expect(event.status).toBe("tentative");
    expect(event.summary).toBe("[Unpaid hold] E2E intro call");
    expect(event.extendedProperties?.private).toEqual({ lcBooking: booking.id, lcState: "awaiting_payment" });
    expect(event.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(booking.meetLink).toBe(event.hangoutLink);
    expect(event.description).toContain(booking.checkoutUrl);
    expect(event.attendees?.map((a) => a.email)).toEqual(["lead@example.com"]);
    expect(event.start?.dateTime && Date.parse(event.start.dateTime)).toBe(Date.parse("2030-01-15T20:00:00Z"));

    // The Worker knows the checkout and authenticates the booking's secret.
    const res = await fetch(`${stack.workerUrl}/v1/checkouts/${booking.id}`, {
      headers: { Authorization: `Bearer ${booking.secret}` },
    });
    expect(res.status).toBe(200);
    const checkout = (await res.json()) as { status: string; checkoutUrl: string };
    expect(checkout.status).toBe("open");
    expect(checkout.checkoutUrl).toBe(booking.checkoutUrl);
    await page.close();
  });

  it("keeps the draft and the booking list when the popup is closed and reopened", async () => {
    const first = await browser.openPage("popup.html");
    await first.getByLabel("Title", { exact: true }).fill("Half-written follow-up");
    await first.getByLabel("Description", { exact: true }).fill("Bring the numbers");
    // The draft is written to storage on each change; give the last write a moment to land.
    await first.waitForTimeout(300);
    await first.close();

    const again = await browser.openPage("popup.html");
    await expect(again.getByLabel("Title", { exact: true }).inputValue()).resolves.toBe("Half-written follow-up");
    await expect(again.getByLabel("Description", { exact: true }).inputValue()).resolves.toBe("Bring the numbers");
    const item = again.getByRole("listitem").filter({ hasText: "E2E intro call" });
    await item.getByText("Awaiting payment").waitFor();
    await again.getByText(`Signed in as ${email}`).waitFor();
    await again.close();
  });

  it("warns when the chosen slot is already taken in the calendar", async () => {
    const page = await browser.openPage("popup.html");
    // The held event from the first test occupies 15:00–15:45 New York time on that day.
    await page.getByLabel("Date", { exact: true }).fill("2030-01-15");
    await page.getByLabel("Start", { exact: true }).fill("15:15");
    await page.getByLabel("End", { exact: true }).fill("16:00");
    await page.getByLabel("Time zone", { exact: true }).fill("America/New_York");
    await page.getByText(/^Busy from .+ to .+ in that calendar\.$/).waitFor({ timeout: 10_000 });
    await page.close();
  });
});
