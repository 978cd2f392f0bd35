import { Hono } from "hono";
import type { ManageCancelResponse, ManageRescheduleResponse } from "../../../utils/api/manage";
import { RescheduleRequest } from "../../../utils/api/manage";
import { freeSlots } from "../booking/availability";
import { slotRange, slotsResponse } from "../booking/range";
import { dayOf } from "../booking/slots";
import { getSettings } from "../booking/store";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { type Ctx, cfg, invalidField, parseBody } from "../http";
import { cancelBooking, rescheduleBooking } from "../manage/actions";
import { checkoutByToken, manageContext, manageView } from "../manage/view";
import { servePage } from "../page";
import { clientKey, rateLimits } from "../ratelimit";

async function load(c: Ctx) {
  const row = await checkoutByToken(c.env.DB, c.req.param("token") ?? "");
  if (!row) throw new ApiError(404, "not_found", "No booking for this manage link.");
  return manageContext(c.env.DB, cfg(c), row);
}

/** The manage page's JSON API: GETs read, only the POSTs change anything. */
export const manageApi = new Hono<{ Bindings: Env }>();

// Writes reach Google and the providers: limited per link and per client, like /v1/pay.
manageApi.use("/:token/*", async (c, next) => {
  if (c.req.method === "POST")
    await rateLimits(c.env.DB, [
      { key: `manage:t:${c.req.param("token")}`, limit: 20, windowSeconds: 60, what: "for this booking" },
      {
        key: `manage:ip:${clientKey(c.req.header("cf-connecting-ip"))}`,
        limit: 60,
        windowSeconds: 60,
        what: "from this network",
      },
    ]);
  await next();
});

manageApi.get("/:token", async (c) => {
  const m = await load(c);
  c.header("cache-control", "no-store");
  return c.json(await manageView(c.env.DB, m));
});

manageApi.post("/:token/cancel", async (c) => {
  const config = cfg(c);
  const m = await load(c);
  const cancelled = await cancelBooking(c.env.DB, config, m);
  const row = (await checkoutByToken(c.env.DB, c.req.param("token"))) ?? m.row;
  const body: ManageCancelResponse = {
    view: await manageView(c.env.DB, await manageContext(c.env.DB, config, row)),
    alreadyCancelled: !cancelled,
  };
  return c.json(body);
});

/** The free slots of the booking's type, as the booking page offers them, minus the booking itself. */
manageApi.get("/:token/slots", async (c) => {
  const config = cfg(c);
  const m = await load(c);
  const b = config.booking;
  const r = m.reservation;
  if (!b || !r) throw new ApiError(404, "not_found", "This booking has no booking type to offer other times of.");
  const { from, to } = slotRange(c.req.query("from"), c.req.query("to"));
  const settings = await getSettings(c.env.DB, config);
  const type = settings.types.find((t) => t.id === r.type_id);
  const slots = type ? await freeSlots(c.env.DB, b, settings, type, from, to, { except: r.reservation_id }) : [];
  c.header("cache-control", "no-store");
  return c.json(slotsResponse(settings.timeZone, slots));
});

manageApi.post("/:token/reschedule", async (c) => {
  const config = cfg(c);
  const m = await load(c);
  const { start: startText } = await parseBody(c, RescheduleRequest);
  const start = Date.parse(startText);
  const r = m.reservation;
  let slot: Parameters<typeof rescheduleBooking>[3];
  if (r && config.booking) {
    // Same rules as the booking page: the pick must be offered right now, with fresh busy times.
    const settings = await getSettings(c.env.DB, config);
    const type = settings.types.find((t) => t.id === r.type_id);
    if (!type) throw new ApiError(409, "slot_taken", "This booking type takes no new bookings.");
    const day = dayOf(settings.timeZone, start);
    const offered = (
      await freeSlots(c.env.DB, config.booking, settings, type, day, day, { live: true, except: r.reservation_id })
    ).find((s) => s.start === start);
    if (!offered && !(start === m.startMs && m.state === "booked"))
      throw new ApiError(409, "slot_taken", "This time is no longer free. Please pick another one.");
    slot = {
      start,
      end: start + type.durationMinutes * 60_000,
      bufferBefore: type.bufferBeforeMinutes * 60_000,
      bufferAfter: type.bufferAfterMinutes * 60_000,
      maxPerDay: type.maxPerDay,
    };
  } else {
    // An extension booking: any later time of the same length; the host's extension moves the event.
    if (start <= Date.now()) throw invalidField("start", "must be in the future");
    const length = Date.parse(m.row.end_at) - Date.parse(m.row.start_at);
    slot = { start, end: start + length, bufferBefore: 0, bufferAfter: 0, maxPerDay: 0 };
  }
  const same = start === m.startMs && m.state === "booked";
  const movedNow = same ? false : await rescheduleBooking(c.env.DB, config, m, slot);
  const row = (await checkoutByToken(c.env.DB, c.req.param("token"))) ?? m.row;
  const body: ManageRescheduleResponse = {
    view: await manageView(c.env.DB, await manageContext(c.env.DB, config, row)),
    alreadyThere: !movedNow,
  };
  return c.json(body);
});

/** The manage page itself (the checkout page's bundle, which reads the token from its URL) and its receipt view. */
export const managePage = new Hono<{ Bindings: Env }>();

managePage.get("/:token/receipt", async (c) =>
  servePage(c, (await checkoutByToken(c.env.DB, c.req.param("token"))) ? 200 : 404),
);
managePage.get("/:token", async (c) =>
  servePage(c, (await checkoutByToken(c.env.DB, c.req.param("token"))) ? 200 : 404),
);
managePage.get("*", (c) => servePage(c, 404));
