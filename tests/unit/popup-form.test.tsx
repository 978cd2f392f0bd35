import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "@/components/App";
import { registerMessageHandlers } from "@/utils/background/handlers";
import type { Services } from "@/utils/background/services";
import { draftItem } from "@/utils/booking/draft";
import { DEFAULT_HOLD_LIMITS } from "@/utils/booking/hold";
import { GoogleApiError } from "@/utils/google/errors";
import { DEFAULT_SETTINGS, effectiveWorkerUrl } from "@/utils/settings";
import { bookingsItem, prefillItem } from "@/utils/storage";
import { useAccountStore } from "@/utils/stores/account-store";
import { useBookingsStore } from "@/utils/stores/bookings-store";
import { useDraftStore } from "@/utils/stores/draft-store";
import { holdLimitsItem } from "@/utils/worker-limits";
import { makeBooking } from "./fixtures";
import { renderSignedIn, stubServices } from "./popup-fixtures";

let unregister: () => void = () => {};
let services: Services;
function setup(over?: Parameters<typeof stubServices>[0]) {
  services = stubServices(over);
  unregister = registerMessageHandlers(() => services);
}
beforeEach(async () => {
  // Fresh limits of the build's Worker, so the popup never asks a Worker that is not there.
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
});
afterEach(() => unregister());

