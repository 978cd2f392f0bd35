// Host webhook delivery: the signature (a known vector), retries with backoff and the 24 h
// give-up, per-booking order, bounded passes, the lease, replays. The receiver is a fake fetch.
import { beforeEach, describe, expect, it } from "vitest";
import { CallBudget, withBudget } from "../src/budget";
import { getConfig } from "../src/config";
import { deliverDue, GIVE_UP_MS, type HostEventRow, replayEvent } from "../src/host-webhooks/delivery";
import { type HostEventType, hostEventStmt } from "../src/host-webhooks/outbox";
import { signatureHeader } from "../src/host-webhooks/sign";
import { clearHostWebhook, getHostWebhook, saveHostWebhook } from "../src/host-webhooks/store";
import { toBase64 } from "../src/verify/encoding";
import { worker } from "./helpers";

const w = worker({
  ADMIN_EMAIL: "host@example.com",
  AUTH_GOOGLE_ID: "web-client.apps.googleusercontent.com",
  AUTH_GOOGLE_SECRET: "web-client-secret",
  TOKEN_ENCRYPTION_KEY: toBase64(crypto.getRandomValues(new Uint8Array(32))),
});
const db = w.env.DB;
const config = getConfig(w.env);
const b = config.booking ?? (undefined as never);
const SECRET = "whsec_test-secret";
const URL_ = "https://hooks.example.com/in";
const T0 = Date.parse("2026-03-01T12:00:00.000Z");

interface Seen {
  url: string;
  headers: Headers;
  body: string;
}

/** A receiver answering `statuses` in turn (then 200), optionally advancing the fake clock per call. */
function receiver(statuses: number[] = [], onCall?: () => void) {
  const seen: Seen[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body) });
    onCall?.();
    const status = statuses.shift() ?? 200;
    return new Response(status === 204 ? null : "ok", { status });
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

async function booking(status = "open") {
  const id = crypto.randomUUID();
  await db
    .prepare(
      `INSERT INTO checkouts (booking_id, checkout_id, secret_hash, status, summary, start_at, end_at, time_zone,
         hold_until, amount_value, currency, created_at, updated_at)
       VALUES (?1, ?2, 'h', ?3, 'Call', '2099-02-01T10:00:00Z', '2099-02-01T11:00:00Z', 'UTC', '2099-01-01T00:00:00.000Z', '1.00', 'USD', ?4, ?4)`,
    )
    .bind(id, `co-${id}`, status, new Date(T0).toISOString())
    .run();
  return id;
}

async function announce(bookingId: string, type: HostEventType, atMs = T0, dedupe?: string) {
  await db.batch([
    hostEventStmt(db, { bookingId, type, now: new Date(atMs).toISOString(), dedupe, guard: { sql: "1", args: [] } }),
  ]);
}

async function rows(bookingId?: string) {
  const q = bookingId
    ? db.prepare("SELECT * FROM host_events WHERE booking_id = ? ORDER BY seq").bind(bookingId)
    : db.prepare("SELECT * FROM host_events ORDER BY seq");
  return (await q.all<HostEventRow>()).results;
}

const pass = (fetch: typeof globalThis.fetch, nowMs: number, over: Partial<Parameters<typeof deliverDue>[2]> = {}) =>
  deliverDue(db, config, { limit: 50, budgetMs: 60_000, clock: () => nowMs, fetch, ...over });

beforeEach(async () => {
  await db.prepare("DELETE FROM host_events").run();
  await saveHostWebhook(db, b, URL_, SECRET);
});

describe("signature", () => {
  it("matches a known vector (HMAC-SHA256 of `t.body`, hex)", async () => {
    expect(await signatureHeader("whsec_test", 1700000000, '{"a":1}')).toBe(
      "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
    );
  });

  it("a delivery carries the stored body, its id and type, signed with the host's secret", async () => {
    const id = await booking();
    await announce(id, "booking.held");
    const r = receiver();
    expect(await pass(r.fetch, T0)).toEqual({ delivered: 1, retried: 0, failed: 0 });
    const [row] = await rows(id);
    const [got] = r.seen;
    expect(got?.url).toBe(URL_);
    expect(got?.body).toBe(row?.body);
    expect(got?.headers.get("content-type")).toBe("application/json");
    expect(got?.headers.get("leadscalendar-event-id")).toBe(row?.event_id);
    expect(got?.headers.get("leadscalendar-event-type")).toBe("booking.held");
    const t = Math.floor(T0 / 1000);
    expect(got?.headers.get("leadscalendar-signature")).toBe(await signatureHeader(SECRET, t, row?.body ?? ""));
    expect(row).toMatchObject({ status: "delivered", attempts: 1, last_status: 200, last_error: null });
  });
});

