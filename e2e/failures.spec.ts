import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  activeFaults,
  bookingEvents,
  bookingItem,
  clearFaults,
  createBooking,
  emulatorControl,
  emulatorState,
  fireAlarmSoon,
  injectFault,
  openMercadoPagoBuyerPage,
  runWorkerCron,
  storedBooking,
  submitBooking,
  waitFor,
  waitForChip,
  webhookDeliveries,
  workerCheckout,
} from "../scripts/journey.ts";
import { LOCAL_EXTENSION_ID } from "../scripts/local-extension.ts";
import { freePort, type Stack } from "../scripts/stack.ts";
import type { Booking } from "../utils/booking/types.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { E2E_WORKER_PORT } from "./global-setup.ts";
import { startE2E } from "./harness.ts";
import { startWorkerOutageSwitch, type WorkerOutage } from "./worker-outage.ts";

// The failure journeys: Google answering 401/429/500, the Worker unreachable for a while,
// and a provider webhook that never arrives. The Worker runs on a free port behind a switchable
// pass-through on the port the extension was built for, so an outage is a real refused connection
// (see worker-outage.ts). PUBLIC_BASE_URL names the pass-through: checkout links, return URLs and
// the Binance / Mercado Pago webhooks go through it, as they would through Cloudflare's edge.
// (PayPal's webhook listener is registered by startStack at the Worker's own port; no test here
// relies on PayPal webhooks.)
let stack: Stack;
let browser: ExtensionBrowser;
let outage: WorkerOutage;
let email = "";
let probe: Page;
const PUBLIC_URL = `http://127.0.0.1:${E2E_WORKER_PORT}`;
const INSERT = { provider: "google", method: "POST", path: "/calendar/v3/calendars/*/events" } as const;

beforeAll(async () => {
  const workerPort = await freePort();
  // The extension talks to the fixed E2E port; a switchable pass-through there fronts the Worker.
  outage = await startWorkerOutageSwitch(E2E_WORKER_PORT, workerPort);
  ({ stack, browser, email } = await startE2E({ workerPort, vars: { PUBLIC_BASE_URL: PUBLIC_URL } }));
  probe = await browser.openPage("options.html");
});
afterEach(async () => {
  await clearFaults(stack);
  await outage.up();
});
afterAll(async () => {
  await browser?.close();
  await outage?.close();
  await stack?.stop();
});

/** The access token the extension holds now (session storage, readable from its pages). */
async function currentToken(): Promise<string | undefined> {
  return probe.evaluate(
    async () =>
      ((await chrome.storage.session.get("googleToken")).googleToken as { accessToken?: string } | null)?.accessToken,
  );
}

/** Creates a booking through the popup; resolves once it awaits payment, with how long that took. */
async function bookThrough(title: string, date: string): Promise<{ booking: Booking; ms: number }> {
  const popup = await browser.openPage("popup.html");
  const started = Date.now();
  const checkout = await createBooking(popup, { title, date, start: "09:00", end: "09:30", timeZone: "UTC" });
  await waitForChip(popup, title, "Awaiting payment");
  const ms = Date.now() - started;
  await checkout.close();
  await popup.close();
  const booking = await storedBooking(probe, title);
  if (!booking) throw new Error(`no stored booking ${title}`);
  return { booking, ms };
}

/** Exactly one tentative event exists for the booking (no duplicate from the retries). */
async function expectOneHeldEvent(b: Booking) {
  const events = await bookingEvents(stack, email, b.id);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ id: b.eventId, status: "tentative" });
}

