import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { formatInZone } from "../../utils/time-zones";
import { getConfig } from "../src/config";
import { runCron } from "../src/cron";
import { getCheckout } from "../src/db";
import { cancelBooking } from "../src/manage/actions";
import { refundApplies, refundDeadline } from "../src/manage/policy";
import { manageContext, manageView } from "../src/manage/view";
import { applyPayment } from "../src/payments";
import {
  connectAs,
  dayFromNow,
  eventsOf,
  googleControl,
  googleToken,
  openPage,
  pageWorker,
  until,
} from "./booking-helpers";
import { createCheckout, worker } from "./helpers";

// The lead's manage page inside workerd, the host's calendar in the Google emulator. Payments go
// through the real applyPayment (the path of every webhook, capture and cron pass).
const w = pageWorker({ CANCEL_REFUND_HOURS: "24" });
// The same host and D1 with a refund window no booking of these tests is inside.
const late = {
  ...worker({ ...(w.env as unknown as Record<string, string>), CANCEL_REFUND_HOURS: "2000" }),
  host: w.host,
};
const day = dayFromNow(3);

async function setUp(x: ReturnType<typeof pageWorker>) {
  expect((await connectAs(x, x.host)).callback.status).toBe(200);
  const admin = { authorization: `Bearer ${await googleToken(x.host)}` };
  expect((await x.call("PUT", "/v1/admin/booking-page", openPage(), admin)).status).toBe(200);
}
beforeAll(async () => {
  await setUp(w);
});

const slotsOf = async (x: Pick<typeof w, "call">, from = day, to = day) =>
  (await x.call("GET", `/v1/book/intro/slots?from=${from}&to=${to}`)).json.slots as { start: string }[];

/** Reserve → pay → event created; returns the manage token and the reservation. */
async function booked(x: Pick<typeof w, "call" | "env">, start: string) {
  const res = await x.call("POST", "/v1/book/intro/reservations", {
    start,
    name: "Lea Lead",
    email: "lea@lead.test",
    locale: "es",
    timeZone: "Europe/Madrid",
  });
  expect(res.status).toBe(201);
  const row = await env.DB.prepare("SELECT * FROM checkouts WHERE checkout_id = ?")
    .bind(res.json.checkoutId)
    .first<Record<string, string>>();
  const bookingId = String(row?.booking_id);
  await applyPayment(env.DB, getConfig(x.env), {
    provider: "paypal",
    bookingId,
    orderId: `O-${bookingId}`,
    paymentId: `CAP-${bookingId}`,
    amount: { value: "1.00", currency: "USD" },
    paidAt: null,
  });
  const reservation = () =>
    env.DB.prepare("SELECT * FROM page_reservations WHERE booking_id = ?")
      .bind(bookingId)
      .first<Record<string, string | number | null>>();
  await until(async () => (await reservation())?.event_state === "created");
  const view = await x.call("GET", `/v1/pay/${res.json.checkoutId}`);
  const manageUrl = String(view.json.manageUrl);
  expect(manageUrl).toMatch(/^http:\/\/worker\.test\/manage\/[A-Za-z0-9_-]{22}$/);
  const token = manageUrl.split("/").pop() as string;
  return { token, bookingId, checkoutId: res.json.checkoutId as string, reservation };
}

/** Every row of every table the manage page could touch, for "a GET changed nothing". */
async function snapshot() {
  const tables = ["checkouts", "page_reservations", "payments", "refunds", "provider_orders", "rate_limits"];
  const out: Record<string, unknown> = {};
  for (const t of tables) out[t] = (await env.DB.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()).results;
  return out;
}

describe("manage tokens", () => {
  it("are 128 random bits per checkout, unrelated to its ids; unknown or malformed ones are 404", async () => {
    const a = await createCheckout(w);
    const b = await createCheckout(w);
    const ta = (await getCheckout(env.DB, a.bookingId))?.manage_token as string;
    const tb = (await getCheckout(env.DB, b.bookingId))?.manage_token as string;
    expect(ta).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ta).not.toBe(tb);
    expect(ta).not.toBe(a.checkoutId);
    expect(a.bookingId.replace(/-/g, "")).not.toContain(ta.slice(0, 8));
    for (const bad of ["AAAAAAAAAAAAAAAAAAAAAA", ta.slice(0, 21), `${ta}x`, a.checkoutId]) {
      expect((await w.call("GET", `/v1/manage/${bad}`)).status).toBe(404);
      expect((await w.call("POST", `/v1/manage/${bad}/cancel`, {})).status).toBe(404);
    }
    expect((await w.call("GET", `/v1/manage/${ta}`)).json).toMatchObject({ kind: "extension", state: "inactive" });
  });
});

