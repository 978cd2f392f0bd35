// The Google behaviour a server acting for a host meets (PROTOCOLS "Server-side"): refresh tokens
// only on first or forced consent, dead refresh tokens (invalid_grant), invitation mails for
// sendUpdates, Meet links and reminder validation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulators, startEmulators } from "../src/index.ts";
import { control } from "./helpers.ts";

let emu: Emulators;
const REDIRECT = "http://127.0.0.1:9/admin/google/callback";
const SCOPES =
  "openid email https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.readonly";

beforeAll(async () => {
  emu = await startEmulators({ port: 0, quiet: true, autoApprove: true });
});
afterAll(async () => emu?.close());
beforeEach(async () => {
  await control(emu.urls.google, "reset", {});
});

/** Runs the auto-approved code flow and exchanges the code; returns the token response. */
async function grant(extra: Record<string, string>) {
  const q = new URLSearchParams({
    client_id: "web-client",
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: SCOPES,
    login_hint: "alice@example.com",
    ...extra,
  });
  const res = await fetch(`${emu.urls.google}/o/oauth2/v2/auth?${q}`, { redirect: "manual" });
  const code = new URL(res.headers.get("location") ?? "").searchParams.get("code") ?? "";
  const token = await fetch(`${emu.urls.google}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      client_id: "web-client",
      client_secret: "s",
      redirect_uri: REDIRECT,
    }),
  });
  return (await token.json()) as { access_token: string; refresh_token?: string; error?: string };
}

const refresh = async (refreshToken: string) => {
  const res = await fetch(`${emu.urls.google}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: "web-client" }),
  });
  return { status: res.status, body: (await res.json()) as { access_token?: string; error?: string } };
};

describe("Google for a server acting for its host", () => {
  it("returns a refresh token on the first offline consent and with prompt=consent, not on a silent repeat", async () => {
    const first = await grant({ access_type: "offline" });
    expect(first.refresh_token).toMatch(/^1\/\//);
    const silent = await grant({ access_type: "offline" });
    expect(silent.access_token).toMatch(/^ya29\./);
    expect(silent.refresh_token).toBeUndefined();
    const forced = await grant({ access_type: "offline", prompt: "consent" });
    expect(forced.refresh_token).toMatch(/^1\/\//);
    expect(forced.refresh_token).not.toBe(first.refresh_token);
    expect((await grant({})).refresh_token).toBeUndefined(); // online access never gets one
  });

  it("kills refresh tokens on request: the next refresh is 400 invalid_grant", async () => {
    const { refresh_token } = await grant({ access_type: "offline", prompt: "consent" });
    expect((await refresh(refresh_token ?? "")).status).toBe(200);
    const res = await control<{ revoked: number }>(emu.urls.google, "google/refresh-tokens/revoke", {
      email: "alice@example.com",
    });
    expect(res.revoked).toBe(1);
    const dead = await refresh(refresh_token ?? "");
    expect(dead).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "Token has been expired or revoked." },
    });
  });

  it("mails attendees only when sendUpdates asks, creates Meet links and validates reminders", async () => {
    const { access_token } = await grant({ access_type: "offline" });
    const insert = (id: string, query: string, extra: Record<string, unknown> = {}) =>
      fetch(`${emu.urls.google}/calendar/v3/calendars/primary/events?${query}`, {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
        body: JSON.stringify({
          id,
          summary: "Intro — Lead",
          start: { dateTime: "2031-03-05T10:00:00-03:00", timeZone: "America/Argentina/Buenos_Aires" },
          end: { dateTime: "2031-03-05T10:30:00-03:00", timeZone: "America/Argentina/Buenos_Aires" },
          attendees: [{ email: "lead@elsewhere.test" }, { email: "alice@example.com" }],
          reminders: {
            useDefault: false,
            overrides: [
              { method: "email", minutes: 60 },
              { method: "popup", minutes: 10 },
            ],
          },
          conferenceData: { createRequest: { requestId: id, conferenceSolutionKey: { type: "hangoutsMeet" } } },
          ...extra,
        }),
      });
    const quiet = await insert("mail00001", "conferenceDataVersion=1");
    expect(quiet.status).toBe(200);
    const sent = await insert("mail00002", "conferenceDataVersion=1&sendUpdates=all");
    const event = (await sent.json()) as Record<string, unknown>;
    expect(event.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    expect(event.reminders).toEqual({
      useDefault: false,
      overrides: [
        { method: "email", minutes: 60 },
        { method: "popup", minutes: 10 },
      ],
    });
    const state = await control<{ google: { mail: { to: string; eventId: string; kind: string }[] } }>(
      emu.urls.google,
      "state",
    );
    expect(state.google.mail.map((m) => [m.to, m.eventId, m.kind])).toEqual([
      ["lead@elsewhere.test", "mail00002", "invitation"],
    ]);
    const bad = await insert("mail00003", "sendUpdates=all", {
      reminders: { useDefault: false, overrides: [{ method: "sms", minutes: 10 }] },
    });
    expect(bad.status).toBe(400);
  });
});