describe("the first try after a request, with no receiver configured", () => {
  const none = { delivered: 0, retried: 0, failed: 0 };

  it("trusts this isolate's recent 'none configured' (no query per payment); the cron's pass always reads", async () => {
    const stored = await getHostWebhook(db);
    await clearHostWebhook(db);
    const r = receiver();
    expect(await pass(r.fetch, T0, { trustRecentAbsence: true })).toEqual(none);
    // Configured through another isolate (this one did not save it): the row appears behind its back.
    await db
      .prepare("INSERT INTO host_webhook (id, url, secret, created_at, updated_at) VALUES (1, ?1, ?2, ?3, ?3)")
      .bind(URL_, stored?.secret ?? "", new Date(T0).toISOString())
      .run();
    const id = await booking();
    await announce(id, "booking.held");
    expect(await pass(r.fetch, T0, { trustRecentAbsence: true })).toEqual(none);
    expect(r.seen).toHaveLength(0);
    expect(await pass(r.fetch, T0)).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(r.seen).toHaveLength(1);
  });

  it("saving a receiver in this isolate forgets the absence at once", async () => {
    await clearHostWebhook(db);
    const r = receiver();
    expect(await pass(r.fetch, T0, { trustRecentAbsence: true })).toEqual(none);
    await saveHostWebhook(db, b, URL_, SECRET);
    const id = await booking();
    await announce(id, "booking.held");
    expect(await pass(r.fetch, T0, { trustRecentAbsence: true })).toEqual({ delivered: 1, retried: 0, failed: 0 });
  });
});

describe("the cron's call budget", () => {
  it("every POST to the receiver spends one call of the running pass's budget", async () => {
    for (let i = 0; i < 3; i++) await announce(await booking(), "booking.held");
    const budget = new CallBudget(40);
    const r = receiver([500]);
    expect(await withBudget(budget, () => pass(r.fetch, T0))).toEqual({ delivered: 2, retried: 1, failed: 0 });
    expect(budget.used).toBe(3);
  });
});

describe("retries", () => {
  it("a non-2xx, a network error and a 3xx are retried later, each wait longer; a 2xx ends it", async () => {
    const id = await booking();
    await announce(id, "booking.held");
    const failing = receiver([500]);
    expect(await pass(failing.fetch, T0)).toEqual({ delivered: 0, retried: 1, failed: 0 });
    let [row] = await rows(id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_status: 500 });
    expect(row?.last_error).toContain("HTTP 500");
    const wait1 = Date.parse(row?.next_attempt_at ?? "") - T0;
    expect(wait1).toBeGreaterThanOrEqual(54_000);
    expect(wait1).toBeLessThanOrEqual(66_000);
    // Not due yet: nothing is sent.
    expect((await pass(failing.fetch, T0 + 30_000)).retried).toBe(0);
    expect(failing.seen).toHaveLength(1);

    const down = (async () => {
      throw new TypeError("connection refused");
    }) as typeof fetch;
    const t1 = T0 + 70_000;
    await pass(down, t1);
    [row] = await rows(id);
    expect(row?.attempts).toBe(2);
    expect(row?.last_error).toContain("could not be reached");
    const wait2 = Date.parse(row?.next_attempt_at ?? "") - t1;
    expect(wait2).toBeGreaterThan(wait1);

    const t2 = t1 + 10 * 60_000;
    await pass(receiver([302]).fetch, t2);
    [row] = await rows(id);
    expect(row).toMatchObject({ status: "pending", attempts: 3, last_status: 302 });

    await pass(receiver([204]).fetch, t2 + 3600_000);
    [row] = await rows(id);
    expect(row).toMatchObject({ status: "delivered", attempts: 4, last_status: 204, last_error: null });
  });

  it("the backoff is capped at an hour", async () => {
    const id = await booking();
    await announce(id, "booking.held");
    await db.prepare("UPDATE host_events SET attempts = 30 WHERE booking_id = ?").bind(id).run();
    await pass(receiver([503]).fetch, T0);
    const [row] = await rows(id);
    expect(Date.parse(row?.next_attempt_at ?? "") - T0).toBeLessThanOrEqual(3600_000 * 1.1);
  });

  it("a receiver that does not answer in time is a failed attempt", async () => {
    const id = await booking();
    await announce(id, "booking.held");
    const hang = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      )) as typeof fetch;
    await pass(hang, T0, { timeoutMs: 50 });
    const [row] = await rows(id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_status: null });
    expect(row?.last_error).toContain("no answer within");
  });

  it("gives up 24 h after it was queued: failed, and a replay re-queues it with the same id", async () => {
    const id = await booking();
    await announce(id, "booking.held");
    await pass(receiver([500]).fetch, T0);
    // Just before the 24 h: still retried.
    await pass(receiver([500]).fetch, T0 + GIVE_UP_MS - 60_000);
    expect((await rows(id))[0]?.status).toBe("pending");
    // The next attempt, due after the 24 h, fails: given up.
    expect(await pass(receiver([500]).fetch, T0 + GIVE_UP_MS + 5 * 60_000)).toEqual({
      delivered: 0,
      retried: 0,
      failed: 1,
    });
    const [failed] = await rows(id);
    expect(failed).toMatchObject({ status: "failed", attempts: 3 });
    // Failed events are not retried.
    const idle = receiver();
    await pass(idle.fetch, T0 + 2 * GIVE_UP_MS);
    expect(idle.seen).toHaveLength(0);

    const later = T0 + 3 * GIVE_UP_MS;
    const replayed = await replayEvent(db, failed?.event_id ?? "", later);
    expect(replayed).toMatchObject({ status: "pending", attempts: 0, event_id: failed?.event_id });
    const again = receiver();
    await pass(again.fetch, later);
    expect(again.seen[0]?.headers.get("leadscalendar-event-id")).toBe(failed?.event_id);
    expect(again.seen[0]?.body).toBe(failed?.body);
    expect((await rows(id))[0]?.status).toBe("delivered");
    expect(await replayEvent(db, "evt_nope")).toBeNull();
  });
});

