// The booking page's slot lists on `wrangler dev`: GET /v1/book/:type/slots for one week, p50/p99,
// with the host's freeBusy answered from the Worker's ~60 s cache (the same week asked again, as
// every lead opening the page that minute does) and uncached (a week not asked before, so each
// request waits for the Google emulator). One request at a time, so each sample is one lead's wait.
import type { Stack } from "../scripts/stack.ts";
import { http } from "../worker/roundtrip/client.ts";
import { fmt, log, percentile } from "./lib.ts";

/** Results of the slots figure. */
export interface SlotsResult {
  cachedMs: number[];
  uncachedMs: number[];
  slotsPerWeek: number;
  busyEvents: number;
}

const ZONE = "America/Argentina/Buenos_Aires";
const day = (offset: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(Date.now() + offset * 86_400_000));

/** Connects the host (auto-approved), configures a weekday 09:00–18:00 page and fills the calendar. */
async function setUp(stack: Stack, busyEvents: number): Promise<void> {
  const start = await http(`${stack.workerUrl}/admin/google/connect`);
  const consent = await http(start.headers.get("location") ?? "");
  const done = await http(consent.headers.get("location") ?? "");
  if (done.status !== 200) throw new Error(`connect: ${done.status}`);
  const google = stack.emulators.urls.google;
  const token = (
    await http(`${google}/__emulator/google/tokens`, {
      json: { email: "alice@example.com", scopes: ["email", "calendar.events"] },
    })
  ).body.access_token as string;
  const auth = { authorization: `Bearer ${token}` };
  const hours: [string, string][] = [["09:00", "18:00"]];
  const put = await http(`${stack.workerUrl}/v1/admin/booking-page`, {
    method: "PUT",
    headers: auth,
    json: {
      timeZone: ZONE,
      weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] },
      daysOff: [],
      types: [{ id: "bench", title: "Bench", durationMinutes: 30, minNoticeMinutes: 0, horizonDays: 365 }],
    },
  });
  if (put.status !== 200) throw new Error(`configure: ${put.status} ${put.text}`);
  // A busy host: an hour-long event every few working hours across the year.
  for (let i = 0; i < busyEvents; i++) {
    const startMs = Date.parse(`${day(1 + Math.floor(i / 3))}T${10 + 3 * (i % 3)}:00:00-03:00`);
    await http(`${google}/calendar/v3/calendars/primary/events`, {
      headers: auth,
      json: {
        summary: `Busy ${i}`,
        start: { dateTime: new Date(startMs).toISOString() },
        end: { dateTime: new Date(startMs + 3600_000).toISOString() },
      },
    });
  }
}

async function timed(url: string): Promise<{ ms: number; slots: number }> {
  const t0 = performance.now();
  const res = await http(url);
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`slots: ${res.status} ${res.text.slice(0, 200)}`);
  return { ms, slots: (res.body.slots as unknown[]).length };
}

/** Measures `runs` cached and `runs` uncached week requests (after a short warm-up). */
export async function measureSlots(stack: Stack, runs: number): Promise<SlotsResult> {
  const busyEvents = 300;
  await setUp(stack, busyEvents);
  const url = (from: number) => `${stack.workerUrl}/v1/book/bench/slots?from=${day(from)}&to=${day(from + 6)}`;
  for (let i = 0; i < 5; i++) await timed(url(1));
  const cachedMs: number[] = [];
  let slotsPerWeek = 0;
  for (let i = 0; i < runs; i++) {
    const r = await timed(url(1));
    cachedMs.push(r.ms);
    slotsPerWeek = r.slots;
  }
  // Weeks starting on days never asked before: every one is a freeBusy miss.
  const uncachedMs: number[] = [];
  for (let i = 0; i < runs; i++) uncachedMs.push((await timed(url(10 + i))).ms);
  log(`slots: cached p50 ${fmt(percentile(cachedMs, 50))} ms, uncached p50 ${fmt(percentile(uncachedMs, 50))} ms`);
  return { cachedMs, uncachedMs, slotsPerWeek, busyEvents };
}

/** The BENCHMARKS.md section of the slots figure. */
export function reportSlots(r: SlotsResult | { error: string } | undefined): string[] {
  if (!r) return ["Not run."];
  if ("error" in r) return [`Failed: \`${r.error}\``];
  const row = (name: string, xs: number[]) =>
    `| ${name} | ${xs.length} | ${fmt(percentile(xs, 50))} | ${fmt(percentile(xs, 99))} | ${fmt(Math.max(...xs))} |`;
  return [
    `One week of a 30-minute type (weekdays 09:00–18:00, ${r.slotsPerWeek} free slots), the host's calendar holding ${r.busyEvents} events; requests one at a time from Node to \`wrangler dev\`, the Google emulator on the same machine (a real freeBusy call adds Google's own latency to the uncached row).`,
    "",
    "| freeBusy | requests | p50 ms | p99 ms | max ms |",
    "|---|---|---|---|---|",
    row("cached (same week within 60 s)", r.cachedMs),
    row("uncached (a week not asked before)", r.uncachedMs),
  ];
}
