import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFlowDeps, resumeCreatingBookings } from "@/utils/background/creation";
import { editBooking } from "@/utils/background/edit";
import { registerMessageHandlers } from "@/utils/background/handlers";
import { onAlarm } from "@/utils/background/tracker";
import { stripMarker } from "@/utils/background/tracker/event-change";
import { notificationId } from "@/utils/background/tracker/notify";
import { onReminderButton } from "@/utils/background/tracker/on-notification";
import { enqueue } from "@/utils/background/tracker/queue";
import { checkBooking, reconcileAll } from "@/utils/background/tracker/reconcile";
import { retryQueue } from "@/utils/background/tracker/retry-queue";
import { syncCalendar } from "@/utils/background/tracker/sync";
import { runCreateFlow } from "@/utils/booking/create-flow";
import { tentativeEventBody } from "@/utils/booking/event-body";
import { getBooking, putBooking } from "@/utils/booking/repository";
import type { Booking } from "@/utils/booking/types";
import { heldLocks } from "@/utils/lock";
import { sendMessage } from "@/utils/messaging";
import { DEFAULT_SETTINGS, settingsItem } from "@/utils/settings";
import { fakeServices, HELD_ID, heldBooking, setupBrowser } from "./tracker-fakes";

/**
 * Every pair of writers of one booking, started together: whatever order their steps interleave
 * in, the booking, its Google event and its Worker checkout agree afterwards, and nothing a writer
 * recorded is overwritten by another's stale copy (docs/architecture.md "One lock per booking").
 */
const ID = HELD_ID;
const NOW = Date.parse("2026-11-20T12:00:00Z");
/** Interleavings tried per pair. */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
type World = ReturnType<typeof fakeServices> & { b: Booking };

/** Every fake call waits a random few milliseconds, so steps of two writers really interleave. */
function jitter(f: World, rand: () => number) {
  type Fn = (...args: unknown[]) => Promise<unknown>;
  for (const client of [f.w.client, f.c.client] as unknown as Record<string, ReturnType<typeof vi.fn<Fn>>>[]) {
    for (const fn of Object.values(client)) {
      const real = fn.getMockImplementation();
      if (!real) continue;
      fn.mockImplementation(async (...args: unknown[]) => {
        await new Promise((r) => setTimeout(r, Math.floor(rand() * 4)));
        return real(...args);
      });
    }
  }
  // Sync lists whatever Google holds at the time of the call.
  f.c.client.listEvents.mockImplementation(async () => ({ items: [...f.c.state.events.values()], nextSyncToken: "t" }));
}

/** A tiny deterministic PRNG, so a failing interleaving can be replayed. */
function prng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

const moved = { summary: "Moved in Google", start: "2026-11-25T15:00:00-05:00", end: "2026-11-25T15:30:00-05:00" };
const edit = { summary: "Edited", start: "2026-11-26T20:00:00Z", end: "2026-11-26T20:30:00Z", guests: [] };

/** The writers of a booking awaiting payment, each with the change in the world that sets it off. */
const HELD_WRITERS: Record<string, (f: World) => Promise<unknown>> = {
  popupCancel: () => sendMessage("cancelBooking", { id: ID }),
  reminderCancel: (f) => onReminderButton(notificationId("reminder", ID), 1, f.services),
  paidViaCheckoutPage: (f) => {
    f.w.state.statuses.set(ID, "paid");
    return checkBooking(ID, f.services);
  },
  poll: (f) => reconcileAll(f.services),
  expiryAlarm: (f) => {
    f.w.state.holds.set(ID, new Date(NOW).toISOString()); // by the Worker's clock too
    return onAlarm(`lc-expire:${ID}`, () => f.services);
  },
  deletedInGoogle: (f) => {
    const e = f.c.state.events.get(f.b.eventId);
    f.c.state.events.set(f.b.eventId, { ...e, status: "cancelled" });
    return syncCalendar("primary", f.services);
  },
  movedInGoogle: (f) => {
    const e = f.c.state.events.get(f.b.eventId);
    f.c.state.events.set(f.b.eventId, {
      ...e,
      summary: `[Unpaid hold] ${moved.summary}`,
      start: { dateTime: moved.start },
      end: { dateTime: moved.end },
    });
    return syncCalendar("primary", f.services);
  },
  popupEdit: (f) => editBooking(ID, edit, f.services).catch(() => undefined), // refused once ended: fine
  offlineCancelReplay: async (f) => {
    await enqueue("cancel", ID, "Intro call", new Error("offline"), "user");
    return retryQueue(f.services);
  },
};

/** The writers of a booking the worker was killed in the middle of creating. */
const CREATING_WRITERS: Record<string, (f: World) => Promise<unknown>> = {
  createFlow: async (f) => runCreateFlow(ID, await createFlowDeps(f.services)),
  resumeOnStart: (f) => resumeCreatingBookings(f.services),
  resumeAlarm: (f) => onAlarm(`lc-resume:${ID}`, () => f.services),
  popupCancel: () => sendMessage("cancelBooking", { id: ID }),
};

function pairs(names: string[]): [string, string][] {
  return names.flatMap((a, i) => names.slice(i).map((b) => [a, b] as [string, string]));
}

let unregister = () => {};
beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
});
afterEach(() => {
  unregister();
  vi.useRealTimers();
});

