import { bookingsItem } from "../storage";
import { type BookingEvent, transition } from "./machine";
import type { Booking } from "./types";

// Every write goes through this chain: two handlers updating different bookings at once
// would otherwise each write back a stale copy of the whole map.
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

/** One booking, or undefined. */
export async function getBooking(id: string): Promise<Booking | undefined> {
  return (await bookingsItem.getValue())[id];
}

/** Inserts or replaces a booking record. */
export function putBooking(b: Booking): Promise<Booking> {
  return serialized(async () => {
    const all = await bookingsItem.getValue();
    await bookingsItem.setValue({ ...all, [b.id]: b });
    return b;
  });
}

/** Reads, transforms and writes one booking atomically (with respect to this worker). */
export function updateBooking(id: string, fn: (b: Booking) => Booking): Promise<Booking> {
  return serialized(async () => {
    const all = await bookingsItem.getValue();
    const current = all[id];
    if (!current) throw new Error(`no booking ${id}`);
    const next = fn(current);
    await bookingsItem.setValue({ ...all, [id]: next });
    return next;
  });
}

/** Applies a lifecycle event and persists the result (throws InvalidTransitionError untouched). */
export function applyEvent(id: string, e: BookingEvent, now: Date = new Date()): Promise<Booking> {
  return updateBooking(id, (b) => transition(b, e, now.toISOString()));
}
