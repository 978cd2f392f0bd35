import { Hono } from "hono";
import * as v from "valibot";
import { formatInZone, zonedToInstant } from "../../../utils/time-zones";
import { createPageEventNow } from "../booking/events";
import { parseDay } from "../booking/slots";
import { getReservationByBooking, getSettings } from "../booking/store";
import { getCheckout } from "../db";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { requireAdmin } from "../google/admin-auth";
import { upcomingEvents } from "../google/calendar";
import { isConnected } from "../google/connection";
import { cfg, parseBody } from "../http";

/** The routes of the original class-booking spec, kept compatible. */
export const apiCalendar = new Hono<{ Bindings: Env }>();

const AHEAD_MS = 60 * 86_400_000;
const TTL_MS = 60_000;
let cached: { until: number; body: unknown } | null = null;

apiCalendar.get("/", async (c) => {
  const config = cfg(c);
  const b = config.booking;
  if (!b) throw new ApiError(404, "not_found", "This server has no booking page.");
  c.header("cache-control", "no-store");
  if (cached && cached.until > Date.now()) return c.json(cached.body as object);
  if (!(await isConnected(c.env.DB, b)))
    throw new ApiError(503, "not_taking_bookings", "The host's calendar is not connected.");
  const zone = (await getSettings(c.env.DB, config)).timeZone;
  const now = Date.now();
  // Times and status only: titles, descriptions and attendees never leave the Worker.
  const toDateTime = (t: { dateTime?: string; date?: string } | undefined) =>
    t?.dateTime ?? (t?.date ? formatInZone(zonedToInstant(parseDay(t.date), zone), zone) : "");
  const items = (await upcomingEvents(c.env.DB, b, now, now + AHEAD_MS))
    .filter((e) => e.status !== "cancelled" && e.transparency !== "transparent")
    .map((e) => ({
      start: { dateTime: toDateTime(e.start as { dateTime?: string; date?: string }) },
      end: { dateTime: toDateTime(e.end as { dateTime?: string; date?: string }) },
      status: e.status ?? "confirmed",
    }));
  cached = { until: now + TTL_MS, body: items };
  return c.json(items);
});

const CreateRequest = v.object({ preferenceId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) });

apiCalendar.post("/", async (c) => {
  const config = cfg(c);
  const b = config.booking;
  if (!b) throw new ApiError(404, "not_found", "This server has no booking page.");
  await requireAdmin(b, c.req.header("authorization"));
  const { preferenceId } = await parseBody(c, CreateRequest);
  const order = await c.env.DB.prepare(
    "SELECT booking_id FROM provider_orders WHERE provider = 'mercadopago' AND order_id = ?",
  )
    .bind(preferenceId)
    .first<{ booking_id: string }>();
  const reservation = order ? await getReservationByBooking(c.env.DB, order.booking_id) : null;
  if (!order || !reservation)
    throw new ApiError(404, "not_found", "preferenceId: no booking of this page has this Mercado Pago preference.");
  const checkout = await getCheckout(c.env.DB, order.booking_id);
  if (checkout?.status !== "paid" && reservation.event_state !== "created")
    throw new ApiError(409, "not_paid", `preferenceId: the booking is ${checkout?.status ?? "unknown"}, not paid.`);
  const after = await createPageEventNow(c.env.DB, config, order.booking_id);
  if (after?.event_state === "created") {
    cached = null;
    return c.json({ success: true, message: "Event created successfully" });
  }
  if (after?.event_state === "slot_lost")
    throw new ApiError(409, "slot_taken", "The slot became busy; the payment is being refunded.");
  throw new ApiError(
    502,
    "google_unavailable",
    `The event could not be created yet (${after?.event_error ?? "retrying"}); it stays queued.`,
  );
});
