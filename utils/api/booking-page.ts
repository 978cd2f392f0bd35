/**
 * The booking page's API contract (docs/architecture.md "The booking page"): the admin
 * configuration the host saves, the public type and slot views, reservations and the booked event
 * as the checkout page shows it. Shared by the Worker (validation) and the extension / page.
 */
import * as v from "valibot";
import { type AttendanceView, type Money, type NoAnswer, PROVIDERS, type Provider } from "./contract";
import { dateTime, dateTimeProblem, email, text, timeZone } from "./fields";

/** Weekday keys of `weekly`, Monday first (as the host's week is shown). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const time = v.pipe(v.string(), v.regex(HHMM, 'must be a time "HH:MM" (00:00–24:00)'));
/** Minutes since midnight of "HH:MM". */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const windows = v.pipe(
  v.array(
    v.pipe(
      v.tuple([time, time]),
      v.check(([a, b]) => minutesOf(a) < minutesOf(b), "a window must end after it starts"),
    ),
  ),
  v.maxLength(12, "at most 12 windows a day"),
  v.check((ws) => {
    const sorted = [...ws].sort((x, y) => minutesOf(x[0]) - minutesOf(y[0]));
    return sorted.every((w, i) => i === 0 || minutesOf(w[0]) >= minutesOf((sorted[i - 1] as [string, string])[1]));
  }, "windows of a day must not overlap"),
);

const day = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
  // Date.parse rolls 2026-02-30 over to March 2; the date-time check looks at each part.
  v.check(
    (s) => dateTimeProblem(`${s}T00:00:00Z`) === null,
    (issue) => dateTimeProblem(`${String(issue.input)}T00:00:00Z`) ?? "",
  ),
);
const int = (min: number, max: number) =>
  v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(min), v.maxValue(max));
const amount = v.pipe(v.string(), v.regex(/^\d{1,6}\.\d{2}$/, 'must be an amount like "1.00"'));

/** One booking type as the host configures it (defaults filled in on the way in). */
export const BookingType = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, "must be a slug: a-z, 0-9 and -")),
    title: text(100),
    description: v.optional(v.pipe(v.string(), v.maxLength(2000)), ""),
    durationMinutes: int(5, 720),
    slotStepMinutes: v.optional(int(5, 720)),
    bufferBeforeMinutes: v.optional(int(0, 240), 0),
    bufferAfterMinutes: v.optional(int(0, 240), 0),
    minNoticeMinutes: v.optional(int(0, 60 * 24 * 60), 60),
    horizonDays: v.optional(int(1, 365), 30),
    maxPerDay: v.optional(int(1, 100), 100),
    providers: v.optional(v.pipe(v.array(v.picklist(PROVIDERS)), v.minLength(1), v.maxLength(3))),
    price: v.optional(v.object({ value: amount, currency: v.pipe(v.string(), v.regex(/^[A-Z]{3,5}$/)) })),
    /** "Refund the fee if they attend": the host answers after each booking of this type. */
    refundIfAttended: v.optional(v.boolean()),
    /** With that option: the fee's fate when the host does not answer in time. */
    noAnswer: v.optional(v.picklist(["refund", "keep"])),
    /** Hours before the start a lead may cancel with a full refund; the Worker's CANCEL_REFUND_HOURS when left out. */
    cancelRefundHours: v.optional(int(0, 24 * 60)),
  }),
  v.transform((t) => ({ ...t, slotStepMinutes: t.slotStepMinutes ?? t.durationMinutes })),
);
export type BookingType = v.InferOutput<typeof BookingType>;

const dayWindows = v.optional(windows, []);

/** `PUT /v1/admin/booking-page` body. */
export const BookingPageSettings = v.object({
  timeZone,
  weekly: v.object({
    mon: dayWindows,
    tue: dayWindows,
    wed: dayWindows,
    thu: dayWindows,
    fri: dayWindows,
    sat: dayWindows,
    sun: dayWindows,
  }),
  daysOff: v.pipe(v.array(day), v.maxLength(500, "at most 500 days off")),
  types: v.pipe(
    v.array(BookingType),
    v.maxLength(20, "at most 20 booking types"),
    v.check((ts) => new Set(ts.map((t) => t.id)).size === ts.length, "type ids must be unique"),
  ),
});
export type BookingPageSettings = v.InferOutput<typeof BookingPageSettings>;

/** `GET /v1/admin/booking-page`. */
export interface BookingPageView extends BookingPageSettings {
  connected: boolean;
  calendarId: string;
  pageUrl: string;
}

/** `GET /v1/book/:typeId`. */
export interface PublicBookingType {
  id: string;
  title: string;
  description: string;
  durationMinutes: number;
  timeZone: string;
  /** What the lead pays (the configured price of the first provider offered). */
  price: Money;
  providers: Provider[];
  hostName: string;
  /** The fee is refunded if the lead attends. */
  refundIfAttended: boolean;
  /** With that: what happens when the host does not say. */
  noAnswer: NoAnswer;
  /** Hours after the event the host has to say (ATTENDANCE_WINDOW_HOURS). */
  attendanceWindowHours: number;
}

/** `GET /v1/book/:typeId/slots` (RFC 3339 in the host's offset). */
export interface SlotsResponse {
  timeZone: string;
  slots: { start: string; end: string }[];
}

/** `POST /v1/book/:typeId/reservations` body. */
export const ReservationRequest = v.object({
  start: dateTime,
  name: text(100),
  email: v.pipe(v.string(), v.trim(), email),
  notes: v.optional(v.pipe(v.string(), v.maxLength(2000, "must be at most 2000 characters"))),
  locale: v.optional(v.picklist(["en", "es", "pt-BR"])),
  timeZone: v.optional(timeZone),
});
export type ReservationRequest = v.InferOutput<typeof ReservationRequest>;

/** 201 of a reservation. */
export interface ReservationResponse {
  reservationId: string;
  checkoutId: string;
  checkoutUrl: string;
  holdUntil: string;
}

/**
 * The booking of a page checkout, on its public view (`PublicCheckoutView.booking`):
 * `held` (awaiting payment), `creating` (paid, the event is being created — retried until it is),
 * `booked` (the event exists), `slot_lost` (the slot became busy: refunded; pick another at `rebookUrl`),
 * `released` (the hold ended unpaid), `cancelled` (the lead cancelled it on the manage page).
 */
export interface PageBookingView {
  reservationId: string;
  typeId: string;
  title: string;
  start: string;
  end: string;
  hostTimeZone: string;
  leadTimeZone: string | null;
  state: "held" | "creating" | "booked" | "slot_lost" | "released" | "cancelled";
  meetLink: string | null;
  /** The .ics of the booked event (null until booked). */
  icsUrl: string | null;
  rebookUrl: string;
}

/** One row of `GET /v1/admin/bookings`. */
export interface AdminBooking {
  reservationId: string;
  bookingId: string;
  typeId: string;
  title: string;
  lead: { name: string; email: string; notes: string | null; timeZone: string | null };
  slot: { start: string; end: string };
  status: PageBookingView["state"];
  holdUntil: string;
  payment: { status: string; provider: Provider | null; amount: Money; transactionId: string | null };
  event: {
    id: string | null;
    htmlLink: string | null;
    meetLink: string | null;
    /** Why the event is not created yet (Google unreachable, reconnect needed), while it is queued. */
    error: string | null;
    attempts: number;
  };
  /** The fee is refunded if the lead attends (the type's option when booked). */
  refundIfAttended: boolean;
  /** Once the event ended: "did they attend?" — awaiting the host's answer, or what was decided. */
  attendance: AttendanceView | null;
}