// Typing every field through user-event is slow on a shared machine.
describe("popup form", { timeout: 30_000 }, () => {
  it("signs in from the header and lists the writable calendars, primary first", async () => {
    setup();
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Sign in with Google" }));
    expect(await screen.findByText("Signed in as ana@example.com")).toBeTruthy();
    const select = screen.getByLabelText("Calendar");
    await waitFor(() =>
      expect(
        within(select)
          .getAllByRole("option")
          .map((o) => o.textContent),
      ).toEqual(["Ana", "Team"]),
    );
  });

  it("shows inline validation messages and focuses the first broken field", async () => {
    setup();
    const { user } = await renderSignedIn(<App />);
    await user.clear(screen.getByLabelText("Title"));
    await user.clear(screen.getByLabelText("End"));
    await user.type(screen.getByLabelText("End"), "00:01");
    await user.type(screen.getByLabelText("Guests (emails)"), "ok@example.com, nope");
    await user.clear(screen.getByLabelText("Time zone"));
    await user.type(screen.getByLabelText("Time zone"), "Mars/Base");
    await user.click(screen.getByRole("button", { name: "Create & pay" }));
    expect(await screen.findByText("Enter a title.")).toBeTruthy();
    expect(screen.getByText("Check the guests: each must be an email address.")).toBeTruthy();
    expect(screen.getByText(/Choose a time zone from the list/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText("Title"));
    expect(screen.getByLabelText("Title").getAttribute("aria-invalid")).toBe("true");
    expect(services.calendar.insertEvent).not.toHaveBeenCalled();
  });

  it("rejects an end before the start", async () => {
    setup();
    const { user } = await renderSignedIn(<App />);
    await user.type(screen.getByLabelText("Title"), "Call");
    await user.clear(screen.getByLabelText("Date"));
    await user.type(screen.getByLabelText("Date"), "2030-01-10");
    await user.clear(screen.getByLabelText("Start"));
    await user.type(screen.getByLabelText("Start"), "10:00");
    await user.clear(screen.getByLabelText("End"));
    await user.type(screen.getByLabelText("End"), "09:00");
    await user.click(screen.getByRole("button", { name: "Create & pay" }));
    expect(await screen.findByText("The end must be after the start.")).toBeTruthy();
  });

  it("submits, shows progress beside the button with focus on it, then the booking awaiting payment, and clears the draft once the event exists", async () => {
    setup();
    const { user } = await renderSignedIn(<App />);
    await user.type(screen.getByLabelText("Title"), "Intro with Ana");
    await user.clear(screen.getByLabelText("Date"));
    await user.type(screen.getByLabelText("Date"), "2030-01-10");
    await user.type(screen.getByLabelText("Guests (emails)"), "lead@example.com");
    await user.click(screen.getByLabelText("Add Google Meet"));
    await user.click(screen.getByRole("button", { name: "Create & pay" }));
    const status = await screen.findByRole("region", { name: "Creating “Intro with Ana”" });
    expect(document.activeElement).toBe(status);
    expect(status.closest("form")).toBeTruthy();
    await within(status).findByText(/“Intro with Ana” is in your calendar, waiting for payment/);
    const item = (await screen.findByText("Intro with Ana", { selector: ".booking-title" })).closest(
      "li",
    ) as HTMLElement;
    await within(item).findByText("Awaiting payment");
    expect(within(item).getByRole("button", { name: "Pay" })).toBeTruthy();
    expect(within(item).getByRole("button", { name: "Copy link" })).toBeTruthy();
    expect(within(item).getByRole("link", { name: "Open in Google Calendar" }).getAttribute("href")).toBe(
      "https://cal/x",
    );
    expect(within(item).getByText(/Held for/)).toBeTruthy();
    expect(within(item).getByRole("link", { name: "w.example/pay/ck" }).getAttribute("href")).toBe(
      "https://w.example/pay/ck",
    );
    expect(services.openTab).toHaveBeenCalledWith("https://w.example/pay/ck?ext=extid");
    await waitFor(() => expect((screen.getByLabelText("Title") as HTMLInputElement).value).toBe(""));
    expect(await draftItem.getValue()).toBeNull();
  });

  it("shows a Google 403 next to the button with what to do, keeps the draft, and retries from the failed step", async () => {
    const insertEvent = vi
      .fn()
      .mockRejectedValueOnce(new GoogleApiError("forbidden", 403, "forbiddenForNonOrganizer", "no"))
      .mockImplementation(async (_c: string, e: object) => ({ ...e, htmlLink: "https://cal/y" }));
    setup({ insertEvent });
    const { user } = await renderSignedIn(<App />);
    await user.type(screen.getByLabelText("Title"), "Denied");
    await user.clear(screen.getByLabelText("Date"));
    await user.type(screen.getByLabelText("Date"), "2030-01-10");
    await user.click(screen.getByRole("button", { name: "Create & pay" }));
    const status = await screen.findByRole("region", { name: "Creating “Denied”" });
    const alert = await within(status).findByRole("alert");
    expect(alert.textContent).toMatch(/don't have permission to add events to that calendar/);
    expect(alert.textContent).toMatch(/What you typed is kept/);
    // Focus moved onto the failure, and the typed form is still there.
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect((screen.getByLabelText("Title") as HTMLInputElement).value).toBe("Denied");
    expect((await draftItem.getValue())?.title).toBe("Denied");
    const item = screen.getByText("Denied", { selector: ".booking-title" }).closest("li") as HTMLElement;
    expect(within(item).getByText("Failed")).toBeTruthy();
    // The failure shows once (beside the button), not again in the list.
    expect(screen.getAllByText(/don't have permission to add events/)).toHaveLength(1);
    await user.click(within(status).getByRole("button", { name: "Retry" }));
    await within(item).findByText("Awaiting payment");
    await waitFor(() => expect((screen.getByLabelText("Title") as HTMLInputElement).value).toBe(""));
  });

  it("refuses to create while signed out", async () => {
    setup();
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByLabelText("Title"), "X");
    await user.clear(screen.getByLabelText("Date"));
    await user.type(screen.getByLabelText("Date"), "2030-01-10");
    await user.click(screen.getByRole("button", { name: "Create & pay" }));
    // One message, not two: the signed-out hint turns into the alert.
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("Sign in with Google to create bookings.");
    expect(screen.getAllByText(/Sign in with Google/).filter((e) => e.tagName === "P")).toHaveLength(1);
  });

  it("sets the end from a chosen duration, and moving the start keeps the length", async () => {
    setup();
    const { user } = await renderSignedIn(<App />);
    await user.clear(screen.getByLabelText("Start"));
    await user.type(screen.getByLabelText("Start"), "09:00");
    await user.selectOptions(screen.getByLabelText("Duration"), "1 hr");
    expect((screen.getByLabelText("End") as HTMLInputElement).value).toBe("10:00");
    await user.clear(screen.getByLabelText("Start"));
    await user.type(screen.getByLabelText("Start"), "11:30");
    expect((screen.getByLabelText("End") as HTMLInputElement).value).toBe("12:30");
    expect((screen.getByLabelText("Duration") as HTMLSelectElement).value).toBe("60");
  });

  it("keeps the draft across popup reopenings", async () => {
    setup();
    const { user, view } = await renderSignedIn(<App />);
    await user.type(screen.getByLabelText("Title"), "Half-typed");
    view.unmount();
    useDraftStore.setState({ draft: null });
    render(<App />);
    expect(((await screen.findByLabelText("Title")) as HTMLInputElement).value).toBe("Half-typed");
  });

  it("pre-fills from a right-click request, shows what was understood, and consumes it", async () => {
    setup();
    await prefillItem.setValue({
      text: "Call me Tue Mar 5, 3pm EST please",
      parsed: {
        start: "2030-03-05T15:00:00-05:00",
        allDay: false,
        timeZone: "America/New_York",
        matchedText: "Tue Mar 5, 3pm EST",
        confidence: "high",
      },
      createdAt: "2030-01-01T00:00:00Z",
    });
    await renderSignedIn(<App />);
    // "Understood" is the date and time read, not the matched words again.
    expect(await screen.findByText("Mar 5, 2030, 3:00 PM EST")).toBeTruthy();
    expect(screen.getByText("sure")).toBeTruthy();
    expect((screen.getByLabelText("Title") as HTMLInputElement).value).toBe("Call me please");
    expect((screen.getByLabelText("Date") as HTMLInputElement).value).toBe("2030-03-05");
    expect((screen.getByLabelText("Start") as HTMLInputElement).value).toBe("15:00");
    expect((screen.getByLabelText("End") as HTMLInputElement).value).toBe("15:30");
    expect((screen.getByLabelText("Time zone") as HTMLInputElement).value).toBe("America/New_York");
    expect(await prefillItem.getValue()).toBeNull();
  });

  it("uses unparsed selected text as the title and says so", async () => {
    setup();
    await prefillItem.setValue({ text: "Lunch with Bruno", parsed: null, createdAt: "2030-01-01T00:00:00Z" });
    await renderSignedIn(<App />);
    expect(await screen.findByText(/No date or time found/)).toBeTruthy();
    expect((screen.getByLabelText("Title") as HTMLInputElement).value).toBe("Lunch with Bruno");
  });

  it("has no axe violations with the form, errors and a booking list", async () => {
    setup();
    await bookingsItem.setValue({
      a: makeBooking({
        id: "a",
        checkoutUrl: "https://w/pay/a",
        holdUntil: "2099-01-01T00:00:00Z",
        htmlLink: "https://c",
      }),
      b: makeBooking({ id: "b", status: "failed", step: "event", error: { code: "gerr_server", message: "x" } }),
    });
    const { user, view } = await renderSignedIn(<App />);
    await user.click(screen.getByRole("button", { name: "Create & pay" }));
    await screen.findByText("Enter a title.");
    const results = await axe.run(view.container);
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
  });
});
