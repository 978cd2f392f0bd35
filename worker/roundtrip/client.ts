// Helpers for the round-trip suite: a real Worker under wrangler dev and the emulators, over HTTP.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Stack } from "../../scripts/stack.ts";

export interface Booking {
  bookingId: string;
  secret: string;
  checkoutId: string;
}

/** JSON over HTTP with the status kept. */
export async function http(url: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    ...(json !== undefined ? { method: rest.method ?? "POST", body: JSON.stringify(json) } : {}),
    headers: {
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
      ...(rest.headers as Record<string, string>),
    },
    redirect: "manual",
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests probe provider-shaped JSON ad hoc
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, text, headers: res.headers };
}

/** Creates a checkout the way the extension does. */
export async function createCheckout(
  stack: Stack,
  holdMs = 3600_000,
  extra: Record<string, unknown> = {},
): Promise<Booking> {
  const bookingId = randomUUID();
  const secret = randomBytes(32).toString("base64url");
  const secretHash = createHash("sha256").update(secret).digest("base64url");
  const start = new Date(Date.now() + 2 * 86400_000);
  const res = await http(`${stack.workerUrl}/v1/checkouts`, {
    json: {
      bookingId,
      secretHash,
      summary: "Round trip",
      start: start.toISOString(),
      end: new Date(start.getTime() + 1800_000).toISOString(),
      timeZone: "Europe/Madrid",
      holdUntil: new Date(Date.now() + holdMs).toISOString(),
      ...extra,
    },
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  return { bookingId, secret, checkoutId: res.body.checkoutId };
}

/** The extension's view of a booking. */
export async function status(stack: Stack, b: Booking) {
  const res = await http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}`, {
    headers: { authorization: `Bearer ${b.secret}` },
  });
  return res.body as {
    status: string;
    receipt?: { provider: string; transactionId: string; amount: string; currency: string };
  };
}

/** Polls until the booking reaches `want` (bounded). */
export async function waitForStatus(stack: Stack, b: Booking, want: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < until) {
    last = (await status(stack, b)).status;
    if (last === want) return status(stack, b);
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`booking stayed ${last}, wanted ${want}`);
}

/** The emulator control API of one provider. */
export function control(stack: Stack, provider: "paypal" | "binance" | "mercadopago") {
  const base = `${stack.emulators.urls[provider]}/__emulator`;
  return {
    get: (path: string) => http(`${base}${path}`),
    post: (path: string, json: unknown = {}) => http(`${base}${path}`, { json }),
  };
}

/** The capture the PayPal emulator holds for an order (throws when there is none yet). */
export async function paypalCapture(stack: Stack, orderId: string) {
  const captures = (await control(stack, "paypal").get("/state")).body.paypal.captures as {
    id: string;
    orderId: string;
    status: string;
  }[];
  const capture = captures.find((c) => c.orderId === orderId);
  if (!capture) throw new Error(`the PayPal emulator has no capture for order ${orderId}`);
  return capture;
}

/** Emulator deliveries of a provider, oldest first. */
export async function deliveries(stack: Stack, provider: "paypal" | "binance" | "mercadopago") {
  const res = await control(stack, provider).get(`/deliveries?provider=${provider}`);
  return res.body.deliveries as {
    id: string;
    kind: string;
    status: string;
    url: string;
    headers: Record<string, string>;
    body: string;
    eventId: string | null;
    attempts: { status: number | null; responseBody: string }[];
  }[];
}

/** Runs the Worker's cron once (wrangler dev --test-scheduled). */
export async function runCron(stack: Stack) {
  const res = await http(`${stack.workerUrl}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
  if (res.status !== 200) throw new Error(`cron: ${res.status} ${res.text}`);
}

/** Waits until the emulator has no webhook in flight. */
export async function settle(stack: Stack) {
  await control(stack, "paypal").post("/deliveries/wait", { timeoutMs: 10_000 });
}

/** POST to the page's pay API of this stack. */
export const payApi = (stack: Stack, path: string, json: unknown = {}) =>
  http(`${stack.workerUrl}/v1/pay/${path}`, { json });

/** Starts Binance Pay for a checkout; returns the page's view and the emulator's prepayId. */
export async function binanceOrder(stack: Stack, checkoutId: string) {
  const view = await payApi(stack, `${checkoutId}/binance`);
  if (view.status !== 201) throw new Error(`binance: ${view.status} ${view.text}`);
  const token = new URL(view.body.qrContent).pathname.split("/").pop();
  const state = await control(stack, "binance").get("/state");
  const order = state.body.binance.orders.find((o: { checkoutToken: string }) => o.checkoutToken === token);
  return { view: view.body, prepayId: order.prepayId as string };
}

/** Starts Mercado Pago for a checkout; returns the preference id from its init_point. */
export async function mercadoPagoPreference(stack: Stack, checkoutId: string) {
  const res = await payApi(stack, `${checkoutId}/mercadopago`);
  if (res.status !== 201) throw new Error(`mercadopago: ${res.status} ${res.text}`);
  return new URL(res.body.initPoint).searchParams.get("pref_id") as string;
}

/**
 * Moves the checkout's hold to end 1.5 s from now (the user moved the event) and waits until it
 * has ended; returns the PATCH status.
 */
export async function endHoldSoon(stack: Stack, b: Booking): Promise<number> {
  const res = await http(`${stack.workerUrl}/v1/checkouts/${b.bookingId}`, {
    method: "PATCH",
    json: { holdUntil: new Date(Date.now() + 1500).toISOString() },
    headers: { authorization: `Bearer ${b.secret}` },
  });
  await new Promise((r) => setTimeout(r, 2000));
  return res.status;
}
