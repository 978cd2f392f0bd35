import type { AttendanceView } from "../api/contract";
import type { MessageKey } from "../message-key";
import type { Booking, BookingStatus, CreateStep, Receipt } from "./types";

/**
 * Everything that can happen to a booking. The background performs the side effect first
 * (Worker call, Calendar call) and then records its outcome through {@link transition}, so the
 * stored record always says what has already been done and what comes next.
 */
export type BookingEvent =
  | { type: "start" }
  | { type: "checkoutCreated"; checkoutId: string; checkoutUrl: string; holdUntil: string }
  | { type: "eventInserted"; htmlLink?: string; meetLink?: string }
  | { type: "checkoutOpened" }
  | { type: "fail"; code: MessageKey; message: string }
  | { type: "retry" }
  | { type: "paid"; receipt: Receipt }
  | { type: "confirmed" }
  | { type: "expired" }
  | { type: "cancel" }
  /** The service worker picks up a creation it left mid-way: counts the attempt. */
  | { type: "resume" }
  /** The user edited the booking, or moved/renamed its event in Google Calendar. */
  | { type: "edited"; changes: BookingChanges }
  /** The Worker said how long the hold has left: `holdEndsAt` is that end on this browser's clock. */
  | { type: "holdSynced"; holdUntil: string; holdEndsAt: string }
  /** The event was deleted: there is no page to link to any more. */
  | { type: "eventGone" }
  /** Google finished creating the Meet conference it reported `pending`. */
  | { type: "meetLinkFound"; meetLink: string }
  /** A guest cancelled the paid booking on its manage page; the event was deleted. */
  | { type: "leadCancelled" }
  /** A guest moved the paid booking on its manage page (their `reschedules`-th move); the event was moved. */
  | { type: "leadMoved"; start: string; end: string; reschedules: number }
  /** The "did they attend?" notification was shown. */
  | { type: "attendanceAsked" }
  /** The Worker's attendance answer (and refund) for a paid booking. */
  | { type: "attendance"; attendance: AttendanceView };

/** What an edit may change (docs/architecture.md). */
export interface BookingChanges {
  summary?: string;
  description?: string;
  start?: string;
  end?: string;
  guests?: string[];
  /** A re-derived hold, as the Worker accepted it (awaiting payment only). */
  holdUntil?: string;
  /** The same end on this browser's clock (from the Worker's `secondsLeft`). */
  holdEndsAt?: string;
}

/** Thrown when an event does not apply to the booking's current state (a bug or a stale message). */
export class InvalidTransitionError extends Error {
  constructor(
    readonly from: BookingStatus,
    readonly step: CreateStep | null,
    readonly event: BookingEvent["type"],
  ) {
    super(`cannot apply "${event}" to a booking in ${from}${step ? `/${step}` : ""}`);
    this.name = "InvalidTransitionError";
  }
}

/** States from which the user may cancel (nothing has been paid yet). */
const CANCELLABLE: readonly BookingStatus[] = ["draft", "creating", "awaiting_payment", "failed"];
/** States whose time, title and guests can still change: unpaid holds and confirmed bookings. */
const EDITABLE: readonly BookingStatus[] = ["awaiting_payment", "confirmed"];
/** States that have a Google event (whose Meet link may still be pending). */
const WITH_EVENT: readonly BookingStatus[] = ["awaiting_payment", "paid", "confirmed"];
/** States a failure can interrupt; final states and drafts have nothing in flight. */
const FAILABLE: readonly BookingStatus[] = ["creating", "awaiting_payment", "paid"];

/**
 * The booking lifecycle of docs/architecture.md as a pure function: returns the next record, or throws
 * {@link InvalidTransitionError}. `now` (RFC 3339) becomes `updatedAt`; a successful step clears
 * the previous error.
 */
