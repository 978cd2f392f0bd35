import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "../src/config";
import { runCron } from "../src/cron";
import { applyPayment } from "../src/payments";
import {
  connectAs,
  dayFromNow,
  eventsOf,
  googleControl,
  googleToken,
  hostCalendar,
  hostEvent,
  openPage,
  pageWorker,
  until,
  ZONE,
} from "./booking-helpers";

// Slots, reservations and the event the Worker creates on payment, inside workerd with the Google
// emulator as the host's calendar. Payments are applied through the real applyPayment (the path
// every provider's webhook, capture and cron ends in).
const w = pageWorker();
let admin: Record<string, string>;
const day = dayFromNow(2);
const slotsOf = async (from = day, to = day) => {
  const res = await w.call("GET", `/v1/book/intro/slots?from=${from}&to=${to}`);
  expect(res.status).toBe(200);
  return res.json.slots as { start: string; end: string }[];
};
const reserve = (start: string, extra: Record<string, unknown> = {}) =>
  w.call("POST", "/v1/book/intro/reservations", {
    start,
    name: "Lea Lead",
    email: "lea@lead.test",
    notes: "Wants to talk about pricing.",
    locale: "es",
    timeZone: "Europe/Madrid",
    ...extra,
  });
const reservation = (checkoutId: string) =>
  env.DB.prepare(
    "SELECT r.* FROM page_reservations r JOIN checkouts c ON c.booking_id = r.booking_id WHERE c.checkout_id = ?",
  )
    .bind(checkoutId)
    .first<Record<string, string | number | null>>();
const pay = async (checkoutId: string) => {
  const r = await reservation(checkoutId);
  return applyPayment(env.DB, getConfig(w.env), {
    provider: "paypal",
    bookingId: String(r?.booking_id),
    orderId: `O-${checkoutId}`,
    paymentId: `CAP-${checkoutId}`,
    amount: { value: "1.00", currency: "USD" },
    paidAt: null,
  });
};

beforeAll(async () => {
  expect((await connectAs(w, w.host)).callback.status).toBe(200);
  admin = { authorization: `Bearer ${await googleToken(w.host)}` };
  expect((await w.call("PUT", "/v1/admin/booking-page", openPage(), admin)).status).toBe(200);
});

