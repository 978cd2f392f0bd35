// `npm run demo -- --smoke`: one paid booking, unattended, through the real popup, checkout page and
// emulated PayPal — sign in, create, pay, wait for the Google event to become confirmed.
import type { BrowserContext, Page } from "playwright-core";
import { bookingEvents, createBooking, payWithPayPalButtons, signIn, waitFor } from "./journey.ts";
import type { Stack } from "./stack.ts";

/** Runs the journey; prints one line and returns the exit code. */
export async function runSmoke(opts: { context: BrowserContext; stack: Stack; extensionId: string }): Promise<number> {
  const started = Date.now();
  let stage = "opening the popup";
  try {
    const popup = await opts.context.newPage();
    await popup.goto(`chrome-extension://${opts.extensionId}/popup.html`);
    stage = "signing in with Google (emulated)";
    const email = await signIn(popup);
    stage = "creating the booking";
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const checkout = await createBooking(popup, { title: "Smoke test call", date: day, start: "15:00", end: "15:30" });
    const bookingId = await waitFor("the booking to be stored", () => latestBookingId(popup));
    stage = "paying with PayPal (emulated)";
    await payWithPayPalButtons(checkout);
    stage = "waiting for the event to become confirmed";
    const event = await waitFor(
      "the Google event to become confirmed",
      async () => (await bookingEvents(opts.stack, email, bookingId)).find((e) => e.status === "confirmed"),
      60_000,
    );
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`smoke: ok — "${event.summary}" confirmed after paying with PayPal (${secs} s)`);
    return 0;
  } catch (err) {
    console.log(`smoke: FAILED while ${stage} — ${err instanceof Error ? err.message.split("\n")[0] : err}`);
    return 1;
  }
}

/** The newest booking's id, read from the extension's storage through the popup page. */
async function latestBookingId(popup: Page): Promise<string | undefined> {
  return popup.evaluate(async () => {
    const { bookings } = await chrome.storage.local.get("bookings");
    const list = Object.values((bookings ?? {}) as Record<string, { id: string; createdAt: string }>);
    return list.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.id;
  });
}
