import { vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { CheckoutStatus, CheckoutStatusResponse } from "@/utils/api/contract";
import type { LeadChanges } from "@/utils/api/manage";
import type { Services } from "@/utils/background/services";
import { tentativeEventBody } from "@/utils/booking/event-body";
import { putBooking } from "@/utils/booking/repository";
import type { Booking } from "@/utils/booking/types";
import type { GoogleAuth } from "@/utils/google/auth";
import type { CalendarClient } from "@/utils/google/calendar-client";
import type { CalendarEvent, EventList, ListEventsQuery } from "@/utils/google/calendar-types";
import { GoogleApiError } from "@/utils/google/errors";
import { DEFAULT_SETTINGS, settingsItem } from "@/utils/settings";
import { WorkerApiError, type WorkerClient } from "@/utils/worker-client";
import { makeBooking } from "./fixtures";

/** Origin of the Worker the tests configure. */
export const WORKER = "https://worker.example";

export const RECEIPT = {
  provider: "paypal" as const,
  amount: "1.00",
  currency: "USD",
  transactionId: "8AB12345CD678901E",
  paidAt: "2026-11-20T12:00:00Z",
};

type Listener = (...args: never[]) => unknown;

/** A `browser.events.Event` stand-in for APIs fakeBrowser lacks; `fire` returns the listeners' results. */
export function fakeEvent<L extends Listener>() {
  const listeners = new Set<L>();
  return {
    addListener: (l: L) => void listeners.add(l),
    removeListener: (l: L) => void listeners.delete(l),
    hasListener: (l: L) => listeners.has(l),
    fire: (...args: Parameters<L>) => [...listeners].map((l) => l(...args)),
    get size() {
      return listeners.size;
    },
  };
}

/** Stubs the browser APIs fakeBrowser lacks (runtime.onMessageExternal) and points settings at {@link WORKER}. */
export async function setupBrowser() {
  const onMessageExternal = fakeEvent<(m: unknown, sender: object) => unknown>();
  Object.assign(fakeBrowser.runtime, { onMessageExternal });
  await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: WORKER });
  return { onMessageExternal };
}

/** An in-memory Worker: a status per booking; a network failure when `offline` is set. */
export function fakeWorker() {
  const state = {
    offline: false,
    statuses: new Map<string, CheckoutStatus>(),
    holds: new Map<string, string>(),
    /** What a guest did on the manage page, per booking (the status answer's `lead`). */
    lead: new Map<string, LeadChanges>(),
    /** How far this browser's clock runs ahead of the Worker's (ms); the Worker counts `secondsLeft` by its own. */
    browserAheadMs: 0,
  };
  const hold = (bookingId: string) => state.holds.get(bookingId) ?? "2026-11-21T10:00:00.000Z";
  const view = (bookingId: string): CheckoutStatusResponse => {
    const status = state.statuses.get(bookingId);
    if (!status) throw new WorkerApiError(404, "not_found", "No checkout");
    return {
      bookingId,
      status,
      amount: { value: "1.00", currency: "USD" },
      holdUntil: hold(bookingId),
      secondsLeft: Math.max(0, Math.floor((Date.parse(hold(bookingId)) - (Date.now() - state.browserAheadMs)) / 1000)),
      checkoutUrl: `${WORKER}/pay/ck`,
      ...(status === "paid" ? { receipt: RECEIPT } : {}),
      ...(state.lead.has(bookingId) ? { lead: state.lead.get(bookingId) } : {}),
    };
  };
  const online = () => {
    if (state.offline) throw new WorkerApiError(0, "network", "Failed to fetch");
  };
  const client = {
    getCheckout: vi.fn(async (id: string) => {
      online();
      return view(id);
    }),
    batchStatus: vi.fn(async (items: { bookingId: string }[]) => {
      online();
      return {
        items: items.map((i) => {
          try {
            return view(i.bookingId);
          } catch {
            return { bookingId: i.bookingId, error: { code: "not_found", message: "No checkout" } };
          }
        }),
      };
    }),
    cancelCheckout: vi.fn(async (id: string) => {
      online();
      const s = state.statuses.get(id);
      if (!s) throw new WorkerApiError(404, "not_found", "No checkout");
      if (s === "paid") throw new WorkerApiError(409, "already_paid", "paid");
      if (s === "open" || s === "pending") state.statuses.set(id, "cancelled");
      return view(id);
    }),
    updateCheckout: vi.fn(async (id: string, _secret: string, patch: { holdUntil?: string }) => {
      online();
      const s = state.statuses.get(id);
      if (patch.holdUntil && s !== "open" && s !== "pending") throw new WorkerApiError(409, "conflict", "not open");
      if (patch.holdUntil) state.holds.set(id, new Date(patch.holdUntil).toISOString());
      return view(id);
    }),
    createCheckout: vi.fn(async (req: { bookingId: string; holdUntil: string }) => {
      online();
      state.statuses.set(req.bookingId, state.statuses.get(req.bookingId) ?? "open");
      return {
        bookingId: req.bookingId,
        checkoutId: "ck",
        checkoutUrl: `${WORKER}/pay/ck`,
        amount: { value: "1.00", currency: "USD" },
        providers: ["paypal"],
        holdUntil: req.holdUntil,
      };
    }),
  };
  return { state, client, worker: client as unknown as WorkerClient };
}

