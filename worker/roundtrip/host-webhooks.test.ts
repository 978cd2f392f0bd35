// Host webhooks end to end: wrangler dev + the emulators, and a receiver on 127.0.0.1 that fails
// the first two attempts. Real flows — a booking-page booking paid with PayPal, confirmed in the
// host's calendar and cancelled by the lead; an extension booking paid; one cancelled — and the
// receiver sees every event once, in order per booking, each signature checked by the README's
// own verification snippet.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import { control, createCheckout, http, payApi, runCron, waitForStatus } from "./client.ts";

const HOST = "alice@example.com";
const ZONE = "America/Argentina/Buenos_Aires";

interface Received {
  id: string;
  type: string;
  signature: string;
  body: string;
  answered: number;
  valid: boolean;
}

type Verify = (secret: string, header: string, rawBody: string, nowMs?: number) => boolean;

let stack: Stack;
let server: Server;
let verify: Verify;
let secret = "";
const received: Received[] = [];

/** The README's snippet, exactly as documented, as a module. */
async function readmeSnippet(): Promise<Verify> {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const m = readme.match(/<!-- host-webhook-verify -->\s*```js\n([\s\S]*?)```/);
  if (!m?.[1]) throw new Error("README: no host-webhook-verify snippet");
  const file = join(mkdtempSync(join(tmpdir(), "lc-verify-")), "verify.mjs");
  writeFileSync(file, m[1]);
  return (await import(pathToFileURL(file).href)).verifyLeadsCalendar as Verify;
}

const api = (path: string, init: Parameters<typeof http>[1] = {}) => http(`${stack.workerUrl}${path}`, init);
const hostDay = (days: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(Date.now() + days * 86_400_000));
const at = (hour: number) => `${hostDay(3)}T${String(hour).padStart(2, "0")}:00:00-03:00`;