describe("Google Calendar failing", () => {
  it("401 once: the token is dropped, a new one fetched silently, and the booking still succeeds", async () => {
    const before = await currentToken();
    const minted = (await emulatorState<{ google: { accessTokens: unknown[] } }>(stack)).google.accessTokens.length;
    await injectFault(stack, { ...INSERT, status: 401, count: 1 });
    const { booking } = await bookThrough("Google 401 once", "2030-04-01");
    expect(await activeFaults(stack)).toEqual([]); // the 401 was served
    const after = await currentToken();
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    const state = await emulatorState<{ google: { accessTokens: unknown[] } }>(stack);
    expect(state.google.accessTokens.length).toBe(minted + 1); // one silent renewal, not a loop
    expect(booking.error).toBeUndefined();
    await expectOneHeldEvent(booking);
  });

  it.each([429, 500])("%i twice: backs off, retries and succeeds", async (status) => {
    await injectFault(stack, { ...INSERT, status, count: 2 });
    const { booking, ms } = await bookThrough(`Google ${status} twice`, "2030-04-02");
    expect(await activeFaults(stack)).toEqual([]); // both failures were served, then the insert went through
    // Two backoffs of at least 250 ms and 500 ms (exponential from 500 ms with jitter down to half).
    expect(ms).toBeGreaterThanOrEqual(750);
    expect(booking.error).toBeUndefined();
    await expectOneHeldEvent(booking);
  });

  it("500 that does not go away: the popup says what to do, and Retry works once Google recovers", async () => {
    const title = "Google keeps failing";
    await injectFault(stack, { ...INSERT, status: 500, count: 1000 });
    const popup = await browser.openPage("popup.html");
    await submitBooking(popup, { title, date: "2030-04-03", start: "09:00", end: "09:30", timeZone: "UTC" });
    await waitForChip(popup, title, "Failed", 30_000);
    // The failure shows beside Create & pay, where the user is looking (not down in the list).
    const status = popup.locator(".create-status");
    expect(await status.getByRole("alert").locator(".error").textContent()).toBe(
      "Google Calendar is having trouble. Retry in a few minutes.",
    );
    // Where it stopped: the checkout exists, the calendar step failed.
    expect(await status.locator(".step-done").textContent()).toContain("Create the checkout");
    expect(await status.locator(".step-failed").textContent()).toContain("Add the tentative event to Google Calendar");
    const failed = await storedBooking(probe, title);
    if (!failed) throw new Error("no stored booking");
    expect(failed).toMatchObject({ status: "failed", step: "event", error: { code: "gerr_server" } });
    expect(await bookingEvents(stack, email, failed.id)).toEqual([]);
    expect((await workerCheckout(stack, failed)).status).toBe("open");
    // Not a network problem: it waits for the user, not in the offline queue.
    expect(await popup.getByText("Waiting for a connection").count()).toBe(0);

    await clearFaults(stack);
    const tab = browser.context.waitForEvent("page", { timeout: 30_000 });
    await status.getByRole("button", { name: "Retry" }).click();
    await waitForChip(popup, title, "Awaiting payment");
    expect((await tab).url()).toContain(`ext=${LOCAL_EXTENSION_ID}`);
    expect(await status.getByRole("alert").count()).toBe(0);
    await expectOneHeldEvent(failed);
    await (await tab).close();
    await popup.close();
  });
});

describe("the Worker unreachable for a while", () => {
  it("a booking made during the outage waits in the queue and completes when the Worker is back; a payment made during an outage confirms after it", async () => {
    const title = "Worker outage";
    await outage.down();
    const popup = await browser.openPage("popup.html");
    await submitBooking(popup, { title, date: "2030-04-08", start: "11:00", end: "11:30", timeZone: "UTC" });
    await waitForChip(popup, title, "Failed", 20_000);
    expect(await popup.locator(".create-status").getByRole("alert").locator(".error").textContent()).toBe(
      "Can't reach the payment service. Check your connection or the Worker URL in the options.",
    );
    const notice = popup.getByRole("region", { name: "Waiting for a connection" });
    await notice.getByText(`Create “${title}” in Google Calendar`).waitFor();
    const failed = await storedBooking(probe, title);
    if (!failed) throw new Error("no stored booking");
    expect(failed).toMatchObject({ step: "checkout", error: { code: "werr_network" } });
    expect(await bookingEvents(stack, email, failed.id)).toEqual([]); // nothing half-made in Google

    // Back up: the next poll (brought forward) runs the queue and the creation resumes by itself.
    await outage.up();
    const tab = browser.context.waitForEvent("page", { timeout: 30_000 });
    await fireAlarmSoon(probe, "lc-poll");
    await waitForChip(popup, title, "Awaiting payment");
    await notice.waitFor({ state: "detached" });
    await expectOneHeldEvent(failed);
    expect((await workerCheckout(stack, failed)).status).toBe("open");

    // The payer is on Mercado Pago's page when the Worker goes down again and pays there: the
    // webhook is refused, and the extension's poll fails quietly (no error, still awaiting).
    const checkout = await tab;
    await openMercadoPagoBuyerPage(checkout, stack);
    await emulatorControl(stack, "config", { retryDelayScale: 1 }); // Mercado Pago retries over ~15 s, as it does for hours
    try {
      await outage.down();
      await checkout
        .getByRole("button", { name: "Approve" })
        .click({ noWaitAfter: true })
        .catch(() => {}); // the return to the Worker's page fails: it is down
      await waitFor("a refused webhook attempt", async () => {
        const mine = (await webhookDeliveries(stack, "mercadopago")).at(-1);
        return mine && mine.attempts.length > 0 && mine.status !== "succeeded";
      });
      const polledAt = Date.now();
      await fireAlarmSoon(probe, "lc-poll");
      await waitFor("the poll to run", async () => {
        const { trackerPoll } = await probe.evaluate(() => chrome.storage.local.get("trackerPoll"));
        return Date.parse((trackerPoll as { lastPollAt?: string } | undefined)?.lastPollAt ?? "") >= polledAt;
      });
      expect(await storedBooking(probe, title)).toMatchObject({ status: "awaiting_payment" });
      expect(await bookingItem(popup, title).getByRole("alert").count()).toBe(0);
      expect(await popup.locator(".create-status").getByRole("alert").count()).toBe(0);

      await outage.up();
      await waitFor("the retried webhook", async () => (await workerCheckout(stack, failed)).status === "paid", 20_000);
    } finally {
      await emulatorControl(stack, "config", { retryDelayScale: 0.05 });
    }
    await fireAlarmSoon(probe, "lc-poll");
    await waitForChip(popup, title, "Confirmed");
    expect((await bookingEvents(stack, email, failed.id))[0]?.status).toBe("confirmed");
    await checkout.close();
    await popup.close();
  });
});

