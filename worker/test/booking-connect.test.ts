import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { decryptToken } from "../src/google/crypto";
import { fromBase64 } from "../src/verify/encoding";
import { connectAs, googleControl, googleToken, openPage, pageWorker } from "./booking-helpers";

// The host's Google connection (code flow, PKCE, state, ADMIN_EMAIL only, token encrypted at rest)
// and the admin API's check, inside workerd against the Google emulator.
const w = pageWorker();
const connections = async () =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM google_connection").first<{ n: number }>())?.n;

describe("connecting the host's calendar", () => {
  it("redirects to Google with the code flow, offline access, consent, PKCE S256, state and login_hint", async () => {
    const res = await w.call("GET", "/admin/google/connect");
    expect(res.status).toBe(302);
    const u = new URL(res.headers.get("location") ?? "");
    expect(u.origin + u.pathname).toBe(`${new URL(w.env.GOOGLE_AUTH_URL as string).origin}/o/oauth2/v2/auth`);
    const q = Object.fromEntries(u.searchParams);
    expect(q).toMatchObject({
      client_id: "web-client.apps.googleusercontent.com",
      redirect_uri: "http://worker.test/admin/google/callback",
      response_type: "code",
      access_type: "offline",
      prompt: "consent",
      code_challenge_method: "S256",
      login_hint: w.host,
    });
    expect(q.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.scope?.split(" ")).toEqual(
      expect.arrayContaining(["email", "https://www.googleapis.com/auth/calendar.events"]),
    );
  });

  it("refuses another account with 403 and stores nothing", async () => {
    const { callback } = await connectAs(w, "someone-else@example.com");
    expect(callback.status).toBe(403);
    expect(callback.text).toContain(w.host);
    expect(await connections()).toBe(0);
  });

  it("refuses a callback without a started flow (forged or replayed state)", async () => {
    expect((await w.call("GET", "/admin/google/callback?code=x&state=never-issued")).status).toBe(400);
    expect(await connections()).toBe(0);
  });

  it("stores ADMIN_EMAIL's refresh token encrypted: the stored value is not the token and opens only with the key", async () => {
    const { callback, callbackPath } = await connectAs(w, w.host);
    expect(callback.status).toBe(200);
    expect(callback.headers.get("content-type")).toContain("text/html");
    const state = await googleControl("state");
    const issued = (state.google.refreshTokens as { token: string; email: string }[]).filter((t) => t.email === w.host);
    expect(issued).toHaveLength(1);
    const token = issued[0]?.token as string;
    const row = await env.DB.prepare("SELECT * FROM google_connection WHERE id = 1").first<Record<string, string>>();
    expect(row?.email).toBe(w.host);
    expect(row?.status).toBe("connected");
    expect(row?.refresh_token).not.toContain(token);
    expect(row?.refresh_token).not.toContain(token.slice(4, 40));
    const key = fromBase64(w.key) as Uint8Array;
    expect(await decryptToken(key, row?.refresh_token ?? "", `google-refresh-token:${w.host}`)).toBe(token);
    const otherKey = crypto.getRandomValues(new Uint8Array(32));
    expect(await decryptToken(otherKey, row?.refresh_token ?? "", `google-refresh-token:${w.host}`)).toBeNull();
    expect(await decryptToken(key, row?.refresh_token ?? "", "google-refresh-token:x@example.com")).toBeNull();
    // The state was single use: replaying the same callback is refused and changes nothing.
    expect((await w.call("GET", callbackPath)).status).toBe(400);
  });
});

describe("the admin API", () => {
  it.each<[string, () => Promise<Record<string, string>>, number]>([
    ["no Authorization", async () => ({}), 401],
    ["a token Google does not know", async () => ({ authorization: "Bearer ya29.not-a-real-token" }), 401],
    ["another account's token", async () => ({ authorization: `Bearer ${await googleToken("bob@example.com")}` }), 403],
    [
      "a token without the email scope",
      async () => ({ authorization: `Bearer ${await googleToken(w.host, ["calendar.events"])}` }),
      403,
    ],
  ])("refuses %s (%i)", async (_name, headers, status) => {
    const res = await w.call("GET", "/v1/admin/booking-page", undefined, await headers());
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(status === 401 ? "unauthorized" : "forbidden");
    const put = await w.call("PUT", "/v1/admin/booking-page", openPage(), await headers());
    expect(put.status).toBe(status);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM booking_page").first<{ n: number }>()).toEqual({ n: 0 });
  });

  it("lets the host read and save the page; bad input is a 400 naming the field and writes nothing", async () => {
    const auth = { authorization: `Bearer ${await googleToken(w.host)}` };
    const empty = await w.call("GET", "/v1/admin/booking-page", undefined, auth);
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({
      connected: true,
      calendarId: "primary",
      timeZone: "America/Argentina/Buenos_Aires",
      daysOff: [],
      types: [],
    });
    for (const [body, field] of [
      [{ ...openPage(), timeZone: "Mars/Olympus" }, "timeZone"],
      [{ ...openPage(), weekly: { mon: [["10:00", "09:00"]] } }, "weekly.mon[0]"],
      [{ ...openPage(), daysOff: ["2026-13-45"] }, "daysOff[0]"],
      [openPage({ id: "Not A Slug" }), "types[0].id"],
      [openPage({ durationMinutes: 0 }), "types[0].durationMinutes"],
    ] as const) {
      const res = await w.call("PUT", "/v1/admin/booking-page", body, auth);
      expect(res.status).toBe(400);
      expect(res.json.error.message, res.json.error.message).toContain(field);
    }
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM booking_page").first<{ n: number }>()).toEqual({ n: 0 });
    const saved = await w.call("PUT", "/v1/admin/booking-page", openPage({ slotStepMinutes: undefined }), auth);
    expect(saved.status).toBe(200);
    expect(saved.json.types[0]).toMatchObject({ id: "intro", slotStepMinutes: 60, bufferBeforeMinutes: 0 });
    expect(saved.json.pageUrl).toBe("http://worker.test/book/intro");
    const again = await w.call("GET", "/v1/admin/booking-page", undefined, auth);
    expect(again.json).toEqual(saved.json);
  });
});
