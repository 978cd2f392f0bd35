import { vi } from "vitest";
import type { Booking } from "@/utils/booking/types";

/** A complete booking record with overridable fields. */
export function makeBooking(over: Partial<Booking> = {}): Booking {
  return {
    id: "0f8fad5b-d9cb-469f-a165-70867728950e",
    status: "awaiting_payment",
    summary: "Intro call",
    description: "",
    start: "2026-12-01T15:00:00-05:00",
    end: "2026-12-01T15:30:00-05:00",
    timeZone: "America/New_York",
    calendarId: "primary",
    eventId: "lc1u7qqmuppd39v8b5e237ea4l1o",
    guests: [],
    addMeet: false,
    secret: "s",
    reminderMinutes: [],
    step: null,
    attempts: 1,
    createdAt: "2026-11-20T10:00:00.000Z",
    updatedAt: "2026-11-20T10:00:00.000Z",
    ...over,
  };
}

/** A Worker `createCheckout` that answers like the real one for any booking. */
export function fakeCreateCheckout() {
  return vi.fn(async (r: { bookingId: string; holdUntil: string }) => ({
    bookingId: r.bookingId,
    checkoutId: "ck",
    checkoutUrl: "https://w.example/pay/ck",
    amount: { value: "1.00", currency: "USD" },
    providers: ["paypal" as const],
    holdUntil: r.holdUntil,
  }));
}
