import { describe, expect, it, vi } from "vitest";
import { cancelBookingFlow } from "@/utils/booking/cancel-flow";
import { type CreateFlowDeps, runCreateFlow } from "@/utils/booking/create-flow";
import { newBooking } from "@/utils/booking/new-booking";
import { applyEvent, getBooking, putBooking, withBooking } from "@/utils/booking/repository";
import type { CalendarClient } from "@/utils/google/calendar-client";
import type { CalendarEvent } from "@/utils/google/calendar-types";
import { GoogleApiError } from "@/utils/google/errors";
import { WorkerApiError, type WorkerClient } from "@/utils/worker-client";

const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const SECRET = "A".repeat(43);

function booking(over: Partial<Parameters<typeof newBooking>[0]> = {}) {
  return newBooking(
    {
      summary: "Intro call",
      description: "Agenda",
      start: "2026-12-01T15:00:00-05:00",
      end: "2026-12-01T15:30:00-05:00",
      timeZone: "America/New_York",
      calendarId: "primary",
      guests: ["lead@example.com"],
      addMeet: true,
      ...over,
    },
    { holdHours: 24, reminderMinutes: [30] },
    new Date("2026-11-21T12:00:00Z"),
    { id: ID, secret: SECRET },
  );
}

function fakes() {
  const log: string[] = [];
  const events = new Map<string, CalendarEvent>();
  const worker = {
    createCheckout: vi.fn(async (req) => {
      log.push("checkout");
      return {
        bookingId: req.bookingId,
        checkoutId: "ck1",
        checkoutUrl: "https://w.example/pay/ck1",
        amount: { value: "1.00", currency: "USD" },
        providers: ["paypal"],
        holdUntil: req.holdUntil,
      };
    }),
    cancelCheckout: vi.fn(async () => {
      log.push("cancelCheckout");
      return {};
    }),
  } as unknown as WorkerClient;
  const calendar = {
    insertEvent: vi.fn(async (_cal: string, e: CalendarEvent) => {
      log.push("insert");
      if (e.id && events.has(e.id)) throw new GoogleApiError("conflict", 409, "duplicate", "dup");
      const created = { ...e, htmlLink: `https://cal.example/${e.id}`, hangoutLink: "https://meet.example/abc" };
      events.set(e.id ?? "", created);
      return created;
    }),
    getEvent: vi.fn(async (_cal: string, id: string) => {
      log.push("get");
      const e = events.get(id);
      if (!e) throw new GoogleApiError("not_found", 404, "notFound", "nf");
      return e;
    }),
    deleteEvent: vi.fn(async (_cal: string, id: string) => {
      log.push("delete");
      events.delete(id);
    }),
    patchEvent: vi.fn(async () => {
      log.push("patch");
      return {};
    }),
  } as unknown as CalendarClient;
  const opened: string[] = [];
  const deps: CreateFlowDeps = {
    worker,
    calendar,
    openTab: async (url) => {
      log.push("tab");
      opened.push(url);
    },
    extensionId: "extid",
    locale: "en",
    sleep: async () => {},
  };
  return { log, events, worker, calendar, opened, deps };
}

