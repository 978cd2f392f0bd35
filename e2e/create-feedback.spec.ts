import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingItem, clearFaults, injectFault, submitBooking, waitForChip } from "../scripts/journey.ts";
import type { Stack } from "../scripts/stack.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// After "Create & pay" the user sees what happens right where they clicked. A
// Google 403 on the insert (no rate-limit reason, so not retried) must show beside the button,
// with what to do, focus on it, and the typed form still there.
let stack: Stack;
let browser: ExtensionBrowser;

beforeAll(async () => {
  ({ stack, browser } = await startE2E());
});
afterAll(() => stopE2E({ stack, browser }));

const day = (inDays: number) => new Date(Date.now() + inDays * 86_400_000).toISOString().slice(0, 10);

describe("creating a booking when Google refuses the event", () => {
  it("shows the 403 next to the button with the draft kept, and a retry that then works", async () => {
    const popup = await browser.openPage("popup.html");
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.getByText(/Signed in as/).waitFor();
    await injectFault(stack, {
      provider: "google",
      method: "POST",
      path: "/calendar/v3/calendars/*/events",
      status: 403,
    });
    const fields = {
      title: "Denied by Google",
      date: day(3),
      start: "10:00",
      end: "10:45",
      guests: "lead@example.com",
    };
    await submitBooking(popup, fields);

    const status = popup.getByRole("region", { name: "Creating “Denied by Google”" });
    const alert = status.getByRole("alert");
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/permission to add events to that calendar/);
    expect(await alert.textContent()).toMatch(/What you typed is kept/);
    // Where the user is looking: focused, and inside the 400×600 popup without scrolling away.
    expect(await status.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))).toBe(
      true,
    );
    const box = await status.boundingBox();
    const scrollY = await popup.evaluate(() => window.scrollY);
    expect(box && box.y - scrollY >= 0 && box.y - scrollY < 600).toBe(true);
    // The draft is kept: every field still holds what was typed.
    expect(await popup.getByLabel("Title", { exact: true }).inputValue()).toBe(fields.title);
    expect(await popup.getByLabel("Guests (emails)", { exact: true }).inputValue()).toBe(fields.guests);
    await waitForChip(popup, fields.title, "Failed");

    await clearFaults(stack);
    const tab = popup.context().waitForEvent("page", { timeout: 30_000 });
    await status.getByRole("button", { name: "Retry" }).click();
    await (await tab).close();
    await waitForChip(popup, fields.title, "Awaiting payment");
    await status.getByText(/is in your calendar, waiting for payment/).waitFor();
    // Now that the event exists the form is ready for the next booking.
    await expect.poll(() => popup.getByLabel("Title", { exact: true }).inputValue()).toBe("");
    expect(await bookingItem(popup, fields.title).count()).toBe(1);
    await popup.close();
  });
});
