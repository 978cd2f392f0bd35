import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { BookingItem } from "@/components/BookingItem";
import { TimeZoneField } from "@/components/TimeZoneField";
import { allTimeZones } from "@/utils/booking/zoned-time";
import { abbreviationZone } from "@/utils/parse-booking-time/text-zones";
import { searchTimeZones } from "@/utils/time-zones";
import { makeBooking } from "./fixtures";

const zones = allTimeZones();
const first = (q: string) => searchTimeZones(q, zones, abbreviationZone)[0];

function Picker() {
  const [zone, setZone] = useState("UTC");
  return (
    <form>
      <TimeZoneField value={zone} onChange={setZone} />
      <output data-testid="zone">{zone}</output>
      <button type="submit">Go</button>
    </form>
  );
}

describe("time zones by what people type", () => {
  it.each([
    ["New York", "America/New_York"],
    ["new york", "America/New_York"],
    ["EST", "America/New_York"],
    ["CET", "Europe/Berlin"],
    // ICU names it America/Buenos_Aires or America/Argentina/Buenos_Aires, depending on the version.
    ["Buenos Aires", /^America\/(Argentina\/)?Buenos_Aires$/],
    ["São Paulo", "America/Sao_Paulo"],
    ["sao paulo", "America/Sao_Paulo"],
    ["Lisb", "Europe/Lisbon"],
  ])("%s → %s", (q, zone) => {
    expect(first(q)?.zone).toMatch(zone);
  });

  it("marks only whole-name matches as exact, and finds nothing for nonsense", () => {
    expect(first("São Paulo")?.exact).toBe(true);
    expect(first("Lisb")?.exact).toBe(false);
    expect(searchTimeZones("Mars Base", zones, abbreviationZone)).toEqual([]);
  });

  it("offers matches as a combobox: arrows and Enter pick one without submitting", async () => {
    const user = userEvent.setup();
    const { container } = render(<Picker />);
    const input = screen.getByRole("combobox", { name: "Time zone" });
    await user.clear(input);
    await user.type(input, "são paulo");
    expect(input.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByRole("option", { name: /Sao Paulo/ })).toBeTruthy();
    expect((await axe.run(container)).violations.map((v) => v.id)).toEqual([]);
    await user.keyboard("{ArrowDown}{ArrowUp}{Enter}");
    expect(screen.getByTestId("zone").textContent).toBe("America/Sao_Paulo");
    expect(input.getAttribute("aria-expanded")).toBe("false");
  });

  it("leaving the field with an exact place or abbreviation picks its zone", async () => {
    const user = userEvent.setup();
    render(<Picker />);
    const input = screen.getByRole("combobox", { name: "Time zone" });
    await user.clear(input);
    await user.type(input, "EST");
    await user.tab();
    expect(screen.getByTestId("zone").textContent).toBe("America/New_York");
  });

  it("shows each booking's time with its zone", () => {
    render(
      <ul>
        <BookingItem booking={makeBooking({ start: "2026-12-01T15:00:00-05:00", timeZone: "America/New_York" })} />
        <BookingItem
          booking={makeBooking({ id: "b", start: "2026-12-01T15:00:00-03:00", timeZone: "America/Sao_Paulo" })}
        />
      </ul>,
    );
    expect(screen.getByText("Dec 1, 2026, 3:00 PM EST")).toBeTruthy();
    expect(screen.getByText("Dec 1, 2026, 3:00 PM GMT-3")).toBeTruthy();
  });
});
