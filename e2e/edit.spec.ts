import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bookingEvents,
  bookingItem,
  createBooking,
  emulatorState,
  payWithPayPalButtons,
  storedBooking,
  waitFor,
  waitForChip,
  workerCheckout,
} from "../scripts/journey.ts";
import type { Stack } from "../scripts/stack.ts";
import type { Booking } from "../utils/booking/types.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// Editing a booking's time from the popup, through real processes. The event
// moves in (emulated) Google with the guests told, the Worker checkout follows, and an unpaid hold
// is worked out again for the new start; a confirmed booking keeps its payment.
let stack: Stack;
let browser: ExtensionBrowser;
let email = "";

beforeAll(async () => {
  ({ stack, browser, email } = await startE2E());
});
afterAll(() => stopE2E({ stack, browser }));

const GUEST = "lead@example.com";
const day = (inDays: number) => new Date(Date.now() + inDays * 86_400_000).toISOString().slice(0, 10);

/** The public view the checkout page renders: what a payer sees of the checkout's time and hold. */
async function checkoutView(b: Booking): Promise<{ start: string; end: string; holdUntil: string; status: string }> {
  const checkoutId = new URL(b.checkoutUrl ?? "").pathname.split("/").pop();
  const res = await fetch(`${stack.workerUrl}/v1/pay/${checkoutId}`);
  if (!res.ok) throw new Error(`GET /v1/pay answered ${res.status}`);
  return (await res.json()) as { start: string; end: string; holdUntil: string; status: string };
}

/** Update emails (Google's `sendUpdates`) the emulator recorded for one event. */
async function updateMails(eventId: string | undefined): Promise<{ to: string; kind: string }[]> {
  const state = await emulatorState<{ google: { mail: { to: string; kind: string; eventId: string }[] } }>(stack);
  return state.google.mail.filter((m) => m.eventId === eventId && m.kind === "update");
}