describe("the public booking API", () => {
  it("describes a type, and 404s an unknown one", async () => {
    const res = await w.call("GET", "/v1/book/intro");
    expect(res.json).toMatchObject({
      id: "intro",
      title: "Intro call",
      durationMinutes: 60,
      timeZone: ZONE,
      price: { value: "1.00", currency: "USD" },
      providers: ["paypal"],
    });
    expect(typeof res.json.hostName).toBe("string");
    expect((await w.call("GET", "/v1/book/nope")).status).toBe(404);
  });

  it("rejects bad ranges with 400 naming the field", async () => {
    for (const [q, field] of [
      ["from=2026-1-1&to=2026-01-02", "from"],
      ["from=2026-01-01", "to"],
      ["from=2026-01-05&to=2026-01-01", "to"],
      ["from=2026-01-01&to=2026-03-15", "to"],
    ]) {
      const res = await w.call("GET", `/v1/book/intro/slots?${q}`);
      expect(res.status).toBe(400);
      expect(res.json.error.message.startsWith(`${field}:`)).toBe(true);
    }
  });

  it("leaves out the host's busy times (freeBusy), in the host's offset, without titles anywhere", async () => {
    const all = await slotsOf(dayFromNow(3), dayFromNow(3));
    expect(all).toHaveLength(24);
    expect(all[0]?.start).toMatch(/T00:00:00-03:00$/);
    const ten = Date.parse(all[10]?.start as string);
    await hostEvent(w.host, "evt0000001", ten + 15 * 60_000, ten + 75 * 60_000);
    // A range not asked for before: no cached answer hides the new event.
    const after = await slotsOf(dayFromNow(3), dayFromNow(4));
    const starts = after.map((s) => s.start);
    expect(starts).not.toContain(all[10]?.start);
    expect(starts).not.toContain(all[11]?.start);
    expect(starts).toContain(all[9]?.start);
    expect(starts).toContain(all[12]?.start);
    const cal = await w.call("GET", "/api/calendar");
    expect(cal.status).toBe(200);
    expect(cal.text).not.toContain("dentist");
    expect(cal.json).toContainEqual({
      start: { dateTime: new Date(ten + 15 * 60_000).toISOString() },
      end: { dateTime: new Date(ten + 75 * 60_000).toISOString() },
      status: "confirmed",
    });
  });

  it("20 concurrent reservations of one slot: exactly one 201, the rest 409 slot_taken; the slot is gone", async () => {
    const slot = (await slotsOf())[3] as { start: string };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => reserve(slot.start, { email: `lead${i}@lead.test` })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 201);
    expect(losers.map((r) => r.status)).toEqual(Array(19).fill(409));
    expect(losers.every((r) => r.json.error.code === "slot_taken")).toBe(true);
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM page_reservations WHERE slot_key = ?")
        .bind(new Date(slot.start).toISOString())
        .first(),
    ).toEqual({ n: 1 });
    const won = results.find((r) => r.status === 201)?.json;
    expect(won?.checkoutUrl).toBe(`http://worker.test/pay/${won?.checkoutId}`);
    const holdMs = Date.parse(won?.holdUntil) - Date.now();
    expect(holdMs).toBeGreaterThan(14 * 60_000);
    expect(holdMs).toBeLessThanOrEqual(15 * 60_000);
    expect((await slotsOf()).map((s) => s.start)).not.toContain(slot.start);
    // An ordinary checkout: the pay page's public view shows it held, with its booking.
    const view = await w.call("GET", `/v1/pay/${won?.checkoutId}`);
    expect(view.json).toMatchObject({ status: "open", holdUntil: won?.holdUntil, summary: "Intro call — Lea Lead" });
    expect(view.json.booking).toMatchObject({ state: "held", typeId: "intro", start: slot.start, meetLink: null });
  });

  it("a start that is not a free slot is 409; bad bodies are 400 naming the field", async () => {
    const slot = (await slotsOf())[5] as { start: string };
    const off = new Date(Date.parse(slot.start) + 60_000).toISOString();
    expect((await reserve(off)).json.error.code).toBe("slot_taken");
    expect((await reserve(slot.start, { email: "nope" })).json.error.message).toContain("email");
    expect((await reserve(slot.start, { timeZone: "Nowhere/City" })).json.error.message).toContain("timeZone");
    expect((await reserve(slot.start, { name: "" })).status).toBe(400);
  });

  it("a hold that ends unpaid frees its slot at once", async () => {
    const slot = (await slotsOf())[6] as { start: string };
    const first = await reserve(slot.start);
    expect(first.status).toBe(201);
    expect((await reserve(slot.start)).status).toBe(409);
    await env.DB.batch([
      env.DB.prepare("UPDATE checkouts SET hold_until = ? WHERE checkout_id = ?").bind(
        new Date(Date.now() - 1000).toISOString(),
        first.json.checkoutId,
      ),
      env.DB.prepare("UPDATE page_reservations SET hold_until = ? WHERE reservation_id = ?").bind(
        new Date(Date.now() - 1000).toISOString(),
        first.json.reservationId,
      ),
    ]);
    expect((await slotsOf()).map((s) => s.start)).toContain(slot.start);
    expect((await reserve(slot.start)).status).toBe(201);
  });
});

