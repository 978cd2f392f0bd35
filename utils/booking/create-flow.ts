import type { CreateCheckoutRequest } from "../api/contract";
import type { CalendarClient } from "../google/calendar-client";
import { meetLinkOf } from "../google/calendar-types";
import { GoogleApiError } from "../google/errors";
import { WorkerApiError, type WorkerClient } from "../worker-client";
import { describeError } from "./errors";
import { tentativeEventBody } from "./event-body";
import { secretHash } from "./ids";
import { type BookingTx, getBooking, withBooking } from "./repository";
import type { Booking } from "./types";

/** Everything the create flow touches, injected so tests run it against stubs. */
export interface CreateFlowDeps {
  worker: WorkerClient;
  calendar: CalendarClient;
  /** Opens the checkout page in a tab (no permission needed for tabs.create). */
  openTab(url: string): Promise<void>;
  /** Appended as `?ext=` so the checkout page knows which extension to message. */
  extensionId: string;
  /** The checkout page's language for bookings that do not carry their own (older records). */
  locale?: CreateCheckoutRequest["locale"];
  /** Who asks for the payment (the signed-in account), shown on the checkout page. */
  organizer?: CreateCheckoutRequest["organizer"];
  sleep?: (ms: number) => Promise<void>;
}

/** The checkout URL the user's own tab opens: the page then messages this extension when paid. */
export function checkoutUrlForExtension(checkoutUrl: string, extensionId: string): string {
  const u = new URL(checkoutUrl);
  u.searchParams.set("ext", extensionId);
  return u.toString();
}

// Worker calls are retried briefly here; Calendar calls already back off inside the client.
async function withWorkerRetry<T>(fn: () => Promise<T>, sleep: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof WorkerApiError) || !e.retryable || attempt >= 2) throw e;
      await sleep(400 * 2 ** attempt + Math.random() * 200);
    }
  }
}

async function step(
  tx: BookingTx,
  b: Booking,
  deps: CreateFlowDeps,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  switch (b.step) {
    case "checkout": {
      if (!b.holdUntil) throw new Error("booking has no holdUntil");
      const hold = b.holdUntil;
      const res = await withWorkerRetry(
        async () =>
          deps.worker.createCheckout({
            bookingId: b.id,
            secretHash: await secretHash(b.secret),
            summary: b.summary,
            start: b.start,
            end: b.end,
            timeZone: b.timeZone,
            holdUntil: hold,
            ...(b.guests[0] ? { payerEmail: b.guests[0] } : {}),
            ...((b.locale ?? deps.locale) ? { locale: b.locale ?? deps.locale } : {}),
            ...(deps.organizer ? { organizer: deps.organizer } : {}),
            ...(b.refundIfAttended ? { refundable: true, noAnswer: b.noAnswer ?? "keep" } : {}),
          }),
        sleep,
      );
      await tx.apply({
        type: "checkoutCreated",
        checkoutId: res.checkoutId,
        checkoutUrl: res.checkoutUrl,
        holdUntil: res.holdUntil,
      });
      return;
    }
    case "event": {
      let event: Awaited<ReturnType<CalendarClient["insertEvent"]>>;
      try {
        event = await deps.calendar.insertEvent(b.calendarId, tentativeEventBody(b), {
          conferenceDataVersion: b.addMeet ? 1 : 0,
          sendUpdates: b.guests.length > 0 ? "all" : "none",
        });
      } catch (e) {
        // 409: an earlier attempt inserted it before the worker died. Same id, so it is ours.
        if (!(e instanceof GoogleApiError) || e.kind !== "conflict") throw e;
        event = await deps.calendar.getEvent(b.calendarId, b.eventId);
        if (event.status === "cancelled") throw e;
      }
      await tx.apply({ type: "eventInserted", htmlLink: event.htmlLink, meetLink: meetLinkOf(event) });
      return;
    }
    case "open_checkout": {
      // Best effort: the pay link stays in the popup and the event, so a blocked tab is no failure.
      if (b.checkoutUrl) await deps.openTab(checkoutUrlForExtension(b.checkoutUrl, deps.extensionId)).catch(() => {});
      await tx.apply({ type: "checkoutOpened" });
      return;
    }
    default:
      throw new Error(`creating booking without a step: ${b.id}`);
  }
}

/**
 * Drives a `creating` booking to `awaiting_payment` (or `failed`), one persisted step at a time:
 * checkout → event → open the checkout tab. Safe to call again at any point — after a crash,
 * on service-worker start-up, or twice at once for the same booking — because every step is
 * idempotent and the stored step says where to resume.
 */
export async function runCreateFlow(id: string, deps: CreateFlowDeps): Promise<Booking | undefined> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let i = 0; i < 4; i++) {
    // Each step holds the booking's lock across its Google/Worker call, so a cancel waits for the
    // step in flight and the next step then sees the cancel (docs/architecture.md).
    const settled = await withBooking(id, async (tx) => {
      const b = await tx.read();
      if (b?.status !== "creating") return { b };
      try {
        await step(tx, b, deps, sleep);
        return null;
      } catch (e) {
        return { b: await tx.apply({ type: "fail", ...describeError(e) }) };
      }
    });
    if (settled) return settled.b;
  }
  return getBooking(id);
}

const inFlight = new Map<string, Promise<Booking | undefined>>();

/** {@link runCreateFlow}, deduplicated per booking within this worker. */
export function runCreateFlowOnce(id: string, deps: CreateFlowDeps): Promise<Booking | undefined> {
  let p = inFlight.get(id);
  if (!p) {
    p = runCreateFlow(id, deps).finally(() => inFlight.delete(id));
    inFlight.set(id, p);
  }
  return p;
}
