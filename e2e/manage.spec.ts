import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_EMAIL, OPEN_PAGE, setUpHost } from "../scripts/book-host.ts";
import type { Stack } from "../scripts/stack.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// The lead's manage page in real Chromium: a lead books and pays on the booking page's checkout,
// follows the confirmation's manage link, moves the booking by keyboard, then cancels it and gets
// the fee back — Worker under wrangler dev, Google and PayPal emulated.
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const ZONE = OPEN_PAGE.timeZone;
/** Screenshots for a look (gitignored). */
const ARTIFACTS = join(import.meta.dirname, "artifacts");

let stack: Stack;
let browser: ExtensionBrowser;

beforeAll(async () => {
  ({ stack, browser } = await startE2E({ signIn: false }));
  await setUpHost(stack, OPEN_PAGE);
});
afterAll(() => stopE2E({ stack, browser }));

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => v.id);
  });
}

const norm = (s: string | null) => (s ?? "").replace(/\s/g, " ");

async function hostEventOf(bookingId: string) {
  const state = await (await fetch(`${stack.emulators.urls.google}/__emulator/state`)).json();
  // biome-ignore lint/suspicious/noExplicitAny: the emulator's event JSON, probed ad hoc
  const cal = (state.google.calendars as { id: string; events: Record<string, any>[] }[]).find(
    (c) => c.id === HOST_EMAIL,
  );
  return cal?.events.find((e) => e.extendedProperties?.private?.lcBooking === bookingId);
}

describe("manage page", () => {
  it("the lead reschedules by keyboard and then cancels with a full refund", async () => {
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(Date.now() + 3 * 86_400_000));
    const free = (await (await fetch(`${stack.workerUrl}/v1/book/intro/slots?from=${day}&to=${day}`)).json()) as {
      slots: { start: string }[];
    };
    const res = await fetch(`${stack.workerUrl}/v1/book/intro/reservations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ start: free.slots[10]?.start, name: "Lea Lead", email: "lea@example.com", locale: "en" }),
    });
    const { checkoutUrl, checkoutId } = (await res.json()) as { checkoutUrl: string; checkoutId: string };

    const page = await browser.context.newPage();
    await page.goto(checkoutUrl);
    await page.getByRole("button", { name: "Pay with PayPal on paypal.com" }).click();
    await page.waitForURL((u) => u.origin === stack.emulators.urls.paypal);
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByRole("heading", { name: "Booked" }).waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "Cancel, reschedule or get a receipt" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/manage/"));
    await page.getByRole("heading", { level: 1, name: "Your booking" }).waitFor();
    await page.getByText("Booked and paid.").waitFor();
    expect(await page.getByText(/Cancel or move it until .* for a full refund of the fee\./).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, "manage-dark.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
    const bookingId = ((await (await fetch(`${stack.workerUrl}/v1/pay/${checkoutId}`)).json()) as { bookingId: string })
      .bookingId;

    // Reschedule by keyboard: the slot list, to its end (a time well before its refund deadline)
    // and one up, Tab to the button, Enter.
    const select = page.getByLabel("New time (your time)");
    await select.waitFor();
    await select.focus();
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowUp");
    const picked = await select.inputValue();
    expect(Date.parse(picked)).toBeGreaterThan(Date.now() + 5 * 86_400_000);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByText(/^Moved to .*The host's calendar and your invitation were updated\.$/).waitFor();
    expect(Date.parse((await hostEventOf(bookingId))?.start.dateTime)).toBe(Date.parse(picked));

    // Cancel: the rule, then a confirmation that says the fee comes back; only "Yes" posts.
    await page.getByRole("button", { name: "Cancel this booking…" }).click();
    await page.screenshot({ path: join(ARTIFACTS, "manage-cancel.png"), fullPage: true });
    expect(norm(await page.locator("legend").textContent())).toBe("Cancel now and get a full refund of USD 1.00?");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Yes, cancel my booking" }).click();
    await page.getByText("You cancelled this booking.").waitFor();
    await page.getByText(/^Cancelled\. Your fee of USD.1\.00 (is being|was) refunded\.$/).waitFor();
    expect((await hostEventOf(bookingId))?.status).toBe("cancelled");

    // The printable receipt, with the refund once PayPal completed it.
    await page.getByRole("link", { name: "Open the printable receipt" }).click();
    await page.getByRole("heading", { level: 2, name: "Receipt" }).waitFor();
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole("heading", { level: 2, name: "Receipt" }).waitFor();
          return norm(await page.locator(".receipt").textContent());
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toContain("Refunded USD 1.00");
    expect(norm(await page.locator(".receipt").textContent())).toContain("PayPal");
    expect(await axeViolations(page)).toEqual([]);

    // In Spanish, through the switch.
    await page.getByLabel("Language").selectOption("es");
    await page.getByRole("heading", { level: 1, name: "Recibo" }).waitFor();
    await page.close();
  });
});
