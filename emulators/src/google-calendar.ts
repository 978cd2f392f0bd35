// Google Calendar v3 events under /calendar/v3: insert/get/list/update/patch/delete with scope
// checks, client-chosen ids, Meet links, ETags/If-Match and Google-shaped errors.
import type { Context, Hono } from "hono";
import { allowed, calendarOf, type Env, SCOPES } from "./google-access.ts";
import {
  completeConference,
  createConference,
  merge,
  newEventId,
  normalizeAttendees,
  VALID_ID,
  validateEvent,
} from "./google-events.ts";
import { listEvents } from "./google-list.ts";
import { recordMail } from "./google-mail.ts";
import { type Calendar, type GoogleState, googleError, insufficientScope, type StoredEvent } from "./google-state.ts";
import type { Ctx } from "./types.ts";
import { isObject, readJson } from "./util.ts";

function etagFor(ctx: Ctx, seq: number): string {
  return `"${ctx.clock.now()}${String(seq).padStart(3, "0")}"`;
}

/** Stores a write: bumps the global sequence, `updated` and the ETag. */
function touch(ctx: Ctx, st: GoogleState, cal: Calendar, data: Record<string, unknown>, created: boolean): StoredEvent {
  st.seq++;
  const now = new Date(ctx.clock.now()).toISOString();
  data.updated = now;
  if (created) data.created = now;
  data.etag = etagFor(ctx, st.seq);
  const stored = { data, seq: st.seq };
  cal.events.set(String(data.id), stored);
  return stored;
}

function preconditionFailed(c: Context, stored: StoredEvent): boolean {
  const ifMatch = c.req.header("if-match");
  return ifMatch !== undefined && ifMatch !== "*" && ifMatch !== stored.data.etag;
}

function isPending(data: Record<string, unknown>): boolean {
  const req = (data.conferenceData as { createRequest?: { status?: { statusCode?: string } } } | undefined)
    ?.createRequest;
  return req?.status?.statusCode === "pending";
}

/** A pending Meet whose time has come gets its link: a write of its own, as Google's is. */
function settleMeet(ctx: Ctx, st: GoogleState, cal: Calendar, stored: StoredEvent): StoredEvent {
  if (stored.meetReadyAt === undefined || ctx.clock.now() < stored.meetReadyAt) return stored;
  const data = structuredClone(stored.data);
  const req = (data.conferenceData as { createRequest?: { requestId?: string } } | undefined)?.createRequest;
  if (!isPending(data) || data.status === "cancelled" || !req?.requestId) {
    delete stored.meetReadyAt;
    return stored;
  }
  completeConference(data, req.requestId);
  return touch(ctx, st, cal, data, false);
}

