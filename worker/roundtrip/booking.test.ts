// The booking page's Worker side end to end: wrangler dev + the emulators (Google as the host's
// calendar). Connect → configure → busy events → slots → reserve → pay with each provider → the
// event in the host's calendar; expiry, a late payment, and a dead refresh token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import { binanceOrder, control, http, mercadoPagoPreference, payApi } from "./client.ts";

let stack: Stack;
const HOST = "alice@example.com";
const ZONE = "America/Argentina/Buenos_Aires";
/** Short holds so expiry is observable within a test. */
const HOLD_SECONDS = 12;
let admin: Record<string, string>;

const google = (path: string, json?: unknown) =>
  http(`${stack.emulators.urls.google}/__emulator/${path}`, json === undefined ? {} : { json });
const api = (path: string, init: Parameters<typeof http>[1] = {}) => http(`${stack.workerUrl}${path}`, init);

/** Host-local "YYYY-MM-DD", `days` from now. */
const hostDay = (days: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(Date.now() + days * 86_400_000));
const DAY = () => hostDay(3);
/** The instant of a host-local hour on DAY (Buenos Aires is UTC−3 all year). */
const at = (hour: number) => `${DAY()}T${String(hour).padStart(2, "0")}:00:00-03:00`;

async function connect() {
  const start = await api("/admin/google/connect");
  expect(start.status).toBe(302);
  const consent = await http(start.headers.get("location") ?? ""); // auto-approved by the emulator
  expect(consent.status).toBe(302);
  return http(consent.headers.get("location") ?? "");
}
const slots = async () => {
  const res = await api(`/v1/book/intro/slots?from=${DAY()}&to=${DAY()}`);
  return res.status === 200 ? (res.body.slots as { start: string }[]).map((s) => s.start) : res;
};
const reserve = (hour: number, name: string) =>
  api("/v1/book/intro/reservations", {
    json: { start: at(hour), name, email: `${name.toLowerCase()}@lead.test`, notes: "Hola", locale: "pt-BR" },
  });
const view = async (checkoutId: string) => (await api(`/v1/pay/${checkoutId}`)).body;
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
const booked = (checkoutId: string) =>
  waitFor(
    () => view(checkoutId),
    (v) => v.booking?.state === "booked",
    "booked",
  );
// biome-ignore lint/suspicious/noExplicitAny: the emulator's event JSON, probed ad hoc
type Json = Record<string, any>;
const hostEvents = async () => {
  const state = (await google("state")).body;
  return (state.google.calendars as { id: string; events: Json[] }[]).find((c) => c.id === HOST)?.events as Json[];
};

