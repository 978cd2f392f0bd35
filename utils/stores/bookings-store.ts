import { create } from "zustand";
import type { Booking } from "../booking/types";
import { bookingsItem } from "../storage";
import { send } from "./send";

/** View state of the booking list; the background's storage item stays the source of truth. */
interface BookingsState {
  bookings: Booking[];
  loading: boolean;
  error: string | null;
  /** Asks the background for the current list. */
  load(): Promise<void>;
  /** Follows the storage item so progress made by the background shows live; returns the unwatch. */
  watch(): () => void;
}

const newestFirst = (list: Booking[]) => [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

export const useBookingsStore = create<BookingsState>((set) => ({
  bookings: [],
  loading: true,
  error: null,
  async load() {
    try {
      const bookings = await send("listBookings", undefined);
      set({ bookings, loading: false, error: null });
    } catch (e) {
      set({ loading: false, error: e instanceof Error ? e.message : String(e) });
    }
  },
  watch() {
    return bookingsItem.watch((all) => set({ bookings: newestFirst(Object.values(all ?? {})), loading: false }));
  },
}));
