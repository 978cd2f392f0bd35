import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bearer, checkoutBody, createCheckout, newBooking, worker } from "./helpers";

const w = worker();
const ip = () => ({ "cf-connecting-ip": `192.0.2.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}` });

describe("POST /v1/checkouts", () => {
  it("creates a checkout (201) with the configured price and a hosted page URL", async () => {
    const b = await newBooking();
    const res = await w.call("POST", "/v1/checkouts", checkoutBody(b), ip());
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ bookingId: b.bookingId, amount: { value: "1.00", currency: "USD" } });
    expect(res.json.checkoutUrl).toBe(`http://127.0.0.1:8787/pay/${res.json.checkoutId}`);
    expect(res.json.checkoutId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(res.json)).not.toContain(b.secret);
  });

  it("replays idempotently: same bookingId + secretHash → 200 and the same checkout", async () => {
    const b = await newBooking();
    const first = await w.call("POST", "/v1/checkouts", checkoutBody(b), ip());
    const again = await w.call("POST", "/v1/checkouts", checkoutBody(b, { summary: "renamed" }), ip());
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM checkouts WHERE booking_id = ?")
      .bind(b.bookingId)
      .first();
    expect(rows).toEqual({ n: 1 });
  });

  it("answers 409 for the same bookingId with another secretHash", async () => {
    const b = await newBooking();
    await w.call("POST", "/v1/checkouts", checkoutBody(b), ip());
    const other = await newBooking();
    const res = await w.call("POST", "/v1/checkouts", checkoutBody({ ...b, secretHash: other.secretHash }), ip());
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
  });

  it.each([
    ["not JSON", "{nope", "invalid_json"],
    ["missing fields", { secretHash: undefined, summary: undefined }, "invalid_request"],
    ["bad uuid", { bookingId: "x" }, "invalid_request"],
    ["bad time", { start: "tomorrow" }, "invalid_request"],
    ["end before start", { end: "2020-01-01T00:00:00Z" }, "invalid_request"],
    ["hold in the past", { holdUntil: "2020-01-01T00:00:00Z" }, "invalid_request"],
    ["empty summary", { summary: "   " }, "invalid_request"],
    ["bad email", { payerEmail: "nope" }, "invalid_request"],
  ])("rejects %s with 400", async (_name, patch, code) => {
    const b = await newBooking();
    const body = typeof patch === "string" ? patch : { ...checkoutBody(b), ...patch };
    const res = await w.call("POST", "/v1/checkouts", body, ip());
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(code);
  });

  it("clamps the hold to MAX_HOLD_HOURS", async () => {
    const w2 = worker({ MAX_HOLD_HOURS: "2" });
    const b = await newBooking();
    const res = await w2.call("POST", "/v1/checkouts", checkoutBody(b), ip());
    expect(Date.parse(res.json.holdUntil)).toBeLessThanOrEqual(Date.now() + 2 * 3600_000 + 1000);
  });

  it("rate-limits creation per client (429)", async () => {
    const w2 = worker({ CHECKOUT_RATE_LIMIT_PER_HOUR: "3" });
    const client = { "cf-connecting-ip": `198.51.100.${crypto.randomUUID()}` };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await w2.call("POST", "/v1/checkouts", checkoutBody(await newBooking()), client)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const other = await w2.call("POST", "/v1/checkouts", checkoutBody(await newBooking()), ip());
    expect(other.status).toBe(201);
  });

  it("answers 413 for bodies over 64 KB, before reading them", async () => {
    const b = await newBooking();
    const res = await w.call("POST", "/v1/checkouts", { ...checkoutBody(b), summary: "x".repeat(70_000) }, ip());
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
    expect(await env.DB.prepare("SELECT 1 FROM checkouts WHERE booking_id = ?").bind(b.bookingId).first()).toBeNull();
  });
});

describe("GET /v1/checkouts/:bookingId", () => {
  it("returns the status with the bearer secret", async () => {
    const c = await createCheckout(w);
    const res = await w.call("GET", `/v1/checkouts/${c.bookingId}`, undefined, bearer(c.secret));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      bookingId: c.bookingId,
      status: "open",
      amount: { value: "1.00", currency: "USD" },
    });
    expect(res.json.receipt).toBeUndefined();
  });

  it.each([
    ["no header", {}],
    ["wrong secret", bearer("A".repeat(43))],
    ["not bearer", { authorization: "Basic abc" }],
  ])("answers 401 with %s", async (_n, headers) => {
    const c = await createCheckout(w);
    const res = await w.call("GET", `/v1/checkouts/${c.bookingId}`, undefined, headers);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it("says how many seconds the hold has left by the Worker's clock (0 once it has passed)", async () => {
    const c = await createCheckout(w);
    const before = Date.now();
    const res = await w.call("GET", `/v1/checkouts/${c.bookingId}`, undefined, bearer(c.secret));
    const expected = (Date.parse(res.json.holdUntil) - before) / 1000;
    expect(res.json.secondsLeft).toBeGreaterThan(23 * 3600);
    expect(res.json.secondsLeft).toBeLessThanOrEqual(Math.ceil(expected));
    expect(res.json.secondsLeft).toBeGreaterThanOrEqual(Math.floor(expected) - 5);
    await env.DB.prepare("UPDATE checkouts SET hold_until = '2020-01-01T00:00:00.000Z' WHERE booking_id = ?")
      .bind(c.bookingId)
      .run();
    const ended = await w.call("GET", `/v1/checkouts/${c.bookingId}`, undefined, bearer(c.secret));
    expect(ended.json.secondsLeft).toBe(0);
  });

  it("answers 404 for an unknown booking", async () => {
    const res = await w.call("GET", `/v1/checkouts/${crypto.randomUUID()}`, undefined, bearer("x"));
    expect(res.status).toBe(404);
  });

  it("reports an ended hold as expired", async () => {
    const c = await createCheckout(w);
    await env.DB.prepare("UPDATE checkouts SET hold_until = '2020-01-01T00:00:00.000Z' WHERE booking_id = ?")
      .bind(c.bookingId)
      .run();
    const res = await w.call("GET", `/v1/checkouts/${c.bookingId}`, undefined, bearer(c.secret));
    expect(res.json.status).toBe("expired");
  });
});

