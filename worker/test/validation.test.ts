import { env } from "cloudflare:workers";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { BookingPageSettings, ReservationRequest } from "../../utils/api/booking-page";
import { describeIssue } from "../src/http";
import { bearer, checkoutBody, createCheckout, newBooking, worker } from "./helpers";

// Every field of every Worker endpoint's body, wrong in each way it can be: 400, the field
// named in plain words (never the validation library's wording), and nothing written.
const w = worker();
const ip = () => ({ "cf-connecting-ip": `203.0.113.${crypto.randomUUID()}` });
const nextYear = new Date().getUTCFullYear() + 1;
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

async function rowCount(bookingId: string) {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM checkouts WHERE booking_id = ?").bind(bookingId).first())?.n;
}

function expectPlain(message: string) {
  expect(message).not.toMatch(/Invalid (key|type|length|format)|Expected|Received/);
}

describe("POST /v1/checkouts rejects each bad field with 400 naming it", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["a missing bookingId", { bookingId: undefined }, "bookingId is missing."],
    ["a bookingId that is not a UUID", { bookingId: "x" }, "bookingId must be a UUID"],
    ["a bookingId that is a number", { bookingId: 5 }, "bookingId must be text."],
    ["a short secretHash", { secretHash: "abc" }, "secretHash must be the base64url SHA-256"],
    ["a blank summary", { summary: "   " }, "summary must not be empty."],
    ["a summary with a bell character", { summary: "Intro\u0007call" }, "summary must not contain control characters"],
    ["a summary with a line break", { summary: "Intro\ncall" }, "summary must not contain control characters"],
    ["a summary with a right-to-left override", { summary: "\u202eIntro" }, "summary must not contain control"],
    ["a summary with a lone surrogate", { summary: "Intro \ud800" }, "summary contains a broken character"],
    ["a summary of 201 characters", { summary: "x".repeat(201) }, "summary must be at most 200 characters."],
    [
      "a start on February 30",
      { start: `${nextYear}-02-30T10:00:00Z` },
      `start has the day 30, but February ${nextYear} has days 01 to 2`,
    ],
    ["a start at T24:00", { start: `${nextYear}-03-05T24:00:00Z` }, "start has the hour 24; hours go from 00 to 23"],
    ["a start at minute 60", { start: `${nextYear}-03-05T10:60:00Z` }, "start has the minute 60"],
    ["a start in month 13", { start: `${nextYear}-13-05T10:00:00Z` }, "start has the month 13"],
    ["a start with offset +23:59", { start: `${nextYear}-03-05T10:00:00+23:59` }, "start has the UTC offset +23:59"],
    ["a start in the year 0000", { start: "0000-03-05T10:00:00Z" }, "start has the year 0000"],
    [
      "a start without an offset",
      { start: `${nextYear}-03-05T10:00:00` },
      "start must be a date and time with its offset",
    ],
    ["a start in words", { start: "tomorrow" }, "start must be a date and time with its offset"],
    ["an event that already started", { start: inDays(-0.01), holdUntil: inDays(0.5) }, "start is in the past"],
    ["an end before the start", { end: "2020-01-01T00:00:00Z" }, "end must be after start."],
    ["an end on February 29 of a common year", { end: "2027-02-29T10:00:00Z" }, "end has the day 29"],
    ["a time zone on Mars", { timeZone: "Mars/Olympus" }, 'timeZone "Mars/Olympus" is not a time zone we know'],
    ["an offset as time zone", { timeZone: "+05:00" }, 'timeZone "+05:00" is not a time zone we know'],
    ["a time zone that is a number", { timeZone: 42 }, "timeZone must be text."],
    ["a hold in the past", { holdUntil: "2020-01-01T00:00:00Z" }, "holdUntil must be in the future."],
    ["a hold ending after the start", { holdUntil: inDays(3) }, "holdUntil must not be after start"],
    ["a hold on April 31", { holdUntil: `${nextYear}-04-31T10:00:00Z` }, "holdUntil has the day 31"],
    ["a bad payerEmail", { payerEmail: "nope" }, "payerEmail must be an email address"],
    ["an unknown locale", { locale: "fr" }, "locale must be one of en, es, pt-BR."],
    ["an organizer that is text", { organizer: "Ana" }, "organizer must be an object."],
    ["an organizer name with a tab", { organizer: { name: "Ana\tLima" } }, "organizer.name must not contain control"],
    ["a bad organizer email", { organizer: { email: "ana@" } }, "organizer.email must be an email address"],
    ["refundable as text", { refundable: "yes" }, "refundable must be true or false."],
    ["noAnswer not refund or keep", { noAnswer: "maybe" }, "noAnswer must be one of refund, keep."],
  ])("%s", async (_name, patch, message) => {
    const b = await newBooking();
    const res = await w.call("POST", "/v1/checkouts", { ...checkoutBody(b), ...patch }, ip());
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.message).toContain(message);
    expectPlain(res.json.error.message);
    expect(await rowCount(b.bookingId)).toBe(0);
  });

  it.each([
    ["null", "null", "The body must be an object."],
    ["a number", "7", "The body must be an object."],
    ["an array", "[]", "bookingId is missing."],
  ])("a body that is %s", async (_name, body, message) => {
    const res = await w.call("POST", "/v1/checkouts", body, ip());
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(message);
  });

  it("names up to five wrong fields at once", async () => {
    const res = await w.call("POST", "/v1/checkouts", {}, ip());
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe(
      "bookingId is missing. secretHash is missing. summary is missing. start is missing. end is missing.",
    );
  });
});

