import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PrefillNotice } from "@/components/PrefillNotice";
import { draftFromPrefill, titleFromSelection } from "@/utils/booking/default-draft";
import { emptyDraft } from "@/utils/booking/draft";
import type { ParsedTime } from "@/utils/booking/types";
import { parseBookingTime } from "@/utils/parse-booking-time";

const NY = "America/New_York";
const settings = { defaultDurationMinutes: 30, defaultCalendarId: "primary", meetByDefault: false };
const base = emptyDraft({ date: "2026-11-18", start: "11:00", end: "11:30", timeZone: NY });
const prefill = (text: string, parsed: ParsedTime | null) => ({ text, parsed, createdAt: "2026-11-18T15:00:00Z" });
const read = (text: string, now = "2026-11-18T15:00:00Z", locale = "en-US") =>
  parseBookingTime(text, { now: new Date(now), timeZone: NY, locale });

describe("right-click Book this time, read honestly", () => {
  it.each([
    ["Intro call next Tuesday 3pm EST", "next Tuesday 3pm EST", "Intro call"],
    ["Call me Tue Mar 5, 3pm EST please", "Tue Mar 5, 3pm EST", "Call me please"],
    ["Demo on Friday at 11:30am", "on Friday at 11:30am", "Demo"],
    ["Friday 3pm", "Friday 3pm", ""],
    [`${"Long message. ".repeat(20)}Friday 3pm`, "Friday 3pm", ""],
  ])("%j minus %j is the title %j", (text, matched, title) => {
    expect(titleFromSelection(text, matched)).toBe(title);
  });

  it("fills title and time from 'Intro call next Tuesday 3pm EST'", () => {
    const text = "Intro call next Tuesday 3pm EST";
    const d = draftFromPrefill(prefill(text, read(text)), base, settings);
    expect(d).toMatchObject({ title: "Intro call", date: "2026-11-24", start: "15:00", end: "15:30", allDay: false });
  });

  it("makes 'el 5 de marzo' an all-day draft", () => {
    const text = "el 5 de marzo";
    const d = draftFromPrefill(prefill(text, read(text, undefined, "es-ES")), base, settings);
    expect(d).toMatchObject({ date: "2027-03-05", allDay: true, title: "" });
  });

  it("shows both weekdays when the written one contradicts the date", () => {
    const text = "Tue Mar 5, 3pm EST";
    render(<PrefillNotice prefill={prefill(text, read(text))} onDismiss={() => {}} />);
    expect(screen.getByText("Mar 5, 2027, 3:00 PM EST")).toBeTruthy();
    expect(screen.getByText("fairly sure — check it")).toBeTruthy();
    expect(
      screen.getByText("The text says Tuesday, but that date is a Friday: check which one is meant."),
    ).toBeTruthy();
  });

  it("says a time earlier today has passed instead of moving it a year ahead", () => {
    const text = "Dec 1 9am";
    const parsed = read(text, "2026-12-01T20:00:00Z");
    expect(parsed?.start).toBe("2026-12-01T09:00:00-05:00");
    render(<PrefillNotice prefill={prefill(text, parsed)} onDismiss={() => {}} />);
    expect(screen.getByText("That time has already passed: pick another one.")).toBeTruthy();
  });

  it("reads 'meet at 25:00' as no time at all", () => {
    expect(read("meet at 25:00")).toBeNull();
  });
});
