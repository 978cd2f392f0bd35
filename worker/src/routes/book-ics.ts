import { Hono } from "hono";
import { getReservationByBooking } from "../booking/store";
import { icsFor } from "../booking/view";
import { getCheckoutByCheckoutId } from "../db";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { cfg } from "../http";
import { manageUrl } from "../manage/view";

/** `GET /v1/pay/:checkoutId/booking.ics`: the booked event of a page checkout, for the lead's own calendar. */
export const bookIcs = new Hono<{ Bindings: Env }>();

bookIcs.get("/:checkoutId/booking.ics", async (c) => {
  const b = cfg(c).booking;
  const row = b ? await getCheckoutByCheckoutId(c.env.DB, c.req.param("checkoutId")) : null;
  const r = row ? await getReservationByBooking(c.env.DB, row.booking_id) : null;
  if (!b || !r || r.event_state !== "created")
    throw new ApiError(404, "not_found", "No booked event for this checkout.");
  return c.body(icsFor(r, b.adminEmail, row ? manageUrl(cfg(c), row) : null), 200, {
    "content-type": "text/calendar; charset=utf-8",
    "content-disposition": `attachment; filename="booking-${r.type_id}.ics"`,
    "cache-control": "no-store",
  });
});