describe("POST /v1/checkouts accepts real edge values", () => {
  it.each<[string, Record<string, unknown>]>([
    ["a leap day", { start: "2028-02-29T10:00:00Z", end: "2028-02-29T11:00:00Z" }],
    ["the largest offset", { start: `${nextYear}-03-05T10:00:00+14:00`, end: `${nextYear}-03-05T11:00:00+14:00` }],
    ["the smallest offset", { start: `${nextYear}-03-05T10:00:00-12:00`, end: `${nextYear}-03-05T11:00:00-12:00` }],
    ["a quarter-hour offset", { start: `${nextYear}-03-05T10:00:00.5+05:45`, end: `${nextYear}-03-05T11:00:00+05:45` }],
    ["UTC as the zone", { timeZone: "UTC" }],
    ["a zone with a quarter-hour offset", { timeZone: "Asia/Kathmandu" }],
    ["an emoji family (joined by zero-width joiners) in the summary", { summary: "Call 👨‍👩‍👧 ✓" }],
    [
      "an organizer and a refundable fee",
      { organizer: { name: "Ana Lima", email: "ana@example.com" }, refundable: true },
    ],
    ["a hold ending exactly at the start", { holdUntil: inDays(2) }],
  ])("%s", async (_name, patch) => {
    const b = await newBooking();
    const body = { ...checkoutBody(b), ...patch };
    if (patch.holdUntil) body.start = patch.holdUntil as string;
    if (patch.holdUntil) body.end = new Date(Date.parse(patch.holdUntil as string) + 3600_000).toISOString();
    const res = await w.call("POST", "/v1/checkouts", body, ip());
    expect(res.status, res.text).toBe(201);
  });

  it("shows the organizer and the refund rule on the public view (not refundable by default)", async () => {
    const plain = await createCheckout(w);
    expect((await w.call("GET", `/v1/pay/${plain.checkoutId}`)).json).toMatchObject({
      organizer: null,
      refundable: false,
      noAnswer: "keep",
      receipt: null,
    });
    const c = await createCheckout(w, {
      organizer: { name: " Ana Lima ", email: "ana@example.com" },
      refundable: true,
      noAnswer: "refund",
    });
    expect((await w.call("GET", `/v1/pay/${c.checkoutId}`)).json).toMatchObject({
      organizer: { name: "Ana Lima", email: "ana@example.com" },
      refundable: true,
      noAnswer: "refund",
      attendanceWindowHours: 48,
    });
  });
});

describe("PATCH /v1/checkouts/:bookingId rejects each bad field with 400 naming it", () => {
  it.each<[string, (start: string) => Record<string, unknown>, string]>([
    ["an empty body", () => ({}), "The body has nothing to update; send summary, start, end or holdUntil."],
    ["a summary with a line break", () => ({ summary: "a\r\nb" }), "summary must not contain control characters"],
    ["a start on February 30", () => ({ start: `${nextYear}-02-30T10:00:00Z` }), "start has the day 30"],
    ["an end at T24:00", () => ({ end: `${nextYear}-03-05T24:00:00Z` }), "end has the hour 24"],
    ["a hold with offset +23:59", () => ({ holdUntil: `${nextYear}-03-05T10:00:00+23:59` }), "holdUntil has the UTC"],
    ["an end before the start", () => ({ end: "2020-01-01T00:00:00Z" }), "end must be after start."],
    [
      "a start moved into the past",
      () => ({ start: inDays(-1), end: inDays(-0.9) }),
      "start is in the past: the event has already started.",
    ],
    [
      "a start moved before the hold ends",
      () => ({ start: inDays(0.5), end: inDays(0.6) }),
      "holdUntil must not be after start",
    ],
    [
      "a hold after the start",
      (start) => ({ holdUntil: new Date(Date.parse(start) + 60_000).toISOString() }),
      "holdUntil must not be after start",
    ],
  ])("%s", async (_name, patch, message) => {
    const c = await createCheckout(w);
    const before = await env.DB.prepare("SELECT * FROM checkouts WHERE booking_id = ?").bind(c.bookingId).first();
    const res = await w.call(
      "PATCH",
      `/v1/checkouts/${c.bookingId}`,
      patch(before?.start_at as string),
      bearer(c.secret),
    );
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(message);
    expectPlain(res.json.error.message);
    expect(await env.DB.prepare("SELECT * FROM checkouts WHERE booking_id = ?").bind(c.bookingId).first()).toEqual(
      before,
    );
  });

  it("moves a paid booking's event anywhere (only a payable hold must end before its event)", async () => {
    const c = await createCheckout(w);
    await env.DB.prepare("UPDATE checkouts SET status = 'paid' WHERE booking_id = ?").bind(c.bookingId).run();
    const res = await w.call(
      "PATCH",
      `/v1/checkouts/${c.bookingId}`,
      { start: inDays(-1), end: inDays(-0.9) },
      bearer(c.secret),
    );
    expect(res.status).toBe(200);
  });
});

