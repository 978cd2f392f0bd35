import { describe, expect, it } from "vitest";
import { addDaysToKey, dayStart, groupByDay, hostRange, weekDays } from "../../worker/checkout/book/src/week";

// The booking page's day arithmetic: lead-zone weeks and the host days that cover them.

describe("booking page weeks", () => {
  it.each([
    // lead week start, lead zone, host zone, expected host days
    ["2030-01-07", "America/New_York", "America/Argentina/Buenos_Aires", "2030-01-07", "2030-01-14"],
    ["2030-01-07", "Asia/Tokyo", "America/Argentina/Buenos_Aires", "2030-01-06", "2030-01-13"],
    ["2030-01-07", "America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires", "2030-01-07", "2030-01-13"],
    // New York springs forward on 10 March 2030: the week is 167 hours long and still ends on the 16th.
    ["2030-03-10", "America/New_York", "America/New_York", "2030-03-10", "2030-03-16"],
    ["2030-03-10", "Europe/Madrid", "America/New_York", "2030-03-09", "2030-03-16"],
  ])("week %s in %s → host (%s) days %s..%s", (start, lead, host, from, to) => {
    expect(hostRange(start, lead, host)).toEqual({ from, to });
  });

  it("counts days across month and year ends", () => {
    expect(weekDays("2029-12-29")).toEqual([
      "2029-12-29",
      "2029-12-30",
      "2029-12-31",
      "2030-01-01",
      "2030-01-02",
      "2030-01-03",
      "2030-01-04",
    ]);
    expect(addDaysToKey("2030-02-28", 1)).toBe("2030-03-01");
  });

  it("a DST day begins at its real midnight", () => {
    expect(new Date(dayStart("2030-03-10", "America/New_York")).toISOString()).toBe("2030-03-10T05:00:00.000Z");
    expect(new Date(dayStart("2030-03-11", "America/New_York")).toISOString()).toBe("2030-03-11T04:00:00.000Z");
  });

  it("groups the week's slots by the viewer's day, in start order", () => {
    const slots = [
      { start: "2030-01-08T01:00:00-03:00", end: "2030-01-08T01:30:00-03:00" },
      { start: "2030-01-07T22:00:00-03:00", end: "2030-01-07T22:30:00-03:00" },
    ];
    const days = weekDays("2030-01-07");
    // 22:00 in Buenos Aires is 20:00 in New York (same day); 01:00 on the 8th is 23:00 on the 7th there.
    expect([...groupByDay(slots, "America/New_York", days).entries()]).toEqual([["2030-01-07", [slots[1], slots[0]]]]);
    expect([...groupByDay(slots, "America/Argentina/Buenos_Aires", days).keys()]).toEqual(["2030-01-07", "2030-01-08"]);
    // Slots outside the days are left out.
    expect([...groupByDay(slots, "America/New_York", weekDays("2030-01-08")).keys()]).toEqual([]);
  });

  it("puts a slot on the day its instant falls in around a DST change", () => {
    // New York springs forward on Sunday 10 March 2030 (a 23-hour day).
    const at = (iso: string) => ({ start: iso, end: iso });
    const slots = [at("2030-03-10T23:30:00-04:00"), at("2030-03-11T00:00:00-04:00"), at("2030-03-09T23:59:00-05:00")];
    const byDay = groupByDay(slots, "America/New_York", weekDays("2030-03-09"));
    expect([...byDay.entries()]).toEqual([
      ["2030-03-09", [slots[2]]],
      ["2030-03-10", [slots[0]]],
      ["2030-03-11", [slots[1]]],
    ]);
  });
});
