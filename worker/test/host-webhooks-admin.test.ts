// The host's webhook admin API: URL validation (400 naming `url`), the secret shown once and
// rotatable, stored encrypted, the delivery list paged, replays; events from real checkout calls.
import { beforeAll, describe, expect, it } from "vitest";
import { decryptToken } from "../src/google/crypto";
import { googleToken, pageWorker, until } from "./booking-helpers";
import { bearer, createCheckout } from "./helpers";

const w = pageWorker();
const CLOSED = "http://127.0.0.1:9/hooks";
let auth: Record<string, string>;
beforeAll(async () => {
  auth = { authorization: `Bearer ${await googleToken(w.host)}` };
});

describe("/v1/admin/webhook", () => {
  it("needs the host's token", async () => {
    expect((await w.call("GET", "/v1/admin/webhook")).status).toBe(401);
    const other = { authorization: `Bearer ${await googleToken("someone@example.com")}` };
    expect((await w.call("PUT", "/v1/admin/webhook", { url: "https://a.example/x" }, other)).status).toBe(403);
  });

  it.each([
    ["http://hooks.example.com/in", "https://"],
    ["ftp://hooks.example.com/in", "https://"],
    ["hooks.example.com/in", "full address"],
    ["https://user:pw@hooks.example.com/in", "user name or password"],
    [`https://hooks.example.com/${"x".repeat(2001)}`, "2000"],
  ])("refuses %s with a 400 naming url, writing nothing", async (url, words) => {
    const res = await w.call("PUT", "/v1/admin/webhook", { url }, auth);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.message).toMatch(/^url /);
    expect(res.json.error.message).toContain(words);
    expect((await w.call("GET", "/v1/admin/webhook", undefined, auth)).json.url).toBeNull();
  });

  it("a missing url is a 400 naming it", async () => {
    const res = await w.call("PUT", "/v1/admin/webhook", {}, auth);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("url is missing");
  });

  it("sets a URL with a secret shown once, keeps it on a URL change, rotates it on request", async () => {
    const put = await w.call("PUT", "/v1/admin/webhook", { url: "http://127.0.0.1:9999/hooks" }, auth);
    expect(put.status).toBe(200);
    const secret = put.json.secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // At rest: encrypted, never the secret itself.
    const row = await w.env.DB.prepare("SELECT secret FROM host_webhook WHERE id = 1").first<{ secret: string }>();
    expect(row?.secret).not.toContain(secret);
    expect(
      await decryptToken(new Uint8Array(Buffer.from(w.key, "base64")), row?.secret ?? "", "host_webhook.secret"),
    ).toBe(secret);

    const get = await w.call("GET", "/v1/admin/webhook", undefined, auth);
    expect(get.json).toEqual({ url: "http://127.0.0.1:9999/hooks", updatedAt: expect.any(String) });
    const moved = await w.call("PUT", "/v1/admin/webhook", { url: "https://hooks.example.com/in" }, auth);
    expect(moved.json.secret).toBeUndefined();
    expect(moved.json.url).toBe("https://hooks.example.com/in");

    const rotated = await w.call("POST", "/v1/admin/webhook/secret", undefined, auth);
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(secret);
  });

  it("lists deliveries newest first, paged, and replays one by id", async () => {
    // A closed port: the first try right after each request fails at once, and is recorded.
    await w.call("PUT", "/v1/admin/webhook", { url: CLOSED }, auth);
    const a = await createCheckout(w);
    const b = await createCheckout(w);
    expect((await w.call("POST", `/v1/checkouts/${b.bookingId}/cancel`, undefined, bearer(b.secret))).status).toBe(200);
    const first = await w.call("GET", "/v1/admin/webhook/deliveries?limit=2", undefined, auth);
    expect(first.status).toBe(200);
    expect(first.json.items.map((d: { type: string; bookingId: string }) => [d.type, d.bookingId])).toEqual([
      ["booking.cancelled", b.bookingId],
      ["booking.held", b.bookingId],
    ]);
    // Each `held` got its first try right after its request; `cancelled` waits behind b's `held`.
    const tried = async () =>
      (
        await w.env.DB.prepare("SELECT type, attempts, lease_until FROM host_events ORDER BY seq").all<{
          type: string;
          attempts: number;
          lease_until: string | null;
        }>()
      ).results;
    await until(async () => (await tried()).filter((r) => r.attempts === 1 && r.lease_until === null).length === 2);
    expect((await tried()).map((r) => [r.type, r.attempts])).toEqual([
      ["booking.held", 1],
      ["booking.held", 1],
      ["booking.cancelled", 0],
    ]);
    const listed = await w.call("GET", "/v1/admin/webhook/deliveries?limit=2", undefined, auth);
    expect(listed.json.items[1]).toMatchObject({ status: "pending", attempts: 1, lastStatus: null });
    expect(listed.json.items[1].lastError).toContain("could not be reached");
    expect(Date.parse(listed.json.items[1].nextAttemptAt)).toBeGreaterThan(Date.now());
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await w.call(
      "GET",
      `/v1/admin/webhook/deliveries?limit=2&cursor=${first.json.nextCursor}`,
      undefined,
      auth,
    );
    expect(second.json.items[0]).toMatchObject({ type: "booking.held", bookingId: a.bookingId });

    for (const q of ["limit=0", "limit=abc", "limit=101", "cursor=x"]) {
      const bad = await w.call("GET", `/v1/admin/webhook/deliveries?${q}`, undefined, auth);
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toMatch(/^(limit|cursor) /);
    }

    // Replay a's `held` (the first of its booking): re-queued with the same id, and tried at once.
    const id = second.json.items[0].id as string;
    await w.env.DB.prepare("UPDATE host_events SET status = 'failed', attempts = 9 WHERE event_id = ?").bind(id).run();
    const replay = await w.call("POST", `/v1/admin/webhook/deliveries/${id}/replay`, undefined, auth);
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ id, status: "pending", attempts: 0 });
    const row = () =>
      w.env.DB.prepare("SELECT status, attempts, lease_until FROM host_events WHERE event_id = ?")
        .bind(id)
        .first<{ status: string; attempts: number; lease_until: string | null }>();
    await until(async () => (await row())?.attempts === 1 && (await row())?.lease_until === null);
    expect((await row())?.status).toBe("pending");
    expect((await w.call("POST", "/v1/admin/webhook/deliveries/evt_nope/replay", undefined, auth)).status).toBe(404);
  });

  it("clearing the URL stops announcing and fails what was still pending", async () => {
    await w.call("PUT", "/v1/admin/webhook", { url: CLOSED }, auth);
    const before = await createCheckout(w);
    const del = await w.call("DELETE", "/v1/admin/webhook", undefined, auth);
    expect(del.json.url).toBeNull();
    const { results } = await w.env.DB.prepare("SELECT status, last_error FROM host_events WHERE booking_id = ?")
      .bind(before.bookingId)
      .all<{ status: string; last_error: string }>();
    expect(results).toEqual([{ status: "failed", last_error: "the webhook URL was removed" }]);
    const after = await createCheckout(w);
    const none = await w.env.DB.prepare("SELECT COUNT(*) AS n FROM host_events WHERE booking_id = ?")
      .bind(after.bookingId)
      .first<{ n: number }>();
    expect(none?.n).toBe(0);
    expect((await w.call("POST", "/v1/admin/webhook/secret", undefined, auth)).status).toBe(409);
  });
});
