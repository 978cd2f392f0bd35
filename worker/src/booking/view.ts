// How a page reservation looks from outside: its state for the lead's confirmation page and the
// host's list, and the public view the checkout page renders once the event exists.
import type { PageBookingView } from "../../../utils/api/booking-page";
import type { CheckoutStatus } from "../../../utils/api/contract";
import { formatInZone } from "../../../utils/time-zones";
import type { Config } from "../config";
import type { CheckoutRow } from "../db";
import { getReservationByBooking, type ReservationRow } from "./store";

/** The reservation's state as people see it (see {@link PageBookingView}). */
export function pageState(
  r: ReservationRow,
  checkout: CheckoutStatus,
  leadCancelled = false,
): PageBookingView["state"] {
  if (leadCancelled) return "cancelled";
  if (r.event_state === "created") return "booked";
  if (r.event_state === "slot_lost") return "slot_lost";
  if (r.event_state === "queued" || checkout === "paid") return "creating";
  if (checkout === "open" || checkout === "pending") return "held";
  return "released";
}

/** The booking part of a page checkout's public view; null for checkouts that are not the page's. */
export async function pageBookingView(
  db: D1Database,
  config: Config,
  row: CheckoutRow,
): Promise<PageBookingView | null> {
  if (!config.booking) return null;
  const r = await getReservationByBooking(db, row.booking_id);
  if (!r) return null;
  const state = pageState(r, row.status, row.lead_cancelled_at !== null);
  const zone = r.host_time_zone;
  return {
    reservationId: r.reservation_id,
    typeId: r.type_id,
    title: r.type_title,
    start: formatInZone(Date.parse(r.start_at), zone),
    end: formatInZone(Date.parse(r.end_at), zone),
    hostTimeZone: zone,
    leadTimeZone: r.lead_time_zone,
    state,
    meetLink: state === "booked" ? r.meet_link : null,
    icsUrl: state === "booked" ? `${config.publicBaseUrl}/v1/pay/${row.checkout_id}/booking.ics` : null,
    rebookUrl: `${config.publicBaseUrl}/book/${r.type_id}`,
  };
}

const icsText = (s: string) =>
  s
    .replace(/\\/g, "\\\\")
    .replace(/\n/g, "\\n")
    .replace(/([,;])/g, "\\$1");
const icsTime = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** Folds a content line at 75 octets (RFC 5545 §3.1); our lines are ASCII-dominated, so chars suffice. */
function fold(line: string): string {
  const parts: string[] = [];
  for (let i = 0; i < line.length; i += i === 0 ? 75 : 74) parts.push(line.slice(i, i + (i === 0 ? 75 : 74)));
  return parts.join("\r\n ");
}

/**
 * The booked event as an iCalendar file (times in UTC, so every calendar app reads them the same),
 * with the lead's manage link in its description.
 */
export function icsFor(r: ReservationRow, organizer: string, manage: string | null = null): string {
  const about = [r.meet_link ? `Google Meet: ${r.meet_link}` : r.type_title, ...(manage ? [manage] : [])].join("\n");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//LeadsCalendar//Booking page//EN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${r.event_id ?? r.reservation_id}@leadscalendar`,
    `DTSTAMP:${icsTime(r.updated_at)}`,
    `DTSTART:${icsTime(r.start_at)}`,
    `DTEND:${icsTime(r.end_at)}`,
    `SUMMARY:${icsText(`${r.type_title} — ${r.lead_name}`)}`,
    ...(r.meet_link ? [`LOCATION:${icsText(r.meet_link)}`, `URL:${r.meet_link}`] : []),
    `DESCRIPTION:${icsText(about)}`,
    `ORGANIZER:mailto:${organizer}`,
    `ATTENDEE;CN="${r.lead_name.replace(/["\r\n]/g, " ")}":mailto:${r.lead_email}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
