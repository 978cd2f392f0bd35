// What the booking page's unit tests share: the host's zone, a fixed "now" and a booking type.
import { screen, within } from "@testing-library/dom";
import type { PublicBookingType } from "../../worker/checkout/book/src/api";

/** The host's zone in every booking page test. */
export const HOST = "America/Argentina/Buenos_Aires";
/** Monday 7 January 2030, 09:00 in Buenos Aires. */
export const NOW = Date.parse("2030-01-07T12:00:00Z");

/** A 30-minute "Intro call" of Alice's at 1.00 USD; `over` changes what a test needs. */
export function bookingType(over: Partial<PublicBookingType> = {}): PublicBookingType {
  return {
    id: "intro",
    title: "Intro call",
    description: "Thirty minutes to get to know each other.",
    durationMinutes: 30,
    timeZone: HOST,
    price: { value: "1.00", currency: "USD" },
    providers: ["paypal", "mercadopago"],
    hostName: "Alice",
    refundIfAttended: false,
    noAnswer: "keep",
    attendanceWindowHours: 48,
    ...over,
  };
}

/** The times shown on the slot buttons of the day group named `day` ("Mon, Jan 7"). */
export function dayTimes(day: string): (string | null)[] {
  return within(screen.getByRole("group", { name: day }))
    .getAllByRole("button")
    .map((b) => b.textContent);
}
