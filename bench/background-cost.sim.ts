// Figure 5, background cost over a simulated hour: the tracker's real listeners, registered by
// `registerTracker()`, under fakeBrowser. The clock jumps from one scheduled alarm to the next,
// firing `alarms.onAlarm` each time exactly as Chrome would; the Worker never reports a payment.
// Writes its result as JSON to $BENCH_SIM_OUT.
import { writeFileSync } from "node:fs";
import { it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { BackgroundResult, BackgroundScenario } from "./report-late";

// The tracker and the unit tests' fakes are extension code (the `@/` alias, `import.meta.env`),
// type-checked by the extension's tsconfig, not by tsconfig.node.json that covers bench/. They
// are loaded at run time through Vitest (which has WXT's plugin) and typed here by the little
// this script uses.
interface Fakes {
  services: unknown;
  c: { state: { events: Map<string, unknown> } };
  w: {
    state: { statuses: Map<string, string> };
    client: { batchStatus: { mock: { calls: unknown[] } }; getCheckout: { mock: { calls: unknown[] } } };
  };
}
interface Booking {
  id: string;
  eventId: string;
}
const load = (path: string) => import(/* @vite-ignore */ path);
const { registerTracker } = (await load("../utils/background/tracker/index.ts")) as {
  registerTracker(services: () => unknown): () => void;
};
const { tentativeEventBody } = (await load("../utils/booking/event-body.ts")) as {
  tentativeEventBody(b: Booking): unknown;
};
const { putBooking } = (await load("../utils/booking/repository.ts")) as { putBooking(b: Booking): Promise<void> };
const { makeBooking } = (await load("../tests/unit/fixtures.ts")) as { makeBooking(over: object): Booking };
const { fakeServices, setupBrowser } = (await load("../tests/unit/tracker-fakes.ts")) as {
  fakeServices(): Fakes;
  setupBrowser(): Promise<unknown>;
};

const NOW = Date.parse("2026-11-20T12:00:00Z");
const HOUR = 3600_000;
/** Chrome stops an extension service worker after 30 s without events. */
const IDLE_TIMEOUT_SEC = 30;

/** Lets the storage watchers' async work (alarm scheduling) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
}

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

async function simulate(pending: number, confirmed: number): Promise<BackgroundScenario> {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  await setupBrowser();
  const f = fakeServices();
  const unregister = registerTracker(() => f.services);
  const start = new Date(NOW + 3 * 24 * HOUR).toISOString();
  const end = new Date(NOW + 3 * 24 * HOUR + 1800_000).toISOString();
  for (let i = 0; i < pending + confirmed; i++) {
    const id = uuid(i);
    const b = makeBooking({
      id,
      eventId: `lc${id.replace(/-/g, "").slice(0, 20)}`,
      secret: "S".repeat(43),
      status: i < pending ? "awaiting_payment" : "confirmed",
      start,
      end,
      checkoutUrl: "https://worker.example/pay/ck",
      holdUntil: new Date(NOW + 24 * HOUR).toISOString(),
      createdAt: new Date(NOW).toISOString(),
    });
    await putBooking(b);
    f.c.state.events.set(b.eventId, tentativeEventBody(b));
    f.w.state.statuses.set(id, i < pending ? "open" : "paid");
  }
  await settle();
  const fired: { at: number; name: string }[] = [];
  for (let guard = 0; guard < 10_000; guard++) {
    const next = (await fakeBrowser.alarms.getAll()).sort((a, b) => a.scheduledTime - b.scheduledTime)[0];
    if (!next || next.scheduledTime > NOW + HOUR) break;
    vi.setSystemTime(next.scheduledTime);
    // One-shot alarms are gone once they fire; periodic ones would be re-scheduled (the tracker uses none).
    if (next.periodInMinutes) await fakeBrowser.alarms.create(next.name, { periodInMinutes: next.periodInMinutes });
    else await fakeBrowser.alarms.clear(next.name);
    fired.push({ at: next.scheduledTime, name: next.name });
    await fakeBrowser.alarms.onAlarm.trigger(next);
    await settle();
  }
  unregister();
  vi.useRealTimers();
  let last = NOW; // the bookings were just created: the worker is awake at t = 0
  let wakeups = 0;
  for (const a of fired) {
    if (a.at - last >= IDLE_TIMEOUT_SEC * 1000) wakeups++;
    last = a.at;
  }
  const poll = fired.filter((a) => a.name === "lc-poll").length;
  return {
    pending,
    alarmsFired: fired.length,
    pollAlarms: poll,
    bookingAlarms: fired.length - poll,
    wakeups,
    workerRequests: f.w.client.batchStatus.mock.calls.length + f.w.client.getCheckout.mock.calls.length,
    firedAtSec: fired.map((a) => Math.round((a.at - NOW) / 1000)),
  };
}

it("background cost over a simulated hour", async () => {
  const scenarios = [await simulate(0, 5), await simulate(10, 5)];
  const result: BackgroundResult = { hours: 1, idleTimeoutSec: IDLE_TIMEOUT_SEC, scenarios };
  const out = process.env.BENCH_SIM_OUT;
  if (out) writeFileSync(out, JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
});
