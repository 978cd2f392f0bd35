import { describe, expect, it } from "vitest";
import type { BookingType } from "../../utils/api/booking-page";
import { formatInZone, zonedToInstant } from "../../utils/time-zones";
import { computeSlots, type SlotInput } from "../src/booking/slots";

// Every slot rule of the booking page (docs/architecture.md), table-driven, on the pure slot function (no D1, no Google).
const BA = "America/Argentina/Buenos_Aires";
const NY = "America/New_York";

const type = (over: Partial<BookingType> = {}): BookingType => ({
  id: "intro",
  title: "Intro",
  description: "",
  durationMinutes: 60,
  slotStepMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 0,
  horizonDays: 365,
  maxPerDay: 100,
  ...over,
});
const at = (zone: string, day: string, hhmm: string) => {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const [h, min] = hhmm.split(":").map(Number) as [number, number];
  return zonedToInstant({ year: y, month: m, day: d, hour: h, minute: min, second: 0 }, zone);
};
const everyDay = (windows: [string, string][]) => ({
  mon: windows,
  tue: windows,
  wed: windows,
  thu: windows,
  fri: windows,
  sat: windows,
  sun: windows,
});
const slots = (input: Partial<SlotInput> & { zone: string; from: string }) =>
  computeSlots({
    weekly: everyDay([["09:00", "12:00"]]),
    daysOff: [],
    type: type(),
    to: input.from,
    now: Date.parse("2026-01-01T00:00:00Z"),
    busy: [],
    taken: [],
    ...input,
  }).map((s) => `${formatInZone(s.start, input.zone)}/${formatInZone(s.end, input.zone).slice(11, 16)}`);

describe("a DST week in America/New_York", () => {
  it("keeps weekly windows on the wall clock across spring-forward (offset −05:00 → −04:00)", () => {
    const got = slots({ zone: NY, from: "2026-03-06", to: "2026-03-09", weekly: everyDay([["09:00", "11:00"]]) });
    expect(got).toEqual([
      "2026-03-06T09:00:00-05:00/10:00",
      "2026-03-06T10:00:00-05:00/11:00",
      "2026-03-07T09:00:00-05:00/10:00",
      "2026-03-07T10:00:00-05:00/11:00",
      "2026-03-08T09:00:00-04:00/10:00",
      "2026-03-08T10:00:00-04:00/11:00",
      "2026-03-09T09:00:00-04:00/10:00",
      "2026-03-09T10:00:00-04:00/11:00",
    ]);
  });

  it.each([
    [
      "spring-forward night: 00:00–04:00 has three real hours",
      "2026-03-08",
      ["2026-03-08T00:00:00-05:00/01:00", "2026-03-08T01:00:00-05:00/03:00", "2026-03-08T03:00:00-04:00/04:00"],
    ],
    [
      "fall-back night: 00:00–04:00 has five real hours, 01:00 twice",
      "2026-11-01",
      [
        "2026-11-01T00:00:00-04:00/01:00",
        "2026-11-01T01:00:00-04:00/01:00",
        "2026-11-01T01:00:00-05:00/02:00",
        "2026-11-01T02:00:00-05:00/03:00",
        "2026-11-01T03:00:00-05:00/04:00",
      ],
    ],
  ])("steps elapsed time through a window across the change — %s", (_name, day, want) => {
    expect(slots({ zone: NY, from: day, weekly: everyDay([["00:00", "04:00"]]) })).toEqual(want);
  });

  it("keeps the fall-back week on the wall clock too (−04:00 → −05:00)", () => {
    const got = slots({ zone: NY, from: "2026-10-31", to: "2026-11-02", weekly: everyDay([["09:00", "10:00"]]) });
    expect(got).toEqual([
      "2026-10-31T09:00:00-04:00/10:00",
      "2026-11-01T09:00:00-05:00/10:00",
      "2026-11-02T09:00:00-05:00/10:00",
    ]);
  });
});

describe("a week in America/Argentina/Buenos_Aires", () => {
  it("offers weekday windows only, stepping by slotStepMinutes, never past a window's end", () => {
    const got = slots({
      zone: BA,
      from: "2026-06-01",
      to: "2026-06-07",
      weekly: { ...everyDay([]), mon: [["09:00", "12:00"]], wed: [["14:00", "15:30"]], fri: [["09:00", "10:00"]] },
      type: type({ durationMinutes: 45, slotStepMinutes: 30 }),
    });
    expect(got).toEqual([
      "2026-06-01T09:00:00-03:00/09:45",
      "2026-06-01T09:30:00-03:00/10:15",
      "2026-06-01T10:00:00-03:00/10:45",
      "2026-06-01T10:30:00-03:00/11:15",
      "2026-06-01T11:00:00-03:00/11:45",
      "2026-06-03T14:00:00-03:00/14:45",
      "2026-06-03T14:30:00-03:00/15:15",
      "2026-06-05T09:00:00-03:00/09:45",
    ]);
  });
});