describe("create flow", () => {
  it("creates the checkout, then the tentative event, then opens the checkout tab", async () => {
    const f = fakes();
    await putBooking(booking());
    const done = await runCreateFlow(ID, f.deps);
    expect(f.log).toEqual(["checkout", "insert", "tab"]);
    expect(done).toMatchObject({
      status: "awaiting_payment",
      step: null,
      checkoutId: "ck1",
      checkoutUrl: "https://w.example/pay/ck1",
      meetLink: "https://meet.example/abc",
    });
    const req = vi.mocked(f.worker.createCheckout).mock.calls[0]?.[0];
    expect(req).toMatchObject({ bookingId: ID, summary: "Intro call", payerEmail: "lead@example.com", locale: "en" });
    expect(req).not.toHaveProperty("organizer");
    expect(req?.secretHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(req)).not.toContain(SECRET);
    const [, event, opts] = vi.mocked(f.calendar.insertEvent).mock.calls[0] ?? [];
    expect(opts).toEqual({ conferenceDataVersion: 1, sendUpdates: "all" });
    expect(event).toMatchObject({
      id: "lc1u7qqmuppd39v8b5e237ea4l1o",
      status: "tentative",
      summary: "[Unpaid hold] Intro call",
      colorId: "5",
      attendees: [{ email: "lead@example.com" }],
      reminders: { useDefault: false, overrides: [{ method: "popup", minutes: 30 }] },
      extendedProperties: { private: { lcBooking: ID, lcState: "awaiting_payment" } },
      conferenceData: { createRequest: { requestId: ID, conferenceSolutionKey: { type: "hangoutsMeet" } } },
    });
    expect(event?.description).toContain("Agenda");
    expect(event?.description).toContain("https://w.example/pay/ck1");
    expect(f.opened).toEqual(["https://w.example/pay/ck1?ext=extid"]);
  });

  it.each([
    [
      "pt-BR",
      "[Reserva não paga] Intro call",
      "Pague para confirmar: https://w.example/pay/ck1",
      "reservado até 22 de nov. de 2026, 07:00 (America/New_York)",
    ],
    [
      "es",
      "[Reserva sin pagar] Intro call",
      "Paga para confirmar: https://w.example/pay/ck1",
      "reservado hasta 22 nov 2026, 7:00 (America/New_York)",
    ],
  ] as const)(
    "creates the checkout and writes the event in the user's language (%s)",
    async (locale, summary, payLine, held) => {
      const f = fakes();
      await putBooking(booking({ locale, description: "" }));
      await runCreateFlow(ID, f.deps);
      expect(vi.mocked(f.worker.createCheckout).mock.calls[0]?.[0].locale).toBe(locale);
      const [, event] = vi.mocked(f.calendar.insertEvent).mock.calls[0] ?? [];
      expect(event?.summary).toBe(summary);
      // No description: the text starts with the pay line, not a blank line.
      expect(event?.description?.split("\n")[0]).toBe(payLine);
      expect(event?.description).toContain(held);
    },
  );

  it("writes an all-day booking as an all-day event", async () => {
    const f = fakes();
    await putBooking(booking({ allDay: true, start: "2026-12-01T00:00:00-05:00", end: "2026-12-02T00:00:00-05:00" }));
    await runCreateFlow(ID, f.deps);
    const [, event] = vi.mocked(f.calendar.insertEvent).mock.calls[0] ?? [];
    expect(event?.start).toEqual({ date: "2026-12-01" });
    expect(event?.end).toEqual({ date: "2026-12-02" });
  });

  it("keeps the hold the popup showed", () => {
    const b = booking({ holdUntil: "2026-11-21T13:00:00-05:00" });
    expect(Date.parse(b.holdUntil ?? "")).toBe(Date.parse("2026-11-21T18:00:00Z"));
  });

  it("tells the Worker who organizes, when the deps name someone", async () => {
    const f = fakes();
    await putBooking(booking());
    await runCreateFlow(ID, { ...f.deps, organizer: { email: "host@example.com" } });
    const req = vi.mocked(f.worker.createCheckout).mock.calls[0]?.[0];
    expect(req?.organizer).toEqual({ email: "host@example.com" });
  });

  it("holds until 1 h before the event when that comes before the hold length", () => {
    const b = booking({ start: "2026-11-21T15:00:00-05:00", end: "2026-11-21T16:00:00-05:00" });
    expect(Date.parse(b.holdUntil ?? "")).toBe(Date.parse("2026-11-21T19:00:00Z"));
  });

  it("after a crash between insert and record, the retried insert's 409 fetches the existing event", async () => {
    const f = fakes();
    await putBooking(booking());
    // First run dies right after the insert landed at Google but before it was recorded.
    await applyEvent(ID, {
      type: "checkoutCreated",
      checkoutId: "ck1",
      checkoutUrl: "https://w.example/pay/ck1",
      holdUntil: "2026-11-22T12:00:00Z",
    });
    const b = await getBooking(ID);
    if (b) await f.calendar.insertEvent("primary", { id: b.eventId, htmlLink: "x" });
    f.log.length = 0;
    const done = await runCreateFlow(ID, f.deps);
    expect(f.log).toEqual(["insert", "get", "tab"]);
    expect(done?.status).toBe("awaiting_payment");
    expect(f.events.size).toBe(1);
  });

  it("records a failure with its step and message key; a retry resumes there without a second checkout", async () => {
    const f = fakes();
    vi.mocked(f.calendar.insertEvent).mockRejectedValueOnce(new GoogleApiError("forbidden", 403, "forbidden", "no"));
    await putBooking(booking());
    const failed = await runCreateFlow(ID, f.deps);
    expect(failed).toMatchObject({ status: "failed", step: "event", error: { code: "gerr_forbidden" } });
    await applyEvent(ID, { type: "retry" });
    const done = await runCreateFlow(ID, f.deps);
    expect(done?.status).toBe("awaiting_payment");
    expect(f.log.filter((x) => x === "checkout")).toHaveLength(1);
  });

  it("retries a Worker 503 briefly, then fails with a retryable message", async () => {
    const f = fakes();
    vi.mocked(f.worker.createCheckout).mockRejectedValue(new WorkerApiError(503, "unavailable", "down"));
    await putBooking(booking());
    const failed = await runCreateFlow(ID, f.deps);
    expect(f.worker.createCheckout).toHaveBeenCalledTimes(3);
    expect(failed).toMatchObject({ status: "failed", step: "checkout", error: { code: "werr_server" } });
  });

  it("a blocked tab does not fail the booking", async () => {
    const f = fakes();
    f.deps.openTab = async () => {
      throw new Error("blocked");
    };
    await putBooking(booking());
    expect((await runCreateFlow(ID, f.deps))?.status).toBe("awaiting_payment");
  });
});