/** Opens the booking's edit form in the popup, types the new date and times (UTC), and saves. */
async function editTime(popup: Page, title: string, date: string, start: string, end: string): Promise<void> {
  const item = bookingItem(popup, title);
  await item.getByRole("button", { name: "Edit", exact: true }).click();
  const form = item.getByRole("form", { name: `Edit “${title}”` });
  // The form focuses its first field, so the keyboard user lands in it.
  expect(await form.getByLabel("Title", { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
  await form.getByLabel("Date", { exact: true }).fill(date);
  await form.getByLabel("Start", { exact: true }).fill(start);
  await form.getByLabel("End", { exact: true }).fill(end);
  await form.getByRole("button", { name: "Save changes" }).click();
  await item.getByRole("status").filter({ hasText: "Booking updated." }).waitFor({ timeout: 30_000 });
}

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** The edited event's length: with a 50-minute window of starts, one of its 3+ quarter hours fits the day. */
const EDIT_MINUTES = 30;

/** The first quarter hour in [from, to] whose event ends on the same UTC date. */
function quarterHourStart(from: number, to: number): number {
  for (let t = Math.ceil(from / 900_000) * 900_000; t <= to; t += 900_000)
    if (new Date(t).toISOString().slice(0, 10) === new Date(t + EDIT_MINUTES * 60_000).toISOString().slice(0, 10))
      return t;
  throw new Error("no quarter hour in the window stays within one day");
}

describe("editing a booking's time from the popup", () => {
  it("awaiting payment: the event moves with the guests told, the checkout follows and the hold is worked out again", async () => {
    const title = "Move me sooner";
    const popup = await browser.openPage("popup.html");
    const checkout = await createBooking(popup, {
      title,
      date: day(5),
      start: "15:00",
      end: "15:30",
      timeZone: "UTC",
      guests: GUEST,
    });
    await checkout.close();
    await waitForChip(popup, title, "Awaiting payment");
    const before = await storedBooking(popup, title);
    if (!before?.holdUntil) throw new Error("no stored hold");
    // Made now for five days ahead: the 24 h default hold, a day to pay.
    await bookingItem(popup, title)
      .getByText(/^Held for (1 day|23 hr \d+ min) more$/)
      .waitFor();

    // Three to four hours from now (on a quarter hour): the hold must end an hour before, 2 h and
    // some minutes from now. The form has one date for start and end, so the event must not cross
    // midnight UTC (a run at 20:10 UTC would otherwise pick 23:15–00:00 and be refused).
    const startMs = quarterHourStart(Date.now() + 3 * 3_600_000 + 5 * 60_000, Date.now() + 3 * 3_600_000 + 55 * 60_000);
    const endMs = startMs + EDIT_MINUTES * 60_000;
    await editTime(popup, title, new Date(startMs).toISOString().slice(0, 10), hhmm(startMs), hhmm(endMs));

    // Google: the same event moved, still a held event, and the guest got Google's update email.
    const [event] = await bookingEvents(stack, email, before.id);
    expect(event?.id).toBe(before.eventId);
    expect(Date.parse(event?.start?.dateTime ?? "")).toBe(startMs);
    expect(Date.parse(event?.end?.dateTime ?? "")).toBe(endMs);
    expect(event).toMatchObject({ status: "tentative", summary: `[Unpaid hold] ${title}` });
    expect((await updateMails(before.eventId)).map((m) => m.to)).toEqual([GUEST]);

    // The extension's record: the new start, and the hold re-derived (an hour before it).
    const after = await storedBooking(popup, title);
    expect(after?.status).toBe("awaiting_payment");
    expect(Date.parse(after?.start ?? "")).toBe(startMs);
    expect(Date.parse(after?.holdUntil ?? "")).toBe(startMs - 3_600_000);

    // The Worker checkout followed: the page shows the new time and the new hold.
    const view = await checkoutView(before);
    expect(Date.parse(view.start)).toBe(startMs);
    expect(Date.parse(view.end)).toBe(endMs);
    expect(Date.parse(view.holdUntil)).toBe(startMs - 3_600_000);
    expect(view.status).toBe("open");

    // The popup's hold timer reads the new hold: two hours and some minutes, no longer a day.
    await bookingItem(popup, title)
      .getByText(/^Held for 2 hr( \d+ min)? more$/)
      .waitFor();
    await popup.close();
  });

  it("confirmed: the event moves and keeps its receipt, the Worker keeps the payment", async () => {
    const title = "Paid, then moved";
    const popup = await browser.openPage("popup.html");
    const checkout = await createBooking(popup, {
      title,
      date: day(6),
      start: "09:00",
      end: "09:30",
      timeZone: "UTC",
      guests: GUEST,
    });
    await payWithPayPalButtons(checkout);
    await checkout.close();
    await waitForChip(popup, title, "Confirmed");
    const paid = await waitFor("the receipt", async () => {
      const b = await storedBooking(popup, title);
      return b?.receipt && b;
    });

    // Confirming already told the guest once; the edit must tell them again.
    const toldBefore = (await updateMails(paid.eventId)).length;
    const date = day(7);
    await editTime(popup, title, date, "11:00", "12:00");
    const startMs = Date.parse(`${date}T11:00:00Z`);

    const [event] = await bookingEvents(stack, email, paid.id);
    expect(Date.parse(event?.start?.dateTime ?? "")).toBe(startMs);
    expect(Date.parse(event?.end?.dateTime ?? "")).toBe(startMs + 3_600_000);
    expect(event).toMatchObject({ status: "confirmed", summary: title });
    expect(event?.extendedProperties?.private?.lcState).toBe("confirmed");
    // The receipt line is still in the description; no pay link came back.
    expect(event?.description).toContain(paid.receipt?.transactionId ?? "?");
    expect(event?.description).not.toContain(paid.checkoutUrl ?? "?");
    expect((await updateMails(paid.eventId)).slice(toldBefore).map((m) => m.to)).toEqual([GUEST]);

    const after = await storedBooking(popup, title);
    expect(after).toMatchObject({ status: "confirmed", receipt: paid.receipt });
    expect(Date.parse(after?.start ?? "")).toBe(startMs);
    expect(await workerCheckout(stack, paid)).toMatchObject({
      status: "paid",
      receipt: { transactionId: paid.receipt?.transactionId },
    });
    const view = await checkoutView(paid);
    expect(Date.parse(view.start)).toBe(startMs);
    await waitForChip(popup, title, "Confirmed");
    await popup.close();
  });
});
