// The booking page's host, played against the local stack: a Google access token for the host
// (the emulator's implicit flow, auto-approved), the calendar connection (the Worker's own
// code flow), and the page's configuration through the admin API. Used by the E2E specs and the
// benchmarks; product code never imports it.
import type { BookingPageSettings, BookingPageView } from "../utils/api/booking-page.ts";
import type { Stack } from "./stack.ts";

/** The stack's host (its ADMIN_EMAIL). */
export const HOST_EMAIL = "alice@example.com";

/** A Google access token of `email`, from the emulator's implicit flow (the stack auto-approves). */
export async function googleToken(stack: Stack, email = HOST_EMAIL): Promise<string> {
  const auth = new URL(`${stack.emulators.urls.google}/o/oauth2/v2/auth`);
  for (const [k, v] of Object.entries({
    client_id: "leadscalendar-local.apps.googleusercontent.com",
    redirect_uri: "http://127.0.0.1/oauth-done",
    response_type: "token",
    scope: "openid email https://www.googleapis.com/auth/calendar.events",
    login_hint: email,
    state: "s",
  }))
    auth.searchParams.set(k, v);
  const res = await fetch(auth, { redirect: "manual" });
  const location = res.headers.get("location") ?? "";
  const token = new URLSearchParams(new URL(location, auth).hash.slice(1)).get("access_token");
  if (!token) throw new Error(`no access token from the Google emulator (${res.status} ${location})`);
  return token;
}

/** Connects the host's calendar: the Worker's connect page, through the emulator's consent, to its callback. */
export async function connectHost(stack: Stack): Promise<void> {
  const res = await fetch(`${stack.workerUrl}/admin/google/connect`, { redirect: "follow" });
  if (!res.ok) throw new Error(`connecting the host failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
}

/** The admin API with the host's token. */
export function adminApi(stack: Stack, token: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${stack.workerUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
  return {
    get: () => call<BookingPageView>("GET", "/v1/admin/booking-page"),
    put: (s: BookingPageSettings) => call<BookingPageView>("PUT", "/v1/admin/booking-page", s),
  };
}

const ALL_DAY: [string, string][] = [["00:00", "24:00"]];

/**
 * A page with one 30-minute type, open every day, all day, with no notice — so slots exist whenever
 * a test or benchmark runs.
 */
export const OPEN_PAGE: BookingPageSettings = {
  timeZone: "America/Argentina/Buenos_Aires",
  weekly: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
  daysOff: [],
  types: [
    {
      id: "intro",
      title: "Intro call",
      description: "Thirty minutes to get to know each other.",
      durationMinutes: 30,
      slotStepMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 30,
      maxPerDay: 100,
    },
  ],
};

/** Connects the host and configures `settings`; returns the host's token. */
export async function setUpHost(stack: Stack, settings: BookingPageSettings = OPEN_PAGE): Promise<string> {
  await connectHost(stack);
  const token = await googleToken(stack);
  await adminApi(stack, token).put(settings);
  return token;
}
