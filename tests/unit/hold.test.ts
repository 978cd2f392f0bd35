import { describe, expect, it } from "vitest";
import { emptyDraft } from "@/utils/booking/draft";
import { DEFAULT_HOLD_LIMITS, draftHold, limitsFromHealth, planHold } from "@/utils/booking/hold";
import { formatDate, formatDuration, formatMoney, formatTimeLeft, zoneAbbreviation } from "@/utils/intl-format";

const NOW = Date.parse("2026-11-21T12:00:00Z");
const M = 60_000;
const H = 60 * M;
const defaults = { holdHours: 24, paymentReminderMinutes: [60, 10] };

describe("planHold: one rule for every lead time", () => {
  it.each([
    ["62 min away: the Worker's minimum, not 2 minutes", 62 * M, defaults, NOW + 15 * M, []],
    ["30 min away: the minimum, not the whole 30", 30 * M, defaults, NOW + 15 * M, []],
    [
      "10 min away: until the start, warned (and too short for the 10-min reminder)",
      10 * M,
      defaults,
      NOW + 10 * M,
      ["short", "no_reminders"],
    ],
    ["2 h away: 1 h before the start", 2 * H, defaults, NOW + H, []],
    ["3 days away: the hold length", 72 * H, defaults, NOW + 24 * H, []],
    ["168 h asked: the Worker's 72 h maximum", 10 * 24 * H, { ...defaults, holdHours: 168 }, NOW + 72 * H, []],
    [
      "a reminder list none of which fits",
      62 * M,
      { ...defaults, paymentReminderMinutes: [60, 30] },
      NOW + 15 * M,
      ["no_reminders"],
    ],
    ["no reminders chosen is no warning", 62 * M, { ...defaults, paymentReminderMinutes: [] }, NOW + 15 * M, []],
  ] as const)("%s", (_name, lead, settings, until, warnings) => {
    expect(planHold(NOW, NOW + lead, settings, DEFAULT_HOLD_LIMITS)).toEqual({ untilMs: until, warnings });
  });

  it("follows the Worker's limits when they differ from the defaults", () => {
    expect(planHold(NOW, NOW + 62 * M, defaults, { minHoldMinutes: 30, maxHoldHours: 12 }).untilMs).toBe(NOW + 30 * M);
    expect(planHold(NOW, NOW + 5 * 24 * H, defaults, { minHoldMinutes: 30, maxHoldHours: 12 }).untilMs).toBe(
      NOW + 12 * H,
    );
  });

  it("plans a draft's hold in its zone, and nothing for an incomplete or past draft", () => {
    const d = emptyDraft({ date: "2026-11-21", start: "08:02", timeZone: "America/New_York" }); // 13:02Z
    expect(draftHold(d, defaults, DEFAULT_HOLD_LIMITS, NOW)?.untilMs).toBe(NOW + 15 * M);
    expect(draftHold({ ...d, start: "" }, defaults, DEFAULT_HOLD_LIMITS, NOW)).toBeNull();
    expect(draftHold({ ...d, start: "06:00" }, defaults, DEFAULT_HOLD_LIMITS, NOW)).toBeNull();
  });

  it.each([
    [
      { ok: true, limits: { minHoldMinutes: 20, maxHoldHours: 48 } },
      { minHoldMinutes: 20, maxHoldHours: 48 },
    ],
    [{ ok: true }, DEFAULT_HOLD_LIMITS],
    [{ limits: { minHoldMinutes: "x", maxHoldHours: -1 } }, DEFAULT_HOLD_LIMITS],
    [null, DEFAULT_HOLD_LIMITS],
  ])("reads /healthz limits %j", (body, limits) => {
    expect(limitsFromHealth(body)).toEqual(limits);
  });
});

describe("Intl formatting in the user's language", () => {
  it.each([
    ["en", 90, "1.5 hr"],
    ["es", 90, "1,5 h"],
    ["pt-BR", 90, "1,5 h"],
    ["en", 45, "45 min"],
  ])("duration %s %i min → %s", (lang, minutes, text) => {
    expect(formatDuration(minutes, lang)).toBe(text);
  });

  it.each([
    ["en", (71 * 60 + 59) * M + 52_000, "3 days"],
    ["en", 47 * H + 30 * M, "1 day 23 hr"],
    ["pt-BR", 26 * H, "1 dia 2 h"],
    ["en", 5 * H + 3 * M, "5 hr 3 min"],
    ["es", 12 * M, "12 min"],
  ])("time left %s %i ms → %s (days, never a 71:59:52 clock)", (lang, ms, text) => {
    expect(formatTimeLeft(ms, lang)).toBe(text);
  });

  it("formats money, dates and zone names per language", () => {
    expect(formatMoney("1.00", "USD", "en")).toBe("$1.00");
    expect(formatMoney("1.00", "USD", "pt-BR")).toBe("US$\u00a01,00");
    expect(formatMoney("1.5", "USDT", "es")).toBe("1,50 USDT");
    expect(formatDate("2027-03-05", "en")).toBe("Fri, Mar 5, 2027");
    expect(formatDate("2027-03-05", "es")).toBe("vie, 5 mar 2027");
    expect(zoneAbbreviation("2026-12-01T15:00:00-05:00", "America/New_York", "en")).toBe("EST");
  });
});