const D = "2026-06-01"; // a Monday in Buenos Aires
const h = (hhmm: string) => at(BA, D, hhmm);

describe("each slot rule", () => {
  it.each<[string, Partial<SlotInput>, string[]]>([
    ["no rule bites: the whole window", {}, ["09:00", "10:00", "11:00"]],
    ["a day off has no slots", { daysOff: [D] }, []],
    ["another day off changes nothing", { daysOff: ["2026-06-02"] }, ["09:00", "10:00", "11:00"]],
    ["a busy time removes the slots it overlaps", { busy: [[h("10:15"), h("10:45")]] }, ["09:00", "11:00"]],
    ["busy right after a slot is fine without a buffer", { busy: [[h("10:00"), h("10:30")]] }, ["09:00", "11:00"]],
    [
      "bufferAfter extends the slot into a busy time",
      { busy: [[h("11:00"), h("11:30")]], type: type({ bufferAfterMinutes: 15 }) },
      ["09:00"],
    ],
    [
      "bufferBefore extends the slot back into a busy time",
      { busy: [[h("08:50"), h("09:00")]], type: type({ bufferBeforeMinutes: 15 }) },
      ["10:00", "11:00"],
    ],
    [
      "an active hold or booking takes its slot (and its buffers keep neighbours away)",
      {
        taken: [{ start: h("10:00"), end: h("11:00"), typeId: "other", day: D }],
        type: type({ bufferAfterMinutes: 5 }),
      },
      ["11:00"],
    ],
    [
      "minNotice: nothing before now + notice",
      { now: h("09:10"), type: type({ minNoticeMinutes: 30 }) },
      ["10:00", "11:00"],
    ],
    [
      "a start exactly at now + notice is offered",
      { now: h("09:30"), type: type({ minNoticeMinutes: 30 }) },
      ["10:00", "11:00"],
    ],
    [
      "maxPerDay reached by this type's bookings: the day is full",
      { taken: [{ start: h("15:00"), end: h("16:00"), typeId: "intro", day: D }], type: type({ maxPerDay: 1 }) },
      [],
    ],
    [
      "maxPerDay counts this type only",
      { taken: [{ start: h("15:00"), end: h("16:00"), typeId: "other", day: D }], type: type({ maxPerDay: 1 }) },
      ["09:00", "10:00", "11:00"],
    ],
    [
      "starts step from each window's own start",
      {
        weekly: {
          ...everyDay([]),
          mon: [
            ["09:00", "10:00"],
            ["10:15", "11:15"],
          ],
        },
      },
      ["09:00", "10:15"],
    ],
    [
      "slotStepMinutes smaller than the duration overlaps offers",
      { type: type({ slotStepMinutes: 30 }) },
      ["09:00", "09:30", "10:00", "10:30", "11:00"],
    ],
  ])("%s", (_name, over, want) => {
    expect(
      slots({ zone: BA, from: D, now: at(BA, "2026-05-31", "12:00"), ...over }).map((s) => s.slice(11, 16)),
    ).toEqual(want);
  });

  it.each<[string, number, string, boolean]>([
    ["today is inside the horizon", 0, "2026-05-31", true],
    ["the horizon's last day is offered", 3, "2026-06-03", true],
    ["the day after the horizon is not", 3, "2026-06-04", false],
    ["a past day never is", 30, "2026-05-30", false],
  ])("horizonDays: %s", (_name, horizonDays, day, offered) => {
    const got = slots({ zone: BA, from: day, now: at(BA, "2026-05-31", "06:00"), type: type({ horizonDays }) });
    expect(got.length > 0).toBe(offered);
  });

  it("a window ending at 24:00 runs to the next midnight", () => {
    const got = slots({ zone: BA, from: D, weekly: { ...everyDay([]), mon: [["22:00", "24:00"]] } });
    expect(got).toEqual(["2026-06-01T22:00:00-03:00/23:00", "2026-06-01T23:00:00-03:00/00:00"]);
  });
});