beforeAll(async () => {
  // Page holds of seconds, so the test can watch one end: below the Worker's usual 15-minute minimum.
  stack = await startStack({
    quiet: true,
    vars: { PAGE_HOLD_MINUTES: String(HOLD_SECONDS / 60), MIN_HOLD_MINUTES: "0" },
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe("the booking page against the emulators", () => {
  it("connect → configure → the host's busy times leave the slots", async () => {
    const done = await connect();
    expect(done.status).toBe(200);
    expect(done.text).toContain(HOST);
    const token = (await google("google/tokens", { email: HOST, scopes: ["email", "calendar.events"] })).body
      .access_token;
    admin = { authorization: `Bearer ${token}` };
    const put = await api("/v1/admin/booking-page", {
      method: "PUT",
      headers: admin,
      json: {
        timeZone: ZONE,
        weekly: Object.fromEntries(
          ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["08:00", "20:00"]]]),
        ),
        daysOff: [],
        types: [{ id: "intro", title: "Aula experimental", description: "", durationMinutes: 60, minNoticeMinutes: 0 }],
      },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ connected: true, pageUrl: `${stack.workerUrl}/book/intro` });
    const busy = await http(`${stack.emulators.urls.google}/calendar/v3/calendars/primary/events`, {
      headers: admin,
      json: { summary: "Dentist", start: { dateTime: at(10) }, end: { dateTime: at(11) } },
    });
    expect(busy.status).toBe(200);
    const free = await slots();
    expect(free).toContain(at(9));
    expect(free).not.toContain(at(10));
    expect(free).toContain(at(11));
  });

  it.each([
    ["paypal", 9],
    ["binance", 11],
    ["mercadopago", 13],
  ] as const)("reserve → pay with %s → the event with Meet, attendee, reminders and zone", async (provider, hour) => {
    const name = `Lead${provider}`;
    const r = await reserve(hour, name);
    expect(r.status).toBe(201);
    const id = r.body.checkoutId as string;
    expect((await slots()) as string[]).not.toContain(at(hour));
    if (provider === "paypal") {
      const order = await payApi(stack, `${id}/paypal/orders`);
      expect((await control(stack, "paypal").post("/pay", { provider, orderId: order.body.orderId })).status).toBe(200);
    } else if (provider === "binance") {
      const { prepayId } = await binanceOrder(stack, id);
      expect((await control(stack, "binance").post("/pay", { provider, prepayId })).status).toBe(200);
    } else {
      const preferenceId = await mercadoPagoPreference(stack, id);
      expect((await control(stack, "mercadopago").post("/pay", { provider, preferenceId })).status).toBe(200);
      // The original spec's admin route answers for the same booking, idempotently.
      await booked(id);
      const again = await api("/api/calendar", { json: { preferenceId }, headers: admin });
      expect(again.body).toEqual({ success: true, message: "Event created successfully" });
    }
    const v = await booked(id);
    expect(v.status).toBe("paid");
    const event = (await hostEvents()).find((e) => e.summary === `Aula experimental — ${name}`) as Json;
    expect(event).toMatchObject({
      start: { dateTime: at(hour), timeZone: ZONE },
      attendees: [{ email: `${name.toLowerCase()}@lead.test` }],
      reminders: {
        useDefault: false,
        overrides: [
          { method: "email", minutes: 60 },
          { method: "popup", minutes: 10 },
        ],
      },
      status: "confirmed",
    });
    expect(event.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(v.booking.meetLink).toBe(event.hangoutLink);
    expect(event.description).toMatch(/Pago .* com (PayPal|Binance Pay|Mercado Pago)/);
    const mail = (await google("state")).body.google.mail as { to: string; eventId: string }[];
    expect(mail).toContainEqual(expect.objectContaining({ to: `${name.toLowerCase()}@lead.test`, eventId: event.id }));
    const ics = await api(new URL(v.booking.icsUrl).pathname);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
  });

  it("/api/calendar shows the booked times without titles; booked slots stay gone", async () => {
    const cal = await api("/api/calendar");
    expect(cal.status).toBe(200);
    expect(cal.text).not.toContain("Dentist");
    expect(cal.text).not.toContain("Aula");
    const starts = (cal.body as { start: { dateTime: string }; status: string }[]).map((e) =>
      Date.parse(e.start.dateTime),
    );
    for (const h of [9, 10, 11, 13]) expect(starts).toContain(Date.parse(at(h)));
    const free = await slots();
    for (const h of [9, 10, 11, 13]) expect(free).not.toContain(at(h));
    const list = await api(`/v1/admin/bookings?from=${DAY()}&to=${DAY()}`, { headers: admin });
    expect(list.body.bookings.filter((b: { status: string }) => b.status === "booked")).toHaveLength(3);
  });

  it("an unpaid hold frees its slot when it ends; a payment after that is refunded and books nothing", async () => {
    const held = await reserve(15, "Slow");
    expect(held.status).toBe(201);
    // A Mercado Pago payment started inside the hold (a ticket, a bank transfer) approved after it.
    const preferenceId = await mercadoPagoPreference(stack, held.body.checkoutId);
    expect(await slots()).not.toContain(at(15));
    await new Promise((r) => setTimeout(r, Date.parse(held.body.holdUntil) - Date.now() + 500));
    expect(await slots()).toContain(at(15));
    const late = await control(stack, "mercadopago").post("/pay", { provider: "mercadopago", preferenceId });
    expect(late.status).toBe(200);
    const v = await waitFor(
      () => view(held.body.checkoutId),
      (x) => x.status === "refunded",
      "refunded",
    );
    expect(v.booking).toMatchObject({ state: "released", meetLink: null });
    expect((await hostEvents()).some((e) => e.summary === "Aula experimental — Slow")).toBe(false);
  }, 60_000);

  it("a dead refresh token: paid bookings wait, the page pauses, reconnecting creates the queued event", async () => {
    const r = await reserve(17, "Patient");
    expect(r.status).toBe(201);
    expect((await google("google/refresh-tokens/revoke", { email: HOST })).body.revoked).toBeGreaterThan(0);
    const order = await payApi(stack, `${r.body.checkoutId}/paypal/orders`);
    await control(stack, "paypal").post("/pay", { provider: "paypal", orderId: order.body.orderId });
    await waitFor(
      () => view(r.body.checkoutId),
      (v) => v.status === "paid" && v.booking?.state === "creating",
      "paid and waiting",
    );
    const list = await waitFor(
      () => api(`/v1/admin/bookings?from=${DAY()}&to=${DAY()}`, { headers: admin }),
      (l) =>
        l.body.bookings.some((b: { event: { error: string | null } }) =>
          b.event.error?.startsWith("google_disconnected"),
        ),
      "queued with the reason",
    );
    expect(list.status).toBe(200);
    expect((await api(`/v1/book/intro/slots?from=${DAY()}&to=${DAY()}`)).body.error.code).toBe("not_taking_bookings");
    expect((await api("/v1/admin/booking-page", { headers: admin })).body.connected).toBe(false);
    expect((await connect()).status).toBe(200);
    const v = await booked(r.body.checkoutId);
    expect(v.booking.meetLink).toMatch(/^https:\/\/meet\.google\.com\//);
    expect((await slots()) as string[]).not.toContain(at(17));
  });
});