async function waitFor<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  let last = await get();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`${what}: last ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await get();
  }
  return last;
}

/** The types a booking's events were acknowledged (2xx) in, in arrival order. */
const acked = (bookingId: string) =>
  received.filter((r) => r.answered === 200 && JSON.parse(r.body).data.booking.id === bookingId).map((r) => r.type);

/** Runs the cron until the receiver acknowledged `want` for the booking (retries are due within seconds). */
async function delivered(bookingId: string, want: string[]) {
  return waitFor(
    async () => {
      if (acked(bookingId).length < want.length) await runCron(stack);
      return acked(bookingId);
    },
    (got) => got.length >= want.length,
    `events of ${bookingId}`,
  );
}

beforeAll(async () => {
  verify = await readmeSnippet();
  let calls = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      calls++;
      // The first two attempts fail, whatever they carry: the Worker must retry them.
      const answered = calls <= 2 ? 500 : 200;
      const signature = String(req.headers["leadscalendar-signature"] ?? "");
      received.push({
        id: String(req.headers["leadscalendar-event-id"] ?? ""),
        type: String(req.headers["leadscalendar-event-type"] ?? ""),
        signature,
        body,
        answered,
        valid: verify(secret, signature, body),
      });
      res.writeHead(answered, { "content-type": "text/plain" }).end(answered === 200 ? "ok" : "not now");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  stack = await startStack({ quiet: true, vars: { MIN_HOLD_MINUTES: "0", HOST_WEBHOOK_RETRY_SECONDS: "1" } });
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((r) => server?.close(r));
});

describe("host webhooks against a real receiver", () => {
  let admin: Record<string, string>;

  it("the host sets the URL and gets the secret once", async () => {
    const start = await api("/admin/google/connect");
    const consent = await http(start.headers.get("location") ?? "");
    expect((await http(consent.headers.get("location") ?? "")).status).toBe(200);
    const token = (
      await http(`${stack.emulators.urls.google}/__emulator/google/tokens`, {
        json: { email: HOST, scopes: ["email", "calendar.events"] },
      })
    ).body.access_token;
    admin = { authorization: `Bearer ${token}` };
    const page = await api("/v1/admin/booking-page", {
      method: "PUT",
      headers: admin,
      json: {
        timeZone: ZONE,
        weekly: Object.fromEntries(
          ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["08:00", "20:00"]]]),
        ),
        daysOff: [],
        types: [{ id: "intro", title: "Intro", description: "", durationMinutes: 60, minNoticeMinutes: 0 }],
      },
    });
    expect(page.status).toBe(200);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const put = await api("/v1/admin/webhook", { method: "PUT", headers: admin, json: { url } });
    expect(put.status).toBe(200);
    secret = put.body.secret;
    expect(secret).toMatch(/^whsec_/);
    expect((await api("/v1/admin/webhook", { headers: admin })).body).toEqual({ url, updatedAt: expect.any(String) });
  });

  it("book on the page → pay → confirmed → the lead cancels: every event once, in order, signed", async () => {
    const r = await api("/v1/book/intro/reservations", {
      json: { start: at(10), name: "Lea", email: "lea@lead.test", locale: "es" },
    });
    expect(r.status).toBe(201);
    const checkoutId = r.body.checkoutId as string;
    const order = await payApi(stack, `${checkoutId}/paypal/orders`);
    expect(
      (await control(stack, "paypal").post("/pay", { provider: "paypal", orderId: order.body.orderId })).status,
    ).toBe(200);
    const booked = await waitFor(
      async () => (await api(`/v1/pay/${checkoutId}`)).body,
      (v) => v.booking?.state === "booked" && !!v.manageUrl,
      "booked",
    );
    const bookingId = JSON.parse(received[0]?.body ?? "{}").data?.booking?.id as string;
    await delivered(bookingId, ["booking.held", "booking.paid", "booking.confirmed"]);
    const token = new URL(booked.manageUrl).pathname.split("/").pop();
    const cancel = await api(`/v1/manage/${token}/cancel`, { method: "POST" });
    expect(cancel.status).toBe(200);
    const want = ["booking.held", "booking.paid", "booking.confirmed", "booking.cancelled", "booking.refunded"];
    expect(await delivered(bookingId, want)).toEqual(want);

    const mine = received.filter((x) => JSON.parse(x.body).data.booking.id === bookingId);
    // The two failed attempts were retried with the same id and body; everything else came once.
    expect(received.filter((x) => x.answered === 500)).toHaveLength(2);
    for (const failed of received.filter((x) => x.answered === 500)) {
      const retry = received.find((x) => x.answered === 200 && x.id === failed.id);
      expect(retry?.body).toBe(failed.body);
    }
    const ok = mine.filter((x) => x.answered === 200);
    expect(new Set(ok.map((x) => x.id)).size).toBe(ok.length);
    expect(ok.every((x) => x.valid)).toBe(true);
    // And the snippet really checks: another secret or a changed body fails.
    const first = ok[0] as Received;
    expect(verify("whsec_wrong", first.signature, first.body)).toBe(false);
    expect(verify(secret, first.signature, first.body.replace("Lea", "Leo"))).toBe(false);
    expect(verify(secret, first.signature, first.body, Date.now() + 10 * 60_000)).toBe(false);

    // Snapshots: `confirmed` has the Meet link; `cancelled` still names the slot it had.
    const bodies = Object.fromEntries(ok.map((x) => [x.type, JSON.parse(x.body)]));
    expect(bodies["booking.held"].data).toMatchObject({
      booking: { status: "open", source: "page", typeId: "intro" },
      lead: { name: "Lea", email: "lea@lead.test" },
      payment: null,
    });
    expect(bodies["booking.paid"].data.payment).toMatchObject({ provider: "paypal", status: "completed" });
    expect(bodies["booking.confirmed"].data.slot.meetLink).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(Date.parse(bodies["booking.cancelled"].data.slot.start)).toBe(Date.parse(at(10)));
    expect(bodies["booking.refunded"].data.booking.status).toBe("refunded");
  });

  it("extension bookings: paid (= confirmed) and cancelled, each booking in order", async () => {
    const paid = await createCheckout(stack);
    const order = await payApi(stack, `${paid.checkoutId}/paypal/orders`);
    await control(stack, "paypal").post("/pay", { provider: "paypal", orderId: order.body.orderId });
    await waitForStatus(stack, paid, "paid");
    const gone = await createCheckout(stack);
    const cancel = await http(`${stack.workerUrl}/v1/checkouts/${gone.bookingId}/cancel`, {
      method: "POST",
      headers: { authorization: `Bearer ${gone.secret}` },
    });
    expect(cancel.status).toBe(200);
    expect(await delivered(paid.bookingId, ["booking.held", "booking.paid", "booking.confirmed"])).toEqual([
      "booking.held",
      "booking.paid",
      "booking.confirmed",
    ]);
    expect(await delivered(gone.bookingId, ["booking.held", "booking.cancelled"])).toEqual([
      "booking.held",
      "booking.cancelled",
    ]);
    const ok = received.filter((x) => x.answered === 200);
    expect(new Set(ok.map((x) => x.id)).size).toBe(ok.length);
    expect(ok.every((x) => x.valid)).toBe(true);
    expect(
      JSON.parse(ok.find((x) => x.type === "booking.paid" && x.body.includes(paid.bookingId))?.body ?? "{}").data,
    ).toMatchObject({ booking: { source: "extension", status: "paid" }, lead: { timeZone: "Europe/Madrid" } });

    // The admin list agrees: everything delivered, the retried ones with more than one attempt.
    const list = await api("/v1/admin/webhook/deliveries?limit=100", { headers: admin });
    const items = list.body.items as { id: string; status: string; attempts: number }[];
    expect(items).toHaveLength(ok.length);
    expect(items.every((d) => d.status === "delivered")).toBe(true);
    expect(items.reduce((n, d) => n + d.attempts, 0)).toBe(received.length);
  });
});
