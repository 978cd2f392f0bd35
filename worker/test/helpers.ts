// Test helpers: call the Worker in-process (workerd) with optional configuration overrides.
import { env } from "cloudflare:workers";
import { createApp } from "../src/app";
import type { Env } from "../src/env";
import { sha256Base64Url, toBase64Url } from "../src/verify/encoding";

const app = createApp();
const ctx: ExecutionContext = {
  waitUntil: () => {},
  passThroughOnException: () => {},
  props: {},
} as unknown as ExecutionContext;

/** A Worker whose configuration is the test env plus `overrides` (one env object, so config is read once). */
export function worker(overrides: Partial<Record<keyof Env, string>> = {}) {
  const e = { ...env, ...overrides } as Env;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    const res = await app.fetch(new Request(`http://worker.test${path}`, init), e, ctx);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {}
    // biome-ignore lint/suspicious/noExplicitAny: tests probe response fields ad hoc
    return { status: res.status, headers: res.headers, text, json: json as Record<string, any> };
  };
  return { env: e, call };
}

/** A fresh bookingId + secret + secretHash, as the extension makes them. */
export async function newBooking() {
  const bookingId = crypto.randomUUID();
  const secret = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  return { bookingId, secret, secretHash: await sha256Base64Url(secret) };
}

/** A valid create-checkout body starting in two days. */
export function checkoutBody(b: { bookingId: string; secretHash: string }, extra: Record<string, unknown> = {}) {
  const start = new Date(Date.now() + 48 * 3600_000);
  return {
    bookingId: b.bookingId,
    secretHash: b.secretHash,
    summary: "Intro call",
    start: start.toISOString(),
    end: new Date(start.getTime() + 1800_000).toISOString(),
    timeZone: "America/Sao_Paulo",
    holdUntil: new Date(Date.now() + 24 * 3600_000).toISOString(),
    ...extra,
  };
}

/** Creates a checkout through the API and returns its ids and secret. */
export async function createCheckout(w: ReturnType<typeof worker>, extra: Record<string, unknown> = {}) {
  const b = await newBooking();
  const res = await w.call("POST", "/v1/checkouts", checkoutBody(b, extra), {
    "cf-connecting-ip": `10.0.${Math.random()}`,
  });
  if (res.status !== 201) throw new Error(`create failed ${res.status} ${res.text}`);
  return { ...b, checkoutId: res.json.checkoutId as string, res };
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