/** An in-memory calendar with scripted `events.list` pages. */
export function fakeCalendar() {
  const state = {
    offline: false,
    events: new Map<string, CalendarEvent>(),
    pages: [] as (EventList | GoogleApiError)[],
  };
  const online = () => {
    if (state.offline) throw new GoogleApiError("network", 0, undefined, "Failed to fetch");
  };
  const client = {
    patchEvent: vi.fn(async (_cal: string, id: string, patch: CalendarEvent) => {
      online();
      const e = state.events.get(id);
      if (!e || e.status === "cancelled") throw new GoogleApiError("not_found", 404, "notFound", "Not Found");
      const next = {
        ...e,
        ...patch,
        extendedProperties: { ...e.extendedProperties, ...patch.extendedProperties },
      };
      state.events.set(id, next);
      return next;
    }),
    deleteEvent: vi.fn(async (_cal: string, id: string) => {
      online();
      const e = state.events.get(id);
      if (!e || e.status === "cancelled") throw new GoogleApiError("gone", 410, "deleted", "Resource has been deleted");
      state.events.set(id, { ...e, status: "cancelled" });
    }),
    insertEvent: vi.fn(async (_cal: string, e: CalendarEvent) => {
      online();
      if (e.id && state.events.has(e.id))
        throw new GoogleApiError("conflict", 409, "duplicate", "The requested identifier already exists.");
      const created = { ...e, htmlLink: `https://calendar.example/${e.id}` };
      state.events.set(e.id ?? "", created);
      return created;
    }),
    getEvent: vi.fn(async (_cal: string, id: string) => {
      online();
      const e = state.events.get(id);
      if (!e) throw new GoogleApiError("not_found", 404, "notFound", "Not Found");
      return e;
    }),
    listEvents: vi.fn(async (_cal: string, _q: ListEventsQuery = {}) => {
      online();
      const next = state.pages.shift() ?? { items: [], nextSyncToken: "tok-idle" };
      if (next instanceof GoogleApiError) throw next;
      return next;
    }),
  };
  return { state, client, calendar: client as unknown as CalendarClient };
}

/** Services over the two fakes; `openTab` records the URLs. */
export function fakeServices() {
  const w = fakeWorker();
  const c = fakeCalendar();
  const opened: string[] = [];
  const services: Services = {
    auth: {} as GoogleAuth,
    calendar: c.calendar,
    worker: async () => w.worker,
    openTab: vi.fn(async (url: string) => {
      opened.push(url);
    }),
    extensionId: () => "extid",
  };
  return { w, c, opened, services };
}

/** The notifications currently shown, by id. */
export function shownNotifications() {
  return fakeBrowser.notifications.getAllCreateOptions();
}

/** The id of the booking most tracker tests hold. */
export const HELD_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
/** Its hold ends here (created Nov 20 10:00Z with a 24 h hold; the event is Dec 1 20:00Z). */
export const HOLD_UNTIL = "2026-11-21T10:00:00.000Z";

/** A booking awaiting payment at the test Worker, with overridable fields. */
export function heldBooking(over: Partial<Booking> = {}): Booking {
  return makeBooking({
    id: HELD_ID,
    secret: "S".repeat(43),
    checkoutId: "ck",
    checkoutUrl: `${WORKER}/pay/ck`,
    holdUntil: HOLD_UNTIL,
    ...over,
  });
}

/** Stores `b` and puts its tentative event in the fake calendar (as creation would have). */
export async function seedHeld(f: ReturnType<typeof fakeServices>, b: Booking, event = tentativeEventBody(b)) {
  await putBooking(b);
  f.c.state.events.set(b.eventId, event);
  return event;
}
