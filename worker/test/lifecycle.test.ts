// The transition table, move by move, against real D1 rows: every move from every state either
// moves the row to the table's target or leaves it untouched, and the SQL guard agrees with the
// pure table. Plus the hooks, refund moves and backoff the callers build on.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { getConfig } from "../src/config";
import {
  ATTENDANCE,
  CHECKOUT,
  finishRefund,
  MACHINES,
  type MachineDef,
  move,
  moveStmt,
  nextCheckAt,
  nextState,
  ORDER,
  onCheckoutPaid,
  onRefundFinished,
  PAYMENT,
  REFUND,
  refundRejected,
  requireRefund,
} from "../src/lifecycle";
import { applyPayment } from "../src/payments";

const db = env.DB;
const config = getConfig(env);
const NOW = "2026-01-01T00:00:00.000Z";

async function insertCheckout(bookingId: string, status: string, holdUntil = "2099-01-01T00:00:00.000Z") {
  await db
    .prepare(
      `INSERT INTO checkouts (booking_id, checkout_id, secret_hash, status, summary, start_at, end_at, time_zone,
         hold_until, amount_value, currency, created_at, updated_at)
       VALUES (?1, ?2, 'h', ?3, 's', '2099-02-01T00:00:00.000Z', '2099-02-01T01:00:00.000Z', 'UTC', ?4, '1.00', 'USD', ?5, ?5)`,
    )
    .bind(bookingId, `co-${bookingId}`, status, holdUntil, NOW)
    .run();
}
async function insertOrder(bookingId: string, orderId: string, status: string) {
  await db
    .prepare(
      `INSERT INTO provider_orders (provider, order_id, booking_id, reference, status, amount_value, currency, created_at, updated_at)
       VALUES ('paypal', ?1, ?2, ?2, ?3, '1.00', 'USD', ?4, ?4)`,
    )
    .bind(orderId, bookingId, status, NOW)
    .run();
}
async function insertPayment(bookingId: string, paymentId: string, status: string) {
  await db
    .prepare(
      `INSERT INTO payments (provider, payment_id, booking_id, order_id, amount_value, currency, status, paid_at, created_at, updated_at)
       VALUES ('paypal', ?1, ?2, 'o', '1.00', 'USD', ?3, ?4, ?4, ?4)`,
    )
    .bind(paymentId, bookingId, status, NOW)
    .run();
}
async function insertRefund(bookingId: string, paymentId: string, status: string) {
  await db
    .prepare(
      `INSERT INTO refunds (provider, payment_id, booking_id, order_id, amount_value, currency, status, created_at, updated_at)
       VALUES ('paypal', ?1, ?2, 'o', '1.00', 'USD', ?3, ?4, ?4)`,
    )
    .bind(paymentId, bookingId, status, NOW)
    .run();
}

/** Inserts one row of `machine` in `status`, and returns its key. */
async function rowIn(machine: MachineDef, status: string): Promise<Record<string, string>> {
  const id = crypto.randomUUID();
  if (machine === CHECKOUT) {
    await insertCheckout(id, status);
    return { booking_id: id };
  }
  await insertCheckout(id, "open");
  if (machine === ORDER) {
    await insertOrder(id, `O-${id}`, status);
    return { provider: "paypal", order_id: `O-${id}` };
  }
  if (machine === PAYMENT) {
    await insertPayment(id, `P-${id}`, status);
    return { provider: "paypal", payment_id: `P-${id}` };
  }
  if (machine === ATTENDANCE) {
    await db
      .prepare(
        `INSERT INTO attendance (booking_id, status, no_answer, ends_at, answer_by, created_at, updated_at)
         VALUES (?1, ?2, 'keep', ?3, ?3, ?3, ?3)`,
      )
      .bind(id, status, NOW)
      .run();
    return { booking_id: id };
  }
  await insertPayment(id, `P-${id}`, "refund_pending");
  await insertRefund(id, `P-${id}`, status);
  return { provider: "paypal", payment_id: `P-${id}` };
}

async function statusOf(machine: MachineDef, key: Record<string, string>) {
  const where = Object.keys(key)
    .map((k) => `${k} = ?`)
    .join(" AND ");
  const row = await db
    .prepare(`SELECT status, updated_at FROM ${machine.table} WHERE ${where}`)
    .bind(...Object.values(key))
    .first<{ status: string; updated_at: string }>();
  return row;
}

