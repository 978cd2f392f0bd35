import { describe, expect, it, vi } from "vitest";
import { createCalendarClient, listAllEvents } from "@/utils/google/calendar-client";
import { backoffDelay, classifyGoogleError, GoogleApiError, type GoogleErrorKind } from "@/utils/google/errors";

function gError(code: number, reason: string, domain = "global") {
  return { error: { code, message: `${reason} message`, errors: [{ domain, reason, message: reason }] } };
}
const json = (status: number, body: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });

/** A client over a scripted fetch: each call takes the next response. */
function setup(responses: (Response | Error)[], maxRetries = 3) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchStub = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new Error("unexpected call");
    if (next instanceof Error) throw next;
    return next;
  });
  const sleeps: number[] = [];
  let tokenN = 0;
  const invalidated: string[] = [];
  const client = createCalendarClient({
    baseUrl: "https://g.example/",
    getToken: async () => `tok${tokenN}`,
    invalidateToken: async (t) => {
      invalidated.push(t);
      tokenN++;
    },
    fetch: fetchStub as unknown as typeof fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    maxRetries,
  });
  const hdr = (i: number) => (calls[i]?.init.headers ?? {}) as Record<string, string>;
  return { client, calls, sleeps, invalidated, hdr };
}

describe("classifyGoogleError", () => {
  it.each<[number, unknown, GoogleErrorKind, boolean]>([
    [400, gError(400, "timeRangeEmpty"), "invalid", false],
    [401, gError(401, "authError"), "auth", false],
    [403, gError(403, "forbiddenForNonOrganizer"), "forbidden", false],
    [403, gError(403, "rateLimitExceeded", "usageLimits"), "rate_limit", true],
    [403, gError(403, "userRateLimitExceeded", "usageLimits"), "rate_limit", true],
    [403, gError(403, "quotaExceeded", "usageLimits"), "rate_limit", true],
    [404, gError(404, "notFound"), "not_found", false],
    [409, gError(409, "duplicate"), "conflict", false],
    [410, gError(410, "fullSyncRequired"), "gone", false],
    [412, gError(412, "conditionNotMet"), "precondition", false],
    [429, gError(429, "rateLimitExceeded"), "rate_limit", true],
    [500, gError(500, "backendError"), "server", true],
    [503, "not json", "server", true],
  ])("%i %j → %s", (status, body, kind, retryable) => {
    const e = classifyGoogleError(status, body);
    expect(e.kind).toBe(kind);
    expect(e.retryable).toBe(retryable);
    expect(e.messageKey).toBe(`gerr_${kind}`);
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(20, () => 1)).toBe(16_000);
  });
});

