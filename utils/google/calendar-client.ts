import type { CalendarEvent, CalendarListEntry, EventList, FreeBusyResponse, ListEventsQuery } from "./calendar-types";
import { backoffDelay, classifyGoogleError, GoogleApiError } from "./errors";

/** What the client needs from the outside world; injected so tests use a fetch stub and no real time. */
export interface CalendarClientDeps {
  /** API root, e.g. `https://www.googleapis.com` (Calendar v3 is under `/calendar/v3`). */
  baseUrl: string;
  /** A valid access token (may prompt only if the caller allows it). */
  getToken(): Promise<string>;
  /** Forget a token Google rejected with 401, so the next getToken fetches a fresh one. */
  invalidateToken(token: string): Promise<void>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Retries after the first attempt for retryable errors (429, 5xx, rate-limit 403, network). */
  maxRetries?: number;
}

/** Options of `events.insert`. */
export interface InsertOptions {
  /** 1 = process `conferenceData.createRequest` (creates the Meet link). */
  conferenceDataVersion?: 0 | 1;
  sendUpdates?: "all" | "externalOnly" | "none";
}

type Query = Record<string, string | number | boolean | string[] | undefined>;

/**
 * A typed Google Calendar v3 client over fetch. Every call: retries retryable errors with
 * exponential backoff and jitter; on 401 drops the token and retries once with a new one; throws
 * {@link GoogleApiError} otherwise (410 `gone` tells sync callers to drop their sync token).
 */
export function createCalendarClient(deps: CalendarClientDeps) {
  const doFetch = deps.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const maxRetries = deps.maxRetries ?? 4;
  const root = `${deps.baseUrl.replace(/\/+$/, "")}/calendar/v3`;

  async function once(method: string, url: string, body: unknown, headers: Record<string, string>) {
    const token = await deps.getToken();
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new GoogleApiError("network", 0, undefined, e instanceof Error ? e.message : String(e));
    }
    if (res.ok) return res.status === 204 ? undefined : await res.json().catch(() => undefined);
    const errBody = await res.json().catch(() => null);
    const err = classifyGoogleError(res.status, errBody);
    if (err.kind === "auth") await deps.invalidateToken(token);
    throw err;
  }

  async function request<T>(
    method: string,
    path: string,
    query: Query = {},
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const url = new URL(root + path);
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
    }
    let authRetried = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return (await once(method, url.toString(), body, headers)) as T;
      } catch (e) {
        if (!(e instanceof GoogleApiError)) throw e;
        if (e.kind === "auth" && !authRetried) {
          authRetried = true;
          continue;
        }
        if (e.retryable && attempt < maxRetries) {
          await sleep(backoffDelay(attempt, random));
          continue;
        }
        throw e;
      }
    }
  }

  const cal = (id: string) => `/calendars/${encodeURIComponent(id)}`;
  return {
    /** Calendars the user can see (one page of up to 250 is plenty for a picker). */
    async listCalendars(): Promise<CalendarListEntry[]> {
      const r = await request<{ items?: CalendarListEntry[] }>("GET", "/users/me/calendarList", { maxResults: 250 });
      return r.items ?? [];
    },
    insertEvent(calendarId: string, event: CalendarEvent, opts: InsertOptions = {}): Promise<CalendarEvent> {
      return request("POST", `${cal(calendarId)}/events`, { ...opts }, event);
    },
    getEvent(calendarId: string, eventId: string): Promise<CalendarEvent> {
      return request("GET", `${cal(calendarId)}/events/${encodeURIComponent(eventId)}`);
    },
    /** Patch replaces arrays whole. `etag` makes it conditional (412 `precondition` on mismatch). */
    patchEvent(
      calendarId: string,
      eventId: string,
      patch: CalendarEvent,
      opts: InsertOptions & { etag?: string } = {},
    ): Promise<CalendarEvent> {
      const { etag, ...query } = opts;
      return request(
        "PATCH",
        `${cal(calendarId)}/events/${encodeURIComponent(eventId)}`,
        query,
        patch,
        etag ? { "If-Match": etag } : {},
      );
    },
    async deleteEvent(calendarId: string, eventId: string, opts: { sendUpdates?: InsertOptions["sendUpdates"] } = {}) {
      await request<void>("DELETE", `${cal(calendarId)}/events/${encodeURIComponent(eventId)}`, { ...opts });
    },
    /** One page of events; pass `pageToken` for the next. 410 (`gone`) = drop `syncToken`, list in full. */
    listEvents(calendarId: string, query: ListEventsQuery = {}): Promise<EventList> {
      return request<EventList>("GET", `${cal(calendarId)}/events`, { ...query }).then((r) => ({
        ...r,
        items: r.items ?? [],
      }));
    },
    freeBusy(body: {
      timeMin: string;
      timeMax: string;
      timeZone?: string;
      items: { id: string }[];
    }): Promise<FreeBusyResponse> {
      return request("POST", "/freeBusy", {}, body);
    },
  };
}

export type CalendarClient = ReturnType<typeof createCalendarClient>;

/**
 * Every page of an `events.list`, following `nextPageToken`. On 410 (the sync token expired)
 * it restarts once without the sync token — the full resync docs/providers.md "Google" asks for — and says so.
 */
export async function listAllEvents(
  client: CalendarClient,
  calendarId: string,
  query: ListEventsQuery,
  maxPages = 50,
): Promise<{ items: CalendarEvent[]; nextSyncToken?: string; resynced: boolean }> {
  const run = async (q: ListEventsQuery) => {
    const items: CalendarEvent[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const r = await client.listEvents(calendarId, { ...q, pageToken });
      items.push(...r.items);
      if (!r.nextPageToken) return { items, nextSyncToken: r.nextSyncToken };
      pageToken = r.nextPageToken;
    }
    throw new GoogleApiError("server", 0, undefined, `more than ${maxPages} pages`);
  };
  try {
    return { ...(await run(query)), resynced: false };
  } catch (e) {
    if (!(e instanceof GoogleApiError) || e.kind !== "gone" || !query.syncToken) throw e;
    const { syncToken: _dropped, ...full } = query;
    return { ...(await run(full)), resynced: true };
  }
}
