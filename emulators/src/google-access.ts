// Bearer-token and scope checks shared by the Calendar routes.
import type { Context, Hono } from "hono";
import {
  type AccessToken,
  type Calendar,
  type GoogleState,
  googleError,
  primaryCalendar,
  SCOPE_PREFIX,
} from "./google-state.ts";
import type { Ctx } from "./types.ts";

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

/** Hono env of the Calendar routes: the caller's token. */
export type Env = { Variables: { token: AccessToken } };

/** Rejects requests without a live access token (401 authError) and stores the token. */
export function requireToken(app: Hono<Env>, ctx: Ctx, st: GoogleState): void {
  app.use("/calendar/v3/*", async (c, next) => {
    const m = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "");
    const t = m?.[1] ? st.access.get(m[1]) : undefined;
    if (!t || t.expiresAt <= ctx.clock.now()) return googleError(c, 401);
    c.set("token", t);
    return next();
  });
}

/** Whether the token carries one of `scopes`. */
export const allowed = (c: Context<Env>, scopes: string[]): boolean =>
  c.var.token.scopes.some((s) => scopes.includes(s));

/** The calendar named by `:cal` if the caller owns it ("primary" = their own). */
export function calendarOf(st: GoogleState, c: Context<Env>): Calendar | undefined {
  const id = decodeURIComponent(c.req.param("cal") ?? "");
  const email = c.var.token.email;
  if (id === "primary" || id === email) return primaryCalendar(st, email);
  const cal = st.calendars.get(id);
  return cal && cal.owner === email ? cal : undefined;
}
