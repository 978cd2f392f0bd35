// Google OAuth + Calendar conformance with the official clients (@googleapis/calendar pointed at
// the emulator with rootUrl, its OAuth2 client with custom endpoints).
import { auth, calendar_v3 } from "@googleapis/calendar";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulators, startEmulators } from "../src/index.ts";
import { control } from "./helpers.ts";

let emu: Emulators;
const REDIRECT = "https://abcdefghijklmnop.chromiumapp.org/";
const EVENTS = "https://www.googleapis.com/auth/calendar.events";
const READONLY = "https://www.googleapis.com/auth/calendar.readonly";

beforeAll(async () => {
  emu = await startEmulators({ port: 0, quiet: true });
});
afterAll(async () => emu?.close());
beforeEach(async () => {
  await control(emu.urls.google, "reset", {});
});

const oauthClient = () =>
  new auth.OAuth2({
    clientId: "test-client.apps.googleusercontent.com",
    clientSecret: "unused",
    redirectUri: REDIRECT,
    endpoints: {
      oauth2AuthBaseUrl: `${emu.urls.google}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${emu.urls.google}/token`,
      oauth2RevokeUrl: `${emu.urls.google}/revoke`,
    },
  });

async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const t = await control<{ access_token: string }>(emu.urls.google, "google/tokens", { email, scopes });
  return t.access_token;
}

function calendarFor(token: string): calendar_v3.Calendar {
  const client = new auth.OAuth2();
  client.setCredentials({ access_token: token });
  return new calendar_v3.Calendar({ rootUrl: `${emu.urls.google}/`, auth: client, retry: false });
}

const status = async (p: Promise<unknown>) => {
  try {
    await p;
    return { code: 200, reason: "" };
  } catch (e) {
    const err = e as {
      status?: number;
      response?: { data?: { error?: { errors?: { reason: string; domain: string }[] } } };
    };
    return {
      code: err.status ?? 0,
      reason: err.response?.data?.error?.errors?.[0]?.reason ?? "",
      domain: err.response?.data?.error?.errors?.[0]?.domain,
    };
  }
};

const event = (
  id: string,
  start: string,
  end: string,
  extra: calendar_v3.Schema$Event = {},
): calendar_v3.Schema$Event => ({
  id,
  summary: `Event ${id}`,
  start: { dateTime: start, timeZone: "UTC" },
  end: { dateTime: end, timeZone: "UTC" },
  status: "tentative",
  extendedProperties: { private: { lcBooking: id, lcState: "awaiting_payment" } },
  ...extra,
});

