import { Hono } from "hono";
import {
  type AdminBooking,
  BookingPageSettings,
  type BookingPageView,
  type PageBookingView,
} from "../../../utils/api/booking-page";
import type { CheckoutStatus, Provider } from "../../../utils/api/contract";
import { addDays, isValidZone, zonedToInstant } from "../../../utils/time-zones";
import {
  ATTENDANCE_COLUMNS,
  ATTENDANCE_REFUND_JOIN,
  type AttendanceColumns,
  openAttendance,
  toAttendanceView,
} from "../attendance";
import type { BookingConfig } from "../booking/config";
import { parseDay } from "../booking/slots";
import { getSettings, type ReservationRow, saveSettings } from "../booking/store";
import { pageState } from "../booking/view";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { requireAdmin } from "../google/admin-auth";
import { isConnected } from "../google/connection";
import { type Ctx, cfg, parseBody } from "../http";
import { checkoutOffer } from "../pricing";

/** The host's API (`/v1/admin/*`): Bearer = a Google access token of ADMIN_EMAIL. */
export const admin = new Hono<{ Bindings: Env }>();

/** The page's configuration once the caller is proven to be the host (401/403 otherwise). */
export async function host(c: Ctx): Promise<BookingConfig> {
  const b = cfg(c).booking;
  if (!b) throw new ApiError(404, "not_found", "This server has no booking page.");
  await requireAdmin(b, c.req.header("authorization"));
  return b;
}

async function view(c: Ctx, b: BookingConfig): Promise<BookingPageView> {
  const config = cfg(c);
  const s = await getSettings(c.env.DB, config);
  return {
    connected: await isConnected(c.env.DB, b),
    calendarId: b.calendarId,
    ...s,
    pageUrl: `${config.publicBaseUrl}/book/${s.types[0]?.id ?? ""}`,
  };
}

admin.get("/booking-page", async (c) => c.json(await view(c, await host(c))));

admin.put("/booking-page", async (c) => {
  const b = await host(c);
  const body = await parseBody(c, BookingPageSettings);
  if (!isValidZone(body.timeZone)) throw new ApiError(400, "invalid_request", "timeZone: must be an IANA time zone");
  // A price no offered provider can charge (no currency is converted) would be a page nobody can pay.
  const config = cfg(c);
  body.types.forEach((t, i) => {
    if (!t.price) return;
    const { providers } = checkoutOffer(config, {
      amount_value: t.price.value,
      currency: t.price.currency,
      providers: t.providers?.join(",") ?? null,
    });
    if (providers.length === 0)
      throw new ApiError(
        400,
        "invalid_request",
        `types[${i}].price: no payment method of this type can charge ${t.price.currency} (PayPal takes any currency it supports, Binance Pay USD or its stablecoin, Mercado Pago only the account's currency).`,
      );
  });
  await saveSettings(c.env.DB, body);
  return c.json(await view(c, b));
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

admin.get("/bookings", async (c) => {
  await host(c);
  // Bookings whose event just ended show their attendance question before the cron's next pass.
  await openAttendance(c.env.DB, cfg(c));
  const from = c.req.query("from");
  const to = c.req.query("to");
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const)
    if (value !== undefined && !(DAY.test(value) || !Number.isNaN(Date.parse(value))))
      throw new ApiError(400, "invalid_request", `${name}: must be a date YYYY-MM-DD or an RFC 3339 time`);
  // Days are the host's days; RFC 3339 times are taken as they are.
  const zone = (await getSettings(c.env.DB, cfg(c))).timeZone;
  const bound = (value: string | undefined, end: boolean, open: string) => {
    if (value === undefined) return open;
    if (!DAY.test(value)) return new Date(Date.parse(value)).toISOString();
    return new Date(zonedToInstant(end ? addDays(parseDay(value), 1) : parseDay(value), zone)).toISOString();
  };
  const fromIso = bound(from, false, "0000");
  const toIso = bound(to, true, "9999");
  const { results } = await c.env.DB.prepare(
    `SELECT r.*, c.status AS checkout_status, c.amount_value, c.currency,
       p.provider AS pay_provider, p.payment_id AS pay_id, p.amount_value AS pay_amount, p.currency AS pay_currency,
       c.refundable, c.lead_cancelled_at, ${ATTENDANCE_COLUMNS}
     FROM page_reservations r JOIN checkouts c ON c.booking_id = r.booking_id
     LEFT JOIN attendance a ON a.booking_id = r.booking_id ${ATTENDANCE_REFUND_JOIN}
     LEFT JOIN payments p ON p.booking_id = r.booking_id AND p.rowid = (
       SELECT p2.rowid FROM payments p2 WHERE p2.booking_id = r.booking_id ORDER BY p2.created_at LIMIT 1)
     WHERE r.start_at >= ? AND r.start_at < ? ORDER BY r.start_at LIMIT 500`,
  )
    .bind(fromIso, toIso)
    .all<
      ReservationRow &
        AttendanceColumns & {
          refundable: number;
          lead_cancelled_at: string | null;
          checkout_status: CheckoutStatus;
          amount_value: string;
          currency: string;
          pay_provider: Provider | null;
          pay_id: string | null;
          pay_amount: string | null;
          pay_currency: string | null;
        }
    >();
  const bookings: AdminBooking[] = results.map((r) => ({
    reservationId: r.reservation_id,
    bookingId: r.booking_id,
    typeId: r.type_id,
    title: r.type_title,
    lead: { name: r.lead_name, email: r.lead_email, notes: r.notes, timeZone: r.lead_time_zone },
    slot: { start: r.start_at, end: r.end_at },
    status: pageState(r, r.checkout_status, r.lead_cancelled_at !== null) satisfies PageBookingView["state"],
    holdUntil: r.hold_until,
    payment: {
      status: r.checkout_status,
      provider: r.pay_provider,
      amount: { value: r.pay_amount ?? r.amount_value, currency: r.pay_currency ?? r.currency },
      transactionId: r.pay_id,
    },
    event: {
      id: r.event_id,
      htmlLink: r.html_link,
      meetLink: r.meet_link,
      error: r.event_state === "queued" ? r.event_error : null,
      attempts: r.event_attempts,
    },
    refundIfAttended: r.refundable === 1,
    attendance: toAttendanceView(r),
  }));
  return c.json({ bookings });
});
