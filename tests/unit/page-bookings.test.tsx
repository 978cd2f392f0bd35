import { fireEvent, render, screen, within } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { PageBookings } from "@/components/PageBookings";
import type { AdminBooking } from "@/utils/api/booking-page";
import type { AdminClient } from "@/utils/booking-page/admin-client";
import { setAdminClientFactory } from "@/utils/booking-page/client";
import { AuthRequiredError } from "@/utils/google/auth";
import { WorkerApiError } from "@/utils/worker-client";

// The popup's list of the booking page's bookings (GET /v1/admin/bookings), beside its own.

const booking = (over: Partial<AdminBooking> = {}): AdminBooking => ({
  reservationId: "r1",
  bookingId: "b1",
  typeId: "intro",
  title: "Intro call",
  lead: { name: "Bruno Lima", email: "bruno@example.com", notes: null, timeZone: "America/Sao_Paulo" },
  slot: { start: "2030-01-08T15:00:00-03:00", end: "2030-01-08T15:30:00-03:00" },
  status: "booked",
  holdUntil: "2030-01-07T12:15:00Z",
  payment: { status: "paid", provider: "paypal", amount: { value: "1.00", currency: "USD" }, transactionId: "CAP-1" },
  event: {
    id: "ev1",
    htmlLink: "https://calendar.google.com/event?eid=ev1",
    meetLink: "https://meet.google.com/abc-defg-hij",
    error: null,
    attempts: 1,
  },
  refundIfAttended: false,
  attendance: null,
  ...over,
});

function serve(
  list: () => Promise<AdminBooking[]>,
  answer: AdminClient["answerAttendance"] = async () => {
    throw new Error("unused");
  },
) {
  const asked: [string, string][] = [];
  const client: AdminClient = {
    getPage: async () => {
      throw new Error("unused");
    },
    savePage: async () => {
      throw new Error("unused");
    },
    listBookings: async (from, to) => {
      asked.push([from, to]);
      return list();
    },
    answerAttendance: answer,
    connectUrl: () => "",
  };
  setAdminClientFactory(async () => client);
  return asked;
}

describe("popup: the booking page's bookings", () => {
  it("lists upcoming page bookings with lead, time, status, payment and event links, axe-clean", async () => {
    const asked = serve(async () => [
      booking(),
      booking({
        reservationId: "r2",
        lead: { name: "Carla", email: "carla@example.com", notes: null, timeZone: null },
        status: "creating",
        event: { id: null, htmlLink: null, meetLink: null, error: "Google Calendar did not answer", attempts: 2 },
      }),
      booking({
        reservationId: "r3",
        status: "released",
        lead: { name: "Gone", email: "g@x.dev", notes: null, timeZone: null },
      }),
    ]);
    const { container } = render(<PageBookings />);
    expect(await screen.findByRole("heading", { name: "From your booking page" })).toBeTruthy();
    expect(screen.getByText("Intro call — Bruno Lima")).toBeTruthy();
    expect(screen.getByText("Booked")).toBeTruthy();
    expect(screen.getByText(/bruno@example\.com/)).toBeTruthy();
    expect(screen.getAllByText("Paid 1.00 USD with PayPal")).toHaveLength(2);
    expect(screen.getByRole("link", { name: "Open in Google Calendar" }).getAttribute("href")).toBe(
      "https://calendar.google.com/event?eid=ev1",
    );
    expect(screen.getByRole("link", { name: "Join Meet" }).getAttribute("href")).toBe(
      "https://meet.google.com/abc-defg-hij",
    );
    expect(screen.getByText("Paid, creating event")).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toBe(
      "The event is waiting to be created: Google Calendar did not answer",
    );
    // An unpaid hold that ended is not worth the host's attention.
    expect(screen.queryByText(/Gone/)).toBeNull();
    // Upcoming, 60 days ahead, and a week back for bookings awaiting "did they attend?".
    const [from, to] = asked[0] ?? ["", ""];
    expect(Math.round((Date.now() - Date.parse(from)) / 86_400_000)).toBe(7);
    expect(Math.round((Date.parse(to) - Date.now()) / 86_400_000)).toBe(60);
    expect((await axe.run(container)).violations.map((v) => v.id)).toEqual([]);
  });

  it("asks the host 'did they attend?' for an ended booking, sends the answer and shows the outcome", async () => {
    const ended = {
      start: new Date(Date.now() - 3 * 3600_000).toISOString(),
      end: new Date(Date.now() - 2 * 3600_000).toISOString(),
    };
    const answered: [string, boolean][] = [];
    serve(
      async () => [
        booking({
          slot: ended,
          refundIfAttended: true,
          attendance: { status: "awaiting", answerBy: "2030-01-10T18:30:00Z", noAnswer: "keep", refund: "none" },
        }),
        // Past and answered (or not refundable): no longer the host's business.
        booking({
          reservationId: "r2",
          bookingId: "b2",
          lead: { name: "Old", email: "o@x.dev", notes: null, timeZone: null },
          slot: ended,
        }),
      ],
      async (bookingId, attended) => {
        answered.push([bookingId, attended]);
        return {
          bookingId,
          attendance: { status: "attended", answerBy: "2030-01-10T18:30:00Z", noAnswer: "keep", refund: "refunded" },
        };
      },
    );
    const { container } = render(<PageBookings />);
    const group = await screen.findByRole("group", { name: "Did Bruno Lima attend?" });
    expect(within(group).getByText(/^Answer by .*; after that the fee is kept\.$/)).toBeTruthy();
    expect(screen.queryByText(/Old/)).toBeNull();
    expect((await axe.run(container)).violations.map((v) => v.id)).toEqual([]);
    fireEvent.click(within(group).getByRole("button", { name: "Attended" }));
    expect(await screen.findByText("Refunded (attended)")).toBeTruthy();
    expect(answered).toEqual([["b1", true]]);
    expect(screen.queryByRole("button", { name: "No-show" })).toBeNull();
  });

  it("a second answer elsewhere: says it was already answered", async () => {
    const ended = {
      start: new Date(Date.now() - 3 * 3600_000).toISOString(),
      end: new Date(Date.now() - 2 * 3600_000).toISOString(),
    };
    serve(
      async () => [
        booking({
          slot: ended,
          refundIfAttended: true,
          attendance: { status: "awaiting", answerBy: "2030-01-10T18:30:00Z", noAnswer: "refund", refund: "none" },
        }),
      ],
      async () => {
        throw new WorkerApiError(409, "already_answered", "Attendance is already recorded: attended.");
      },
    );
    render(<PageBookings />);
    fireEvent.click(await screen.findByRole("button", { name: "No-show" }));
    expect((await screen.findByRole("alert")).textContent).toBe("This was already answered.");
  });

  it("says so when there are none", async () => {
    serve(async () => []);
    render(<PageBookings />);
    expect(await screen.findByText("No upcoming bookings from your page.")).toBeTruthy();
  });

  it.each([
    new AuthRequiredError(),
    new WorkerApiError(403, "forbidden", "not the host"),
    new WorkerApiError(404, "not_found", "no booking page"),
  ])("shows nothing for anyone but the host (%s)", async (error) => {
    let done = false;
    serve(async () => {
      done = true;
      throw error;
    });
    const { container } = render(<PageBookings />);
    await expect.poll(() => done).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(container.textContent).toBe("");
  });

  it("says when the list cannot be loaded", async () => {
    serve(async () => {
      throw new WorkerApiError(0, "network", "offline");
    });
    render(<PageBookings />);
    expect((await screen.findByRole("alert")).textContent).toBe("The booking page's bookings could not be loaded.");
  });
});
