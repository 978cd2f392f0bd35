// Google Calendar v3 under /calendar/v3: calendarList, events insert/get/update/patch/delete,
// freeBusy and colors, with scope checks, ETags/If-Match and Google-shaped errors.
import type { Context, Hono } from "hono";
import {
  boundary,
  busyIntervals,
  createConference,
  merge,
  newEventId,
  normalizeAttendees,
  parseTime,
  VALID_ID,
  validateEvent,
} from "./google-events.ts";
import { listEvents } from "./google-list.ts";
import {
  type AccessToken,
  type Calendar,
  type GoogleState,
  googleError,
  insufficientScope,
  primaryCalendar,
  SCOPE_PREFIX,
  type StoredEvent,
} from "./google-state.ts";
import type { Ctx } from "./types.ts";
import { isObject, readJson } from "./util.ts";

const S = (...names: string[]) => names.map((n) => SCOPE_PREFIX + n);
/** Which scopes allow what (any one suffices). */
export const SCOPES = {
  eventsWrite: S("calendar", "calendar.events", "calendar.events.owned"),
  eventsRead: S(
    "calendar",
    "calendar.events",
    "calendar.events.owned",
    "calendar.readonly",
    "calendar.events.readonly",
    "calendar.events.owned.readonly",
  ),
  calendarList: S("calendar", "calendar.readonly", "calendar.calendarlist", "calendar.calendarlist.readonly"),
  freeBusy: S("calendar", "calendar.readonly", "calendar.freebusy", "calendar.events.freebusy"),
};

type Env = { Variables: { token: AccessToken } };

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

