import { beforeEach, describe, expect, it, vi } from "vitest";
import { syncStateItem } from "@/utils/background/tracker/items";
import { MAX_PAGES_PER_RUN, syncCalendar, syncCalendars } from "@/utils/background/tracker/sync";
import { getBooking, putBooking } from "@/utils/booking/repository";
import type { CalendarEvent } from "@/utils/google/calendar-types";
import { GoogleApiError } from "@/utils/google/errors";
import { fakeServices, HELD_ID, heldBooking, seedHeld, setupBrowser, shownNotifications } from "./tracker-fakes";

const ID = HELD_ID;
const NOW = Date.parse("2026-11-20T12:00:00Z");

async function setup() {
  await setupBrowser();
  const f = fakeServices();
  const b = heldBooking();
  const event = await seedHeld(f, b);
  f.w.state.statuses.set(ID, "open");
  await syncStateItem.setValue({ primary: { syncToken: "tok-1" } });
  return { ...f, b, event };
}

const other: CalendarEvent = { id: "someoneelse", summary: "Lunch", status: "confirmed" };

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
});

describe("calendar sync", () => {
  it("lists with the sync token only (never privateExtendedProperty) and stores the next token", async () => {
    const f = await setup();
    f.c.state.pages.push({ items: [other], nextSyncToken: "tok-2" });
    expect(await syncCalendar("primary", f.services)).toBe(0);
    expect(f.c.client.listEvents).toHaveBeenCalledWith("primary", { maxResults: 250, syncToken: "tok-1" });
    expect(await syncStateItem.getValue()).toEqual({ primary: { syncToken: "tok-2" } });
  });

  it("ignores the tracker's own writes (marker, colour, status) — only title and times count", async () => {
    const f = await setup();
    f.c.state.pages.push({ items: [{ ...f.event, colorId: "10", status: "confirmed" }], nextSyncToken: "tok-2" });
    expect(await syncCalendar("primary", f.services)).toBe(0);
    expect(f.w.client.updateCheckout).not.toHaveBeenCalled();
  });

  it("event deleted in Google → checkout cancelled, booking cancelled, notified; the event is not touched", async () => {
    const f = await setup();
    // Deleted events come back with little more than id and status.
    f.c.state.pages.push({ items: [{ id: f.b.eventId, status: "cancelled" }], nextSyncToken: "tok-2" });
    expect(await syncCalendar("primary", f.services)).toBe(1);
    expect(await getBooking(ID)).toMatchObject({ status: "cancelled" });
    expect(f.w.state.statuses.get(ID)).toBe("cancelled");
    expect(f.c.client.patchEvent).not.toHaveBeenCalled();
    expect(f.c.client.deleteEvent).not.toHaveBeenCalled();
    expect(shownNotifications()[`lc-cancelled:${ID}`]?.message).toContain("deleted in Google Calendar");
  });

  it("event deleted but already paid → confirmed instead of cancelled", async () => {
    const f = await setup();
    f.w.state.statuses.set(ID, "paid");
    f.c.state.pages.push({ items: [{ id: f.b.eventId, status: "cancelled" }], nextSyncToken: "tok-2" });
    await syncCalendar("primary", f.services);
    expect(await getBooking(ID)).toMatchObject({ status: "confirmed" });
  });

  it("renamed → PATCH the Worker checkout with the new title; the hold stays", async () => {
    const f = await setup();
    f.c.state.pages.push({ items: [{ ...f.event, summary: "[Unpaid hold] Demo" }], nextSyncToken: "tok-2" });
    expect(await syncCalendar("primary", f.services)).toBe(1);
    expect(f.w.client.updateCheckout).toHaveBeenCalledWith(ID, "S".repeat(43), {
      summary: "Demo",
      start: f.b.start,
      end: f.b.end,
      holdUntil: f.b.holdUntil,
    });
    expect(await getBooking(ID)).toMatchObject({ summary: "Demo", holdUntil: f.b.holdUntil });
  });

  it("moved earlier than the hold → holdUntil recomputed (1 h before the new start) and sent", async () => {
    const f = await setup();
    const start = "2026-11-21T08:00:00Z";
    const end = "2026-11-21T08:30:00Z";
    f.c.state.pages.push({
      items: [{ ...f.event, start: { dateTime: start }, end: { dateTime: end } }],
      nextSyncToken: "tok-2",
    });
    await syncCalendar("primary", f.services);
    expect(f.w.client.updateCheckout).toHaveBeenCalledWith(ID, "S".repeat(43), {
      summary: "Intro call",
      start,
      end,
      holdUntil: "2026-11-21T07:00:00.000Z",
    });
    expect(await getBooking(ID)).toMatchObject({ start, end, holdUntil: "2026-11-21T07:00:00.000Z" });
  });

  it("a move while offline is recorded locally and queued for the Worker", async () => {
    const f = await setup();
    f.w.state.offline = true;
    f.c.state.pages.push({ items: [{ ...f.event, summary: "Demo" }], nextSyncToken: "tok-2" });
    await syncCalendar("primary", f.services);
    expect(await getBooking(ID)).toMatchObject({ summary: "Demo" });
    const { pendingActions } = await import("@/utils/background/tracker/queue");
    expect(await pendingActions()).toMatchObject([{ kind: "update_checkout", bookingId: ID }]);
  });

  it("410 drops the token and lists in full, then checks each open event (deleted before the listing)", async () => {
    const f = await setup();
    f.c.state.events.set(f.b.eventId, { ...f.event, status: "cancelled" });
    f.c.state.pages.push(new GoogleApiError("gone", 410, "fullSyncRequired", "Sync token is no longer valid"));
    f.c.state.pages.push({ items: [other], nextSyncToken: "tok-fresh" });
    await syncCalendar("primary", f.services);
    expect(f.c.client.listEvents.mock.calls[1]?.[1]).toEqual({ maxResults: 250 });
    expect(await syncStateItem.getValue()).toEqual({ primary: { syncToken: "tok-fresh" } });
    expect(f.c.client.getEvent).toHaveBeenCalledWith("primary", f.b.eventId);
    expect(await getBooking(ID)).toMatchObject({ status: "cancelled" });
  });

  it("bounds the pages per run and resumes from the stored page token next time", async () => {
    const f = await setup();
    for (let i = 0; i < MAX_PAGES_PER_RUN + 1; i++)
      f.c.state.pages.push(
        i === MAX_PAGES_PER_RUN ? { items: [], nextSyncToken: "tok-2" } : { items: [other], nextPageToken: `p${i}` },
      );
    await syncCalendar("primary", f.services);
    expect(f.c.client.listEvents).toHaveBeenCalledTimes(MAX_PAGES_PER_RUN);
    expect(await syncStateItem.getValue()).toEqual({
      primary: { syncToken: "tok-1", pageToken: `p${MAX_PAGES_PER_RUN - 1}` },
    });
    await syncCalendar("primary", f.services);
    expect(f.c.client.listEvents.mock.calls.at(-1)?.[1]).toEqual({
      maxResults: 250,
      syncToken: "tok-1",
      pageToken: `p${MAX_PAGES_PER_RUN - 1}`,
    });
    expect(await syncStateItem.getValue()).toEqual({ primary: { syncToken: "tok-2" } });
  });

  it("syncs only calendars with a booking awaiting payment", async () => {
    const f = await setup();
    await putBooking({ ...f.b, status: "confirmed" });
    expect(await syncCalendars(f.services)).toBe(0);
    expect(f.c.client.listEvents).not.toHaveBeenCalled();
  });
});