describe("a webhook that never arrives", () => {
  it("Binance's notification is held back and the payer never comes back: the Worker's cron finds the payment, the page and then the extension confirm", async () => {
    const title = "Webhook never arrives";
    await emulatorControl(stack, "deliveries/hold", { provider: "binance" });
    try {
      const popup = await browser.openPage("popup.html");
      const checkout = await createBooking(popup, {
        title,
        date: "2030-04-09",
        start: "12:00",
        end: "12:30",
        timeZone: "UTC",
      });
      await waitForChip(popup, title, "Awaiting payment");
      const booking = await storedBooking(probe, title);
      if (!booking) throw new Error("no stored booking");
      // The payer scans the QR with the Binance app on their phone and pays there: this page never
      // sees a return from Binance (a return would make the page ask Binance at once).
      await checkout.getByRole("button", { name: "Show Binance Pay QR code" }).click();
      const order = await waitFor("the Binance order", async () => {
        const st = await emulatorState<{ binance: { orders: { prepayId: string; status: string }[] } }>(stack);
        return st.binance.orders.filter((o) => o.status === "INITIAL").at(-1);
      });
      await emulatorControl(stack, "pay", { provider: "binance", prepayId: order.prepayId });
      await checkout.getByRole("status").filter({ hasText: "Waiting for payment" }).waitFor();

      const held = await waitFor("the held PAY_SUCCESS", async () =>
        (await webhookDeliveries(stack, "binance")).find((d) => d.status === "held" && d.body.includes("PAY_SUCCESS")),
      );
      expect((await workerCheckout(stack, booking)).status).toBe("open"); // nobody told the Worker

      await runWorkerCron(stack); // the every-minute reconciliation, run now
      expect((await workerCheckout(stack, booking)).status).toBe("paid");
      // The open page polls the Worker, shows it, and messages the extension, which confirms.
      await checkout.getByRole("status").filter({ hasText: "Paid" }).waitFor({ timeout: 15_000 });
      await waitForChip(popup, title, "Confirmed");
      const confirmed = await storedBooking(probe, title);
      expect(confirmed?.receipt?.provider).toBe("binance");
      expect((await bookingEvents(stack, email, booking.id))[0]?.status).toBe("confirmed");

      // The late webhook changes nothing: acknowledged, deduplicated, same receipt.
      await emulatorControl(stack, "deliveries/release", { provider: "binance" });
      await waitFor("the released webhook", async () => {
        const d = (await webhookDeliveries(stack, "binance")).find((x) => x.id === held.id);
        return d?.status === "succeeded";
      });
      expect((await workerCheckout(stack, booking)).receipt?.transactionId).toBe(confirmed?.receipt?.transactionId);
      expect((await storedBooking(probe, title))?.status).toBe("confirmed");
      await checkout.close();
      await popup.close();
    } finally {
      await emulatorControl(stack, "deliveries/hold", { provider: "binance", on: false });
    }
  });
});
