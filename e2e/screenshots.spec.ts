import { mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bookingItem,
  createBooking,
  fillBooking,
  injectFault,
  payWithPayPalButtons,
  signIn,
  storedBooking,
  submitBooking,
  waitForChip,
} from "../scripts/journey.ts";
import type { Stack } from "../scripts/stack.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// Screenshots of every surface in light and dark, kept as artifacts (e2e/artifacts/, gitignored)
// for reviewing the UI without running it. The popup is shot at a popup's size; each shot also
// checks that the colour scheme really changed the page.
const ARTIFACTS = join(import.meta.dirname, "artifacts");
const SCHEMES = ["light", "dark"] as const;
const POPUP_SIZE = { width: 400, height: 600 };

let stack: Stack;
let browser: ExtensionBrowser;
const written: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  ({ stack, browser } = await startE2E({ signIn: false }));
});
afterAll(() => stopE2E({ stack, browser }));

/** Relative luminance (0–1) of the page's background, to tell light from dark. */
async function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const bg = getComputedStyle(document.body).backgroundColor;
    const html = getComputedStyle(document.documentElement).backgroundColor;
    const pick = bg === "rgba(0, 0, 0, 0)" ? html : bg;
    const [r = 0, g = 0, b = 0] = (pick.match(/[\d.]+/g) ?? []).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe's violations on `page`, injected through DevTools (the checkout page's CSP refuses inline scripts). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => v.id);
  });
}

/** Shoots `page` in light and dark as `<name>-light.png` / `<name>-dark.png`, axe-checking each when asked. */
async function shoot(page: Page, name: string, { axe = false } = {}): Promise<void> {
  const luminance: number[] = [];
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    luminance.push(await backgroundLuminance(page));
    if (axe) expect(await axeViolations(page), `${name} ${colorScheme}`).toEqual([]);
    const path = join(ARTIFACTS, `${name}-${colorScheme}.png`);
    await page.screenshot({ path, fullPage: true, animations: "disabled", caret: "hide" });
    written.push(path);
  }
  expect(luminance[0]).toBeGreaterThan(0.8); // light
  expect(luminance[1]).toBeLessThan(0.3); // dark
  await page.emulateMedia({ colorScheme: null });
}

const day = (inDays: number) => new Date(Date.now() + inDays * 86_400_000).toISOString().slice(0, 10);

describe("screenshots of the popup, options page and checkout page (axe-checked), light and dark", () => {
  it("popup: empty, filled form, and a list with every status", async () => {
    const popup = await browser.openPage("popup.html");
    await popup.setViewportSize(POPUP_SIZE);
    await signIn(popup);
    await popup.getByRole("heading", { name: "No bookings yet" }).waitFor();
    await shoot(popup, "popup-empty");

    await fillBooking(popup, {
      title: "Intro call with Ana",
      date: day(2),
      start: "15:00",
      end: "15:30",
      timeZone: "America/New_York",
      guests: "ana@example.com",
      meet: true,
    });
    await shoot(popup, "popup-form");

    // One booking per status: confirmed (paid on the page), awaiting payment, cancelled and failed.
    const paid = await createBooking(popup, {
      title: "Intro call with Ana",
      date: day(2),
      start: "15:00",
      end: "15:30",
      timeZone: "America/New_York",
    });
    await payWithPayPalButtons(paid);
    await waitForChip(popup, "Intro call with Ana", "Confirmed");
    await paid.close();
    const cancelled = await createBooking(popup, {
      title: "Follow-up with Bruno",
      date: day(3),
      start: "10:00",
      end: "10:45",
    });
    await cancelled.close();
    const item = bookingItem(popup, "Follow-up with Bruno");
    await item.getByRole("button", { name: "Cancel", exact: true }).click();
    await item.getByRole("button", { name: "Confirm cancel" }).click();
    await waitForChip(popup, "Follow-up with Bruno", "Cancelled");
    // 403 without a rate-limit reason is not retried: an immediate failure with its message.
    await injectFault(stack, {
      provider: "google",
      method: "POST",
      path: "/calendar/v3/calendars/*/events",
      status: 403,
    });
    await submitBooking(popup, { title: "Quarterly review", date: day(4), start: "09:00", end: "10:00" });
    await waitForChip(popup, "Quarterly review", "Failed");
    const awaiting = await createBooking(popup, { title: "Demo for Acme", date: day(5), start: "16:00", end: "16:30" });
    await waitForChip(popup, "Demo for Acme", "Awaiting payment");
    await awaiting.close();
    await shoot(popup, "popup-bookings");
    await popup.close();
  });

  it.each([
    ["es", "Nueva reserva"],
    ["pt_BR", "Nova reserva"],
  ])("popup in %s: form with its hold and the list, every string translated", async (language, heading) => {
    const probe = await browser.openPage("options.html");
    const setLanguage = (lang: string) =>
      probe.evaluate(async (l) => {
        const { settings } = await chrome.storage.local.get("settings");
        await chrome.storage.local.set({ settings: { ...(settings ?? {}), language: l } });
      }, lang);
    await setLanguage(language);
    try {
      const popup = await browser.openPage("popup.html");
      await popup.setViewportSize(POPUP_SIZE);
      await popup.getByRole("heading", { name: heading }).waitFor();
      await popup.locator("#f-title").fill("Clase de prueba");
      await popup.locator("#f-date").fill(day(2));
      await popup.locator("#f-start").fill("15:00");
      await popup.locator("#f-end").fill("16:30");
      await popup.locator("#f-guests").fill("ana@example.com");
      await popup.getByText(/ana@example\.com (tiene hasta|tem até)/).waitFor();
      expect(await popup.evaluate(() => document.documentElement.lang)).toBe(language.replace("_", "-"));
      await shoot(popup, `popup-${language}`);
      await popup.close();
    } finally {
      await setLanguage("auto");
      await probe.close();
    }
  });

  it("options page", async () => {
    const options = await browser.openPage("options.html");
    await options.getByLabel("Worker URL").waitFor();
    await shoot(options, "options");
    await options.close();
  });

  it("checkout page, with every provider's button", async () => {
    const probe = await browser.openPage("options.html");
    const b = await storedBooking(probe, "Demo for Acme");
    await probe.close();
    if (!b?.checkoutUrl) throw new Error("no awaiting booking");
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(b.checkoutUrl);
    await page.locator(".paypal-sdk button").first().waitFor();
    await page.getByRole("button", { name: "Pay with Mercado Pago" }).waitFor();
    await shoot(page, "checkout", { axe: true });
    await page.close();
  });

  it("checkout page once paid: the receipt", async () => {
    const probe = await browser.openPage("options.html");
    const b = await storedBooking(probe, "Intro call with Ana");
    await probe.close();
    if (!b?.checkoutUrl) throw new Error("no paid booking");
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(b.checkoutUrl);
    await page.getByRole("button", { name: "Print receipt" }).waitFor();
    await shoot(page, "checkout-receipt", { axe: true });
    await page.close();
  });

  it("wrote every screenshot, each a real PNG of some size", () => {
    expect(written).toHaveLength(16);
    for (const path of written) {
      expect(readFileSync(path).subarray(1, 4).toString()).toBe("PNG");
      expect(statSync(path).size).toBeGreaterThan(10_000);
    }
  });
});