const cases = Object.entries(MACHINES).flatMap(([name, m]) =>
  Object.keys(m.moves).flatMap((mv) =>
    (m.states as readonly string[]).map((from) => ({
      name,
      m: m as MachineDef,
      move: mv,
      from,
      to: nextState(m as MachineDef, from, mv),
    })),
  ),
);

describe("transition table", () => {
  it("covers every state and move of the five machines", () => {
    expect(cases.length).toBe(7 * 13 + 3 * 3 + 3 * 3 + 3 * 4 + 5 * 4);
    // Every target is a state of its own machine (the tables' CHECK constraints agree).
    for (const m of Object.values(MACHINES))
      for (const def of Object.values(m.moves) as { from: readonly string[]; to: string | null }[]) {
        if (def.to !== null) expect(m.states).toContain(def.to);
        for (const f of def.from) expect(m.states).toContain(f);
      }
  });

  it.each(cases)("$name: $move from $from → $to", async ({ m, move: mv, from, to }) => {
    const key = await rowIn(m, from);
    const later = "2026-06-01T00:00:00.000Z";
    const didMove = await move(db, m, mv as never, key as never, { now: later });
    const after = await statusOf(m, key);
    if (to === undefined) {
      expect(didMove).toBe(false);
      expect(after?.status).toBe(from);
      expect(after?.updated_at).toBe(NOW);
    } else {
      expect(didMove).toBe(true);
      expect(after?.status).toBe(to);
      expect(after?.updated_at).toBe(later);
    }
  });
});

describe("guarded move", () => {
  it("ANDs an extra condition and writes extra columns in the same statement", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id, "open", "2099-01-01T00:00:00.000Z");
    const cond = { sql: "hold_until <= ?", args: [NOW] };
    expect(await move(db, CHECKOUT, "expire", { booking_id: id }, { also: cond })).toBe(false);
    expect(await move(db, CHECKOUT, "edit_hold", { booking_id: id }, { set: { summary: "renamed" } })).toBe(true);
    const row = await db.prepare("SELECT status, summary FROM checkouts WHERE booking_id = ?").bind(id).first();
    expect(row).toEqual({ status: "open", summary: "renamed" });
  });

  it("applies a move once when many requests race for it", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id, "open");
    const results = await Promise.all(
      Array.from({ length: 10 }, () => move(db, CHECKOUT, "cancel", { booking_id: id })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("refuses unknown moves, non-key columns, status in `set` and unbounded bulk moves", () => {
    expect(() => moveStmt(db, CHECKOUT, "fly" as never, { booking_id: "x" })).toThrow(/no move/);
    expect(() => moveStmt(db, CHECKOUT, "cancel", { summary: "x" } as never)).toThrow(/not a key/);
    expect(() => moveStmt(db, CHECKOUT, "cancel", { booking_id: "x" }, { set: { status: "paid" } })).toThrow();
    expect(() => moveStmt(db, CHECKOUT, "cancel", {})).toThrow(/bulk/);
  });
});

