// Figure 4, webhook throughput on `wrangler dev`: verified PayPal PAYMENT.CAPTURE.COMPLETED
// deliveries per second and latency, beside the same Worker's no-op route (/healthz).
//
// Every delivery is a distinct, real event: N checkouts are created and paid through the Worker
// with the emulator's capture left PENDING, then the emulator settles each capture to COMPLETED
// while its deliveries are held. So each delivery is the first news of that payment and takes the
// full path (verify signature with the cached cert, dedupe lookup, order lookup, the payment batch
// write) — replaying one delivery would only measure the duplicate short-cut. The deliveries are
// signed by the emulator itself; the load generator sends each exactly once.
import autocannon from "autocannon";
import type { Stack } from "../scripts/stack.ts";
import { type Booking, control, createCheckout, http } from "../worker/roundtrip/client.ts";
import { getJson, groupCpuMs, log, postJson } from "./lib.ts";

interface HeldDelivery {
  id: string;
  headers: Record<string, string>;
  body: string;
}

/** One autocannon run, reduced to what the report shows. */
export interface LoadRun {
  requests: number;
  durationSec: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** workerd's CPU time per request over the run (ms; NaN without /proc). */
  cpuMsPerRequest: number;
}

/** Results of figure 4. */
export interface WebhookResult {
  connections: number;
  deliveries: number;
  warmup: number;
  healthz: LoadRun[];
  webhook: LoadRun;
  duplicatesAnswered: number;
  notPaidAfter: number;
  paypalCallsDuringRun: number;
  /** The same deliveries sent again (every one a duplicate now): answered as duplicates, PayPal calls. */
  replay: { sent: number; duplicates: number; paypalCalls: number; non2xx: number };
  prepareSec: number;
}

