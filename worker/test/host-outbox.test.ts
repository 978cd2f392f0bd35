// The host-webhook outbox: one INSERT batched with the move it announces — nothing without a URL,
// once per (booking, type, dedupe), nothing when the move lost its race, a body that is a snapshot.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { hostEventStmt, hostEventsWhereStmt } from "../src/host-webhooks/outbox";
import { CHECKOUT, moveStmt } from "../src/lifecycle";

const db = env.DB;
const NOW = "2026-01-01T00:00:00.000Z";

async function insertCheckout(bookingId: string, status = "open") {
  await db
    .prepare(
      `INSERT INTO checkouts (booking_id, checkout_id, secret_hash, status, summary, start_at, end_at, time_zone,
         hold_until, amount_value, currency, payer_email, created_at, updated_at)
       VALUES (?1, ?2, 'h', ?3, 'Intro call', '2099-02-01T10:00:00-03:00', '2099-02-01T10:30:00-03:00',
         'America/Sao_Paulo', '2099-01-01T00:00:00.000Z', '1.00', 'USD', 'lead@example.com', ?4, ?4)`,
    )
    .bind(bookingId, `co-${bookingId}`, status, NOW)
    .run();
}

async function events(bookingId: string) {
  const { results } = await db
    .prepare("SELECT * FROM host_events WHERE booking_id = ? ORDER BY seq")
    .bind(bookingId)
    .all<{ seq: number; event_id: string; type: string; dedupe: string; body: string; status: string }>();
  return results;
}

async function configure() {
  await db
    .prepare(
      "INSERT OR REPLACE INTO host_webhook (id, url, secret, created_at, updated_at) VALUES (1, 'https://hooks.example.com/x', 'sealed', ?1, ?1)",
    )
    .bind(NOW)
    .run();
}

const cancelBatch = (id: string) => [
  moveStmt(db, CHECKOUT, "cancel", { booking_id: id }),
  hostEventStmt(db, { bookingId: id, type: "booking.cancelled" }),
];

describe("hostEventStmt", () => {
  beforeEach(configure);

  it("writes nothing while no webhook URL is configured", async () => {
    await db.prepare("DELETE FROM host_webhook").run();
    const id = crypto.randomUUID();
    await insertCheckout(id);
    await db.batch(cancelBatch(id));
    expect((await db.prepare("SELECT status FROM checkouts WHERE booking_id = ?").bind(id).first())?.status).toBe(
      "cancelled",
    );
    expect(await events(id)).toEqual([]);
  });

  it("the same batch twice announces once", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id);
    await db.batch(cancelBatch(id));
    await db.batch(cancelBatch(id));
    const rows = await events(id);
    expect(rows.map((r) => r.type)).toEqual(["booking.cancelled"]);
    expect(rows[0]?.status).toBe("pending");
  });

  it("a move that lost its race (0 rows) announces nothing", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id, "paid");
    const [moved] = await db.batch(cancelBatch(id));
    expect(moved?.meta.changes).toBe(0);
    expect(await events(id)).toEqual([]);
  });

  it("the body is a snapshot of the moment: booking, lead, slot, payment", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id);
    await db
      .prepare(
        `INSERT INTO payments (provider, payment_id, booking_id, order_id, amount_value, currency, status, paid_at, created_at, updated_at)
         VALUES ('paypal', ?1, ?2, 'o', '1.00', 'USD', 'completed', ?3, ?3, ?3)`,
      )
      .bind(`pay-${id}`, id, NOW)
      .run();
    await db.batch([
      moveStmt(db, CHECKOUT, "pay", { booking_id: id }),
      hostEventStmt(db, { bookingId: id, type: "booking.paid", now: NOW }),
    ]);
    // Later changes (a reschedule) do not reach the stored body.
    await db.prepare("UPDATE checkouts SET start_at = '2099-03-01T10:00:00-03:00' WHERE booking_id = ?").bind(id).run();
    const [row] = await events(id);
    const body = JSON.parse(row?.body ?? "null");
    expect(body).toEqual({
      id: row?.event_id,
      type: "booking.paid",
      createdAt: NOW,
      data: {
        booking: {
          id,
          status: "paid",
          summary: "Intro call",
          holdUntil: "2099-01-01T00:00:00.000Z",
          source: "extension",
          typeId: null,
          refundable: false,
          price: { value: "1.00", currency: "USD" },
        },
        lead: { name: null, email: "lead@example.com", timeZone: "America/Sao_Paulo", locale: null },
        slot: {
          start: "2099-02-01T10:00:00-03:00",
          end: "2099-02-01T10:30:00-03:00",
          timeZone: "America/Sao_Paulo",
          meetLink: null,
          eventLink: null,
        },
        payment: {
          provider: "paypal",
          transactionId: `pay-${id}`,
          amount: { value: "1.00", currency: "USD" },
          status: "completed",
          paidAt: NOW,
        },
      },
    });
    expect(row?.event_id).toMatch(/^evt_[0-9a-f]{16}[0-9a-f]{32}$/);
  });

  it("dedupe keeps repeated events of one type apart, in order", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id, "paid");
    const resched = (n: string) => hostEventStmt(db, { bookingId: id, type: "booking.rescheduled", dedupe: n });
    await db.batch([resched("1")]);
    await db.batch([resched("2"), resched("2")]);
    await db.batch([resched("1")]);
    const rows = await events(id);
    expect(rows.map((r) => r.dedupe)).toEqual(["1", "2"]);
    expect(rows[0]?.seq).toBeLessThan(rows[1]?.seq ?? 0);
  });

  it("a caller's guard replaces the type's", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id, "paid");
    await db.batch([
      hostEventStmt(db, {
        bookingId: id,
        type: "booking.no_show",
        guard: { sql: "c.status = ?", args: ["refunded"] },
      }),
    ]);
    expect(await events(id)).toEqual([]);
    await db.batch([
      hostEventStmt(db, { bookingId: id, type: "booking.no_show", guard: { sql: "c.status = ?", args: ["paid"] } }),
    ]);
    expect((await events(id)).map((r) => r.type)).toEqual(["booking.no_show"]);
  });

  it("a bulk move gets one event per row it changed, each with its own id", async () => {
    const ids: [string, string, string] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const id of ids) await insertCheckout(id);
    const stamp = "2026-06-01T00:00:00.123Z";
    const sweep = () => ({ sql: "hold_until <= ? AND booking_id IN (?, ?)", args: ["2099-12-31", ids[0], ids[1]] });
    await db.batch([
      moveStmt(db, CHECKOUT, "expire", {}, { now: stamp, also: sweep() }),
      hostEventsWhereStmt(db, {
        type: "booking.expired",
        where: { sql: "c.status = 'expired' AND c.updated_at = ?", args: [stamp] },
      }),
    ]);
    const got = await Promise.all(ids.map(events));
    expect(got.map((r) => r.length)).toEqual([1, 1, 0]);
    expect(got[0]?.[0]?.event_id).not.toBe(got[1]?.[0]?.event_id);
    expect(JSON.parse(got[1]?.[0]?.body ?? "{}").data.booking.status).toBe("expired");
  });
});
