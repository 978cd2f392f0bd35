import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminApi, googleToken, HOST_EMAIL, OPEN_PAGE, setUpHost } from "../scripts/book-host.ts";
import type { Stack } from "../scripts/stack.ts";
import type { AdminBooking } from "../utils/api/booking-page.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// The booking page end to end: the host configures it from the extension's options page, then a
// lead books and pays on the public page and sees the booked event — Worker under wrangler dev,
// Google and the payment providers emulated, the extension signed in as the host.
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let stack: Stack;
let browser: ExtensionBrowser;
let email = "";

beforeAll(async () => {
  ({ stack, browser, email } = await startE2E());
});
afterAll(() => stopE2E({ stack, browser }));

async function axeViolations(page: Page): Promise<string[]> {
  // Through the DevTools protocol: the page's CSP allows no other script, and must not need to.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => v.id);
  });
}

/**
 * Opens the booking page on a phone in `zone` (CPU slowed, so the page's script runs late) and
 * returns it once the first slot shows, with the CSP violations it reported.
 */
async function openIn(zone: string) {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send("Emulation.setTimezoneOverride", { timezoneId: zone });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.violations.push(e.violatedDirective));
  });
  await page.goto(`${stack.workerUrl}/book/intro`, { waitUntil: "commit" });
  await page.locator("button.slot").first().waitFor();
  return page;
}

/** Whether every slot button's text is its start's time of day in `zone` (the page's Intl). */
const labelledIn = (page: Page, zone: string) =>
  page.evaluate((z) => {
    const f = new Intl.DateTimeFormat("en", { hour: "numeric", minute: "2-digit", timeZone: z });
    const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>("button.slot"));
    return buttons.length > 0 && buttons.every((b) => b.textContent === f.format(Number(b.id.slice(5))));
  }, zone);

