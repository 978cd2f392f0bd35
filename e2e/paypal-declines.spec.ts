import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../scripts/chromium.ts";
import { type Stack, startStack } from "../scripts/stack.ts";
import { createCheckout } from "../worker/roundtrip/client.ts";

// PayPal declines (docs/providers.md) on the hosted checkout page, as a payer sees it (no extension needed: a guest's
// browser): PayPal declines the capture, the page says so and what to do next, and the next click
// gets a fresh order; a declined funding source (INSTRUMENT_DECLINED) sends the still-open PayPal
// window back to choose another one, and that pays.
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ quiet: true });
  const found = findBrowser();
  if (!found) throw new Error("Chromium not found");
  browser = await chromium.launch({ executablePath: found.path, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Clicks the Smart Button and returns PayPal's window once its approve page is up. */
async function openPayPal(page: Page): Promise<Page> {
  const button = page.locator(".paypal-sdk button").first();
  await button.waitFor({ timeout: 20_000 });
  const [popup] = await Promise.all([page.waitForEvent("popup"), button.click()]);
  await popup.getByRole("button", { name: "Approve" }).waitFor({ timeout: 20_000 });
  return popup;
}

/** Picks the emulator's capture outcome in PayPal's window and approves (the window may close). */
async function approve(popup: Page, outcome: string): Promise<void> {
  await popup.locator('select[name="outcome"]').selectOption(outcome);
  await popup.getByRole("button", { name: "Approve" }).click();
}

/** Clicks the Smart Button, picks the emulator's capture outcome and approves; returns the popup. */
async function approveWith(page: Page, outcome: string): Promise<Page> {
  const popup = await openPayPal(page);
  await approve(popup, outcome);
  return popup;
}

describe("PayPal declines on the checkout page", () => {
  it("DECLINED: the payer is told, and the next attempt gets a fresh order that pays", async () => {
    const b = await createCheckout(stack);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.workerUrl}/pay/${b.checkoutId}`);
    await approveWith(page, "DECLINED");
    const alert = page.getByRole("alert");
    await alert.filter({ hasText: "PayPal declined the payment" }).waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain("Try another card or bank account in PayPal");
    expect(await page.getByRole("status").first().textContent()).not.toContain("Paid");
    // The next click: a new order, so PayPal's window is the approve page, not "This order is COMPLETED".
    // Read it before approving: once approved, the page's onApprove closes the window.
    const popup = await openPayPal(page);
    expect(await popup.content()).not.toContain("This order is COMPLETED");
    await approve(popup, "COMPLETED");
    await page.getByRole("status").filter({ hasText: "Paid" }).waitFor({ timeout: 20_000 });
    const orders = (await (await fetch(`${stack.emulators.urls.paypal}/__emulator/state`)).json()).paypal.orders as {
      purchaseUnits: { custom_id?: string }[];
    }[];
    expect(orders.filter((o) => o.purchaseUnits[0]?.custom_id === b.bookingId)).toHaveLength(2);
    await page.context().close();
  });

  it("INSTRUMENT_DECLINED: the PayPal window goes back to choose another funding source, and that pays", async () => {
    const b = await createCheckout(stack);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.workerUrl}/pay/${b.checkoutId}`);
    const popup = await approveWith(page, "INSTRUMENT_DECLINED");
    await page
      .getByRole("alert")
      .filter({ hasText: "PayPal declined that card or account" })
      .waitFor({ timeout: 20_000 });
    // actions.restart(): the same window shows the approve page of the same order again.
    await popup.getByRole("button", { name: "Approve" }).waitFor({ timeout: 20_000 });
    await popup.locator('select[name="outcome"]').selectOption("COMPLETED");
    await popup.getByRole("button", { name: "Approve" }).click();
    await page.getByRole("status").filter({ hasText: "Paid" }).waitFor({ timeout: 20_000 });
    await page.context().close();
  });
});
