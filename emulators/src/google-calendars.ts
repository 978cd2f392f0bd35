// Google Calendar v3 beyond events: calendarList, calendars.get, colors and freeBusy.
import type { Hono } from "hono";
import { allowed, calendarOf, type Env, SCOPES } from "./google-access.ts";
import { boundary, busyIntervals, parseTime } from "./google-events.ts";
import { type Calendar, type GoogleState, googleError, insufficientScope, primaryCalendar } from "./google-state.ts";
import { isObject, readJson } from "./util.ts";

export function googleCalendarMetaRoutes(app: Hono<Env>, st: GoogleState): void {
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
    const cal = calendarOf(st, c);
    return cal ? c.json(listEntry(cal)) : googleError(c, 404);
  });
  app.get("/calendar/v3/calendars/:cal", (c) => {
    if (!allowed(c, [...SCOPES.calendarList, ...SCOPES.eventsRead])) return insufficientScope(c);
    const cal = calendarOf(st, c);
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