describe("POST /v1/checkouts/status rejects each bad field with 400 naming it", () => {
  const good = () => ({ bookingId: crypto.randomUUID(), secret: "a".repeat(43) });
  it.each<[string, unknown, string]>([
    ["items missing", {}, "items is missing."],
    ["items not a list", { items: "all" }, "items must be a list."],
    ["a bad bookingId", { items: [good(), { ...good(), bookingId: "nope" }] }, "items[1].bookingId must be a UUID"],
    ["a bad secret", { items: [{ ...good(), secret: "short" }] }, "items[0].secret must be the booking secret"],
    ["a missing secret", { items: [{ bookingId: crypto.randomUUID() }] }, "items[0].secret is missing."],
    ["101 items", { items: Array.from({ length: 101 }, good) }, "items must list at most 100 bookings per request."],
  ])("%s", async (_name, body, message) => {
    const res = await w.call("POST", "/v1/checkouts/status", body);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(message);
    expectPlain(res.json.error.message);
  });
});

describe("the booking page's bodies are checked with the same field rules and words", () => {
  const settings = {
    timeZone: "America/Argentina/Buenos_Aires",
    weekly: { mon: [["09:00", "17:00"]] },
    daysOff: [],
    types: [{ id: "intro", title: "Intro call", durationMinutes: 30 }],
  };
  const reservation = { start: `${nextYear}-03-05T10:00:00-03:00`, name: "Ana", email: "ana@example.com" };
  const firstIssue = (schema: v.GenericSchema, body: unknown) => {
    const res = v.safeParse(schema, body);
    return res.success ? null : describeIssue(res.issues[0] as v.BaseIssue<unknown>);
  };

  it.each<[string, Record<string, unknown>, string]>([
    ["a reservation on February 30", { start: `${nextYear}-02-30T10:00:00Z` }, "start has the day 30"],
    ["a reservation at T24:00", { start: `${nextYear}-03-05T24:00:00Z` }, "start has the hour 24"],
    ["a lead's name with a line break", { name: "Ana\nLima" }, "name must not contain control characters"],
    ["a lead's zone on Mars", { timeZone: "Mars/Olympus" }, 'timeZone "Mars/Olympus" is not a time zone we know'],
    ["a bad email", { email: "ana@" }, "email must be an email address"],
  ])("%s", (_name, patch, message) => {
    expect(firstIssue(ReservationRequest, { ...reservation, ...patch })).toContain(message);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a host zone on Mars", { timeZone: "Mars/Olympus" }, 'timeZone "Mars/Olympus" is not a time zone we know'],
    ["a day off on February 30", { daysOff: [`${nextYear}-02-30`] }, "daysOff[0] has the day 30"],
    [
      "a type title with a tab",
      { types: [{ id: "intro", title: "Intro\tcall", durationMinutes: 30 }] },
      "types[0].title must not contain control characters",
    ],
    [
      "a duration below the minimum (a check without its own message)",
      { types: [{ id: "intro", title: "Intro", durationMinutes: 1 }] },
      "types[0].durationMinutes must be at least 5.",
    ],
  ])("%s", (_name, patch, message) => {
    const got = firstIssue(BookingPageSettings, { ...settings, ...patch });
    expect(got).toContain(message);
    expectPlain(got ?? "");
  });

  it("accepts the valid bodies", () => {
    expect(firstIssue(ReservationRequest, reservation)).toBeNull();
    expect(firstIssue(BookingPageSettings, settings)).toBeNull();
  });
});