describe("links", () => {
  it("the invitation, the .ics and the confirmation page link the manage page; the page is served for known tokens only", async () => {
    const b = await booked(w, ((await slotsOf(w, dayFromNow(9), dayFromNow(9)))[3] as { start: string }).start);
    const url = `http://worker.test/manage/${b.token}`;
    const [event] = await eventsOf(w.host, String((await b.reservation())?.reservation_id));
    expect(String(event?.description)).toContain(`Cancelar, cambiar de horario u obtener un recibo: ${url}`);
    const ics = await w.call("GET", `/v1/pay/${b.checkoutId}/booking.ics`);
    expect(ics.text.replace(/\r\n /g, "")).toContain(url);
    const pay = await w.call("GET", `/v1/pay/${b.checkoutId}`);
    expect(pay.json).toMatchObject({ manageUrl: url, booking: { state: "booked" } });
    const page = await w.call("GET", `/manage/${b.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect((await w.call("GET", `/manage/${b.token}/receipt`)).status).toBe(200);
    expect((await w.call("GET", "/manage/AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
    // Not paid yet: no manage link on the checkout page.
    const open = await createCheckout(w);
    expect((await w.call("GET", `/v1/pay/${open.checkoutId}`)).json.manageUrl).toBeNull();
  });
});

describe("the refund window", () => {
  const HOUR = 3_600_000;
  it("refunds exactly at the deadline and not one millisecond after", () => {
    const start = Date.parse("2026-06-10T15:00:00Z");
    expect(refundDeadline(start, 24)).toBe(start - 24 * HOUR);
    expect(refundApplies(start, 24, start - 24 * HOUR)).toBe(true);
    expect(refundApplies(start, 24, start - 24 * HOUR + 1)).toBe(false);
    expect(refundApplies(start, 0, start)).toBe(true);
  });

  it("counts elapsed hours across a DST change (New York springs forward on 2026-03-08)", () => {
    const start = Date.parse("2026-03-08T10:00:00-04:00"); // 10:00 EDT, just after the change
    const deadline = refundDeadline(start, 24);
    // 24 elapsed hours before is 09:00 EST the day before, not the same wall time.
    expect(formatInZone(deadline, "America/New_York")).toBe("2026-03-07T09:00:00-05:00");
    expect(refundApplies(start, 24, Date.parse("2026-03-07T09:00:00-05:00"))).toBe(true);
    expect(refundApplies(start, 24, Date.parse("2026-03-07T10:00:00-05:00"))).toBe(false);
  });

  it("a cancel at exactly the deadline refunds; one a second later keeps the fee", async () => {
    const slots = await slotsOf(w, dayFromNow(4), dayFromNow(4));
    const config = getConfig(w.env);
    const one = await booked(w, (slots[2] as { start: string }).start);
    const two = await booked(w, (slots[5] as { start: string }).start);
    const ctx = async (bookingId: string) =>
      manageContext(
        env.DB,
        config,
        (await getCheckout(env.DB, bookingId)) as NonNullable<Awaited<ReturnType<typeof getCheckout>>>,
      );
    const m1 = await ctx(one.bookingId);
    expect(await cancelBooking(env.DB, config, m1, refundDeadline(m1.startMs, 24))).toBe(true);
    expect((await getCheckout(env.DB, one.bookingId))?.status).toMatch(/^refund/);
    const m2 = await ctx(two.bookingId);
    expect(await cancelBooking(env.DB, config, m2, refundDeadline(m2.startMs, 24) + 1000)).toBe(true);
    const kept = await getCheckout(env.DB, two.bookingId);
    expect(kept).toMatchObject({ status: "cancelled", lead_refund: 0 });
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM refunds WHERE booking_id = ?").bind(two.bookingId).first(),
    ).toEqual({ n: 0 });
  });
});

describe("cancel", () => {
  it("in the window: refund through the refund rows, slot free at once, event deleted with sendUpdates=all; a double click cancels once", async () => {
    const slot = (await slotsOf(w))[4] as { start: string };
    const b = await booked(w, slot.start);
    const before = await w.call("GET", `/v1/manage/${b.token}`);
    expect(before.json).toMatchObject({
      state: "booked",
      canCancel: true,
      canReschedule: true,
      policy: { hours: 24, refundNow: true },
    });
    expect((await slotsOf(w)).map((s) => s.start)).not.toContain(slot.start);
    const [x, y] = await Promise.all([
      w.call("POST", `/v1/manage/${b.token}/cancel`, {}),
      w.call("POST", `/v1/manage/${b.token}/cancel`, {}),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect([x.json.alreadyCancelled, y.json.alreadyCancelled].sort()).toEqual([false, true]);
    expect(x.json.view).toMatchObject({ state: "cancelled", cancelled: { refunded: true }, canCancel: false });
    const co = await getCheckout(env.DB, b.bookingId);
    expect(co?.status).toBe("refund_pending");
    const refunds = await env.DB.prepare("SELECT * FROM refunds WHERE booking_id = ?").bind(b.bookingId).all();
    expect(refunds.results).toHaveLength(1);
    expect(await env.DB.prepare("SELECT status FROM payments WHERE booking_id = ?").bind(b.bookingId).first()).toEqual({
      status: "refund_pending",
    });
    expect((await b.reservation())?.slot_key).toBeNull();
    expect((await slotsOf(w)).map((s) => s.start)).toContain(slot.start);
    const [event] = await eventsOf(w.host, String((await b.reservation())?.reservation_id));
    expect(event?.status).toBe("cancelled");
    const mail = (await googleControl("state")).google.mail as { to: string; kind: string; eventId: string }[];
    expect(mail.filter((m) => m.eventId === event?.id && m.kind === "cancellation").map((m) => m.to)).toEqual([
      "lea@lead.test",
    ]);
    expect((await b.reservation())?.google_pending).toBeNull();
    // A third click, later: still one refund, and the answer says it is cancelled already.
    const z = await w.call("POST", `/v1/manage/${b.token}/cancel`, {});
    expect(z.json.alreadyCancelled).toBe(true);
    expect(
      (await env.DB.prepare("SELECT COUNT(*) AS n FROM refunds WHERE booking_id = ?").bind(b.bookingId).first())?.n,
    ).toBe(1);
  });

  it("after the window: the fee is kept, nothing is refunded, the slot still frees", async () => {
    const slot = (await slotsOf(late))[6] as { start: string };
    const b = await booked(late, slot.start);
    const view = await late.call("GET", `/v1/manage/${b.token}`);
    expect(view.json).toMatchObject({
      policy: { hours: 2000, refundNow: false },
      canCancel: true,
      canReschedule: false,
    });
    const res = await late.call("POST", `/v1/manage/${b.token}/cancel`, {});
    expect(res.json.view).toMatchObject({ state: "cancelled", cancelled: { refunded: false }, refund: null });
    expect((await getCheckout(env.DB, b.bookingId))?.status).toBe("cancelled");
    expect((await slotsOf(late)).map((s) => s.start)).toContain(slot.start);
    expect((await late.call("POST", `/v1/manage/${b.token}/reschedule`, { start: slot.start })).status).toBe(409);
  });
});

describe("reschedule", () => {
  it("moves the slot and the event atomically; the same pick twice is one move; two tabs picking different slots: one wins", async () => {
    const slots = await slotsOf(w, dayFromNow(5), dayFromNow(5));
    const [s0, s1, s2, s3] = [slots[1], slots[3], slots[5], slots[7]].map((s) => (s as { start: string }).start);
    const b = await booked(w, s0 as string);
    const free = await w.call("GET", `/v1/manage/${b.token}/slots?from=${dayFromNow(5)}&to=${dayFromNow(5)}`);
    expect(free.json.slots.map((s: { start: string }) => s.start)).toContain(s1);
    const [a1, a2] = await Promise.all([
      w.call("POST", `/v1/manage/${b.token}/reschedule`, { start: s1 }),
      w.call("POST", `/v1/manage/${b.token}/reschedule`, { start: s1 }),
    ]);
    expect([a1.status, a2.status]).toEqual([200, 200]);
    expect([a1.json.alreadyThere, a2.json.alreadyThere].sort()).toEqual([false, true]);
    const r = await b.reservation();
    expect(r).toMatchObject({
      start_at: new Date(s1 as string).toISOString(),
      slot_key: new Date(s1 as string).toISOString(),
    });
    const [event] = await eventsOf(w.host, String(r?.reservation_id));
    expect(Date.parse((event?.start as { dateTime?: string } | undefined)?.dateTime ?? "")).toBe(
      Date.parse(s1 as string),
    );
    expect(await getCheckout(env.DB, b.bookingId)).toMatchObject({ status: "paid", reschedules: 1 });
    const open = (await slotsOf(w, dayFromNow(5), dayFromNow(5))).map((s) => s.start);
    expect(open).toContain(s0);
    expect(open).not.toContain(s1);

    const [t1, t2] = await Promise.all([
      w.call("POST", `/v1/manage/${b.token}/reschedule`, { start: s2 }),
      w.call("POST", `/v1/manage/${b.token}/reschedule`, { start: s3 }),
    ]);
    expect([t1.status, t2.status].sort()).toEqual([200, 409]);
    const winner = t1.status === 200 ? s2 : s3;
    const loser = t1.status === 200 ? s3 : s2;
    expect((await b.reservation())?.start_at).toBe(new Date(winner as string).toISOString());
    const after = (await slotsOf(w, dayFromNow(5), dayFromNow(5))).map((s) => s.start);
    expect(after).toContain(loser);
    expect(after).toContain(s1);
    expect(after).not.toContain(winner);
    expect((await getCheckout(env.DB, b.bookingId))?.reschedules).toBe(2);
  });

  it("refuses a slot someone else holds", async () => {
    const slots = await slotsOf(w, dayFromNow(6), dayFromNow(6));
    const b = await booked(w, (slots[1] as { start: string }).start);
    const other = await booked(w, (slots[4] as { start: string }).start);
    expect(other.token).not.toBe(b.token);
    const res = await w.call("POST", `/v1/manage/${b.token}/reschedule`, {
      start: (slots[4] as { start: string }).start,
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("slot_taken");
    expect(res.json.error.message).toMatch(/no longer free/);
  });
});

describe("GET never changes anything", () => {
  it("every manage URL, page and API, leaves D1 as it was", async () => {
    const b = await booked(w, ((await slotsOf(w, dayFromNow(7), dayFromNow(7)))[2] as { start: string }).start);
    await runCron(w.env);
    const before = await snapshot();
    for (const path of [
      `/manage/${b.token}`,
      `/manage/${b.token}/receipt`,
      `/manage/${b.token}/cancel`,
      `/v1/manage/${b.token}`,
      `/v1/manage/${b.token}/cancel`,
      `/v1/manage/${b.token}/reschedule`,
      `/v1/manage/${b.token}/slots?from=${dayFromNow(7)}&to=${dayFromNow(7)}`,
    ])
      await w.call("GET", path);
    expect(await snapshot()).toEqual(before);
    const view = await manageView(
      env.DB,
      await manageContext(env.DB, getConfig(w.env), (await getCheckout(env.DB, b.bookingId)) as never),
    );
    expect(view.state).toBe("booked");
  });
});

describe("host webhooks", () => {
  it("a cancel announces booking.cancelled once, each reschedule booking.rescheduled once, double clicks included", async () => {
    const now = new Date().toISOString();
    await env.DB.prepare(
      "INSERT OR REPLACE INTO host_webhook (id, url, secret, created_at, updated_at) VALUES (1, 'http://127.0.0.1:9/x', 'sealed', ?1, ?1)",
    )
      .bind(now)
      .run();
    try {
      const slots = await slotsOf(w, dayFromNow(8), dayFromNow(8));
      const [s0, s1, s2] = [slots[1], slots[3], slots[5]].map((s) => (s as { start: string }).start);
      const b = await booked(w, s0 as string);
      const types = async () =>
        (
          await env.DB.prepare("SELECT type, dedupe FROM host_events WHERE booking_id = ? ORDER BY seq")
            .bind(b.bookingId)
            .all<{ type: string; dedupe: string }>()
        ).results.filter((e) => e.type === "booking.cancelled" || e.type === "booking.rescheduled");
      for (const s of [s1, s2])
        await Promise.all([
          w.call("POST", `/v1/manage/${b.token}/reschedule`, { start: s }),
          w.call("POST", `/v1/manage/${b.token}/reschedule`, { start: s }),
        ]);
      await Promise.all([
        w.call("POST", `/v1/manage/${b.token}/cancel`, {}),
        w.call("POST", `/v1/manage/${b.token}/cancel`, {}),
      ]);
      expect(await types()).toEqual([
        { type: "booking.rescheduled", dedupe: "1" },
        { type: "booking.rescheduled", dedupe: "2" },
        { type: "booking.cancelled", dedupe: "" },
      ]);
      const body = await env.DB.prepare("SELECT body FROM host_events WHERE booking_id = ? AND dedupe = '2'")
        .bind(b.bookingId)
        .first<{ body: string }>();
      expect(Date.parse(JSON.parse(String(body?.body)).data.slot.start)).toBe(Date.parse(s2 as string));
    } finally {
      await env.DB.prepare("DELETE FROM host_webhook").run();
    }
  });
});

describe("extension bookings paid by a guest", () => {
  it("the Worker records the move and the cancel; the status answer carries them for the extension", async () => {
    const b = await createCheckout(w, { payerEmail: "guest@lead.test" });
    await applyPayment(env.DB, getConfig(w.env), {
      provider: "paypal",
      bookingId: b.bookingId,
      orderId: `O-${b.bookingId}`,
      paymentId: `CAP-${b.bookingId}`,
      amount: { value: "1.00", currency: "USD" },
      paidAt: null,
    });
    const token = String((await w.call("GET", `/v1/pay/${b.checkoutId}`)).json.manageUrl).split("/manage/")[1];
    const view = await w.call("GET", `/v1/manage/${token}`);
    expect(view.json).toMatchObject({ kind: "extension", state: "booked", canReschedule: true, typeId: null });
    expect((await w.call("GET", `/v1/manage/${token}/slots?from=${day}&to=${day}`)).status).toBe(404);
    const status = async () =>
      (await w.call("GET", `/v1/checkouts/${b.bookingId}`, undefined, { authorization: `Bearer ${b.secret}` })).json;
    expect((await status()).lead).toBeUndefined();
    const past = await w.call("POST", `/v1/manage/${token}/reschedule`, { start: "2020-01-01T10:00:00Z" });
    expect([past.status, past.json.error.message]).toEqual([400, "start must be in the future."]);
    const newStart = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 3 * 86_400_000).toISOString();
    const moved = await w.call("POST", `/v1/manage/${token}/reschedule`, { start: newStart });
    expect(moved.status).toBe(200);
    const after = await status();
    expect(after).toMatchObject({ status: "paid", lead: { cancelledAt: null, reschedules: 1 } });
    expect(Date.parse(after.lead.start)).toBe(Date.parse(newStart));
    expect(Date.parse(after.lead.end) - Date.parse(after.lead.start)).toBe(1800_000);
    await w.call("POST", `/v1/manage/${token}/cancel`, {});
    const cancelled = await status();
    expect(cancelled.status).toBe("refund_pending");
    expect(typeof cancelled.lead.cancelledAt).toBe("string");
  });
});

describe("a booking type's own refund window", () => {
  it("overrides CANCEL_REFUND_HOURS for that type's bookings", async () => {
    const admin = { authorization: `Bearer ${await googleToken(w.host)}` };
    const b = await booked(w, ((await slotsOf(w, dayFromNow(10), dayFromNow(10)))[2] as { start: string }).start);
    expect((await w.call("GET", `/v1/manage/${b.token}`)).json.policy).toMatchObject({ hours: 24, refundNow: true });
    expect((await w.call("PUT", "/v1/admin/booking-page", openPage({ cancelRefundHours: 1000 }), admin)).status).toBe(
      200,
    );
    try {
      const view = (await w.call("GET", `/v1/manage/${b.token}`)).json;
      expect(view).toMatchObject({ policy: { hours: 1000, refundNow: false }, canReschedule: false });
      const res = await w.call("POST", `/v1/manage/${b.token}/cancel`, {});
      expect(res.json.view.cancelled).toEqual({ at: expect.any(String), refunded: false });
    } finally {
      await w.call("PUT", "/v1/admin/booking-page", openPage(), admin);
    }
  });
});