describe("calendar client", () => {
  it("inserts an event with the token, JSON body and query options", async () => {
    const { client, calls, hdr } = setup([json(200, { id: "lcabc", status: "tentative" })]);
    const e = await client.insertEvent("a@b.c", { id: "lcabc" }, { conferenceDataVersion: 1, sendUpdates: "none" });
    expect(e.id).toBe("lcabc");
    expect(calls[0]?.url).toBe(
      "https://g.example/calendar/v3/calendars/a%40b.c/events?conferenceDataVersion=1&sendUpdates=none",
    );
    expect(calls[0]?.init.method).toBe("POST");
    expect(hdr(0).Authorization).toBe("Bearer tok0");
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ id: "lcabc" });
  });

  it("covers calendarList, get, patch with If-Match, delete, list with repeated params, freeBusy", async () => {
    const { client, calls, hdr } = setup([
      json(200, { items: [{ id: "primary", summary: "Me", accessRole: "owner" }] }),
      json(200, { id: "e1" }),
      json(200, { id: "e1", status: "confirmed" }),
      new Response(null, { status: 204 }),
      json(200, { items: [{ id: "e1" }], nextSyncToken: "s1" }),
      json(200, { calendars: { primary: { busy: [{ start: "a", end: "b" }] } } }),
    ]);
    expect((await client.listCalendars())[0]?.id).toBe("primary");
    expect((await client.getEvent("primary", "e1")).id).toBe("e1");
    await client.patchEvent("primary", "e1", { status: "confirmed" }, { etag: '"x"' });
    await client.deleteEvent("primary", "e1");
    const list = await client.listEvents("primary", { privateExtendedProperty: ["lcBooking=1", "lcState=a"] });
    expect(list.nextSyncToken).toBe("s1");
    const fb = await client.freeBusy({ timeMin: "a", timeMax: "b", items: [{ id: "primary" }] });
    expect(fb.calendars.primary?.busy).toHaveLength(1);
    expect(calls.map((c) => c.init.method)).toEqual(["GET", "GET", "PATCH", "DELETE", "GET", "POST"]);
    expect(hdr(2)["If-Match"]).toBe('"x"');
    expect(calls[4]?.url).toContain("privateExtendedProperty=lcBooking%3D1&privateExtendedProperty=lcState%3Da");
    expect(calls[5]?.url).toBe("https://g.example/calendar/v3/freeBusy");
  });

  it.each([
    ["429", () => json(429, gError(429, "rateLimitExceeded"))],
    ["rate-limit 403", () => json(403, gError(403, "userRateLimitExceeded", "usageLimits"))],
    ["500", () => json(500, gError(500, "backendError"))],
    ["503", () => json(503, null)],
    ["network failure", () => new TypeError("Failed to fetch")],
  ])("retries %s with backoff, then succeeds", async (_name, failure) => {
    const { client, sleeps, calls } = setup([failure(), failure(), json(200, { id: "e" })]);
    expect((await client.getEvent("primary", "e")).id).toBe("e");
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([375, 750]);
  });

  it("gives up after maxRetries with the classified error", async () => {
    const { client, calls } = setup(
      [1, 2, 3].map(() => json(500, gError(500, "backendError"))),
      2,
    );
    await expect(client.getEvent("primary", "e")).rejects.toMatchObject({ kind: "server", status: 500 });
    expect(calls).toHaveLength(3);
  });

  it("on 401 drops the token and retries once with a new one", async () => {
    const { client, invalidated, hdr } = setup([json(401, gError(401, "authError")), json(200, { id: "e" })]);
    await client.getEvent("primary", "e");
    expect(invalidated).toEqual(["tok0"]);
    expect(hdr(1).Authorization).toBe("Bearer tok1");
  });

  it("a second 401 is final", async () => {
    const { client, calls } = setup([json(401, gError(401, "authError")), json(401, gError(401, "authError"))]);
    await expect(client.getEvent("primary", "e")).rejects.toMatchObject({ kind: "auth", messageKey: "gerr_auth" });
    expect(calls).toHaveLength(2);
  });

  it.each<[number, string, GoogleErrorKind]>([
    [400, "required", "invalid"],
    [403, "forbiddenForNonOrganizer", "forbidden"],
    [404, "notFound", "not_found"],
    [409, "duplicate", "conflict"],
    [412, "conditionNotMet", "precondition"],
    [410, "fullSyncRequired", "gone"],
  ])("does not retry %i (%s)", async (status, reason, kind) => {
    const { client, calls } = setup([json(status, gError(status, reason))]);
    const err = await client.getEvent("primary", "e").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GoogleApiError);
    expect(err).toMatchObject({ kind, reason });
    expect(calls).toHaveLength(1);
  });

  it("follows pages and resyncs in full on 410", async () => {
    const { client, calls } = setup([
      json(410, gError(410, "fullSyncRequired")),
      json(200, { items: [{ id: "a" }], nextPageToken: "p2" }),
      json(200, { items: [{ id: "b" }], nextSyncToken: "s2" }),
    ]);
    const r = await listAllEvents(client, "primary", { syncToken: "old" });
    expect(r).toEqual({ items: [{ id: "a" }, { id: "b" }], nextSyncToken: "s2", resynced: true });
    expect(calls[0]?.url).toContain("syncToken=old");
    expect(calls[1]?.url).not.toContain("syncToken");
    expect(calls[2]?.url).toContain("pageToken=p2");
  });
});