export function transition(b: Booking, e: BookingEvent, now: string): Booking {
  const next = (patch: Partial<Booking>): Booking => {
    const out: Booking = { ...b, ...patch, updatedAt: now };
    if (e.type !== "fail") delete out.error;
    return out;
  };
  const invalid = () => new InvalidTransitionError(b.status, b.step, e.type);
  switch (e.type) {
    case "start":
      if (b.status !== "draft") throw invalid();
      return next({ status: "creating", step: "checkout", attempts: b.attempts + 1 });
    case "checkoutCreated":
      if (b.status !== "creating" || b.step !== "checkout") throw invalid();
      return next({ step: "event", checkoutId: e.checkoutId, checkoutUrl: e.checkoutUrl, holdUntil: e.holdUntil });
    case "eventInserted":
      if (b.status !== "creating" || b.step !== "event") throw invalid();
      return next({ step: "open_checkout", htmlLink: e.htmlLink, meetLink: e.meetLink });
    case "checkoutOpened":
      if (b.status !== "creating" || b.step !== "open_checkout") throw invalid();
      return next({ status: "awaiting_payment", step: null });
    case "fail":
      if (!FAILABLE.includes(b.status)) throw invalid();
      // The step is kept so a retry resumes exactly where the failure happened.
      return next({ status: "failed", error: { code: e.code, message: e.message } });
    case "retry":
      if (b.status !== "failed" || b.step === null) throw invalid();
      return next({ status: "creating", attempts: b.attempts + 1 });
    case "paid":
      if (b.status !== "awaiting_payment") throw invalid();
      return next({ status: "paid", receipt: e.receipt });
    case "confirmed":
      if (b.status !== "paid") throw invalid();
      return next({ status: "confirmed" });
    case "expired":
      if (b.status !== "awaiting_payment") throw invalid();
      return next({ status: "expired", step: null });
    case "cancel":
      if (!CANCELLABLE.includes(b.status)) throw invalid();
      return next({ status: "cancelled", step: null });
    case "resume":
      if (b.status !== "creating") throw invalid();
      return next({ attempts: b.attempts + 1 });
    case "edited": {
      if (!EDITABLE.includes(b.status)) throw invalid();
      const { holdUntil, holdEndsAt, ...rest } = e.changes;
      const fields = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      // A paid booking's hold is over; only an unpaid one takes a new end.
      const hold = b.status === "awaiting_payment" && holdUntil ? { holdUntil } : {};
      const out = next({ ...fields, ...hold });
      if (hold.holdUntil) {
        if (holdEndsAt) out.holdEndsAt = holdEndsAt;
        else delete out.holdEndsAt;
      }
      return out;
    }
    case "holdSynced":
      if (b.status !== "awaiting_payment") throw invalid();
      return next({ holdUntil: e.holdUntil, holdEndsAt: e.holdEndsAt });
    case "eventGone": {
      if (b.status === "draft") throw invalid();
      const { htmlLink: _gone, ...rest } = next({});
      return rest;
    }
    case "meetLinkFound":
      if (!WITH_EVENT.includes(b.status)) throw invalid();
      return next({ meetLink: e.meetLink });
    case "leadCancelled":
      if (b.status !== "confirmed") throw invalid();
      return next({ status: "cancelled", step: null });
    case "leadMoved":
      if (b.status !== "confirmed") throw invalid();
      return next({ start: e.start, end: e.end, leadReschedules: e.reschedules });
    case "attendanceAsked":
    case "attendance":
      if (!b.refundIfAttended || (b.status !== "paid" && b.status !== "confirmed")) throw invalid();
      return e.type === "attendance"
        ? next({ attendance: e.attendance })
        : next({ attendanceAskedAt: b.attendanceAskedAt ?? now });
  }
}

/** True when `e` applies to `b` (for enabling actions in the UI without try/catch). */
export function canTransition(b: Booking, e: BookingEvent): boolean {
  try {
    transition(b, e, b.updatedAt);
    return true;
  } catch {
    return false;
  }
}
