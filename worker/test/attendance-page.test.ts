import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "../src/config";
import { applyPayment } from "../src/payments";
import { connectAs, dayFromNow, googleToken, hostCalendar, openPage, pageWorker } from "./booking-helpers";

// The booking page's side of "did they attend?": the type's option reaches the public type view,
// the checkout and the invitation, and the host lists and answers the questions on the admin API.
const w = pageWorker();
let admin: Record<string, string>;

beforeAll(async () => {
  expect((await connectAs(w, w.host)).callback.status).toBe(200);
  admin = { authorization: `Bearer ${await googleToken(w.host)}` };
  const page = openPage({ refundIfAttended: true, noAnswer: "refund" });
  expect((await w.call("PUT", "/v1/admin/booking-page", page, admin)).status).toBe(200);
});

/** Reserves the first free slot in two days and pays it. */
async function bookAndPay() {
  const day = dayFromNow(2);
  const slots = (await w.call("GET", `/v1/book/intro/slots?from=${day}&to=${day}`)).json.slots;
  const start = slots[Math.floor(Math.random() * slots.length)].start as string;
  const res = await w.call("POST", "/v1/book/intro/reservations", {
    start,
    name: "Lea Lead",
    email: "lea@lead.test",
    locale: "pt-BR",
  });
  expect(res.status).toBe(201);
  const row = await env.DB.prepare("SELECT booking_id FROM checkouts WHERE checkout_id = ?")
    .bind(res.json.checkoutId)
    .first<{ booking_id: string }>();
  const bookingId = row?.booking_id as string;
  expect(
    await applyPayment(env.DB, getConfig(w.env), {
      provider: "paypal",
      bookingId,
      orderId: `O-${bookingId}`,
      paymentId: `CAP-${bookingId}`,
      amount: { value: "1.00", currency: "USD" },
      paidAt: null,
    }),
  ).toBe("paid");
  return { bookingId, checkoutId: res.json.checkoutId as string, reservationId: res.json.reservationId as string };
}

/** The event is over: moves the checkout and the reservation an hour into the past. */
async function endIt(bookingId: string) {
  const start = new Date(Date.now() - 2 * 3600_000).toISOString();
  const end = new Date(Date.now() - 3600_000).toISOString();
  await env.DB.batch([
    env.DB.prepare("UPDATE checkouts SET start_at = ?, end_at = ? WHERE booking_id = ?").bind(start, end, bookingId),
    env.DB.prepare("UPDATE page_reservations SET start_at = ?, end_at = ? WHERE booking_id = ?").bind(
      start,
      end,
      bookingId,
    ),
  ]);
}

describe("a booking type that refunds the fee on attendance", () => {
  it("says so on the type, the checkout page's view and the invitation", async () => {
    expect((await w.call("GET", "/v1/book/intro")).json).toMatchObject({ refundIfAttended: true, noAnswer: "refund" });
    const b = await bookAndPay();
    const view = (await w.call("GET", `/v1/pay/${b.checkoutId}`)).json;
    expect(view).toMatchObject({ refundable: true, noAnswer: "refund" });
    const event = (await hostCalendar(w.host))?.events.find(
      (e: { extendedProperties?: { private?: Record<string, string> } }) =>
        e.extendedProperties?.private?.lcBooking === b.bookingId,
    );
    expect(event?.description).toContain(
      "A taxa é reembolsada se você comparecer: o anfitrião confirma depois do evento. Sem resposta em 48 horas, ela é reembolsada mesmo assim.",
    );
  });

  it("the host lists the questions awaiting an answer, answers one once, and sees it on the bookings list", async () => {
    const b = await bookAndPay();
    const before = await w.call("GET", "/v1/admin/attendance", undefined, admin);
    expect(before.json.awaiting.map((a: { bookingId: string }) => a.bookingId)).not.toContain(b.bookingId);
    await endIt(b.bookingId);
    const list = await w.call("GET", "/v1/admin/attendance", undefined, admin);
    expect(list.json.awaiting.find((a: { bookingId: string }) => a.bookingId === b.bookingId)).toMatchObject({
      title: "Intro call",
      lead: { name: "Lea Lead", email: "lea@lead.test" },
      attendance: { status: "awaiting", noAnswer: "refund", refund: "none" },
    });
    const path = `/v1/admin/bookings/${b.bookingId}/attendance`;
    expect((await w.call("POST", path, { attended: false })).status).toBe(401);
    const answer = await w.call("POST", path, { attended: false }, admin);
    expect(answer.status).toBe(200);
    expect(answer.json.attendance).toMatchObject({ status: "no_show", refund: "none" });
    const again = await w.call("POST", path, { attended: true }, admin);
    expect([again.status, again.json.error?.message]).toEqual([
      409,
      "Attendance is already recorded: no-show (the fee is kept).",
    ]);
    const after = await w.call("GET", "/v1/admin/attendance", undefined, admin);
    expect(after.json.awaiting.map((a: { bookingId: string }) => a.bookingId)).not.toContain(b.bookingId);
    const bookings = (await w.call("GET", "/v1/admin/bookings", undefined, admin)).json.bookings;
    expect(bookings.find((x: { bookingId: string }) => x.bookingId === b.bookingId)).toMatchObject({
      refundIfAttended: true,
      attendance: { status: "no_show" },
      payment: { status: "paid" },
    });
  });

  it("answers only for the page's bookings (the extension's answer with their own secret)", async () => {
    const res = await w.call("POST", `/v1/admin/bookings/${crypto.randomUUID()}/attendance`, { attended: true }, admin);
    expect([res.status, res.json.error.code]).toEqual([404, "not_found"]);
  });
});
