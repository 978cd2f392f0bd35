import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bookingEvents,
  bookingItem,
  createBooking,
  shownNotifications,
  storedBooking,
  waitForChip,
  workerCheckout,
} from "../scripts/journey.ts";
import type { Stack } from "../scripts/stack.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// A hold that really runs out: the Worker clamps every hold to MAX_HOLD_HOURS (here 15 s), the
// extension takes the hold the Worker answers, and its own expiry alarm fires at that time —
// nothing is brought forward (tracking.spec.ts does that for a 24 h hold). The user chose on the
// options page to keep expired events, so the event stays, marked.
const HOLD_SECONDS = 15;
let stack: Stack;
let browser: ExtensionBrowser;
let email = "";

beforeAll(async () => {
  ({ stack, browser, email } = await startE2E({
    vars: { MAX_HOLD_HOURS: String(HOLD_SECONDS / 3600), MIN_HOLD_MINUTES: "0" },
  }));
});
afterAll(() => stopE2E({ stack, browser }));

describe("an unpaid hold running out on its own", () => {
  it("options: keep expired events; the hold ends at the Worker's limit and the popup, Google, the Worker and the page all say expired", async () => {
    const options = await browser.openPage("options.html");
    await options.getByLabel("Keep the event, marked cancelled").check();
    // The Worker's cap is seconds here; the form still takes its smallest ask, one hour.
    await options.getByLabel("Hold length (hours)").fill("1");
    await options.getByRole("button", { name: "Save", exact: true }).click(); // not "Save booking page"
    await options.getByRole("status").filter({ hasText: "Saved." }).waitFor();

    const title = "Hold runs out";
    const popup = await browser.openPage("popup.html");
    const checkout = await createBooking(popup, {
      title,
      date: "2030-05-06",
      start: "14:00",
      end: "14:30",
      timeZone: "UTC",
    });
    await waitForChip(popup, title, "Awaiting payment");
    const b = await storedBooking(options, title);
    if (!b?.holdUntil) throw new Error("no stored hold");
    const holdEnds = Date.parse(b.holdUntil);
    // The extension asked for 1 h and took the Worker's clamped answer.
    expect(holdEnds - Date.parse(b.createdAt)).toBeLessThanOrEqual((HOLD_SECONDS + 1) * 1000);
    await bookingItem(popup, title).getByText("Held for 1 min more").waitFor();
    await checkout.getByRole("status").filter({ hasText: "Waiting for payment." }).waitFor();

    await waitForChip(popup, title, "Expired", (HOLD_SECONDS + 30) * 1000);
    expect(Date.now()).toBeGreaterThanOrEqual(holdEnds); // the real alarm, not early
    expect((await workerCheckout(stack, b)).status).toBe("expired");
    const [event] = await bookingEvents(stack, email, b.id);
    expect(event).toMatchObject({ summary: `[Expired] ${title}`, colorId: "8" });
    expect(event?.extendedProperties?.private?.lcState).toBe("expired");
    expect(await shownNotifications(options)).toContain(`lc-expired:${b.id}`);
    expect(await bookingItem(popup, title).getByRole("button", { name: "Pay" }).count()).toBe(0);
    // The page still open in its tab follows: no more pay buttons, and it says why.
    await checkout.getByRole("status").filter({ hasText: "This hold expired before it was paid." }).waitFor();
    expect(await checkout.getByRole("button", { name: "Pay with Mercado Pago" }).count()).toBe(0);
    await Promise.all([checkout.close(), popup.close(), options.close()]);
  });
});