describe("on final payment", () => {
  it("creates the event: Meet, attendee invited, reminders, host zone, private link, client id; the page shows it booked", async () => {
    const slot = (await slotsOf())[8] as { start: string; end: string };
    const res = await reserve(slot.start);
    expect(await pay(res.json.checkoutId)).toBe("paid");
    const r = await reservation(res.json.checkoutId);
    expect(r).toMatchObject({ event_state: "created" });
    // biome-ignore lint/suspicious/noExplicitAny: the emulator's event JSON, probed ad hoc
    const event = (await hostCalendar(w.host))?.events.find((e) => e.id === r?.event_id) as Record<string, any>;
    expect(event).toMatchObject({
      summary: "Intro call — Lea Lead",
      start: { dateTime: slot.start, timeZone: ZONE },
      end: { dateTime: slot.end, timeZone: ZONE },
      attendees: [{ email: "lea@lead.test", displayName: "Lea Lead", responseStatus: "needsAction" }],
      reminders: {
        useDefault: false,
        overrides: [
          { method: "email", minutes: 60 },
          { method: "popup", minutes: 10 },
        ],
      },
      extendedProperties: { private: { lcPageReservation: res.json.reservationId } },
      status: "confirmed",
    });
    expect(event.id).toMatch(/^lc[a-v0-9]{26}$/);
    expect(event.description).toContain("Wants to talk about pricing.");
    expect(event.description).toMatch(/Pagado 1\.00 USD con PayPal — transacción CAP-/);
    expect(event.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(r?.html_link).toBe(event.htmlLink);
    expect(r?.meet_link).toBe(event.hangoutLink);
    const mail = (await googleControl("state")).google.mail.filter((m: { eventId: string }) => m.eventId === event.id);
    expect(mail.map((m: { to: string }) => m.to)).toEqual(["lea@lead.test"]);
    // The checkout page's status: booked, with the Meet link and an .ics.
    const view = (await w.call("GET", `/v1/pay/${res.json.checkoutId}`)).json;
    expect(view.status).toBe("paid");
    expect(view.booking).toMatchObject({
      state: "booked",
      meetLink: event.hangoutLink,
      hostTimeZone: ZONE,
      leadTimeZone: "Europe/Madrid",
    });
    const ics = await w.call("GET", new URL(view.booking.icsUrl).pathname);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(ics.text).toContain(
      `DTSTART:${new Date(slot.start).toISOString().replace(/[-:]/g, "").replace(".000", "")}`,
    );
    expect(ics.text).toContain(`URL:${event.hangoutLink}`);
    // A replayed payment and a cron pass change nothing: still one event, one mail.
    expect(await pay(res.json.checkoutId)).toBe("duplicate");
    await runCron(w.env);
    const again = await eventsOf(w.host, res.json.reservationId);
    expect(again).toHaveLength(1);
    // The host sees it in the admin list; the slot stays taken after the hold.
    const list = await w.call("GET", `/v1/admin/bookings?from=${day}&to=${day}`, undefined, admin);
    expect(
      list.json.bookings.find((b: { reservationId: string }) => b.reservationId === res.json.reservationId),
    ).toMatchObject({
      status: "booked",
      lead: { name: "Lea Lead", email: "lea@lead.test" },
      payment: { status: "paid", provider: "paypal", transactionId: `CAP-${res.json.checkoutId}` },
      event: { id: event.id, htmlLink: event.htmlLink, meetLink: event.hangoutLink, error: null },
    });
    await env.DB.prepare("UPDATE page_reservations SET hold_until = ? WHERE reservation_id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), res.json.reservationId)
      .run();
    expect((await slotsOf()).map((s) => s.start)).not.toContain(slot.start);
  });

  it("POST /api/calendar creates the event of a Mercado Pago preference's paid booking, idempotently", async () => {
    const slot = (await slotsOf())[12] as { start: string };
    const res = await reserve(slot.start);
    const r = await reservation(res.json.checkoutId);
    const now = new Date().toISOString();
    await env.DB.prepare(
      `INSERT INTO provider_orders (provider, order_id, booking_id, reference, status, amount_value, currency, created_at, updated_at)
       VALUES ('mercadopago', ?, ?, ?, 'open', '1.00', 'USD', ?, ?)`,
    )
      .bind(`PREF-${res.json.checkoutId}`, r?.booking_id, r?.booking_id, now, now)
      .run();
    const post = (preferenceId: string, headers = admin) => w.call("POST", "/api/calendar", { preferenceId }, headers);
    expect((await post(`PREF-${res.json.checkoutId}`)).status).toBe(409); // not paid yet
    expect((await post("PREF-unknown")).status).toBe(404);
    expect(
      (await post(`PREF-${res.json.checkoutId}`, { authorization: `Bearer ${await googleToken("bob@example.com")}` }))
        .status,
    ).toBe(403);
    // Paid while Google is down: the hook leaves it queued; the admin call creates it.
    await googleControl("faults", {
      provider: "google",
      path: "/calendar/v3/calendars/*/events",
      method: "POST",
      status: 503,
      count: 1,
    });
    expect(await pay(res.json.checkoutId)).toBe("paid");
    expect(await reservation(res.json.checkoutId)).toMatchObject({
      event_state: "queued",
      event_error: "google 503 backendError",
    });
    const created = await post(`PREF-${res.json.checkoutId}`);
    expect(created.json).toEqual({ success: true, message: "Event created successfully" });
    expect(await post(`PREF-${res.json.checkoutId}`)).toMatchObject({ status: 200, json: { success: true } });
    const events = await eventsOf(w.host, res.json.reservationId);
    expect(events).toHaveLength(1);
  });

  it("a slot that became busy meanwhile is refunded and the lead is offered other slots", async () => {
    const slot = (await slotsOf())[14] as { start: string };
    const res = await reserve(slot.start);
    await hostEvent(w.host, "evt0000002", Date.parse(slot.start) + 10 * 60_000, Date.parse(slot.start) + 20 * 60_000);
    expect(await pay(res.json.checkoutId)).toBe("paid");
    const r = await reservation(res.json.checkoutId);
    expect(r).toMatchObject({ event_state: "slot_lost", slot_key: null, event_id: null });
    const payment = await env.DB.prepare("SELECT status FROM payments WHERE booking_id = ?")
      .bind(r?.booking_id)
      .first();
    expect(["refund_pending", "refunded"]).toContain(payment?.status);
    const view = (await w.call("GET", `/v1/pay/${res.json.checkoutId}`)).json;
    expect(["refund_pending", "refunded"]).toContain(view.status);
    expect(view.booking).toMatchObject({
      state: "slot_lost",
      rebookUrl: "http://worker.test/book/intro",
      icsUrl: null,
    });
  });

  it("a dead refresh token: the page stops taking bookings, paid events stay queued, reconnecting creates them", async () => {
    const slot = (await slotsOf())[16] as { start: string };
    const res = await reserve(slot.start);
    expect(res.status).toBe(201);
    await googleControl("google/refresh-tokens/revoke", { email: w.host });
    // Drop the Worker's cached access token the way an hour would.
    await googleControl("faults", { provider: "google", path: "/calendar/v3/*", status: 401, count: 1 });
    expect(await pay(res.json.checkoutId)).toBe("paid");
    expect(await reservation(res.json.checkoutId)).toMatchObject({
      event_state: "queued",
      event_error: "google_disconnected: the host must reconnect Google",
    });
    expect((await env.DB.prepare("SELECT status FROM google_connection").first())?.status).toBe("dead");
    expect((await w.call("GET", `/v1/book/intro/slots?from=${day}&to=${day}`)).json.error.code).toBe(
      "not_taking_bookings",
    );
    expect((await w.call("GET", "/v1/admin/booking-page", undefined, admin)).json.connected).toBe(false);
    const queued = await w.call("GET", `/v1/admin/bookings?from=${day}&to=${day}`, undefined, admin);
    expect(
      queued.json.bookings.find((b: { reservationId: string }) => b.reservationId === res.json.reservationId),
    ).toMatchObject({
      status: "creating",
      event: { id: null, error: "google_disconnected: the host must reconnect Google" },
    });
    expect((await runCron(w.env)).pageEvents).toBe(0);
    expect((await connectAs(w, w.host)).callback.status).toBe(200);
    await until(async () => (await reservation(res.json.checkoutId))?.event_state === "created");
    expect((await w.call("GET", `/v1/pay/${res.json.checkoutId}`)).json.booking.state).toBe("booked");
  });
});

it("GET /v1/book/* 404s on a Worker without a booking page", async () => {
  const { worker } = await import("./helpers");
  expect((await worker().call("GET", "/v1/book/intro")).status).toBe(404);
});
