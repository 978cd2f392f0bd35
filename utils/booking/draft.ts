import { storage } from "wxt/utils/storage";
import type { NoAnswer } from "../api/contract";
import { lazyItem } from "../lazy-item";

/**
 * What the user is typing in the popup, kept as plain strings so half-typed values survive
 * closing the popup unchanged. Validation happens on submit (see `validateDraft`).
 */
export interface Draft {
  title: string;
  /** `YYYY-MM-DD` in {@link Draft.timeZone}. */
  date: string;
  /** `HH:MM` (24 h). */
  start: string;
  /** `HH:MM`; must be after `start` on the same day. */
  end: string;
  /** IANA zone name. */
  timeZone: string;
  calendarId: string;
  description: string;
  /** Comma/space/newline separated emails, as typed. */
  guests: string;
  addMeet: boolean;
  /** A whole-day event: `start`/`end` are ignored. */
  allDay: boolean;
  /** "Refund the fee if they attend" (absent in drafts saved before it existed: off). */
  refundIfAttended?: boolean;
  /** With that: the fee's fate when nobody answers "did they attend?" in time. */
  noAnswer?: NoAnswer;
  /**
   * The booking being created from this draft. The draft is kept (and shown) until that booking's
   * event exists, so a failure never loses what was typed.
   */
  bookingId?: string;
}

/** An empty draft; callers fill zone, calendar, Meet and times from settings. */
export function emptyDraft(over: Partial<Draft> = {}): Draft {
  return {
    title: "",
    date: "",
    start: "",
    end: "",
    timeZone: "UTC",
    calendarId: "primary",
    description: "",
    guests: "",
    addMeet: false,
    allDay: false,
    ...over,
  };
}

/**
 * The popup's unsaved form. Local storage (not session) so the draft also survives a browser
 * restart; cleared when a booking is created from it. Null = no draft yet.
 */
export const draftItem = lazyItem(() =>
  storage.defineItem<Draft | null>("local:draft", { fallback: null, version: 1 }),
);
