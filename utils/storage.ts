import { storage } from "wxt/utils/storage";
import type { Booking, PrefillRequest } from "./booking/types";

/**
 * Every booking keyed by id. Version 1; bump `version` and add a migration when the
 * shape of {@link Booking} changes incompatibly.
 */
export const bookingsItem = storage.defineItem<Record<string, Booking>>("local:bookings", {
  fallback: {},
  version: 1,
});

/** Bookings newest first, for lists. */
export async function listBookings(): Promise<Booking[]> {
  const all = await bookingsItem.getValue();
  return Object.values(all).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * The latest right-click "Book this time" request, consumed (cleared) by the popup when it
 * opens. Session storage: a stale selection should not survive a browser restart.
 */
export const prefillItem = storage.defineItem<PrefillRequest | null>("session:prefill", {
  fallback: null,
  version: 1,
});
