import { describe, expect, it } from "vitest";
import { type BookingEvent, canTransition, InvalidTransitionError, transition } from "@/utils/booking/machine";
import type { Booking, BookingStatus, CreateStep } from "@/utils/booking/types";
import { makeBooking } from "./fixtures";

const NOW = "2026-11-21T12:00:00.000Z";
const receipt = { provider: "paypal", amount: "1.00", currency: "USD", transactionId: "T1", paidAt: NOW } as const;
const checkout: BookingEvent = {
  type: "checkoutCreated",
  checkoutId: "c1",
  checkoutUrl: "https://w/pay/c1",
  holdUntil: NOW,
};

function at(status: BookingStatus, step: CreateStep | null = null): Booking {
  return makeBooking({ status, step });
}

describe("booking state machine", () => {
  it.each<[string, Booking, BookingEvent, BookingStatus, CreateStep | null]>([
    ["draft starts creating at the checkout step", at("draft"), { type: "start" }, "creating", "checkout"],
    ["checkout created → event step", at("creating", "checkout"), checkout, "creating", "event"],
    [
      "event inserted → open the checkout",
      at("creating", "event"),
      { type: "eventInserted" },
      "creating",
      "open_checkout",
    ],
    [
      "checkout opened → awaiting payment",
      at("creating", "open_checkout"),
      { type: "checkoutOpened" },
      "awaiting_payment",
      null,
    ],
    [
      "a failure keeps the step",
      at("creating", "event"),
      { type: "fail", code: "errUnexpected", message: "m" },
      "failed",
      "event",
    ],
    ["retry resumes the failed step", at("failed", "event"), { type: "retry" }, "creating", "event"],
    ["payment lands", at("awaiting_payment"), { type: "paid", receipt }, "paid", null],
    ["paid → confirmed", at("paid"), { type: "confirmed" }, "confirmed", null],
    ["hold runs out", at("awaiting_payment"), { type: "expired" }, "expired", null],
    ["user cancels a hold", at("awaiting_payment"), { type: "cancel" }, "cancelled", null],
    ["user cancels mid-creation", at("creating", "event"), { type: "cancel" }, "cancelled", null],
    ["user cancels a failed booking", at("failed", "checkout"), { type: "cancel" }, "cancelled", null],
    [
      "awaiting payment can fail",
      at("awaiting_payment"),
      { type: "fail", code: "errUnexpected", message: "m" },
      "failed",
      null,
    ],
  ])("%s", (_name, from, event, status, step) => {
    const next = transition(from, event, NOW);
    expect(next.status).toBe(status);
    expect(next.step).toBe(step);
    expect(next.updatedAt).toBe(NOW);
  });

  it.each<[string, Booking, BookingEvent]>([
    ["start twice", at("creating", "checkout"), { type: "start" }],
    ["event before checkout", at("creating", "checkout"), { type: "eventInserted" }],
    ["checkout out of order", at("creating", "event"), checkout],
    ["opened before the event", at("creating", "event"), { type: "checkoutOpened" }],
    ["paid before the hold exists", at("creating", "open_checkout"), { type: "paid", receipt }],
    ["confirm unpaid", at("awaiting_payment"), { type: "confirmed" }],
    ["cancel after payment", at("paid"), { type: "cancel" }],
    ["cancel a confirmed booking", at("confirmed"), { type: "cancel" }],
    ["expire a cancelled booking", at("cancelled"), { type: "expired" }],
    ["fail a final booking", at("expired"), { type: "fail", code: "errUnexpected", message: "m" }],
    ["retry without a step", at("failed", null), { type: "retry" }],
    ["retry something that did not fail", at("awaiting_payment"), { type: "retry" }],
  ])("rejects %s", (_name, from, event) => {
    expect(() => transition(from, event, NOW)).toThrow(InvalidTransitionError);
    expect(canTransition(from, event)).toBe(false);
  });

  it("records what each step produced and counts attempts", () => {
    let b = transition(at("draft"), { type: "start" }, NOW);
    expect(b.attempts).toBe(2);
    b = transition(b, checkout, NOW);
    expect(b).toMatchObject({ checkoutId: "c1", checkoutUrl: "https://w/pay/c1", holdUntil: NOW });
    b = transition(b, { type: "eventInserted", htmlLink: "https://cal/e", meetLink: "https://meet/x" }, NOW);
    expect(b).toMatchObject({ htmlLink: "https://cal/e", meetLink: "https://meet/x" });
  });

  it("stores the error on failure and clears it on the next successful step", () => {
    const failed = transition(at("creating", "event"), { type: "fail", code: "gerr_server", message: "503" }, NOW);
    expect(failed.error).toEqual({ code: "gerr_server", message: "503" });
    const retried = transition(failed, { type: "retry" }, NOW);
    expect(retried.error).toBeUndefined();
    expect(retried.attempts).toBe(failed.attempts + 1);
  });

  it("does not mutate its input", () => {
    const b = at("draft");
    const copy = structuredClone(b);
    transition(b, { type: "start" }, NOW);
    expect(b).toEqual(copy);
  });
});