describe("booking page", () => {
  it("the host (signed in as ADMIN_EMAIL) connects the calendar and sets hours and a type in the options page", async () => {
    expect(email).toBe(HOST_EMAIL);
    const options = await browser.openPage("options.html");
    const connect = options.getByRole("button", { name: "Connect Google Calendar" });
    await connect.waitFor({ timeout: 20_000 });
    // The Worker's connect page opens in a tab, runs Google's consent (auto-approved) and says it worked.
    const [tab] = await Promise.all([options.context().waitForEvent("page"), connect.click()]);
    await tab.waitForURL((u) => u.pathname === "/admin/google/callback", { timeout: 20_000 });
    await tab.close();
    await options.reload();
    await options.getByText(/Google Calendar connected/).waitFor({ timeout: 20_000 });

    const monday = options.getByRole("group", { name: "Monday" });
    if ((await monday.getByLabel("Monday, hours 1, from").count()) === 0)
      await options.getByRole("button", { name: "Add hours on Monday" }).click();
    await options.getByLabel("Monday, hours 1, from").fill("09:00");
    await options.getByLabel("Monday, hours 1, until").fill("12:30");
    await options.getByLabel("Day off").fill("2031-01-02");
    await options.getByRole("button", { name: "Add day off" }).click();
    await options.getByRole("button", { name: "Add a booking type" }).click();
    // The new type's fieldset is named by its title once one is typed: find it by place instead.
    const type = options.locator("fieldset.bp-type").last();
    expect(await type.getByRole("group").first().isVisible()).toBe(true);
    expect(await options.getByRole("group", { name: "New booking type" }).count()).toBe(1);
    await type.getByLabel("Title").fill("Strategy session");
    await type.getByLabel("Link name").fill("strategy");
    await type.getByLabel("Duration (minutes)").fill("45");
    await options.getByRole("button", { name: "Save booking page" }).click();
    await options.getByText("Saved.").waitFor();
    expect(await options.getByText(`${stack.workerUrl}/book/strategy`).count()).toBe(1);
    expect(await axeViolations(options)).toEqual([]);

    const stored = await adminApi(stack, await googleToken(stack)).get();
    expect(stored.connected).toBe(true);
    expect(stored.weekly.mon).toEqual([["09:00", "12:30"]]);
    expect(stored.daysOff).toContain("2031-01-02");
    expect(stored.types.find((t) => t.id === "strategy")).toMatchObject({
      title: "Strategy session",
      durationMinutes: 45,
    });
    await options.close();
  });

  it("a lead whose phone is in the zone of their IP picks a slot on the Worker's first view; elsewhere the page redraws it", async () => {
    await setUpHost(stack, OPEN_PAGE);
    // wrangler dev's made-up request.cf says Chicago: that is where the Worker draws the first view.
    const served = await (await fetch(`${stack.workerUrl}/book/intro`)).text();
    expect(served).toContain('<main id="root" data-zone="America/Chicago" data-lang="en" hidden>');

    const page = await openIn("America/Chicago");
    const first = page.locator("button.slot").first();
    const id = await first.getAttribute("id");
    // Pressed as soon as it shows: on the Worker's drawing or the page's, the choice holds.
    await first.click();
    await page.getByRole("button", { name: "Continue to payment" }).waitFor();
    await page.locator(`#${id}[aria-pressed="true"]`).waitFor();
    const time = await page.locator(`#${id}`).textContent();
    expect(await page.locator("p.chosen").textContent()).toContain(time ?? "?");
    expect(await labelledIn(page, "America/Chicago")).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();

    // A phone elsewhere never shows Chicago's times: the check drops them, the page draws Lisbon's.
    const away = await openIn("Europe/Lisbon");
    expect(await labelledIn(away, "Europe/Lisbon")).toBe(true);
    expect(await away.locator("#zone").inputValue()).toBe("Europe/Lisbon");
    expect(await away.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await away.close();
  });

  it("a lead picks a slot, pays with PayPal and sees the booked event with Meet and .ics; the host's popup lists it", async () => {
    const token = await setUpHost(stack, OPEN_PAGE);
    const page = await browser.context.newPage();
    await page.goto(`${stack.workerUrl}/book/intro`);
    await page.getByRole("heading", { level: 1, name: "Intro call" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "light" });

    // By keyboard: the first slot is the week's one Tab stop; the arrow key moves on, Enter picks it.
    const slots = page.locator("button.slot");
    await slots.first().focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const chosen = page.locator('button.slot[aria-pressed="true"]');
    const start = Number((await chosen.getAttribute("id"))?.replace("slot-", ""));
    expect(start).toBeGreaterThan(Date.now());
    await page.getByLabel("Your name").fill("Bruno Lima");
    await page.getByLabel("Email").fill("bruno@example.com");
    await page.getByLabel("Notes for the host (optional)").fill("About the course");
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/pay/"), { timeout: 20_000 });

    await page.getByRole("button", { name: "Pay with PayPal on paypal.com" }).click();
    await page.waitForURL((u) => u.origin === stack.emulators.urls.paypal);
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByRole("heading", { name: "Booked" }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole("link", { name: "Join with Google Meet" }).getAttribute("href")).toMatch(
      /^https?:\/\//,
    );
    const ics = await page.getByRole("link", { name: "Add to your calendar (.ics)" }).getAttribute("href");
    const icsText = await (await fetch(new URL(ics ?? "", stack.workerUrl))).text();
    expect(icsText).toContain("BEGIN:VEVENT");
    // The lead's zone (the browser's) and the host's, both shown.
    expect(await page.getByText("(America/Argentina/Buenos_Aires)").count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    const listed = await fetch(`${stack.workerUrl}/v1/admin/bookings?from=2000-01-01&to=2100-01-01`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json() as Promise<{ bookings: AdminBooking[] }>);
    const mine = listed.bookings.find((b) => b.lead.email === "bruno@example.com");
    expect(mine).toMatchObject({ status: "booked", lead: { name: "Bruno Lima", notes: "About the course" } });
    expect(Date.parse(mine?.slot.start ?? "")).toBe(start);

    const popup = await browser.openPage("popup.html");
    await popup.getByRole("heading", { name: "From your booking page" }).waitFor({ timeout: 20_000 });
    expect(await popup.getByText("Intro call — Bruno Lima").count()).toBe(1);
    expect(await popup.getByText("Booked", { exact: true }).count()).toBe(1);
    await popup.close();

    // The slot is gone for the next lead.
    await page.goto(`${stack.workerUrl}/book/intro`);
    await page.getByRole("heading", { level: 1, name: "Intro call" }).waitFor();
    expect(await page.locator(`#slot-${start}`).count()).toBe(0);
    await page.close();
  });
});