describe("hooks", () => {
  const off: (() => void)[] = [];
  afterEach(() => {
    for (const f of off.splice(0)) f();
  });
  const paypalCapture = (id: string) => ({
    provider: "paypal" as const,
    bookingId: id,
    orderId: "o",
    paymentId: `CAP-${id}`,
    amount: { value: "1.00", currency: "USD" },
    paidAt: null,
  });

  it("announces 'checkout paid' once, to every listener, even when one throws", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id, "open");
    const seen: string[] = [];
    off.push(onCheckoutPaid(() => Promise.reject(new Error("listener bug"))));
    off.push(onCheckoutPaid((_ctx, e) => void seen.push(`${e.bookingId}:${e.paymentId}:${e.pageBooking}`)));
    const p = paypalCapture(id);
    expect(await applyPayment(db, config, p)).toBe("paid");
    expect(await applyPayment(db, config, p)).toBe("duplicate");
    expect(seen).toEqual([`${id}:CAP-${id}:false`]);
  });

  it("says whether the paid checkout is a booking-page reservation's (the page's listener acts only then)", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id, "open");
    const now = new Date().toISOString();
    await db
      .prepare(
        `INSERT INTO page_reservations (reservation_id, booking_id, type_id, type_title, start_at, end_at, block_start,
           block_end, day, host_time_zone, hold_until, lead_name, lead_email, created_at, updated_at)
         VALUES (?1, ?2, 'intro', 'Intro', ?3, ?3, ?3, ?3, '2099-02-01', 'UTC', ?3, 'Ana', 'ana@example.com', ?3, ?3)`,
      )
      .bind(`res-${id}`, id, now)
      .run();
    const seen: boolean[] = [];
    off.push(onCheckoutPaid((_ctx, e) => void seen.push(e.pageBooking)));
    const p = paypalCapture(id);
    expect(await applyPayment(db, config, p)).toBe("paid");
    expect(seen).toEqual([true]);
  });

  it("announces 'refund finished' once and moves payment and checkout with it", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id, "refund_pending");
    await insertPayment(id, `P-${id}`, "refund_pending");
    await insertRefund(id, `P-${id}`, "requested");
    const seen: boolean[] = [];
    off.push(onRefundFinished((_ctx, e) => void seen.push(e.checkoutRefunded)));
    const k = { provider: "paypal" as const, paymentId: `P-${id}` };
    expect(await finishRefund({ db, config }, k, "RF-1")).toBe(true);
    expect(await finishRefund({ db, config }, k, "RF-1")).toBe(false);
    expect(seen).toEqual([true]);
    const row = await db
      .prepare(
        "SELECT c.status AS c, p.status AS p, r.status AS r, r.refund_id FROM checkouts c JOIN payments p USING (booking_id) JOIN refunds r USING (booking_id) WHERE c.booking_id = ?",
      )
      .bind(id)
      .first();
    expect(row).toEqual({ c: "refunded", p: "refunded", r: "completed", refund_id: "RF-1" });
  });
});

describe("refund moves", () => {
  it("a rejected refund is due again, as a new round, after a backoff", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id, "refund_pending");
    await insertPayment(id, `P-${id}`, "refund_pending");
    await insertRefund(id, `P-${id}`, "requested");
    const nowMs = Date.parse(NOW);
    const k = { provider: "paypal" as const, paymentId: `P-${id}` };
    expect(await refundRejected(db, k, "REFUND_REJECTED", nowMs)).toBe(true);
    const first = await db.prepare("SELECT * FROM refunds WHERE payment_id = ?").bind(`P-${id}`).first();
    expect(first).toMatchObject({ status: "due", round: 1, attempts: 1, last_error: "REFUND_REJECTED" });
    // Due at the next pass the first time; a second rejection waits longer.
    expect(first?.next_check_at).toBe(NOW);
    await move(db, REFUND, "requested", { provider: "paypal", payment_id: `P-${id}` });
    expect(await refundRejected(db, k, "REFUND_REJECTED", nowMs)).toBe(true);
    const second = await db.prepare("SELECT * FROM refunds WHERE payment_id = ?").bind(`P-${id}`).first();
    expect(second).toMatchObject({ status: "due", round: 2, attempts: 2 });
    expect(Date.parse(second?.next_check_at as string)).toBeGreaterThan(nowMs);
  });

  it("a paid checkout's payment can become due for a refund, which opens its refund row", async () => {
    const id = crypto.randomUUID();
    await insertCheckout(id, "paid");
    await insertPayment(id, `P-${id}`, "completed");
    expect(await requireRefund(db, { provider: "paypal", paymentId: `P-${id}` })).toBe(true);
    expect(await requireRefund(db, { provider: "paypal", paymentId: `P-${id}` })).toBe(false);
    const r = await db.prepare("SELECT status FROM refunds WHERE payment_id = ?").bind(`P-${id}`).first();
    expect(r).toEqual({ status: "due" });
  });
});

describe("backoff", () => {
  it.each([
    [0, 0],
    [1, 60_000],
    [2, 120_000],
    [4, 480_000],
    [30, 3 * 3600_000],
  ])("order after %i looks waits about %i ms", (attempts, ms) => {
    const at = Date.parse(nextCheckAt("order", attempts, 0, () => 0.5));
    expect(at).toBe(ms);
  });
});
