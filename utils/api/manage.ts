/**
 * The lead's manage page API (`/v1/manage/:token`, docs/architecture.md "The lead's manage page"):
 * what the page shows, and the cancel and reschedule requests. The token is a random 128-bit
 * capability; anyone holding the link may act on that one booking.
 */
import * as v from "valibot";
import type { CheckoutReceipt, CheckoutStatus } from "./contract";
import { dateTime } from "./fields";

/** How the booking stands for the lead. */
export type ManageState =
  /** Paid, and the event exists (or, for an extension booking, the payment is confirmed). */
  | "booked"
  /** Paid; the host's calendar event is still being created (manage actions wait for it). */
  | "creating"
  /** The lead cancelled it. */
  | "cancelled"
  /** Not (or no longer) a paid booking: unpaid, expired, cancelled by the host, refunded. */
  | "inactive";

/** `GET /v1/manage/:token`. */
export interface ManageView {
  /** `page`: booked on the host's booking page; `extension`: an event of the host's extension. */
  kind: "page" | "extension";
  title: string;
  start: string;
  end: string;
  /** The host's zone (the event's zone for extension bookings). */
  hostTimeZone: string;
  /** The zone the lead booked in, when known. */
  leadTimeZone: string | null;
  locale: string | null;
  state: ManageState;
  checkoutStatus: CheckoutStatus;
  meetLink: string | null;
  /** The payment that confirmed the booking (kept on the receipt after a refund). */
  payment: CheckoutReceipt | null;
  /** The refund of that payment, once one exists. */
  refund: { status: "pending" | "completed"; amount: string; currency: string; at: string } | null;
  /** The refund rule: full refund when cancelled at or before `deadline` (start − `hours`), none after. */
  policy: { hours: number; deadline: string; refundNow: boolean };
  cancelled: { at: string; refunded: boolean } | null;
  canCancel: boolean;
  /** Moving is allowed until the same deadline as the refund. */
  canReschedule: boolean;
  /** Length of the booking, for the new time of an extension booking. */
  durationMinutes: number;
  reschedules: number;
  /** Set for a booking-page booking: its new slots come from `GET …/slots`. */
  typeId: string | null;
}

/** `POST /v1/manage/:token/cancel` response. */
export interface ManageCancelResponse {
  view: ManageView;
  /** True when this request found the booking cancelled already (double click, another tab). */
  alreadyCancelled: boolean;
}

/** `POST /v1/manage/:token/reschedule` body: the new start (one of the offered slots for page bookings). */
export const RescheduleRequest = v.object({ start: dateTime });
export type RescheduleRequest = v.InferOutput<typeof RescheduleRequest>;

/** `POST /v1/manage/:token/reschedule` response. */
export interface ManageRescheduleResponse {
  view: ManageView;
  /** True when the booking was already at that time (the same pick sent twice). */
  alreadyThere: boolean;
}

/**
 * What the batched status tells the extension about a guest's actions on the manage page: the
 * tracker deletes the event of a cancelled booking and moves the event of a rescheduled one.
 */
export interface LeadChanges {
  /** RFC 3339 time the lead cancelled, or null. */
  cancelledAt: string | null;
  /** How many times the lead moved it; the current times are `start`/`end`. */
  reschedules: number;
  start: string;
  end: string;
}
