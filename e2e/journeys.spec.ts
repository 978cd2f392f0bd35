import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../scripts/chromium.ts";
import {
  bookingEvents,
  bookingItem,
  createBooking,
  emulatorState,
  fireAlarmSoon,
  openBinanceBuyerPage,
  openMercadoPagoBuyerPage,
  payWithPayPalButtons,
  shownNotifications,
  storedBooking,
  waitFor,
  waitForChip,
  workerCheckout,
} from "../scripts/journey.ts";
import { LOCAL_EXTENSION_ID } from "../scripts/local-extension.ts";
import type { Stack } from "../scripts/stack.ts";
import type { Booking } from "../utils/booking/types.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// The user journeys with the checkout page open, as a person does them: the popup creates
// the booking, the hosted page opens in a tab, the payer goes through each provider's own page,
// and the popup's list turns "Confirmed" while it stays open. tracking.spec.ts pays with the
// popup closed through control-API shortcuts and covers expiry; these go through the page UI.
let stack: Stack;
let browser: ExtensionBrowser;
let email = "";
/** An extension page kept open to read storage (the service worker may idle out). */
let probe: Page;

beforeAll(async () => {
  ({ stack, browser, email } = await startE2E());
  probe = await browser.openPage("options.html");
});
afterAll(() => stopE2E({ stack, browser }));

/** Opens the popup and creates a booking; resolves once it awaits payment, with the checkout tab. */
async function book(title: string, date: string): Promise<{ popup: Page; checkout: Page; booking: Booking }> {
  const popup = await browser.openPage("popup.html");
  const checkout = await createBooking(popup, { title, date, start: "10:00", end: "10:30", timeZone: "Europe/Madrid" });
  await waitForChip(popup, title, "Awaiting payment");
  const booking = await storedBooking(probe, title);
  if (!booking?.checkoutUrl) throw new Error(`no stored booking ${title}`);
  expect(checkout.url()).toContain(`ext=${LOCAL_EXTENSION_ID}`);
  await checkout.getByRole("heading", { name: "Confirm your booking" }).waitFor();
  return { popup, checkout, booking };
}

/** The popup says Confirmed; storage, Google and the Worker agree, with the provider's receipt. */
async function expectConfirmed(popup: Page, b: Booking, provider: string, providerName: string) {
  await waitForChip(popup, b.summary, "Confirmed", 30_000);
  const done = await storedBooking(probe, b.summary);
  expect(done?.receipt?.provider).toBe(provider);
  const worker = await workerCheckout(stack, b);
  expect(worker.status).toBe("paid");
  expect(worker.receipt?.transactionId).toBe(done?.receipt?.transactionId);
  const events = await bookingEvents(stack, email, b.id);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ status: "confirmed", summary: b.summary });
  expect(events[0]?.description).toContain(providerName);
  expect(events[0]?.description).toContain(worker.receipt?.transactionId ?? "?");
  // Paid: nothing left to pay or cancel in the popup.
  const item = bookingItem(popup, b.summary);
  expect(await item.getByRole("button", { name: "Pay" }).count()).toBe(0);
  expect(await item.getByRole("button", { name: "Cancel" }).count()).toBe(0);
}

