// "Did the lead attend?" against wrangler dev + the emulators: a refundable fee paid at the PayPal
// emulator goes back when the host says attended (the emulator's capture ends REFUNDED), is kept on
// a no-show, and without an answer the host's default applies in the cron (a window of 36 s here).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import {
  type Booking,
  control,
  createCheckout,
  http,
  payApi,
  paypalCapture,
  runCron,
  settle,
  waitForStatus,
} from "./client.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ quiet: true, vars: { MIN_HOLD_MINUTES: "0", ATTENDANCE_WINDOW_HOURS: "0.01" } });
});
afterAll(async () => {
  await stack?.stop();
});

const pp = () => control(stack, "paypal");
const captureOf = (orderId: string) => paypalCapture(stack, orderId);
const bearer = (b: Booking) => ({ authorization: `Bearer ${b.secret}` });

/** A refundable checkout paid with PayPal whose event ended `endedMsAgo` ago. */
async function paidAndEnded(noAnswer: "refund" | "keep", endedMsAgo = 1000) {
  const b = await createCheckout(stack, 3600_000, { refundable: true, noAnswer });
  const order = await payApi(stack, `${b.checkoutId}/paypal/orders`);
  await pp().post("/pay", { provider: "paypal", orderId: order.body.orderId });
  await payApi(stack, `${b.checkoutId}/paypal/orders/${order.body.orderId}/capture`);
  await waitForStatus(stack, b, "paid");
  // The event took place: a paid booking may be moved anywhere, here into the past.
  const end = Date.now() - endedMsAgo;
  const moved = await http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}`, {
    method: "PATCH",
    json: { start: new Date(end - 1800_000).toISOString(), end: new Date(end).toISOString() },
    headers: bearer(b),
  });
  expect(moved.status).toBe(200);
  return { b, orderId: order.body.orderId as string };
}

const answer = (b: Booking, attended: boolean) =>
  http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}/attendance`, { json: { attended }, headers: bearer(b) });

describe("attendance at the PayPal emulator", () => {
  it("attended → the fee is refunded at PayPal; the booking stays paid, with its receipt", async () => {
    const { b, orderId } = await paidAndEnded("keep");
    const res = await answer(b, true);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "paid",
      attendance: { status: "attended" },
      receipt: { provider: "paypal" },
    });
    await settle(stack);
    expect((await captureOf(orderId))?.status).toBe("REFUNDED");
    const after = await http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}`, { headers: bearer(b) });
    expect(after.body).toMatchObject({ status: "paid", attendance: { status: "attended", refund: "refunded" } });
    const again = await answer(b, false);
    expect([again.status, again.body.error.code]).toEqual([409, "already_answered"]);
  });

  it("no-show → the fee is kept at PayPal, and the cron changes nothing", async () => {
    const { b, orderId } = await paidAndEnded("refund");
    const res = await answer(b, false);
    expect(res.body.attendance).toMatchObject({ status: "no_show", refund: "none" });
    await runCron(stack);
    await settle(stack);
    expect((await captureOf(orderId))?.status).toBe("COMPLETED");
  });

  it.each([
    ["refund", "defaulted_refund", "REFUNDED"],
    ["keep", "defaulted_keep", "COMPLETED"],
  ] as const)("no answer in the window → the default (%s) is applied by the cron", async (noAnswer, state, capture) => {
    // Ended longer ago than the 36-second window.
    const { b, orderId } = await paidAndEnded(noAnswer, 40_000);
    await runCron(stack);
    await settle(stack);
    const after = await http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}`, { headers: bearer(b) });
    expect(after.body).toMatchObject({ status: "paid", attendance: { status: state } });
    expect((await captureOf(orderId))?.status).toBe(capture);
    // Too late to answer: the default stands.
    const late = await answer(b, noAnswer === "keep");
    expect([late.status, late.body.error.code]).toEqual([409, "already_answered"]);
  });
});