describe("POST /v1/checkouts/status", () => {
  it("returns each booking's status or its own error", async () => {
    const a = await createCheckout(w);
    const b = await createCheckout(w);
    const unknown = crypto.randomUUID();
    const res = await w.call("POST", "/v1/checkouts/status", {
      items: [
        { bookingId: a.bookingId, secret: a.secret },
        { bookingId: b.bookingId, secret: a.secret },
        { bookingId: unknown, secret: a.secret },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.items[0].secondsLeft).toBeGreaterThan(23 * 3600);
    expect(res.json.items).toEqual([
      expect.objectContaining({ bookingId: a.bookingId, status: "open", secondsLeft: expect.any(Number) }),
      { bookingId: b.bookingId, error: expect.objectContaining({ code: "unauthorized" }) },
      { bookingId: unknown, error: expect.objectContaining({ code: "not_found" }) },
    ]);
  });

  it("rejects more than 100 items and malformed items (400)", async () => {
    const item = { bookingId: crypto.randomUUID(), secret: "A".repeat(43) };
    expect((await w.call("POST", "/v1/checkouts/status", { items: Array(101).fill(item) })).status).toBe(400);
    expect((await w.call("POST", "/v1/checkouts/status", { items: [{ bookingId: "x" }] })).status).toBe(400);
  });
});

describe("PATCH /v1/checkouts/:bookingId", () => {
  it("renames and moves the event and its hold", async () => {
    const c = await createCheckout(w);
    const holdUntil = new Date(Date.now() + 3600_000).toISOString();
    const res = await w.call(
      "PATCH",
      `/v1/checkouts/${c.bookingId}`,
      { summary: "Moved", holdUntil },
      bearer(c.secret),
    );
    expect(res.status).toBe(200);
    expect(res.json.holdUntil).toBe(holdUntil);
    const row = await env.DB.prepare("SELECT summary FROM checkouts WHERE booking_id = ?").bind(c.bookingId).first();
    expect(row).toEqual({ summary: "Moved" });
  });

  it("validates (400), authenticates (401) and refuses moving the hold of a final checkout (409)", async () => {
    const c = await createCheckout(w);
    expect((await w.call("PATCH", `/v1/checkouts/${c.bookingId}`, {}, bearer(c.secret))).status).toBe(400);
    expect((await w.call("PATCH", `/v1/checkouts/${c.bookingId}`, { summary: "x" })).status).toBe(401);
    await w.call("POST", `/v1/checkouts/${c.bookingId}/cancel`, undefined, bearer(c.secret));
    const holdUntil = new Date(Date.now() + 3600_000).toISOString();
    const res = await w.call("PATCH", `/v1/checkouts/${c.bookingId}`, { holdUntil }, bearer(c.secret));
    expect(res.status).toBe(409);
  });
});

describe("POST /v1/checkouts/:bookingId/cancel", () => {
  it("cancels, replays idempotently, and refuses without the secret", async () => {
    const c = await createCheckout(w);
    expect((await w.call("POST", `/v1/checkouts/${c.bookingId}/cancel`)).status).toBe(401);
    const res = await w.call("POST", `/v1/checkouts/${c.bookingId}/cancel`, undefined, bearer(c.secret));
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("cancelled");
    const again = await w.call("POST", `/v1/checkouts/${c.bookingId}/cancel`, undefined, bearer(c.secret));
    expect(again.json.status).toBe("cancelled");
  });

  it("answers 409 when already paid", async () => {
    const c = await createCheckout(w);
    await env.DB.prepare("UPDATE checkouts SET status = 'paid' WHERE booking_id = ?").bind(c.bookingId).run();
    const res = await w.call("POST", `/v1/checkouts/${c.bookingId}/cancel`, undefined, bearer(c.secret));
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("already_paid");
  });
});

describe("CORS", () => {
  const id = "abcdefghijklmnopabcdefghijklmnop";
  const w2 = worker({ ALLOWED_EXTENSION_IDS: id });
  it("allows exactly the configured extension origins", async () => {
    const ok = await w2.call("OPTIONS", "/v1/checkouts", undefined, {
      origin: `chrome-extension://${id}`,
      "access-control-request-method": "POST",
    });
    expect(ok.headers.get("access-control-allow-origin")).toBe(`chrome-extension://${id}`);
    const bad = await w2.call("OPTIONS", "/v1/checkouts", undefined, {
      origin: "https://evil.example",
      "access-control-request-method": "POST",
    });
    expect(bad.headers.get("access-control-allow-origin")).toBeNull();
  });
});
