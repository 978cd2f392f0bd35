// Figure 3, payment → confirmed latency, through real processes: the production build in
// Chromium, the emulators and the Worker under wrangler dev. Also counts the Google Calendar
// writes of every booking it takes from create to confirmed (figure 5's "writes per booking").
import { rmSync } from "node:fs";
import { findBrowser, launchWithExtension } from "../scripts/chromium.ts";
import type { Stack } from "../scripts/stack.ts";
import type { Booking } from "../utils/booking/types.ts";
import { log, sleep } from "./lib.ts";
import type { LatencyPath, LatencyResult } from "./report-late.ts";
import { countWrites, type Session, signIn } from "./session.ts";

const reason = (e: unknown) => (e instanceof Error ? (e.message.split("\n")[0] ?? "") : String(e));
/** The current session; a new browser (signed in again) if the last one was closed under us. */
type Live = () => Promise<Session>;
interface Entry {
  s: Session;
  closed: boolean;
  close(): Promise<void>;
}

const day = (month: number, i: number) =>
  `2030-${String(month).padStart(2, "0")}-${String(1 + (i % 27)).padStart(2, "0")}`;

/** (a) with PayPal: the payer approves in the Smart Buttons popup; the page captures and messages. */
async function messagePayPal(live: Live, runs: number, out: LatencyPath): Promise<number> {
  let made = 0;
  for (let i = 0; i < runs; i++) {
    try {
      const s = await live();
      const { booking, tab } = await s.create(`Bench PayPal ${i + 1}`, day(3, i));
      made++;
      const t0 = await s.payPayPalOnPage(tab);
      out.samples.push(await s.confirmedAfter(booking, t0, 30_000));
      await tab.close();
    } catch (e) {
      out.failures.push(`PayPal run ${i + 1}: ${reason(e)}`);
    }
  }
  return made;
}

/** (a) with Mercado Pago: paid by the emulator's shortcut; the open page's status poll sees it. */
async function messageMercadoPago(live: Live, runs: number, out: LatencyPath): Promise<number> {
  let made = 0;
  for (let i = 0; i < runs; i++) {
    try {
      const s = await live();
      const { booking, tab } = await s.create(`Bench MP open ${i + 1}`, day(5, i));
      made++;
      await tab
        .getByText(/Mercado Pago/i)
        .first()
        .waitFor({ timeout: 15_000 });
      // A payer pays at no particular moment after the page loaded: the payment lands at a
      // uniformly random time in its first 3 s (the page polls every second at first).
      await sleep(Math.random() * 3000);
      const t0 = await s.pay(await s.preference(booking));
      out.samples.push(await s.confirmedAfter(booking, t0, 30_000));
      await tab.close();
    } catch (e) {
      out.failures.push(`Mercado Pago open run ${i + 1}: ${reason(e)}`);
    }
  }
  return made;
}

/** (b): the checkout tab closed, `parallel` bookings created back to back and paid together per round. */
async function alarmPath(live: Live, rounds: number, parallel: number, out: LatencyPath): Promise<number> {
  let made = 0;
  for (let round = 0; round < rounds; round++) {
    try {
      const s = await live();
      const bookings: Booking[] = [];
      for (let k = 0; k < parallel; k++) {
        const { booking, tab } = await s.create(`Bench closed ${round + 1}.${k + 1}`, day(4, round));
        await tab.close();
        bookings.push(booking);
        made++;
      }
      const prefs = await Promise.all(bookings.map((b) => s.preference(b)));
      const t0s = await Promise.all(prefs.map((p) => s.pay(p)));
      const got = await Promise.all(bookings.map((b, k) => s.confirmedAfter(b, t0s[k] as number, 90_000)));
      out.samples.push(...got);
      log(`(b) round ${round + 1}: ${got.map((x) => (x / 1000).toFixed(1)).join(", ")} s`);
    } catch (e) {
      out.failures.push(`closed round ${round + 1}: ${reason(e)}`);
    }
  }
  return made;
}

/**
 * Measures (a) `messageRuns` payments with the checkout page open, by PayPal and by Mercado Pago,
 * and (b) `alarmRounds` rounds of `parallel` payments with it closed. Every wait is bounded
 * (a: 30 s per run, b: 90 s per round).
 */
export async function measureLatency(
  stack: Stack,
  extDir: string,
  opts: { messageRuns: number; alarmRounds: number; parallel: number },
): Promise<LatencyResult> {
  const browser = findBrowser();
  if (!browser) throw new Error("Chromium not found");
  const found = browser;
  // Other work on this machine may kill Chromium processes; a closed browser is relaunched and
  // signed in again (counted in `relaunches`) rather than failing every later run.
  let current: Entry | null = null;
  let relaunches = -1;
  const live: Live = async () => {
    if (current && !current.closed) return current.s;
    await current?.close();
    relaunches++;
    const { context, profileDir } = await launchWithExtension({
      browser: found,
      extensionDir: extDir,
      headless: true,
      viewport: { width: 1280, height: 800 },
    });
    const entry: Entry = {
      s: null as unknown as Session,
      closed: false,
      async close() {
        await context.close().catch(() => undefined);
        rmSync(profileDir, { recursive: true, force: true });
      },
    };
    context.on("close", () => {
      entry.closed = true;
    });
    if (context.serviceWorkers().length === 0) await context.waitForEvent("serviceworker", { timeout: 15_000 });
    entry.s = await signIn(stack, context);
    current = entry;
    return entry.s;
  };
  const paypal: LatencyPath = { samples: [], failures: [] };
  const message: LatencyPath = { samples: [], failures: [] };
  const alarm: LatencyPath = { samples: [], failures: [] };
  const writes = await countWrites(stack);
  try {
    await live();
    let bookings = await messagePayPal(live, opts.messageRuns, paypal);
    log(`(a) PayPal: ${paypal.samples.length} samples`);
    bookings += await messageMercadoPago(live, opts.messageRuns, message);
    log(`(a) Mercado Pago: ${message.samples.length} samples`);
    bookings += await alarmPath(live, opts.alarmRounds, opts.parallel, alarm);
    return {
      paypal,
      message,
      alarm,
      alarmRounds: opts.alarmRounds,
      alarmParallel: opts.parallel,
      browserRelaunches: relaunches,
      calendarWrites: { ...(await writes()), bookings },
    };
  } finally {
    // Assigned inside `live`, which TypeScript's flow analysis does not follow.
    await (current as Entry | null)?.close();
  }
}
