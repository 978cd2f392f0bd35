import { defineExtensionMessaging } from "@webext-core/messaging";
import type { Booking } from "./booking/types";

/**
 * The one typed message protocol between extension pages and the background service worker.
 * Each key is a message; its function type is `(data) => response`.
 */
export interface ProtocolMap {
  /** All bookings, newest first. */
  listBookings(): Booking[];
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