describe("Google OAuth", () => {
  it("runs the auth-code + PKCE flow through the chooser and consent pages, refreshes and revokes", async () => {
    const client = oauthClient();
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({
      access_type: "offline",
      scope: [EVENTS, "email"],
      state: "s1",
      code_challenge: codeChallenge,
      code_challenge_method: "S256" as never,
    });
    const chooser = await fetch(url);
    const html = await chooser.text();
    expect(html).toContain("alice@example.com");
    const q = /name="q" value="([^"]*)"/.exec(html)?.[1]?.replace(/&#38;/g, "&") ?? "";
    const form = (extra: Record<string, string>) => ({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ q, ...extra }),
      redirect: "manual" as const,
    });
    expect(
      await (await fetch(`${emu.urls.google}/o/oauth2/v2/auth/consent`, form({ email: "carol@example.com" }))).text(),
    ).toContain("Allow");
    const approved = await fetch(
      `${emu.urls.google}/o/oauth2/v2/auth/approve`,
      form({ email: "carol@example.com", decision: "allow" }),
    );
    const back = new URL(approved.headers.get("location") ?? "");
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("s1");
    const code = back.searchParams.get("code") ?? "";

    const wrong = await status(client.getToken({ code, codeVerifier: `${codeVerifier}x` }));
    expect(wrong.code).toBe(400);
    const { tokens } = await client.getToken({ code, codeVerifier });
    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.refresh_token).toBeTruthy();
    expect(await status(client.getToken({ code, codeVerifier }))).toMatchObject({ code: 400 }); // single use

    const info = await fetch(`${emu.urls.google}/v1/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await info.json()).toMatchObject({ email: "carol@example.com", email_verified: true });

    const refresher = oauthClient();
    refresher.setCredentials({ refresh_token: tokens.refresh_token });
    const refreshed = await refresher.getAccessToken();
    expect(refreshed.token).toMatch(/^ya29\./);
    expect(refreshed.token).not.toBe(tokens.access_token);
    await client.revokeToken(tokens.refresh_token ?? "");
    const again = oauthClient();
    again.setCredentials({ refresh_token: tokens.refresh_token });
    expect((await status(again.getAccessToken())).code).toBe(400);
  });

  it("supports the implicit flow (launchWebAuthFlow) with auto-approve, denial and prompt=none", async () => {
    const params = new URLSearchParams({
      client_id: "ext",
      redirect_uri: REDIRECT,
      response_type: "token",
      scope: EVENTS,
      state: "xyz",
      login_hint: "dave@example.com",
    });
    const none = await fetch(`${emu.urls.google}/o/oauth2/v2/auth?${params}&prompt=none`, { redirect: "manual" });
    expect(new URLSearchParams(new URL(none.headers.get("location") ?? "").hash.slice(1)).get("error")).toBe(
      "interaction_required",
    );
    await control(emu.urls.google, "config", { autoApprove: true });
    try {
      const res = await fetch(`${emu.urls.google}/o/oauth2/v2/auth?${params}`, { redirect: "manual" });
      const frag = new URLSearchParams(new URL(res.headers.get("location") ?? "").hash.slice(1));
      expect(frag.get("token_type")).toBe("Bearer");
      expect(frag.get("state")).toBe("xyz");
      expect(frag.get("expires_in")).toBe("3599");
      const token = frag.get("access_token") ?? "";
      const info = (await (
        await fetch(`${emu.urls.google}/v1/userinfo`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as Record<string, unknown>;
      expect(info.sub).toBeTruthy();
      expect(info.email).toBeUndefined(); // no email scope requested, as with Google
    } finally {
      await control(emu.urls.google, "config", { autoApprove: false });
    }
    const missing = await fetch(`${emu.urls.google}/o/oauth2/v2/auth?redirect_uri=${REDIRECT}`);
    expect(missing.status).toBe(400);
  });
});

describe("Google Calendar v3 with @googleapis/calendar", () => {
  it("a Meet Google creates later: pending without a link on insert, the link on a later read (config googleMeetPendingMs)", async () => {
    await control(emu.urls.google, "config", { googleMeetPendingMs: 60_000 });
    try {
      const cal = calendarFor(await tokenFor("alice@example.com", [EVENTS]));
      const ins = await cal.events.insert({
        calendarId: "primary",
        conferenceDataVersion: 1,
        requestBody: event("lcpendingmeet1", "2030-03-05T15:00:00Z", "2030-03-05T16:00:00Z", {
          conferenceData: { createRequest: { requestId: "r1", conferenceSolutionKey: { type: "hangoutsMeet" } } },
        }),
      });
      expect(ins.data.conferenceData?.createRequest?.status?.statusCode).toBe("pending");
      expect(ins.data.hangoutLink).toBeUndefined();
      expect(ins.data.conferenceData?.entryPoints).toBeUndefined();
      // A patch meanwhile (with conferenceDataVersion) neither makes nor loses it.
      const patched = await cal.events.patch({
        calendarId: "primary",
        eventId: "lcpendingmeet1",
        conferenceDataVersion: 1,
        requestBody: { summary: "Renamed" },
      });
      expect(patched.data.conferenceData?.createRequest?.status?.statusCode).toBe("pending");
      expect(
        (await cal.events.get({ calendarId: "primary", eventId: "lcpendingmeet1" })).data.hangoutLink,
      ).toBeUndefined();
      await control(emu.urls.google, "clock/advance", { ms: 60_000 });
      const later = await cal.events.get({ calendarId: "primary", eventId: "lcpendingmeet1" });
      expect(later.data.conferenceData?.createRequest?.status?.statusCode).toBe("success");
      expect(later.data.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//);
      expect(later.data.conferenceData?.entryPoints?.[0]?.uri).toBe(later.data.hangoutLink);
      expect(later.data.etag).not.toBe(patched.data.etag); // a change sync picks up
    } finally {
      await control(emu.urls.google, "config", { googleMeetPendingMs: 0 });
    }
  });

  it("inserts with client ids and Meet links, enforces ids, ETags and deletion rules", async () => {
    const cal = calendarFor(await tokenFor("alice@example.com", [EVENTS]));
    const ins = await cal.events.insert({
      calendarId: "primary",
      conferenceDataVersion: 1,
      sendUpdates: "none",
      requestBody: event("lcbooking00001", "2030-03-05T15:00:00-05:00", "2030-03-05T16:00:00-05:00", {
        conferenceData: { createRequest: { requestId: "r1", conferenceSolutionKey: { type: "hangoutsMeet" } } },
      }),
    });
    expect(ins.data).toMatchObject({
      id: "lcbooking00001",
      status: "tentative",
      organizer: { email: "alice@example.com", self: true },
    });
    expect(ins.data.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    expect(ins.data.conferenceData?.entryPoints?.[0]?.uri).toBe(ins.data.hangoutLink);
    expect(
      await status(
        cal.events.insert({
          calendarId: "primary",
          requestBody: event("lcbooking00001", "2030-03-05T15:00:00Z", "2030-03-05T16:00:00Z"),
        }),
      ),
    ).toMatchObject({ code: 409, reason: "duplicate" });
    expect(
      await status(
        cal.events.insert({
          calendarId: "primary",
          requestBody: event("UPPER-case", "2030-03-05T15:00:00Z", "2030-03-05T16:00:00Z"),
        }),
      ),
    ).toMatchObject({ code: 400 });
    expect(
      await status(
        cal.events.insert({
          calendarId: "primary",
          requestBody: event("lcbooking00002", "2030-03-05T16:00:00Z", "2030-03-05T15:00:00Z"),
        }),
      ),
    ).toMatchObject({ code: 400, reason: "timeRangeEmpty" });

    const etag = ins.data.etag ?? "";
    const patched = await cal.events.patch(
      {
        calendarId: "primary",
        eventId: "lcbooking00001",
        requestBody: { status: "confirmed", extendedProperties: { private: { lcState: "confirmed" } } },
      },
      { headers: { "If-Match": etag } },
    );
    expect(patched.data.status).toBe("confirmed");
    expect(patched.data.extendedProperties?.private).toEqual({ lcBooking: "lcbooking00001", lcState: "confirmed" });
    expect(patched.data.hangoutLink).toBe(ins.data.hangoutLink);
    expect(patched.data.etag).not.toBe(etag);
    expect(
      await status(
        cal.events.patch(
          { calendarId: "primary", eventId: "lcbooking00001", requestBody: { summary: "x" } },
          { headers: { "If-Match": etag } },
        ),
      ),
    ).toMatchObject({ code: 412, reason: "conditionNotMet" });
    const attendees = await cal.events.patch({
      calendarId: "primary",
      eventId: "lcbooking00001",
      requestBody: { attendees: [{ email: "lead@example.com" }] },
    });
    expect(attendees.data.attendees).toEqual([{ email: "lead@example.com", responseStatus: "needsAction" }]);

    await cal.events.delete({ calendarId: "primary", eventId: "lcbooking00001" });
    expect((await cal.events.get({ calendarId: "primary", eventId: "lcbooking00001" })).data.status).toBe("cancelled");
    expect(await status(cal.events.delete({ calendarId: "primary", eventId: "lcbooking00001" }))).toMatchObject({
      code: 410,
    });
    expect(
      await status(
        cal.events.insert({
          calendarId: "primary",
          requestBody: event("lcbooking00001", "2030-03-05T15:00:00Z", "2030-03-05T16:00:00Z"),
        }),
      ),
    ).toMatchObject({ code: 409 });
    expect(await status(cal.events.get({ calendarId: "primary", eventId: "nosuchevent" }))).toMatchObject({
      code: 404,
      reason: "notFound",
    });
  });

  it("lists with time range, extended properties, ordering, pages and sync tokens", async () => {
    const cal = calendarFor(await tokenFor("bob@example.com", [EVENTS]));
    for (const [i, day] of ["07", "05", "06", "20"].entries()) {
      await cal.events.insert({
        calendarId: "primary",
        requestBody: event(
          `evt0000${i}`,
          `2030-03-${day}T10:00:00Z`,
          `2030-03-${day}T11:00:00Z`,
          i === 3 ? { extendedProperties: { private: { lcBooking: "other" } } } : {},
        ),
      });
    }
    const ranged = await cal.events.list({
      calendarId: "primary",
      timeMin: "2030-03-01T00:00:00Z",
      timeMax: "2030-03-10T00:00:00Z",
      singleEvents: true,
      orderBy: "startTime",
    });
    expect(ranged.data.items?.map((e) => e.id)).toEqual(["evt00001", "evt00002", "evt00000"]);
    const byProp = await cal.events.list({ calendarId: "primary", privateExtendedProperty: ["lcBooking=other"] });
    expect(byProp.data.items?.map((e) => e.id)).toEqual(["evt00003"]);
    expect(await status(cal.events.list({ calendarId: "primary", orderBy: "startTime" }))).toMatchObject({ code: 400 });

    const first = await cal.events.list({ calendarId: "primary", maxResults: 3 });
    expect(first.data.items).toHaveLength(3);
    expect(first.data.nextSyncToken).toBeUndefined();
    const second = await cal.events.list({
      calendarId: "primary",
      maxResults: 3,
      pageToken: first.data.nextPageToken ?? "",
    });
    expect(second.data.items).toHaveLength(1);
    const syncToken = second.data.nextSyncToken ?? "";
    expect(syncToken).not.toBe("");

    await cal.events.patch({ calendarId: "primary", eventId: "evt00000", requestBody: { summary: "moved" } });
    await cal.events.delete({ calendarId: "primary", eventId: "evt00001" });
    const delta = await cal.events.list({ calendarId: "primary", syncToken });
    expect(delta.data.items?.map((e) => [e.id, e.status])).toEqual([
      ["evt00000", "tentative"],
      ["evt00001", "cancelled"],
    ]);
    expect((await cal.events.list({ calendarId: "primary" })).data.items?.map((e) => e.id)).not.toContain("evt00001");
    expect(
      (await cal.events.list({ calendarId: "primary", showDeleted: true })).data.items?.map((e) => e.id),
    ).toContain("evt00001");
    expect(await status(cal.events.list({ calendarId: "primary", syncToken: "bogus" }))).toMatchObject({
      code: 410,
      reason: "fullSyncRequired",
    });
  });

  it("checks scopes (403 insufficientPermissions) and credentials (401 authError)", async () => {
    const eventsOnly = calendarFor(await tokenFor("alice@example.com", [EVENTS]));
    const err = await status(eventsOnly.calendarList.list());
    expect(err).toMatchObject({ code: 403, reason: "insufficientPermissions" });
    expect(
      await status(
        eventsOnly.freebusy.query({
          requestBody: { timeMin: "2030-01-01T00:00:00Z", timeMax: "2030-01-02T00:00:00Z", items: [{ id: "primary" }] },
        }),
      ),
    ).toMatchObject({ code: 403 });
    const readOnly = calendarFor(await tokenFor("alice@example.com", [READONLY]));
    const list = await readOnly.calendarList.list();
    expect(list.data.items?.[0]).toMatchObject({ id: "alice@example.com", primary: true, accessRole: "owner" });
    expect(
      await status(
        readOnly.events.insert({
          calendarId: "primary",
          requestBody: event("evt00009", "2030-01-01T10:00:00Z", "2030-01-01T11:00:00Z"),
        }),
      ),
    ).toMatchObject({ code: 403 });
    expect(await status(calendarFor("ya29.invalid").events.list({ calendarId: "primary" }))).toMatchObject({
      code: 401,
      reason: "authError",
    });
  });

  it("answers freeBusy with merged busy intervals, ignoring cancelled events", async () => {
    const token = await tokenFor("alice@example.com", [EVENTS, READONLY]);
    const cal = calendarFor(token);
    await cal.events.insert({
      calendarId: "primary",
      requestBody: event("fb000001", "2030-04-01T09:00:00Z", "2030-04-01T10:00:00Z"),
    });
    await cal.events.insert({
      calendarId: "primary",
      requestBody: event("fb000002", "2030-04-01T09:30:00Z", "2030-04-01T11:00:00Z"),
    });
    await cal.events.insert({
      calendarId: "primary",
      requestBody: event("fb000003", "2030-04-01T13:00:00Z", "2030-04-01T14:00:00Z"),
    });
    await cal.events.delete({ calendarId: "primary", eventId: "fb000003" });
    const fb = await cal.freebusy.query({
      requestBody: {
        timeMin: "2030-04-01T00:00:00Z",
        timeMax: "2030-04-02T00:00:00Z",
        items: [{ id: "primary" }, { id: "nobody@example.com" }],
      },
    });
    expect(fb.data.calendars?.primary?.busy).toEqual([{ start: "2030-04-01T09:00:00Z", end: "2030-04-01T11:00:00Z" }]);
    expect(fb.data.calendars?.["nobody@example.com"]?.errors?.[0]?.reason).toBe("notFound");
  });
});

describe("faults and the clock", () => {
  it("injects provider-shaped errors for a bounded count, then serves normally", async () => {
    const cal = calendarFor(await tokenFor("alice@example.com", [EVENTS]));
    const fault = await control<{ id: string }>(emu.urls.paypal, "faults", {
      provider: "google",
      path: "/calendar/v3/calendars/*/events",
      method: "POST",
      status: 429,
      count: 2,
    });
    expect(fault.id).toMatch(/^FLT-/);
    const req = () =>
      cal.events.insert({
        calendarId: "primary",
        requestBody: event("flt00001", "2030-01-01T10:00:00Z", "2030-01-01T11:00:00Z"),
      });
    expect(await status(req())).toMatchObject({ code: 429, reason: "rateLimitExceeded", domain: "usageLimits" });
    expect(await status(cal.events.list({ calendarId: "primary" }))).toMatchObject({ code: 200 }); // GET not matched
    expect(await status(req())).toMatchObject({ code: 429 });
    expect(await status(req())).toMatchObject({ code: 200 });
    expect((await control<{ faults: unknown[] }>(emu.urls.google, "faults")).faults).toEqual([]);

    await control(emu.urls.google, "faults", {
      provider: "google",
      path: "/calendar/v3/calendars/primary/events/flt00001",
      delayMs: 300,
    });
    const t0 = Date.now();
    expect(await status(cal.events.get({ calendarId: "primary", eventId: "flt00001" }))).toMatchObject({ code: 200 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const bad = await fetch(`${emu.urls.google}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "google", path: "*", status: 999 }),
    });
    expect(bad.status).toBe(400);
  });

  it("expires access tokens when the clock advances past their lifetime", async () => {
    const cal = calendarFor(await tokenFor("alice@example.com", [EVENTS]));
    expect(await status(cal.events.list({ calendarId: "primary" }))).toMatchObject({ code: 200 });
    const clock = await control<{ offsetMs: number }>(emu.urls.binance, "clock/advance", { seconds: 3600 });
    expect(clock.offsetMs).toBe(3_600_000);
    expect(await status(cal.events.list({ calendarId: "primary" }))).toMatchObject({ code: 401, reason: "authError" });
  });
});