function reduce(r: autocannon.Result, cpuMs = Number.NaN): LoadRun {
  // autocannon's own `duration` is rounded to whole seconds; start/finish are exact.
  const durationSec = (new Date(r.finish).getTime() - new Date(r.start).getTime()) / 1000;
  return {
    requests: r.requests.total,
    durationSec,
    rps: r.requests.total / durationSec,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    cpuMsPerRequest: cpuMs / r.requests.total,
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

/**
 * A checkout paid through the Worker with the capture left PENDING at the emulator. Retried with a
 * fresh checkout (up to 3 times) when wrangler dev restarts under it — it reloads whenever anyone
 * rebuilds the checkout page it serves.
 */
async function pendingPayPal(stack: Stack): Promise<Booking> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pendingPayPalOnce(stack);
    } catch (e) {
      if (attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function pendingPayPalOnce(stack: Stack): Promise<Booking> {
  const b = await createCheckout(stack);
  const order = await postJson<{ orderId: string }>(`${stack.workerUrl}/v1/pay/${b.checkoutId}/paypal/orders`);
  await postJson(`${stack.emulators.urls.paypal}/__emulator/pay`, {
    provider: "paypal",
    orderId: order.orderId,
    captureOutcome: "PENDING",
  });
  const cap = await postJson<{ status: string }>(
    `${stack.workerUrl}/v1/pay/${b.checkoutId}/paypal/orders/${order.orderId}/capture`,
  );
  if (cap.status !== "pending") throw new Error(`capture answered ${cap.status}, wanted pending`);
  return b;
}

/** Prepares `n` held COMPLETED deliveries for `n` distinct pending checkouts. */
async function prepare(stack: Stack, n: number): Promise<{ bookings: Booking[]; deliveries: HeldDelivery[] }> {
  const pp = control(stack, "paypal");
  await pp.post("/deliveries/hold", { provider: "paypal", on: true });
  const bookings = await pool(
    Array.from({ length: n }, (_, i) => i),
    6,
    () => pendingPayPal(stack),
  );
  const state = await getJson<{ paypal: { captures: { id: string; status: string }[] } }>(
    `${stack.emulators.urls.paypal}/__emulator/state`,
  );
  const pending = state.paypal.captures.filter((c) => c.status === "PENDING");
  await pool(pending, 6, (c) =>
    postJson(`${stack.emulators.urls.paypal}/__emulator/paypal/captures/${c.id}`, { status: "COMPLETED" }),
  );
  const res = await pp.get("/deliveries?provider=paypal&status=held");
  const all = res.body.deliveries as (HeldDelivery & { body: string })[];
  // Only our checkouts' events: a retried attempt may have left a checkout of its own behind.
  const ours = new Set(bookings.map((b) => b.bookingId));
  const deliveries = all.filter((d) => {
    const ev = JSON.parse(d.body) as { event_type: string; resource: { custom_id?: string } };
    return ev.event_type === "PAYMENT.CAPTURE.COMPLETED" && ours.has(ev.resource.custom_id ?? "");
  });
  if (deliveries.length !== n) throw new Error(`expected ${n} COMPLETED deliveries, found ${deliveries.length}`);
  return { bookings, deliveries };
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** workerd's CPU time (ms) spent while `fn` runs. */
async function metered<T>(stack: Stack, fn: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const before = groupCpuMs(stack.workerProcessGroup, "workerd");
  const value = await fn();
  return { value, cpuMs: groupCpuMs(stack.workerProcessGroup, "workerd") - before };
}

/** The no-op route under the same load shape, bounded by time (it is many times faster). */
async function healthz(stack: Stack, connections: number, durationSec: number): Promise<LoadRun> {
  const { value, cpuMs } = await metered(stack, () =>
    run({ url: `${stack.workerUrl}/healthz`, connections, duration: durationSec, timeout: 10 }),
  );
  return reduce(value, cpuMs);
}

/**
 * Measures figure 4: `/healthz` under load, then `deliveries` distinct webhook deliveries (after
 * `warmup` sent one by one, which also caches the PayPal certificate), then `/healthz` again.
 * Outbound calls are counted with a delay-only fault (1 ms) matching every PayPal emulator path.
 */
export async function measureWebhooks(
  stack: Stack,
  deliveries: number,
  opts: { connections?: number; healthzSec?: number } = {},
): Promise<WebhookResult> {
  const connections = opts.connections ?? 8;
  const healthzSec = opts.healthzSec ?? 5;
  const warmup = 5;
  const t0 = Date.now();
  const { bookings, deliveries: held } = await prepare(stack, deliveries + warmup);
  const prepareSec = (Date.now() - t0) / 1000;
  log(`prepared ${held.length} deliveries in ${prepareSec.toFixed(0)} s`);
  const target = `${stack.workerUrl}/webhooks/paypal`;
  for (const d of held.slice(0, warmup)) {
    const res = await http(target, { method: "POST", headers: d.headers, body: d.body });
    if (res.status !== 200) throw new Error(`warm-up delivery → ${res.status} ${res.text}`);
  }
  const list = held.slice(warmup);
  const before = await healthz(stack, connections, healthzSec);

  const pp = control(stack, "paypal");
  const fault = await pp.post("/faults", { provider: "paypal", path: "*", delayMs: 1, count: 10_000 });
  const faultId = fault.body.id as string;
  let next = 0;
  let duplicates = 0;
  // autocannon checks `amount` on its 1 s tick, so its start/finish round count-bounded runs up to
  // whole seconds; the span from the first request to the last answer is the honest duration.
  let firstSent = 0;
  let lastAnswered = 0;
  const cpuBefore = groupCpuMs(stack.workerProcessGroup, "workerd");
  const result = await run({
    url: stack.workerUrl,
    connections,
    amount: list.length,
    timeout: 10,
    requests: [
      {
        method: "POST",
        path: "/webhooks/paypal",
        setupRequest: (req) => {
          if (next === 0) firstSent = performance.now();
          const d = list[Math.min(next++, list.length - 1)] as HeldDelivery;
          return { ...req, headers: d.headers, body: d.body };
        },
        onResponse: (_status, body) => {
          lastAnswered = performance.now();
          if (body.includes('"duplicate":true')) duplicates++;
        },
      },
    ],
  });
  const faults = await pp.get("/faults");
  const left = (faults.body.faults as { id: string; hits: number }[]).find((f) => f.id === faultId);
  await http(`${stack.emulators.urls.paypal}/__emulator/faults`, { method: "DELETE" });
  const measured = reduce(result, groupCpuMs(stack.workerProcessGroup, "workerd") - cpuBefore);
  const spanSec = (lastAnswered - firstSent) / 1000;
  const webhook = { ...measured, durationSec: spanSec, rps: measured.requests / spanSec };
  const after = await healthz(stack, connections, healthzSec);

  // The same deliveries once more, as PayPal's retries would send them: each is a duplicate now,
  // which must be answered from the dedupe record without calling PayPal.
  const replayFault = await pp.post("/faults", { provider: "paypal", path: "*", delayMs: 1, count: 10_000 });
  const replayAnswers = await pool(list, connections, async (d) => {
    const res = await http(target, { method: "POST", headers: d.headers, body: d.body });
    return { ok: res.status >= 200 && res.status < 300, duplicate: res.text.includes('"duplicate":true') };
  });
  const replayLeft = ((await pp.get("/faults")).body.faults as { id: string; hits: number }[]).find(
    (f) => f.id === replayFault.body.id,
  );
  await http(`${stack.emulators.urls.paypal}/__emulator/faults`, { method: "DELETE" });
  const replay = {
    sent: list.length,
    duplicates: replayAnswers.filter((a) => a.duplicate).length,
    paypalCalls: replayLeft?.hits ?? Number.NaN,
    non2xx: replayAnswers.filter((a) => !a.ok).length,
  };

  // Every measured checkout must now be paid exactly once (the Worker's own view).
  const statuses = await pool(bookings.slice(warmup), 8, async (b) => {
    const r = await http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}`, {
      headers: { authorization: `Bearer ${b.secret}` },
    });
    return r.body?.status as string;
  });
  await pp.post("/deliveries/hold", { provider: "paypal", on: false });
  return {
    connections,
    deliveries: list.length,
    warmup,
    healthz: [before, after],
    webhook,
    duplicatesAnswered: duplicates,
    notPaidAfter: statuses.filter((s) => s !== "paid").length,
    paypalCallsDuringRun: left?.hits ?? Number.NaN,
    replay,
    prepareSec,
  };
}
