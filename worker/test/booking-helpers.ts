// A Worker configured for the booking page against the Google emulator, and the host's steps:
// connecting (the emulator's consent form, posted as a browser would), tokens, calendar events.
import { inject } from "vitest";
import { dayOf } from "../src/booking/slots";
import { toBase64 } from "../src/verify/encoding";
import { worker } from "./helpers";

const emu = inject("emulators");
export const GOOGLE = emu.urls.google;
export const ZONE = "America/Argentina/Buenos_Aires";

/** A booking-page Worker whose host is a fresh emulator account (tests never share a calendar). */
export function pageWorker(extra: Record<string, string> = {}) {
  const host = `host-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const key = toBase64(crypto.getRandomValues(new Uint8Array(32)));
  const w = worker({
    PUBLIC_BASE_URL: "http://worker.test",
    CHECKOUT_RATE_LIMIT_PER_HOUR: "100000",
    ADMIN_EMAIL: host,
    AUTH_GOOGLE_ID: "web-client.apps.googleusercontent.com",
    AUTH_GOOGLE_SECRET: "web-client-secret",
    TOKEN_ENCRYPTION_KEY: key,
    HOST_TIME_ZONE: ZONE,
    GOOGLE_AUTH_URL: `${GOOGLE}/o/oauth2/v2/auth`,
    GOOGLE_TOKEN_URL: `${GOOGLE}/token`,
    GOOGLE_API_BASE: GOOGLE,
    GOOGLE_USERINFO_URL: `${GOOGLE}/v1/userinfo`,
    PAYPAL_API_BASE: emu.urls.paypal,
    PAYPAL_CERT_HOSTS: emu.urls.paypal,
    PAYPAL_CLIENT_ID: emu.credentials.paypal.clientId,
    PAYPAL_CLIENT_SECRET: emu.credentials.paypal.clientSecret,
    PAYPAL_WEBHOOK_ID: emu.credentials.paypal.webhookId ?? "x",
    ...extra,
  });
  return { ...w, host, key };
}
export type PageWorker = ReturnType<typeof pageWorker>;

/** JSON to the Google emulator's control API. */
export async function googleControl(path: string, body?: unknown) {
  const res = await fetch(`${GOOGLE}/__emulator/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: emulator JSON probed ad hoc
  return (await res.json()) as any;
}

/** An access token of `email` as the extension would hold one. */
export async function googleToken(email: string, scopes = ["email", "calendar.events", "calendar.readonly"]) {
  return (await googleControl("google/tokens", { email, scopes })).access_token as string;
}

/** Connect → Google's consent (as `email`) → the Worker's callback; returns the callback's answer. */
export async function connectAs(w: PageWorker, email: string) {
  const start = await w.call("GET", "/admin/google/connect");
  const auth = new URL(start.headers.get("location") ?? "");
  const approved = await fetch(`${GOOGLE}/o/oauth2/v2/auth/approve`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ q: auth.search.slice(1), email, decision: "allow" }),
    redirect: "manual",
  });
  const back = new URL(approved.headers.get("location") ?? "");
  return {
    start,
    auth,
    callback: await w.call("GET", back.pathname + back.search),
    callbackPath: back.pathname + back.search,
  };
}

/** Inserts an event straight into the host's calendar (the host's own busy time). */
export async function hostEvent(host: string, id: string, start: number, end: number) {
  const token = await googleToken(host);
  const res = await fetch(`${GOOGLE}/calendar/v3/calendars/primary/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      id,
      summary: "Private dentist appointment",
      start: { dateTime: new Date(start).toISOString() },
      end: { dateTime: new Date(end).toISOString() },
    }),
  });
  if (!res.ok) throw new Error(`host event: ${res.status} ${await res.text()}`);
}

/** The host's calendar as the emulator holds it. */
export async function hostCalendar(host: string) {
  const state = await googleControl("state");
  return (state.google.calendars as { id: string; events: Record<string, unknown>[] }[]).find((c) => c.id === host);
}

/** A page with one type open around the clock, so slots exist whatever the time of the run. */
export const openPage = (over: Record<string, unknown> = {}) => ({
  timeZone: ZONE,
  weekly: Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["00:00", "24:00"]]])),
  daysOff: [],
  types: [
    {
      id: "intro",
      title: "Intro call",
      description: "Thirty minutes to get to know each other.",
      durationMinutes: 60,
      minNoticeMinutes: 0,
      horizonDays: 30,
      maxPerDay: 100,
      ...over,
    },
  ],
});

/** Host-local "YYYY-MM-DD" `days` from now. */
export const dayFromNow = (days: number) => dayOf(ZONE, Date.now() + days * 86_400_000);

/** Polls until `check` is true (bounded): for work the Worker finishes in the background. */
export async function until(check: () => Promise<boolean>, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not met in time");
}

/** The host's events that belong to one page reservation. */
export async function eventsOf(host: string, reservationId: string) {
  const cal = await hostCalendar(host);
  return (cal?.events ?? []).filter(
    (e) =>
      (e.extendedProperties as { private?: Record<string, string> } | undefined)?.private?.lcPageReservation ===
      reservationId,
  );
}
