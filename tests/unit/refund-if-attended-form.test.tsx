import { screen, waitFor } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "@/components/App";
import { registerMessageHandlers } from "@/utils/background/handlers";
import type { Services } from "@/utils/background/services";
import { DEFAULT_HOLD_LIMITS } from "@/utils/booking/hold";
import { putBooking } from "@/utils/booking/repository";
import { DEFAULT_SETTINGS, effectiveWorkerUrl } from "@/utils/settings";
import { bookingsItem } from "@/utils/storage";
import { useAccountStore } from "@/utils/stores/account-store";
import { useBookingsStore } from "@/utils/stores/bookings-store";
import { useDraftStore } from "@/utils/stores/draft-store";
import { holdLimitsItem } from "@/utils/worker-limits";
import { makeBooking } from "./fixtures";
import { renderSignedIn, stubServices } from "./popup-fixtures";

// The popup form's "Refund the fee if they attend" and its no-answer default: sent with the
// checkout, written into the invitation, and kept on the booking for the attendance question.
let unregister: () => void = () => {};
let services: Services;
beforeEach(async () => {
  await holdLimitsItem.setValue({
    workerUrl: effectiveWorkerUrl(DEFAULT_SETTINGS),
    limits: DEFAULT_HOLD_LIMITS,
    fetchedAt: Date.now(),
  });
  useBookingsStore.setState({ bookings: [], loading: true, error: null });
  useAccountStore.setState({ email: null, loaded: false, busy: false, error: null, calendars: [] });
  useDraftStore.setState({
    draft: null,
    errors: {},
    prefill: null,
    submitting: false,
    submitError: null,
    activeId: null,
  });
  services = stubServices();
  unregister = registerMessageHandlers(() => services);
});
afterEach(() => unregister());

describe("popup form: refund the fee if they attend", { timeout: 30_000 }, () => {
  it("is off by default; ticked, it offers the no-answer default and is axe-clean", async () => {
    const { user, view } = await renderSignedIn(<App />);
    const box = screen.getByLabelText("Refund the fee if they attend") as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(screen.queryByLabelText("If I don't answer in time")).toBeNull();
    await user.click(box);
    const select = screen.getByLabelText("If I don't answer in time") as HTMLSelectElement;
    expect(select.value).toBe("keep");
    expect(select.getAttribute("aria-describedby")).toBe("f-refund-attend-hint");
    expect(screen.getByText(/attended refunds the fee, no-show keeps it/)).toBeTruthy();
    expect((await axe.run(view.container)).violations.map((v) => v.id)).toEqual([]);
  });

  it("sends it with the checkout, says it in the invitation and keeps it on the booking", async () => {
    const { user } = await renderSignedIn(<App />);
    await user.type(screen.getByLabelText("Title"), "Intro with Ana");
    await user.clear(screen.getByLabelText("Date"));
    await user.type(screen.getByLabelText("Date"), "2030-01-10");
    await user.click(screen.getByLabelText("Refund the fee if they attend"));
    await user.selectOptions(screen.getByLabelText("If I don't answer in time"), "refund");
    await user.click(screen.getByRole("button", { name: "Create & pay" }));
    const worker = await services.worker();
    await waitFor(() => expect(worker.createCheckout).toHaveBeenCalled());
    expect(vi.mocked(worker.createCheckout).mock.calls[0]?.[0]).toMatchObject({ refundable: true, noAnswer: "refund" });
    await waitFor(() => expect(services.calendar.insertEvent).toHaveBeenCalled());
    const event = vi.mocked(services.calendar.insertEvent).mock.calls[0]?.[1];
    expect(event?.description).toContain(
      "The fee is refunded if you attend: the organizer confirms it after the event. Without an answer, it is refunded anyway.",
    );
    await waitFor(async () =>
      expect(Object.values(await bookingsItem.getValue())[0]).toMatchObject({
        refundIfAttended: true,
        noAnswer: "refund",
      }),
    );
  });

  it("a booking without it sends no refund rule", async () => {
    const { user } = await renderSignedIn(<App />);
    await user.type(screen.getByLabelText("Title"), "Plain call");
    await user.clear(screen.getByLabelText("Date"));
    await user.type(screen.getByLabelText("Date"), "2030-01-10");
    await user.click(screen.getByRole("button", { name: "Create & pay" }));
    const worker = await services.worker();
    await waitFor(() => expect(worker.createCheckout).toHaveBeenCalled());
    const req = vi.mocked(worker.createCheckout).mock.calls[0]?.[0];
    expect(req?.refundable).toBeUndefined();
    expect(req?.noAnswer).toBeUndefined();
  });
});

describe("popup list: did they attend?", { timeout: 30_000 }, () => {
  it("a booking asked about (notification dismissed) can be answered from the list, then shows the outcome", async () => {
    const b = makeBooking({
      status: "confirmed",
      summary: "Intro with Lea",
      guests: ["lea@lead.example"],
      secret: "S".repeat(43),
      refundIfAttended: true,
      noAnswer: "keep",
      attendanceAskedAt: "2026-12-01T21:00:00.000Z",
    });
    await putBooking(b);
    const answerAttendance = vi.fn(async () => ({
      bookingId: b.id,
      status: "paid" as const,
      amount: { value: "1.00", currency: "USD" },
      holdUntil: b.start,
      secondsLeft: 0,
      checkoutUrl: "https://w.example/pay/ck",
      attendance: {
        status: "attended" as const,
        answerBy: "2026-12-03T20:30:00Z",
        noAnswer: "keep" as const,
        refund: "refunded" as const,
      },
    }));
    Object.assign(await services.worker(), { answerAttendance });
    const { user, view } = await renderSignedIn(<App />);
    await screen.findByText("Did lea@lead.example attend?");
    expect((await axe.run(view.container)).violations.map((v) => v.id)).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Attended" }));
    expect(await screen.findByText("Refunded (attended)")).toBeTruthy();
    expect(answerAttendance).toHaveBeenCalledWith(b.id, "S".repeat(43), true);
    expect(screen.queryByRole("button", { name: "No-show" })).toBeNull();
  });
});