describe("cancel flow", () => {
  it("cancels the checkout, deletes the event and records cancelled", async () => {
    const f = fakes();
    await putBooking(booking());
    await runCreateFlow(ID, f.deps);
    expect((await getBooking(ID))?.htmlLink).toBeTruthy();
    const b = await withBooking(ID, (tx) =>
      cancelBookingFlow(tx, {
        worker: f.worker,
        calendar: f.calendar,
        expiryAction: "delete",
      }),
    );
    expect(b.status).toBe("cancelled");
    expect(f.log.slice(-2)).toEqual(["cancelCheckout", "delete"]);
    expect(f.events.size).toBe(0);
    // The deleted event's page is gone, so the booking no longer links to it.
    expect(b.htmlLink).toBeUndefined();
  });

  it("keeps the event marked when expiry keeps events", async () => {
    const f = fakes();
    await putBooking(booking());
    await runCreateFlow(ID, f.deps);
    await withBooking(ID, (tx) =>
      cancelBookingFlow(tx, {
        worker: f.worker,
        calendar: f.calendar,
        expiryAction: "keep_cancelled",
      }),
    );
    expect((await getBooking(ID))?.htmlLink).toBeTruthy();
    expect(vi.mocked(f.calendar.patchEvent).mock.calls[0]?.[2]).toMatchObject({
      summary: "[Cancelled] Intro call",
      extendedProperties: { private: { lcState: "cancelled" } },
    });
  });

  it("refuses when the Worker says it is already paid (409) and changes nothing", async () => {
    const f = fakes();
    vi.mocked(f.worker.cancelCheckout).mockRejectedValue(new WorkerApiError(409, "already_paid", "paid"));
    await putBooking(booking());
    await runCreateFlow(ID, f.deps);
    await expect(
      withBooking(ID, (tx) =>
        cancelBookingFlow(tx, { worker: f.worker, calendar: f.calendar, expiryAction: "delete" }),
      ),
    ).rejects.toMatchObject({ status: 409 });
    expect((await getBooking(ID))?.status).toBe("awaiting_payment");
    expect(f.events.size).toBe(1);
  });
});
