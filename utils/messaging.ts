import { defineExtensionMessaging } from "@webext-core/messaging";
import type { BookingEdit } from "./background/edit";
import type { PendingAction } from "./background/tracker/items";
import type { Booking } from "./booking/types";
import type { BookingInput } from "./booking/validate-draft";
import type { BusyInterval, CalendarListEntry } from "./google/calendar-types";
import type { MessageKey } from "./message-key";

/** A handler's failure as data: `code` is an i18n key telling the user what to do. */
export interface MessageError {
  code: MessageKey;
  message: string;
}

/** Result wrapper: handlers never throw across the channel, so the UI always gets a code. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: MessageError };

/**
 * The one typed message protocol between extension pages and the background service worker.
 * Each key is a message; its function type is `(data) => response`.
 */
export interface ProtocolMap {
  /** All bookings, newest first. */
  listBookings(): Booking[];
  /** The signed-in account (null when signed out). */
  getAccount(): { email: string } | null;
  /** Interactive Google sign-in; the popup stays open while the auth window is shown. */
  signIn(): Result<{ email: string }>;
  /** Revokes the token and forgets the account. */
  signOut(): Result<null>;
  /** The user's calendars (writable ones first). */
  listCalendars(): Result<CalendarListEntry[]>;
  /** Busy intervals of one calendar in [timeMin, timeMax). */
  freeBusy(data: { calendarId: string; timeMin: string; timeMax: string }): Result<BusyInterval[]>;
  /**
   * Stores a new booking and starts creating it in the background; answers as soon as the record
   * exists (creation continues after the popup closes; watch the bookings storage item).
   */
  createBooking(data: BookingInput): Result<Booking>;
  /** Resumes a failed creation from the step that failed. */
  retryBooking(data: { id: string }): Result<Booking>;
  /** Cancels the Worker checkout and deletes (or marks) the event. */
  cancelBooking(data: { id: string }): Result<Booking>;
  /**
   * Edits the title, times and guests of a booking awaiting payment or confirmed: the event, the
   * Worker checkout and the hold follow (docs/architecture.md "Editing a booking").
   */
  editBooking(data: { id: string; edit: BookingEdit }): Result<Booking>;
  /** "Did they attend?" answered from the popup (as from the notification): the Worker refunds or keeps the fee. */
  answerAttendance(data: { id: string; attended: boolean }): Result<Booking>;
  /** Opens the booking's checkout page in a new tab. */
  openCheckout(data: { id: string }): Result<null>;
  /** Background actions waiting for the network (offline queue), oldest first. */
  getPendingActions(): PendingAction[];
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
