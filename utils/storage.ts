import { storage } from "wxt/utils/storage";
import type { Booking, PrefillRequest } from "./booking/types";
import { lazyItem } from "./lazy-item";

/** A v1 booking record: before `reminderMinutes`, `step` and `attempts` existed. */
type BookingV1 = Omit<Booking, "reminderMinutes" | "step" | "attempts">;

/**
 * v1 → v2: adds `reminderMinutes` (empty = calendar defaults), `step` and `attempts`.
 * A v1 booking caught in `creating` had no step record, so it restarts from the first step;
 * every step is idempotent, so repeating one is harmless.
 */
export function migrateBookingsV2(old: Record<string, BookingV1> | null | undefined): Record<string, Booking> {
  const out: Record<string, Booking> = {};
  for (const [id, b] of Object.entries(old ?? {})) {
    out[id] = { ...b, reminderMinutes: [], step: b.status === "creating" ? "checkout" : null, attempts: 0 };
  }
  return out;
}

/**
 * Every booking keyed by id — the source of truth for the lifecycle. Version 2 (see
 * {@link migrateBookingsV2}); bump `version` and add a migration when the shape of
 * {@link Booking} changes incompatibly.
 */
export const bookingsItem = lazyItem(() =>
  storage.defineItem<Record<string, Booking>>("local:bookings", {
    fallback: {},
    version: 2,
    migrations: { 2: migrateBookingsV2 },
  }),
);

/** Bookings newest first, for lists. */
export async function listBookings(): Promise<Booking[]> {
  const all = await bookingsItem.getValue();
  return Object.values(all).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * The latest right-click "Book this time" request, consumed (cleared) by the popup when it
 * opens. Session storage: a stale selection should not survive a browser restart.
 */
export const prefillItem = lazyItem(() =>
  storage.defineItem<PrefillRequest | null>("session:prefill", {
    fallback: null,
    version: 1,
  }),
);
