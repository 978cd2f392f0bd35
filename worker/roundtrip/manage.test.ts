// The lead's manage page end to end: wrangler dev + the emulators (Google as the host's calendar,
// PayPal taking the money and the refund). Book → pay → reschedule → cancel inside the refund
// window (refunded, finished at PayPal) and after it (kept).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import { control, http, payApi } from "./client.ts";

let stack: Stack;
const HOST = "alice@example.com";
const ZONE = "America/Argentina/Buenos_Aires";

const api = (path: string, init: Parameters<typeof http>[1] = {}) => http(`${stack.workerUrl}${path}`, init);
const google = (path: string, json?: unknown) =>
  http(`${stack.emulators.urls.google}/__emulator/${path}`, json === undefined ? {} : { json });
const hostDay = (days: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(Date.now() + days * 86_400_000));

async function waitFor<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  let last: T = await get();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`${what}: last ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await get();
  }
  return last;
}

const slots = async (from: string, to: string) =>
  ((await api(`/v1/book/intro/slots?from=${from}&to=${to}`)).body.slots as { start: string }[]).map((s) => s.start);

// biome-ignore lint/suspicious/noExplicitAny: the emulator's JSON, probed ad hoc
type Json = Record<string, any>;
const hostEvent = async (bookingId: string) => {
  const state = (await google("state")).body;
  const cal = (state.google.calendars as { id: string; events: Json[] }[]).find((c) => c.id === HOST);
  return cal?.events.find((e) => e.extendedProperties?.private?.lcBooking === bookingId) as Json | undefined;
};

/** Reserve `start` → pay with PayPal at the emulator → booked; returns the manage token. */
async function bookAndPay(start: string, name: string) {
  const r = await api("/v1/book/intro/reservations", {
    json: { start, name, email: `${name.toLowerCase()}@lead.test`, locale: "en", timeZone: "Europe/Lisbon" },
  });
  expect(r.status).toBe(201);
  const checkoutId = r.body.checkoutId as string;
  const order = await payApi(stack, `${checkoutId}/paypal/orders`);
  expect(
    (await control(stack, "paypal").post("/pay", { provider: "paypal", orderId: order.body.orderId })).status,
  ).toBe(200);
  const view = await waitFor(
    async () => (await api(`/v1/pay/${checkoutId}`)).body,
    (v) => v.booking?.state === "booked",
    "booked",
  );
  const token = String(view.manageUrl).split("/manage/")[1] as string;
  expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
  return { token, bookingId: view.bookingId as string, transactionId: view.receipt.transactionId as string };
}

beforeAll(async () => {
  stack = await startStack({ quiet: true, vars: { MIN_HOLD_MINUTES: "0" } });
  const start = await api("/admin/google/connect");
  const consent = await http(start.headers.get("location") ?? "");
  expect((await http(consent.headers.get("location") ?? "")).status).toBe(200);
  const token = (await google("google/tokens", { email: HOST, scopes: ["email", "calendar.events"] })).body
    .access_token;
  const put = await api("/v1/admin/booking-page", {
    method: "PUT",
    headers: { authorization: `Bearer ${token}` },
    json: {
      timeZone: ZONE,
      weekly: Object.fromEntries(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["00:00", "24:00"]]]),
      ),
      daysOff: [],
      types: [{ id: "intro", title: "Intro call", durationMinutes: 60, minNoticeMinutes: 0 }],
    },
  });
  expect(put.status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

describe("the manage page against the emulators", () => {
  it("book → pay → reschedule → cancel before the deadline: the event moves then goes, the fee is refunded at PayPal", async () => {
    const day = hostDay(4);
    const free = await slots(day, day);
    const [first, second] = [free[8], free[12]] as [string, string];
    const b = await bookAndPay(first, "Rita");
    const page = await api(`/manage/${b.token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<main id="root">');

    const moved = await api(`/v1/manage/${b.token}/reschedule`, { json: { start: second } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ alreadyThere: false, view: { state: "booked", reschedules: 1 } });
    expect(Date.parse((await hostEvent(b.bookingId))?.start.dateTime)).toBe(Date.parse(second));
    const now = await slots(day, day);
    expect(now).toContain(first);
    expect(now).not.toContain(second);
    // The payment carried over: same transaction, still paid.
    expect((await api(`/v1/manage/${b.token}`)).body.payment).toMatchObject({ transactionId: b.transactionId });

    const cancelled = await api(`/v1/manage/${b.token}/cancel`, { json: {} });
    expect(cancelled.body).toMatchObject({
      alreadyCancelled: false,
      view: { state: "cancelled", cancelled: { refunded: true } },
    });
    expect((await hostEvent(b.bookingId))?.status).toBe("cancelled");
    expect(await slots(day, day)).toContain(second);
    const done = await waitFor(
      async () => (await api(`/v1/manage/${b.token}`)).body,
      (v) => v.refund?.status === "completed",
      "refund completed",
    );
    expect(done).toMatchObject({ checkoutStatus: "refunded", refund: { amount: "1.00", currency: "USD" } });
    const refunds = (await control(stack, "paypal").get("/state")).body.paypal.refunds as Json[];
    expect(refunds.filter((r) => r.captureId === b.transactionId).map((r) => r.status)).toEqual(["COMPLETED"]);
    const again = await api(`/v1/manage/${b.token}/cancel`, { json: {} });
    expect(again.body.alreadyCancelled).toBe(true);
  });

  it("cancel after the deadline (inside 24 h of the start): cancelled, the fee kept, nothing refunded", async () => {
    const soon = (await slots(hostDay(0), hostDay(1))).find(
      (s) => Date.parse(s) > Date.now() + 2 * 3600_000 && Date.parse(s) < Date.now() + 20 * 3600_000,
    ) as string;
    const b = await bookAndPay(soon, "Tomas");
    const before = (await api(`/v1/manage/${b.token}`)).body;
    expect(before).toMatchObject({ canCancel: true, canReschedule: false, policy: { hours: 24, refundNow: false } });
    const later = await api(`/v1/manage/${b.token}/reschedule`, {
      json: { start: new Date(Date.parse(soon) + 3600_000).toISOString() },
    });
    expect([later.status, later.body.error.code]).toEqual([409, "too_late"]);
    const cancelled = await api(`/v1/manage/${b.token}/cancel`, { json: {} });
    expect(cancelled.body.view).toMatchObject({
      state: "cancelled",
      cancelled: { refunded: false },
      checkoutStatus: "cancelled",
    });
    expect((await hostEvent(b.bookingId))?.status).toBe("cancelled");
    const refunds = (await control(stack, "paypal").get("/state")).body.paypal.refunds as Json[];
    expect(refunds.filter((r) => r.captureId === b.transactionId)).toEqual([]);
    const receipt = (await api(`/v1/manage/${b.token}`)).body;
    expect(receipt).toMatchObject({ payment: { transactionId: b.transactionId, provider: "paypal" }, refund: null });
  });
});
