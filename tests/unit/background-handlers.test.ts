import { afterEach, describe, expect, it, vi } from "vitest";
import { createFlowDeps, registerMessageHandlers, resumeCreatingBookings } from "@/utils/background/handlers";
import type { Services } from "@/utils/background/services";
import { getBooking, putBooking } from "@/utils/booking/repository";
import { accountItem, type GoogleAuth } from "@/utils/google/auth";
import type { CalendarClient } from "@/utils/google/calendar-client";
import { sendMessage } from "@/utils/messaging";
import type { WorkerClient } from "@/utils/worker-client";
import { fakeCreateCheckout, makeBooking } from "./fixtures";

const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

function services(): Services {
  const worker = {
    createCheckout: fakeCreateCheckout(),
  } as unknown as WorkerClient;
  const calendar = {
    insertEvent: vi.fn(async (_c: string, e: object) => ({ ...e, htmlLink: "https://cal/x" })),
  } as unknown as CalendarClient;
  return {
    auth: {} as GoogleAuth,
    calendar,
    worker: async () => worker,
    openTab: vi.fn(async () => {}),
    extensionId: () => "extid",
  };
}

let unregister = () => {};
afterEach(() => unregister());

describe("background handlers", () => {
  it("refuses createBooking when nobody is signed in, with the sign-in message key", async () => {
    unregister = registerMessageHandlers(services);
    const r = await sendMessage("createBooking", {
      summary: "x",
      description: "",
      start: "2030-01-01T10:00:00Z",
      end: "2030-01-01T11:00:00Z",
      timeZone: "UTC",
      calendarId: "primary",
      guests: [],
      addMeet: false,
    });
    expect(r).toMatchObject({ ok: false, error: { code: "errSignInRequired" } });
  });

  it("resumes a booking the dead worker left mid-creation, at its step", async () => {
    const s = services();
    await putBooking(
      makeBooking({
        id: ID,
        status: "creating",
        step: "event",
        attempts: 1,
        checkoutId: "ck",
        checkoutUrl: "https://w.example/pay/ck",
        holdUntil: "2030-01-01T00:00:00Z",
      }),
    );
    expect(await resumeCreatingBookings(s)).toEqual([ID]);
    await vi.waitFor(async () => expect((await getBooking(ID))?.status).toBe("awaiting_payment"));
    expect((await s.worker()).createCheckout).not.toHaveBeenCalled();
    expect(s.calendar.insertEvent).toHaveBeenCalledTimes(1);
    expect((await getBooking(ID))?.attempts).toBe(2);
  });

  it("names the signed-in account as the organizer the checkout page shows, and no one when signed out", async () => {
    expect((await createFlowDeps(services())).organizer).toBeUndefined();
    await accountItem.setValue({ email: "host@example.com" });
    expect((await createFlowDeps(services())).organizer).toEqual({ email: "host@example.com" });
  });

  it("gives up on a booking that has crashed the worker too often", async () => {
    await putBooking(makeBooking({ id: ID, status: "creating", step: "checkout", attempts: 5 }));
    expect(await resumeCreatingBookings(services())).toEqual([]);
    expect(await getBooking(ID)).toMatchObject({ status: "failed", step: "checkout" });
  });
});
