import { act, render, screen } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "@/components/App";
import { registerMessageHandlers } from "@/utils/background/handlers";
import { bookingsItem } from "@/utils/storage";
import { useAccountStore } from "@/utils/stores/account-store";
import { useBookingsStore } from "@/utils/stores/bookings-store";
import { makeBooking } from "./fixtures";

let unregister: () => void = () => {};
beforeEach(() => {
  useBookingsStore.setState({ bookings: [], loading: true, error: null });
  unregister = registerMessageHandlers();
});
afterEach(() => unregister());

describe("popup shell", () => {
  it("shows the empty state, read through the background's message handler", async () => {
    const { container } = render(<App />);
    expect(await screen.findByRole("heading", { name: "No bookings yet" })).toBeTruthy();
    expect(screen.getByRole("heading", { level: 1, name: "LeadsCalendar" })).toBeTruthy();
    const results = await axe.run(container);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("lists stored bookings with a translated status chip", async () => {
    await bookingsItem.setValue({ x: makeBooking({ id: "x", summary: "Demo with Ana" }) });
    render(<App />);
    expect(await screen.findByText("Demo with Ana")).toBeTruthy();
    expect(screen.getByText("Awaiting payment")).toBeTruthy();
  });

  it("mounts the bookings list only after the form's first frame", async () => {
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, "requestAnimationFrame").mockImplementation((cb) => frames.push(cb));
    render(<App />);
    expect(await screen.findByRole("textbox", { name: "Title" })).toBeTruthy();
    // Long enough for the lazy list to load had it been mounted with the form: still the placeholder.
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.queryByRole("heading", { name: "No bookings yet" })).toBeNull();
    expect(screen.getByText("Loading…")).toBeTruthy();
    await act(async () => {
      for (const cb of frames.splice(0)) cb(performance.now());
    });
    expect(await screen.findByRole("heading", { name: "No bookings yet" })).toBeTruthy();
  });

  it("asks the background for the bookings and the account only after the form's first frame", async () => {
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, "requestAnimationFrame").mockImplementation((cb) => frames.push(cb));
    useAccountStore.setState({ email: null, loaded: false });
    render(<App />);
    expect(await screen.findByRole("textbox", { name: "Title" })).toBeTruthy();
    // Time enough for both answers had the requests gone out with the form's render.
    await new Promise((r) => setTimeout(r, 100));
    expect(useBookingsStore.getState().loading).toBe(true);
    expect(useAccountStore.getState().loaded).toBe(false);
    await act(async () => {
      for (const cb of frames.splice(0)) cb(performance.now());
    });
    await vi.waitFor(() => expect(useBookingsStore.getState().loading).toBe(false));
    await vi.waitFor(() => expect(useAccountStore.getState().loaded).toBe(true));
  });

  it("still mounts the bookings list when no frame is ever drawn (a hidden page)", async () => {
    vi.spyOn(window, "requestAnimationFrame").mockImplementation(() => 0);
    render(<App />);
    expect(await screen.findByRole("heading", { name: "No bookings yet" }, { timeout: 3000 })).toBeTruthy();
  });
});