export function googleCalendarRoutes(app: Hono<Env>, ctx: Ctx, st: GoogleState): void {
  app.post("/calendar/v3/calendars/:cal/events", async (c) => {
    if (!allowed(c, SCOPES.eventsWrite)) return insufficientScope(c);
    const cal = calendarOf(st, c);
    if (!cal) return googleError(c, 404);
    const sendUpdates = c.req.query("sendUpdates");
    if (sendUpdates !== undefined && !["all", "externalOnly", "none"].includes(sendUpdates)) {
      return googleError(c, 400, "invalidParameter", "Invalid value for: sendUpdates");
    }
    const { value, malformed } = await readJson(c);
    if (malformed || !isObject(value)) return googleError(c, 400, "parseError", "Parse Error");
    if (value.id !== undefined) {
      if (typeof value.id !== "string" || !VALID_ID.test(value.id))
        return googleError(c, 400, "invalid", "Invalid resource id value.");
      // Deleted events linger as cancelled, so their id stays taken.
      if (cal.events.has(value.id)) return googleError(c, 409, "duplicate", "The requested identifier already exists.");
    }
    const checked = validateEvent(value);
    if (!Array.isArray(checked)) return googleError(c, checked.code, checked.reason, checked.message);
    const id = typeof value.id === "string" ? value.id : newEventId();
    const email = c.var.token.email;
    const data: Record<string, unknown> = {
      kind: "calendar#event",
      id,
      status: "confirmed",
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${email}`).toString("base64url")}`,
      ...value,
      creator: { email, self: true },
      organizer: { email, self: true },
      iCalUID: `${id}@google.com`,
      sequence: 0,
      reminders: value.reminders ?? { useDefault: true },
      eventType: "default",
    };
    normalizeAttendees(data);
    let pending = false;
    if (c.req.query("conferenceDataVersion") === "1") {
      const err = createConference(data, ctx.settings.googleMeetPendingMs > 0);
      if (err && err !== "pending") return googleError(c, err.code, err.reason, err.message);
      pending = err === "pending";
    } else delete data.conferenceData; // ignored without conferenceDataVersion=1, as with Google
    const stored = touch(ctx, st, cal, data, true);
    if (pending) stored.meetReadyAt = ctx.clock.now() + ctx.settings.googleMeetPendingMs;
    const created = stored.data;
    recordMail(ctx, st, cal.id, created, sendUpdates, "invitation");
    return c.json(created);
  });

  app.get("/calendar/v3/calendars/:cal/events", (c) => {
    if (!allowed(c, SCOPES.eventsRead)) return insufficientScope(c);
    const cal = calendarOf(st, c);
    if (!cal) return googleError(c, 404);
    for (const stored of [...cal.events.values()]) settleMeet(ctx, st, cal, stored);
    const result = listEvents(st, cal, new URL(c.req.url).searchParams);
    if ("page" in result) return c.json(result.page);
    return googleError(c, result.code, result.reason, result.message);
  });

  app.get("/calendar/v3/calendars/:cal/events/:id", (c) => {
    if (!allowed(c, SCOPES.eventsRead)) return insufficientScope(c);
    const cal = calendarOf(st, c);
    const found = cal?.events.get(c.req.param("id"));
    if (!cal || !found) return googleError(c, 404);
    const stored = settleMeet(ctx, st, cal, found);
    if (c.req.header("if-none-match") === stored.data.etag) return c.body(null, 304);
    return c.json(stored.data);
  });

  const write = (mode: "patch" | "update") => async (c: Context<Env>) => {
    if (!allowed(c, SCOPES.eventsWrite)) return insufficientScope(c);
    const cal = calendarOf(st, c);
    const stored = cal?.events.get(c.req.param("id") ?? "");
    if (!cal || !stored) return googleError(c, 404);
    if (preconditionFailed(c, stored)) return googleError(c, 412);
    const { value, malformed } = await readJson(c);
    if (malformed || !isObject(value)) return googleError(c, 400, "parseError", "Parse Error");
    const fixed = {
      kind: "calendar#event",
      id: stored.data.id,
      htmlLink: stored.data.htmlLink,
      created: stored.data.created,
      creator: stored.data.creator,
      organizer: stored.data.organizer,
      iCalUID: stored.data.iCalUID,
      eventType: "default",
    };
    const next =
      mode === "patch" ? merge(stored.data, value) : { status: "confirmed", reminders: { useDefault: true }, ...value };
    Object.assign(next, fixed);
    const checked = validateEvent(next);
    if (!Array.isArray(checked)) return googleError(c, checked.code, checked.reason, checked.message);
    normalizeAttendees(next);
    const timeChanged = JSON.stringify([next.start, next.end]) !== JSON.stringify([stored.data.start, stored.data.end]);
    next.sequence = Number(stored.data.sequence ?? 0) + (timeChanged ? 1 : 0);
    let pending = false;
    if (c.req.query("conferenceDataVersion") === "1") {
      const err = createConference(next, ctx.settings.googleMeetPendingMs > 0);
      if (err && err !== "pending") return googleError(c, err.code, err.reason, err.message);
      pending = err === "pending";
    } else if (mode === "update" || (isObject(value.conferenceData) && !stored.data.conferenceData)) {
      if (stored.data.conferenceData) next.conferenceData = stored.data.conferenceData;
      else delete next.conferenceData;
    }
    const writ = touch(ctx, st, cal, next, false);
    if (pending) writ.meetReadyAt = ctx.clock.now() + ctx.settings.googleMeetPendingMs;
    else if (stored.meetReadyAt !== undefined && isPending(next)) writ.meetReadyAt = stored.meetReadyAt;
    const written = writ.data;
    recordMail(ctx, st, cal.id, written, c.req.query("sendUpdates"), "update");
    return c.json(written);
  };
  app.patch("/calendar/v3/calendars/:cal/events/:id", write("patch"));
  app.put("/calendar/v3/calendars/:cal/events/:id", write("update"));

  app.delete("/calendar/v3/calendars/:cal/events/:id", (c) => {
    if (!allowed(c, SCOPES.eventsWrite)) return insufficientScope(c);
    const cal = calendarOf(st, c);
    const stored = cal?.events.get(c.req.param("id"));
    if (!cal || !stored) return googleError(c, 404);
    if (stored.data.status === "cancelled") return googleError(c, 410, "deleted", "Resource has been deleted");
    if (preconditionFailed(c, stored)) return googleError(c, 412);
    const cancelled = touch(ctx, st, cal, { ...stored.data, status: "cancelled" }, false).data;
    recordMail(ctx, st, cal.id, cancelled, c.req.query("sendUpdates"), "cancellation");
    return c.body(null, 204);
  });
}
