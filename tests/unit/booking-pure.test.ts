import { describe, expect, it } from "vitest";
import { emptyDraft } from "@/utils/booking/draft";
import { base32hex, eventIdForBooking, newBookingSecret, secretHash } from "@/utils/booking/ids";
import { validateDraft } from "@/utils/booking/validate-draft";
import { instantToZoned, isValidTimeZone, zonedToInstant } from "@/utils/booking/zoned-time";
import { formatMessage } from "@/utils/i18n";
import { DEFAULT_SETTINGS, parseReminderList, validateSettings } from "@/utils/settings";
import { formatInZone, offsetAt, wallAt, wallAtCached } from "@/utils/time-zones";

const NOW = Date.parse("2026-11-21T12:00:00Z");
const good = emptyDraft({
  title: "Intro",
  date: "2026-12-01",
  start: "15:00",
  end: "15:30",
  timeZone: "America/New_York",
  guests: "a@example.com, B@Example.com",
});

describe("ids", () => {
  it("encodes base32hex like RFC 4648 (lowercase, unpadded)", () => {
    expect(base32hex(new TextEncoder().encode("foobar"))).toBe("cpnmuoj1e8");
  });
  it("derives a stable Google-valid event id from the booking id", () => {
    const id = eventIdForBooking("0f8fad5b-d9cb-469f-a165-70867728950e");
    expect(id).toBe("lc1u7qqmuppd39v8b5e237ea4l1o");
    expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(() => eventIdForBooking("nope")).toThrow();
  });
  it("makes 32-byte base64url secrets and their SHA-256 hash", async () => {
    const s = newBookingSecret();
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newBookingSecret()).not.toBe(s);
    // SHA-256("abc"), base64url
    expect(await secretHash("abc")).toBe("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  });
});

describe("zoned time", () => {
  it.each([
    ["2026-12-01", "15:00", "America/New_York", "2026-12-01T15:00:00-05:00"],
    ["2026-07-01", "15:00", "America/New_York", "2026-07-01T15:00:00-04:00"],
    ["2026-12-01", "09:30", "Asia/Kolkata", "2026-12-01T09:30:00+05:30"],
    ["2026-12-01", "00:00", "UTC", "2026-12-01T00:00:00+00:00"],
  ])("%s %s in %s → %s", (date, time, zone, rfc) => {
    const ms = zonedToInstant(date, time, zone);
    expect(formatInZone(ms, zone)).toBe(rfc);
    expect(instantToZoned(rfc, zone)).toEqual({ date, time });
  });
  it("gives the exact offset and wall clock at every instant, on both sides of each change (offsets are remembered per span)", () => {
    // The reference asks Intl for the offset itself, nothing remembered.
    const reference = (zone: string, ms: number) => {
      const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
        .formatToParts(ms)
        .find((p) => p.type === "timeZoneName")?.value;
      const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
      return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    };
    // New York's spring-forward at 07:00Z and fall-back at 06:00Z; Lord Howe's half-hour DST; Kathmandu's +05:45.
    const changes = [
      ["America/New_York", "2026-03-08T07:00:00Z"],
      ["America/New_York", "2026-11-01T06:00:00Z"],
      ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
      ["Asia/Kathmandu", "2026-06-01T00:00:00Z"],
    ] as const;
    for (const [zone, at] of changes) {
      const t = Date.parse(at);
      expect(offsetAt(zone, t - 60_000)).toBe(reference(zone, t - 60_000));
      expect(offsetAt(zone, t)).toBe(reference(zone, t));
      for (let ms = t - 86_400_000; ms < t + 86_400_000; ms += 7.5 * 60_000) {
        expect(offsetAt(zone, ms), `${zone} ${new Date(ms).toISOString()}`).toBe(reference(zone, ms));
        expect(wallAtCached(zone, ms)).toEqual(wallAt(zone, ms));
      }
    }
    expect(offsetAt("America/New_York", Date.parse("2026-03-08T06:59:59Z"))).toBe(-300);
    expect(offsetAt("America/New_York", Date.parse("2026-03-08T07:00:00Z"))).toBe(-240);
  });
  it("knows real zones", () => {
    expect(isValidTimeZone("Europe/Madrid")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });
});

describe("validateDraft", () => {
  it("normalizes a valid draft", () => {
    const { errors, input } = validateDraft(good, NOW);
    expect(errors).toEqual({});
    expect(input).toMatchObject({
      summary: "Intro",
      start: "2026-12-01T15:00:00-05:00",
      end: "2026-12-01T15:30:00-05:00",
      guests: ["a@example.com", "b@example.com"],
    });
  });
  it.each([
    ["title", { title: "  " }, "errTitleRequired"],
    ["title", { title: "x".repeat(181) }, "errTitleTooLong"],
    ["end", { end: "14:00" }, "errEndBeforeStart"],
    ["end", { end: "15:00" }, "errEndBeforeStart"],
    ["start", { date: "2026-11-01" }, "errStartPast"],
    ["guests", { guests: "a@example.com, not-an-email" }, "errGuestEmail"],
    ["timeZone", { timeZone: "Mars/Olympus" }, "errTimeZone"],
    ["date", { date: "" }, "errDate"],
  ] as const)("flags %s (%j)", (field, over, key) => {
    expect(validateDraft({ ...good, ...over }, NOW).errors[field]).toBe(key);
  });
});

describe("settings", () => {
  it("accepts the defaults and an https Worker URL", () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual({});
    expect(validateSettings({ ...DEFAULT_SETTINGS, workerUrl: "https://lc.example.workers.dev" })).toEqual({});
  });
  it.each([
    [{ workerUrl: "http://example.com" }, "workerUrl"],
    [{ workerUrl: "not a url" }, "workerUrl"],
    [{ holdHours: 0 }, "holdHours"],
    [{ reminderMinutes: [Number.NaN] }, "reminderMinutes"],
    [{ paymentReminderMinutes: [1, 2, 3, 4, 5, 6] }, "paymentReminderMinutes"],
    [{ defaultDurationMinutes: 2 }, "defaultDurationMinutes"],
  ])("rejects %j", (over, field) => {
    expect(Object.keys(validateSettings({ ...DEFAULT_SETTINGS, ...over }))).toEqual([field]);
  });
  it.each([
    [72, 72, true],
    [72, 73, false],
    [0.25, 1, true], // a Worker capping holds under an hour still takes the smallest ask
    [0.25, 2, false],
  ])("with the Worker's cap at %s h, a %s h hold is valid: %s", (cap, hours, valid) => {
    expect(validateSettings({ ...DEFAULT_SETTINGS, holdHours: hours }, cap).holdHours === undefined).toBe(valid);
  });
  it("parses reminder lists", () => {
    expect(parseReminderList("60, 10 5")).toEqual([60, 10, 5]);
    expect(parseReminderList("x")[0]).toBeNaN();
  });
});

describe("formatMessage", () => {
  it("resolves named placeholders and positional substitutions like chrome.i18n", () => {
    const entry = { message: "Held until $time$ ($1) $$", placeholders: { time: { content: "$2" } } };
    expect(formatMessage(entry, ["a", "b"])).toBe("Held until b (a) $");
  });
});