describe("user journeys through the popup and the hosted checkout page", () => {
  it("PayPal Smart Buttons on the page: the popup turns Confirmed and the event is confirmed", async () => {
    const { popup, checkout, booking } = await book("Journey PayPal", "2030-03-04");
    await payWithPayPalButtons(checkout);
    await expectConfirmed(popup, booking, "paypal", "PayPal");
    await checkout.close();
    await popup.close();
  });

  it("Binance Pay through the page's link to the buyer page: back on the page it says paid, the popup Confirmed", async () => {
    const { popup, checkout, booking } = await book("Journey Binance", "2030-03-05");
    await openBinanceBuyerPage(checkout, stack);
    await checkout.getByRole("button", { name: "Pay", exact: true }).click();
    // The buyer page returns to the hosted page, which learns "paid" from the Worker and tells the extension.
    await checkout.waitForURL((u) => u.origin === stack.workerUrl && u.search.includes("returned=binance"));
    await checkout.getByRole("status").filter({ hasText: "Paid" }).waitFor({ timeout: 20_000 });
    await expectConfirmed(popup, booking, "binance", "Binance Pay");
    await checkout.close();
    await popup.close();
  });

  it("Mercado Pago through the page's button: approved on its checkout, back on the page, the popup Confirmed", async () => {
    const { popup, checkout, booking } = await book("Journey Mercado Pago", "2030-03-06");
    await openMercadoPagoBuyerPage(checkout, stack);
    await checkout.getByRole("button", { name: "Approve" }).click();
    await checkout.waitForURL((u) => u.origin === stack.workerUrl && u.search.includes("returned=mercadopago"));
    await checkout.getByRole("status").filter({ hasText: "Paid" }).waitFor({ timeout: 20_000 });
    await expectConfirmed(popup, booking, "mercadopago", "Mercado Pago");
    await checkout.close();
    await popup.close();
  });

  it("a guest pays from the copied link in another browser; the extension, never messaged, confirms on its poll", async () => {
    const { popup, checkout, booking } = await book("Journey guest pays", "2030-03-07");
    await checkout.close(); // the user does not pay: they send the link to their lead
    // Reading the clipboard back needs the permission a person gives by pasting; extension origins
    // cannot be named here, so it is granted browser-wide.
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await popup.bringToFront();
    const item = bookingItem(popup, booking.summary);
    await item.getByRole("button", { name: "Copy link" }).click();
    await item.getByRole("status").filter({ hasText: "Pay link copied." }).waitFor();
    const link = await popup.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(booking.checkoutUrl);

    // The guest: a separate, plain Chromium with no extension and no shared profile.
    const found = findBrowser();
    if (!found) throw new Error("Chromium not found");
    let guest: Browser | undefined;
    try {
      guest = await chromium.launch({ executablePath: found.path, headless: true });
      const page = await (await guest.newContext()).newPage();
      await page.goto(link);
      // The heading is static; the event's details arrive with the page's first status fetch.
      await page.locator("dd").filter({ hasText: booking.summary }).waitFor();
      expect(await page.locator("dd").filter({ hasText: booking.summary }).count()).toBe(1);
      await payWithPayPalButtons(page);
      // The guest's page could not message the extension: it still awaits payment here…
      expect((await workerCheckout(stack, booking)).status).toBe("paid");
      expect((await storedBooking(probe, booking.summary))?.status).toBe("awaiting_payment");
    } finally {
      await guest?.close();
    }
    // …until its own poll asks the Worker (the 30 s alarm, brought forward).
    await fireAlarmSoon(probe, "lc-poll");
    await expectConfirmed(popup, booking, "paypal", "PayPal");
    expect(await shownNotifications(probe)).toContain(`lc-confirmed:${booking.id}`);
    await popup.close();
  });

  // Shared by the next two: the payer had Mercado Pago's page open when the user cancelled.
  let cancelled: { checkout: Page; booking: Booking } | undefined;

  it("Cancel → Confirm cancel in the popup closes the Worker checkout and deletes the held event", async () => {
    const { popup, checkout, booking } = await book("Journey cancelled", "2030-03-08");
    await openMercadoPagoBuyerPage(checkout, stack); // the payer is on the provider's page, undecided
    const item = bookingItem(popup, booking.summary);
    await item.getByRole("button", { name: "Cancel", exact: true }).click();
    // The first press only arms the button: one slip of the mouse must not cancel a booking.
    expect((await storedBooking(probe, booking.summary))?.status).toBe("awaiting_payment");
    await item.getByRole("button", { name: "Confirm cancel" }).click();
    await waitForChip(popup, booking.summary, "Cancelled");
    expect((await workerCheckout(stack, booking)).status).toBe("cancelled");
    const events = await bookingEvents(stack, email, booking.id);
    expect(events.map((e) => e.status)).toEqual(["cancelled"]); // deleted (the default expiry action)
    expect(await item.getByRole("button", { name: "Copy link" }).count()).toBe(0);
    await popup.close();
    cancelled = { checkout, booking };
  });

  it("a late payment on the provider page opened before the cancel is refunded, and the event stays cancelled", async () => {
    if (!cancelled) throw new Error("needs the cancelled booking of the previous test");
    const { checkout, booking } = cancelled;
    await checkout.getByRole("button", { name: "Approve" }).click();
    await waitFor(
      "the Worker to refund",
      async () => (await workerCheckout(stack, booking)).status === "refunded",
      20_000,
    );
    const state = await emulatorState<{
      mercadopago: { payments: { externalReference: string; status: string; refunds: unknown[] }[] };
    }>(stack);
    const payment = state.mercadopago.payments.find((p) => p.externalReference === booking.id);
    expect(payment?.status).toBe("refunded");
    expect(payment?.refunds).toHaveLength(1);
    // The page the payer lands on says so.
    await checkout.goto(booking.checkoutUrl ?? "");
    await checkout.getByRole("status").filter({ hasText: "was refunded" }).waitFor();
    // Nothing in Google or the extension was confirmed by money that came too late.
    const events = await bookingEvents(stack, email, booking.id);
    expect(events.map((e) => e.status)).toEqual(["cancelled"]);
    expect((await storedBooking(probe, booking.summary))?.status).toBe("cancelled");
    expect(await shownNotifications(probe)).not.toContain(`lc-confirmed:${booking.id}`);
    await checkout.close();
  });
});