export function googleCalendarRoutes(app: Hono<Env>, ctx: Ctx, st: GoogleState): void {
  app.use("/calendar/v3/*", async (c, next) => {
    const m = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "");
    const t = m?.[1] ? st.access.get(m[1]) : undefined;
    if (!t || t.expiresAt <= ctx.clock.now()) return googleError(c, 401);
    c.set("token", t);
    return next();
  });
  const allowed = (c: Context<Env>, scopes: string[]) => c.var.token.scopes.some((s) => scopes.includes(s));
  const calendarOf = (c: Context<Env>): Calendar | undefined => {
    const id = decodeURIComponent(c.req.param("cal") ?? "");
    const email = c.var.token.email;
    if (id === "primary" || id === email) return primaryCalendar(st, email);
    const cal = st.calendars.get(id);
    return cal && cal.owner === email ? cal : undefined;
  };

  const listEntry = (cal: Calendar) => ({
    kind: "calendar#calendarListEntry",
    etag: `"${cal.id.length}000"`,
    id: cal.id,
    summary: cal.summary,
    timeZone: cal.timeZone,
    colorId: "14",
    backgroundColor: "#9fe1e7",
    foregroundColor: "#000000",
    selected: true,
    accessRole: "owner",
    defaultReminders: [{ method: "popup", minutes: 10 }],
    conferenceProperties: { allowedConferenceSolutionTypes: ["hangoutsMeet"] },
    primary: cal.id === cal.owner,
  });

  app.get("/calendar/v3/users/me/calendarList", (c) => {
    if (!allowed(c, SCOPES.calendarList)) return insufficientScope(c);
    const email = c.var.token.email;
    primaryCalendar(st, email);
    const items = [...st.calendars.values()].filter((cal) => cal.owner === email).map(listEntry);
    return c.json({ kind: "calendar#calendarList", etag: `"${st.seq}"`, nextSyncToken: `emu-list-${st.seq}`, items });
  });
  app.get("/calendar/v3/users/me/calendarList/:cal", (c) => {
    if (!allowed(c, SCOPES.calendarList)) return insufficientScope(c);
    const cal = calendarOf(c);
    return cal ? c.json(listEntry(cal)) : googleError(c, 404);
  });
  app.get("/calendar/v3/calendars/:cal", (c) => {
    if (!allowed(c, [...SCOPES.calendarList, ...SCOPES.eventsRead])) return insufficientScope(c);
    const cal = calendarOf(c);
    if (!cal) return googleError(c, 404);
    return c.json({
      kind: "calendar#calendar",
      etag: `"${cal.id.length}000"`,
      id: cal.id,
      summary: cal.summary,
      timeZone: cal.timeZone,
      conferenceProperties: { allowedConferenceSolutionTypes: ["hangoutsMeet"] },
    });
  });

  app.get("/calendar/v3/colors", (c) => {
    const event: Record<string, { background: string; foreground: string }> = {};
    const bg = [
      "#a4bdfc",
      "#7ae7bf",
      "#dbadff",
      "#ff887c",
      "#fbd75b",
      "#ffb878",
      "#46d6db",
      "#e1e1e1",
      "#5484ed",
      "#51b749",
      "#dc2127",
    ];
    bg.forEach((b, i) => {
      event[String(i + 1)] = { background: b, foreground: "#1d1d1d" };
    });
    return c.json({ kind: "calendar#colors", updated: "2012-02-14T00:00:00.000Z", calendar: {}, event });
  });

  app.post("/calendar/v3/calendars/:cal/events", async (c) => {
    if (!allowed(c, SCOPES.eventsWrite)) return insufficientScope(c);
    const cal = calendarOf(c);
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
    if (c.req.query("conferenceDataVersion") === "1") {
      const err = createConference(data);
      if (err) return googleError(c, err.code, err.reason, err.message);
    } else delete data.conferenceData; // ignored without conferenceDataVersion=1, as with Google
    return c.json(touch(ctx, st, cal, data, true).data);
  });

  app.get("/calendar/v3/calendars/:cal/events", (c) => {
    if (!allowed(c, SCOPES.eventsRead)) return insufficientScope(c);
    const cal = calendarOf(c);
    if (!cal) return googleError(c, 404);
    const result = listEvents(st, cal, new URL(c.req.url).searchParams);
    if ("page" in result) return c.json(result.page);
    return googleError(c, result.code, result.reason, result.message);
  });

  app.get("/calendar/v3/calendars/:cal/events/:id", (c) => {
    if (!allowed(c, SCOPES.eventsRead)) return insufficientScope(c);
    const stored = calendarOf(c)?.events.get(c.req.param("id"));
    if (!stored) return googleError(c, 404);
    if (c.req.header("if-none-match") === stored.data.etag) return c.body(null, 304);
    return c.json(stored.data);
  });

  const write = (mode: "patch" | "update") => async (c: Context<Env>) => {
    if (!allowed(c, SCOPES.eventsWrite)) return insufficientScope(c);
    const cal = calendarOf(c);
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
    if (c.req.query("conferenceDataVersion") === "1") {
      const err = createConference(next);
      if (err) return googleError(c, err.code, err.reason, err.message);
    } else if (mode === "update" || (isObject(value.conferenceData) && !stored.data.conferenceData)) {
      if (stored.data.conferenceData) next.conferenceData = stored.data.conferenceData;
      else delete next.conferenceData;
    }
    return c.json(touch(ctx, st, cal, next, false).data);
  };
  app.patch("/calendar/v3/calendars/:cal/events/:id", write("patch"));
  app.put("/calendar/v3/calendars/:cal/events/:id", write("update"));

  app.delete("/calendar/v3/calendars/:cal/events/:id", (c) => {
    if (!allowed(c, SCOPES.eventsWrite)) return insufficientScope(c);
    const cal = calendarOf(c);
    const stored = cal?.events.get(c.req.param("id"));
    if (!cal || !stored) return googleError(c, 404);
    if (stored.data.status === "cancelled") return googleError(c, 410, "deleted", "Resource has been deleted");
    if (preconditionFailed(c, stored)) return googleError(c, 412);
    touch(ctx, st, cal, { ...stored.data, status: "cancelled" }, false);
    return c.body(null, 204);
  });

  app.post("/calendar/v3/freeBusy", async (c) => {
    if (!allowed(c, SCOPES.freeBusy)) return insufficientScope(c);
    const { value } = await readJson(c);
    if (!isObject(value)) return googleError(c, 400, "parseError", "Parse Error");
    if (value.timeMin === undefined) return googleError(c, 400, "required", "Missing timeMin parameter.");
    if (value.timeMax === undefined) return googleError(c, 400, "required", "Missing timeMax parameter.");
    const min = parseTime(value.timeMin);
    const max = parseTime(value.timeMax);
    if (Number.isNaN(min) || Number.isNaN(max)) return googleError(c, 400, "badRequest", "Bad Request");
    if (max <= min) return googleError(c, 400, "timeRangeEmpty", "The specified time range is empty.");
    const calendars: Record<string, unknown> = {};
    for (const item of Array.isArray(value.items) ? value.items : []) {
      const id = isObject(item) && typeof item.id === "string" ? item.id : "";
      const email = c.var.token.email;
      const cal = id === "primary" || id === email ? primaryCalendar(st, email) : st.calendars.get(id);
      if (!cal || cal.owner !== email) {
        calendars[id] = { errors: [{ domain: "global", reason: "notFound" }], busy: [] };
        continue;
      }
      const spans: [number, number][] = [];
      for (const { data } of cal.events.values()) {
        if (data.status === "cancelled" || data.transparency === "transparent") continue;
        const s = boundary(data.start, "start");
        const e = boundary(data.end, "end");
        if (typeof s === "number" && typeof e === "number") spans.push([s, e]);
      }
      calendars[id] = { busy: busyIntervals(spans, min, max) };
    }
    return c.json({ kind: "calendar#freeBusy", timeMin: value.timeMin, timeMax: value.timeMax, calendars });
  });
}
