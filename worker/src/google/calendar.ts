// The Calendar v3 calls the Worker makes for the host: freeBusy, events insert/get/list.
import * as v from "valibot";
import type { BookingConfig } from "../booking/config";
import { fetchJson, ProviderError } from "../providers/http";
import { dropAccessToken, hostAccessToken } from "./connection";
import { CalendarEvent, EventList, FreeBusy } from "./schemas";

const reasonOf = (body: unknown) =>
  String((body as { error?: { errors?: { reason?: string }[] } } | null)?.error?.errors?.[0]?.reason ?? "error").slice(
    0,
    40,
  );

/** One Calendar API call as the host; a 401 drops the cached token and retries once (PROTOCOLS: authError). */
async function call<S extends v.GenericSchema>(
  db: D1Database,
  b: BookingConfig,
  path: string,
  schema: S,
  init: RequestInit = {},
): Promise<v.InferOutput<S>> {
  for (let attempt = 0; ; attempt++) {
    const token = await hostAccessToken(db, b);
    try {
      const { body } = await fetchJson(
        "google",
        `${b.google.apiBase}/calendar/v3${path}`,
        {
          ...init,
          headers: {
            authorization: `Bearer ${token}`,
            ...(init.body ? { "content-type": "application/json" } : {}),
            ...(init.headers as Record<string, string> | undefined),
          },
        },
        reasonOf,
        schema,
      );
      return body;
    } catch (err) {
      if (err instanceof ProviderError && err.status === 401 && attempt === 0) {
        dropAccessToken();
        continue;
      }
      throw err;
    }
  }
}

/** Busy intervals (ms) of the calendar in [min, max). */
export async function freeBusy(
  db: D1Database,
  b: BookingConfig,
  minMs: number,
  maxMs: number,
): Promise<[number, number][]> {
  const res = await call(db, b, "/freeBusy", FreeBusy, {
    method: "POST",
    body: JSON.stringify({
      timeMin: new Date(minMs).toISOString(),
      timeMax: new Date(maxMs).toISOString(),
      items: [{ id: b.calendarId }],
    }),
  });
  const cal = res?.calendars?.[b.calendarId];
  // An unknown or unreadable calendar comes back as errors, not as an HTTP error: never read
  // that as "all free".
  if (!cal || cal.errors?.length) throw new ProviderError("google", 200, "freebusy_calendar", "calendar not readable");
  return (cal.busy ?? []).map((x) => [Date.parse(x.start), Date.parse(x.end)] as [number, number]);
}

export type { CalendarEvent };

const cal = (b: BookingConfig) => `/calendars/${encodeURIComponent(b.calendarId)}`;

/** Inserts an event with a Meet request and invitations to its attendees. */
export function insertEvent(db: D1Database, b: BookingConfig, event: Record<string, unknown>) {
  return call(db, b, `${cal(b)}/events?conferenceDataVersion=1&sendUpdates=all`, CalendarEvent, {
    method: "POST",
    body: JSON.stringify(event),
  });
}

/** One event by id; null when it does not exist. */
export async function getEvent(db: D1Database, b: BookingConfig, id: string): Promise<CalendarEvent | null> {
  try {
    return await call(db, b, `${cal(b)}/events/${encodeURIComponent(id)}`, CalendarEvent);
  } catch (err) {
    if (err instanceof ProviderError && err.status === 404) return null;
    throw err;
  }
}

/** The Meet link of an event, once Google has created it (it can still be pending). */
export function meetLink(e: CalendarEvent): string | null {
  if (e.hangoutLink) return e.hangoutLink;
  return e.conferenceData?.entryPoints?.find((p) => p.entryPointType === "video")?.uri ?? null;
}

/** Upcoming events' times and status (no titles asked for, none returned), one page of up to 250. */
export async function upcomingEvents(db: D1Database, b: BookingConfig, fromMs: number, toMs: number) {
  const q = new URLSearchParams({
    timeMin: new Date(fromMs).toISOString(),
    timeMax: new Date(toMs).toISOString(),
    singleEvents: "true",
    orderBy: "startTime",
    maxResults: "250",
    fields: "items(start,end,status,transparency),nextPageToken",
  });
  const res = await call(db, b, `${cal(b)}/events?${q}`, EventList);
  return res?.items ?? [];
}

/** Patches an event's fields and tells its attendees (`sendUpdates=all`). */
export function patchEvent(db: D1Database, b: BookingConfig, id: string, fields: Record<string, unknown>) {
  return call(db, b, `${cal(b)}/events/${encodeURIComponent(id)}?sendUpdates=all`, CalendarEvent, {
    method: "PATCH",
    body: JSON.stringify(fields),
  });
}

/**
 * Deletes an event and sends its attendees the cancellation (`sendUpdates=all`). An event that is
 * gone already (404, or 410 once deleted) counts as deleted.
 */
export async function deleteEvent(db: D1Database, b: BookingConfig, id: string): Promise<void> {
  try {
    await call(db, b, `${cal(b)}/events/${encodeURIComponent(id)}?sendUpdates=all`, v.unknown(), {
      method: "DELETE",
    });
  } catch (err) {
    if (err instanceof ProviderError && (err.status === 404 || err.status === 410)) return;
    throw err;
  }
}
