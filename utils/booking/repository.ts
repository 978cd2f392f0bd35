import { withLock } from "../lock";
import { bookingsItem } from "../storage";
import { type BookingEvent, transition } from "./machine";
import type { Booking } from "./types";

/**
 * What a holder of a booking's lock can do with it: read the current record and record lifecycle
 * events (through the state machine, so a stale decision fails loudly instead of writing back an
 * old copy). The only way to change a stored booking.
 */
export interface BookingTx {
  readonly id: string;
  /** The stored record now (undefined once it does not exist). */
  read(): Promise<Booking | undefined>;
  /** Applies `e` to the stored record and persists it; throws InvalidTransitionError untouched. */
  apply(e: BookingEvent, now?: Date): Promise<Booking>;
}

// All bookings live in one storage value, so two writes to different bookings must not interleave
// their read-modify-write of that value; this key guards only that short map update.
const MAP_KEY = "bookings-map";

function writeMap(fn: (all: Record<string, Booking>) => Record<string, Booking> | null): Promise<void> {
  return withLock(MAP_KEY, async () => {
    const next = fn(await bookingsItem.getValue());
    if (next) await bookingsItem.setValue(next);
  });
}

/** One booking, or undefined (a read: no lock needed, but decide on it only under {@link withBooking}). */
export async function getBooking(id: string): Promise<Booking | undefined> {
  return (await bookingsItem.getValue())[id];
}

/**
 * The lock every writer of a booking goes through (docs/architecture.md, "One lock per booking"):
 * `fn` runs after every earlier holder for the same booking has finished, and changes the booking
 * only through the {@link BookingTx} it is handed. Hold it across the side effect a decision
 * leads to (a Google or Worker call), so no other writer can act on the same state meanwhile.
 * Never call it again for the same booking from inside `fn`: pass `tx` on instead.
 */
export function withBooking<T>(id: string, fn: (tx: BookingTx) => Promise<T>): Promise<T> {
  return withLock(`booking:${id}`, () => {
    const tx: BookingTx = {
      id,
      read: () => getBooking(id),
      async apply(e, now = new Date()) {
        let out: Booking | undefined;
        await writeMap((all) => {
          const current = all[id];
          if (!current) throw new Error(`no booking ${id}`);
          out = transition(current, e, now.toISOString());
          return { ...all, [id]: out };
        });
        return out as Booking;
      },
    };
    return fn(tx);
  });
}

/** Stores a whole record under its lock: a new booking (or a test's fixture). */
export function putBooking(b: Booking): Promise<Booking> {
  return withBooking(b.id, async () => {
    await writeMap((all) => ({ ...all, [b.id]: b }));
    return b;
  });
}

/** One lifecycle event under the booking's lock, for writers with nothing else to decide. */
export function applyEvent(id: string, e: BookingEvent, now: Date = new Date()): Promise<Booking> {
  return withBooking(id, (tx) => tx.apply(e, now));
}