async function world(b: Booking, withEvent: boolean, seed: number): Promise<World> {
  await setupBrowser();
  await settingsItem.setValue({ ...DEFAULT_SETTINGS, workerUrl: "https://worker.example" });
  const f = { ...fakeServices(), b };
  await putBooking(b);
  if (withEvent) f.c.state.events.set(b.eventId, { ...tentativeEventBody(b), htmlLink: "https://calendar.example/e" });
  f.w.state.statuses.set(ID, "open");
  jitter(f, prng(seed));
  unregister = registerMessageHandlers(() => f.services);
  return f;
}

/** Waits until every writer, and anything it started without waiting, has finished. */
async function settled() {
  await vi.waitFor(
    async () => {
      expect(heldLocks().filter((k) => k.startsWith("booking:"))).toEqual([]);
      expect((await getBooking(ID))?.status).not.toBe("creating");
    },
    { timeout: 3000, interval: 10 },
  );
}

/** What must hold whatever the interleaving. */
function expectConsistent(f: World, involved: string[]) {
  return getBooking(ID).then((b) => {
    if (!b) throw new Error("booking vanished");
    const event = f.c.state.events.get(b.eventId);
    const checkout = f.w.state.statuses.get(ID);
    const eventLive = !!event && event.status !== "cancelled";
    expect(["awaiting_payment", "confirmed", "cancelled", "expired"]).toContain(b.status);
    if (checkout === "paid") expect(b.status).toBe("confirmed");
    if (b.status === "confirmed") {
      expect(checkout).toBe("paid");
      if (eventLive) expect(event?.status).toBe("confirmed");
    }
    if (b.status === "awaiting_payment") {
      expect(checkout).toBe("open");
      expect(event?.status).toBe("tentative");
    }
    if (b.status === "cancelled" || b.status === "expired") {
      expect(["cancelled", "expired", undefined]).toContain(checkout);
      expect(eventLive).toBe(false); // expiry deletes by default; a deleted event is never brought back
      expect(b.htmlLink).toBeUndefined();
    }
    // The booking says what Google holds: no edit or move is lost to a stale copy.
    if (eventLive) {
      expect(stripMarker(event?.summary)).toBe(b.summary);
      expect(Date.parse(event?.start?.dateTime ?? "")).toBe(Date.parse(b.start));
    }
    // A user's cancel or a deletion in Google is never overwritten back (unless a payment won).
    const cancels = involved.some((w) => /Cancel|deleted/.test(w));
    if (cancels && checkout !== "paid") expect(["cancelled", "expired"]).toContain(b.status);
  });
}

describe("every pair of writers of a booking awaiting payment", () => {
  it.each(pairs(Object.keys(HELD_WRITERS)))("%s + %s", async (a, b) => {
    for (const seed of SEEDS) {
      const f = await world(heldBooking(), true, seed * 7919);
      await Promise.all([HELD_WRITERS[a]?.(f), HELD_WRITERS[b]?.(f)]);
      await settled();
      await expectConsistent(f, [a, b]);
      unregister();
    }
  });
});

describe("every pair of writers of a booking left in creating", () => {
  const creating = () =>
    heldBooking({
      status: "creating",
      step: "event",
      attempts: 1,
      updatedAt: new Date(NOW - 120_000).toISOString(),
    });
  it.each(pairs(Object.keys(CREATING_WRITERS)))("%s + %s", async (a, b) => {
    for (const seed of SEEDS) {
      const f = await world(creating(), false, seed * 104729);
      await Promise.all([CREATING_WRITERS[a]?.(f), CREATING_WRITERS[b]?.(f)]);
      await settled();
      await expectConsistent(f, [a, b]);
      // One event at most, however many writers tried to create it.
      expect(f.c.client.insertEvent.mock.calls.length).toBeLessThanOrEqual(1);
      unregister();
    }
  });
});

describe("the interleavings that raced before the lock", () => {
  it("a cancel pressed while the event insert is in flight waits for it, then removes that event", async () => {
    const f = await world(heldBooking({ status: "creating", step: "event" }), false, 1);
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const insert = f.c.client.insertEvent.getMockImplementation();
    if (!insert) throw new Error("no insert fake");
    f.c.client.insertEvent.mockImplementationOnce(async (...args: Parameters<typeof insert>) => {
      await gate;
      return insert(...args);
    });
    const creating = runCreateFlow(ID, await createFlowDeps(f.services));
    await vi.waitFor(() => expect(f.c.client.insertEvent).toHaveBeenCalled());
    const cancelled = sendMessage("cancelBooking", { id: ID });
    await new Promise((r) => setTimeout(r, 20));
    expect(f.c.client.deleteEvent).not.toHaveBeenCalled(); // waiting for the insert to land
    release();
    await Promise.all([creating, cancelled]);
    expect((await getBooking(ID))?.status).toBe("cancelled");
    expect(f.c.state.events.get(f.b.eventId)?.status).toBe("cancelled");
  });

  it("a resume counting its attempt never writes a cancelled booking back to creating", async () => {
    const f = await world(heldBooking({ status: "creating", step: "event", attempts: 1 }), false, 2);
    await Promise.all([sendMessage("cancelBooking", { id: ID }), resumeCreatingBookings(f.services)]);
    await settled();
    expect((await getBooking(ID))?.status).toBe("cancelled");
  });
});
