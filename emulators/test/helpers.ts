// Test helpers: a webhook receiver that records raw requests, and independent signature checks
// (written against docs/providers.md with Node crypto, sharing no code with the emulators).
import { createHmac, createVerify, randomBytes, timingSafeEqual, X509Certificate } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32 } from "node:zlib";

/** One request the receiver got. */
export interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP receiver; `respond` decides each answer (default 200 "ok"). */
export async function startReceiver(
  respond: (r: Received, n: number) => { status: number; body: string } = () => ({ status: 200, body: "ok" }),
) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      const out = respond(r, received.length);
      res.writeHead(out.status, { "content-type": "application/json" });
      res.end(out.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Waits (bounded) until `n` requests arrived. */
    async waitFor(n: number, timeoutMs = 5000): Promise<Received[]> {
      const until = Date.now() + timeoutMs;
      while (received.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      if (received.length < n) throw new Error(`expected ${n} requests, got ${received.length}`);
      return received;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const h = (headers: IncomingHttpHeaders, name: string): string => {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
};

/** PayPal offline verification: CRC-32 + RSA-SHA256 against the served certificate's key. */
export function verifyPayPal(headers: IncomingHttpHeaders, body: string, webhookId: string, certPem: string): boolean {
  const cert = new X509Certificate(certPem);
  const cn = /CN=([^\n,]+)/.exec(cert.subject)?.[1] ?? "";
  if (!cn.startsWith("messageverificationcerts") || !cn.endsWith(".paypal.com")) return false;
  if (h(headers, "paypal-auth-algo") !== "SHA256withRSA") return false;
  const signed = `${h(headers, "paypal-transmission-id")}|${h(headers, "paypal-transmission-time")}|${webhookId}|${crc32(Buffer.from(body, "utf8")) >>> 0}`;
  return createVerify("RSA-SHA256")
    .update(signed)
    .verify(cert.publicKey, h(headers, "paypal-transmission-sig"), "base64");
}

/** Binance webhook verification with the certPublic whose serial matches the header. */
export function verifyBinance(
  headers: IncomingHttpHeaders,
  body: string,
  certs: { certSerial: string; certPublic: string }[],
): boolean {
  const cert = certs.find((c) => c.certSerial === h(headers, "binancepay-certificate-sn"));
  if (!cert) return false;
  const payload = `${h(headers, "binancepay-timestamp")}\n${h(headers, "binancepay-nonce")}\n${body}\n`;
  return createVerify("RSA-SHA256")
    .update(payload)
    .verify(cert.certPublic, h(headers, "binancepay-signature"), "base64");
}

/** Mercado Pago x-signature verification (manifest from the query's data.id, x-request-id and ts). */
export function verifyMercadoPago(headers: IncomingHttpHeaders, url: string, secret: string): boolean {
  const parts = Object.fromEntries(
    h(headers, "x-signature")
      .split(",")
      .map((p) => p.trim().split("=", 2) as [string, string]),
  );
  const dataId = new URL(url, "http://x").searchParams.get("data.id");
  const requestId = h(headers, "x-request-id");
  let manifest = "";
  if (dataId) manifest += `id:${dataId.toLowerCase()};`;
  if (requestId) manifest += `request-id:${requestId};`;
  if (parts.ts) manifest += `ts:${parts.ts};`;
  const expected = Buffer.from(createHmac("sha256", secret).update(manifest).digest("hex"));
  const got = Buffer.from(parts.v1 ?? "");
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** Flips one byte of a string (for the "fails after a one-byte change" checks). */
export function oneByteChanged(s: string, at = Math.floor(s.length / 2)): string {
  const ch = s.charCodeAt(at);
  return s.slice(0, at) + String.fromCharCode(ch === 0x41 ? 0x42 : 0x41) + s.slice(at + 1);
}

/** Signed Binance Pay request headers for `body` (HMAC-SHA512, upper-case hex). */
export function binanceHeaders(
  apiKey: string,
  secret: string,
  body: string,
  timestamp = Date.now(),
): Record<string, string> {
  const nonce = Array.from(randomBytes(32), (b) => String.fromCharCode(97 + (b % 26))).join("");
  const sig = createHmac("sha512", secret).update(`${timestamp}\n${nonce}\n${body}\n`).digest("hex").toUpperCase();
  return {
    "content-type": "application/json",
    "BinancePay-Timestamp": String(timestamp),
    "BinancePay-Nonce": nonce,
    "BinancePay-Certificate-SN": apiKey,
    "BinancePay-Signature": sig,
  };
}

/** POSTs a signed Binance request and returns status + JSON. */
export async function binanceCall(
  base: string,
  creds: { apiKey: string; apiSecret: string },
  path: string,
  payload: unknown,
) {
  const body = JSON.stringify(payload);
  const res = await fetch(base + path, {
    method: "POST",
    headers: binanceHeaders(creds.apiKey, creds.apiSecret, body),
    body,
  });
  return {
    status: res.status,
    json: (await res.json()) as Record<string, unknown> & { data?: Record<string, unknown> },
  };
}

/** JSON helper for the control API. */
export async function control<T = Record<string, unknown>>(
  base: string,
  path: string,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
): Promise<T> {
  const res = await fetch(`${base}/__emulator/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as T;
}