describe("order and bounds", () => {
  it("a booking's later event waits while an earlier one is pending, then follows in the same pass", async () => {
    const id = await booking();
    await announce(id, "booking.held");
    await announce(id, "booking.paid", T0 + 1);
    await announce(id, "booking.confirmed", T0 + 2);
    const other = await booking();
    await announce(other, "booking.held");

    const first = receiver([500]);
    await pass(first.fetch, T0);
    // The failed `held` blocks its booking; the other booking is not held up.
    expect(first.seen.map((s) => s.headers.get("leadscalendar-event-type"))).toEqual(["booking.held", "booking.held"]);
    expect((await rows(id)).map((r) => r.status)).toEqual(["pending", "pending", "pending"]);
    expect((await rows(other)).map((r) => r.status)).toEqual(["delivered"]);

    const next = receiver();
    await pass(next.fetch, T0 + 3600_000);
    expect(next.seen.map((s) => s.headers.get("leadscalendar-event-type"))).toEqual([
      "booking.held",
      "booking.paid",
      "booking.confirmed",
    ]);
    expect((await rows(id)).map((r) => r.status)).toEqual(["delivered", "delivered", "delivered"]);
  });

  it("a failed (given up) event no longer blocks the booking's later ones", async () => {
    const id = await booking();
    await announce(id, "booking.held");
    await announce(id, "booking.paid", T0 + 1);
    await db
      .prepare("UPDATE host_events SET status = 'failed' WHERE booking_id = ? AND type = 'booking.held'")
      .bind(id)
      .run();
    const r = receiver();
    await pass(r.fetch, T0 + 1000);
    expect(r.seen.map((s) => s.headers.get("leadscalendar-event-type"))).toEqual(["booking.paid"]);
  });

  it("a pass stops at its count limit", async () => {
    for (let i = 0; i < 5; i++) await announce(await booking(), "booking.held");
    const r = receiver();
    expect((await pass(r.fetch, T0, { limit: 3 })).delivered).toBe(3);
    expect(r.seen).toHaveLength(3);
    expect((await rows()).filter((x) => x.status === "pending")).toHaveLength(2);
  });

  it("a pass starts no delivery once its time budget is spent", async () => {
    for (let i = 0; i < 5; i++) await announce(await booking(), "booking.held");
    let now = T0;
    // Every call takes 10 s of the fake clock; the budget is 25 s: calls start at 0, 10 and 20 s.
    const r = receiver([], () => {
      now += 10_000;
    });
    const report = await deliverDue(db, config, { limit: 50, budgetMs: 25_000, clock: () => now, fetch: r.fetch });
    expect(report.delivered).toBe(3);
    expect(r.seen).toHaveLength(3);
  });

  it("two passes at once deliver each event once (the lease)", async () => {
    const ids = [await booking(), await booking()];
    for (const id of ids) await announce(id, "booking.held");
    const r = receiver();
    const [a, c] = await Promise.all([pass(r.fetch, T0), pass(r.fetch, T0)]);
    expect((a?.delivered ?? 0) + (c?.delivered ?? 0)).toBe(2);
    expect(new Set(r.seen.map((s) => s.headers.get("leadscalendar-event-id"))).size).toBe(r.seen.length);
    expect(r.seen).toHaveLength(2);
  });

  it("nothing is sent while no receiver is configured", async () => {
    const id = await booking();
    await announce(id, "booking.held");
    await db.prepare("DELETE FROM host_webhook").run();
    const r = receiver();
    expect(await pass(r.fetch, T0)).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(r.seen).toHaveLength(0);
  });
});
