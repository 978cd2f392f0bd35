import { describe, expect, it } from "vitest";
import { WEEKDAYS } from "@/utils/api/booking-page";
import { newTypeDraft, type PageDraft, settingsFromDraft, validateDraft } from "@/utils/booking-page/draft";

// A booking type's own refund window for the lead's manage page (empty = the Worker's CANCEL_REFUND_HOURS).
const draft = (cancelRefundHours: string): PageDraft => ({
  timeZone: "America/Argentina/Buenos_Aires",
  weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as PageDraft["weekly"],
  daysOff: [],
  types: [{ ...newTypeDraft(), id: "intro", title: "Intro call", cancelRefundHours }],
});

describe("a booking type's refund window", () => {
  it.each([
    ["", undefined],
    ["0", 0],
    ["48", 48],
  ])("%j is sent as %j", (text, want) => {
    expect(validateDraft(draft(text))).toEqual({});
    expect(settingsFromDraft(draft(text)).types[0]?.cancelRefundHours).toBe(want);
  });

  it.each(["2000", "-1", "1.5", "soon"])("%j is refused on the field, in words", (text) => {
    expect(validateDraft(draft(text))).toEqual({ "bp-type-0-cancelRefundHours": "bpErrCancelRefundHours" });
  });
});
