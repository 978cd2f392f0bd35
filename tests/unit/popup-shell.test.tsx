import { render, screen } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { App } from "@/components/App";
import { registerMessageHandlers } from "@/utils/background/handlers";
import { bookingsItem } from "@/utils/storage";
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
});
