import { Hono } from "hono";
import { AttendanceAnswer, type AttendanceView } from "../../../utils/api/contract";
import {
  ATTENDANCE_COLUMNS,
  ATTENDANCE_REFUND_JOIN,
  type AttendanceColumns,
  answerAttendance,
  attendanceView,
  openAttendance,
  toAttendanceView,
} from "../attendance";
import { getCheckout } from "../db";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { cfg, parseBody } from "../http";
import { host } from "./admin";

/**
 * The host's attendance questions for the booking page's bookings (`/v1/admin/*`, Bearer = a
 * Google access token of ADMIN_EMAIL); the extension answers for its own bookings with their
 * secret instead (`/v1/checkouts/:bookingId/attendance`). docs/architecture.md "Attendance".
 */
export const adminAttendance = new Hono<{ Bindings: Env }>();

/** One question waiting for the host. */
export interface AwaitingAttendance {
  bookingId: string;
  title: string;
  lead: { name: string; email: string };
  slot: { start: string; end: string };
  attendance: AttendanceView;
}

adminAttendance.get("/attendance", async (c) => {
  await host(c);
  await openAttendance(c.env.DB, cfg(c));
  const { results } = await c.env.DB.prepare(
    `SELECT r.booking_id, r.type_title, r.lead_name, r.lead_email, r.start_at, r.end_at, ${ATTENDANCE_COLUMNS}
     FROM attendance a JOIN page_reservations r ON r.booking_id = a.booking_id ${ATTENDANCE_REFUND_JOIN}
     WHERE a.status = 'awaiting' ORDER BY a.answer_by LIMIT 200`,
  ).all<
    AttendanceColumns & {
      booking_id: string;
      type_title: string;
      lead_name: string;
      lead_email: string;
      start_at: string;
      end_at: string;
    }
  >();
  const awaiting: AwaitingAttendance[] = results.flatMap((r) => {
    const attendance = toAttendanceView(r);
    return attendance
      ? [
          {
            bookingId: r.booking_id,
            title: r.type_title,
            lead: { name: r.lead_name, email: r.lead_email },
            slot: { start: r.start_at, end: r.end_at },
            attendance,
          },
        ]
      : [];
  });
  return c.json({ awaiting });
});

adminAttendance.post("/bookings/:bookingId/attendance", async (c) => {
  await host(c);
  const config = cfg(c);
  const bookingId = c.req.param("bookingId").toLowerCase();
  const reservation = await c.env.DB.prepare("SELECT 1 AS x FROM page_reservations WHERE booking_id = ?")
    .bind(bookingId)
    .first();
  const checkout = reservation ? await getCheckout(c.env.DB, bookingId) : null;
  if (!checkout) throw new ApiError(404, "not_found", "No booking-page booking with this bookingId.");
  const { attended } = await parseBody(c, AttendanceAnswer);
  await answerAttendance(c.env.DB, config, checkout, attended);
  return c.json({ bookingId, attendance: await attendanceView(c.env.DB, bookingId) });
});
