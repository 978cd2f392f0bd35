import { hmac, timingSafeEqual, toHex } from "./encoding";
import { checkTimestamp, type HeaderGetter, type VerifyResult } from "./types";

/** Inputs of Mercado Pago `x-signature` verification (docs/providers.md). */
export interface MercadoPagoVerifyInput {
  headers: HeaderGetter;
  /** `data.id` from the notification URL's query (not from the body), or null when absent. */
  dataId: string | null;
  secret: string;
  now: Date;
}

/** The signed manifest; a part whose value is missing is left out. */
export function mercadoPagoManifest(dataId: string | null, requestId: string | null, ts: string | null): string {
  let m = "";
  if (dataId) m += `id:${dataId.toLowerCase()};`;
  if (requestId) m += `request-id:${requestId};`;
  if (ts) m += `ts:${ts};`;
  return m;
}

/** The `ts=…,v1=…` parts of an `x-signature` header. */
function signatureParts(header: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of header.split(",")) {
    const i = part.indexOf("=");
    if (i > 0) parts.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return parts;
}

/**
 * What the signature of a verified delivery covers (data.id, x-request-id and ts), as one string:
 * the only safe key to deduplicate deliveries by, since the body (and its `id`) is not signed.
 */
export function signedManifest(headers: HeaderGetter, dataId: string | null): string {
  const ts = signatureParts(headers("x-signature") ?? "").get("ts") ?? null;
  return mercadoPagoManifest(dataId, headers("x-request-id"), ts);
}

/** Verifies `x-signature: ts=…,v1=…` as lowercase hex HMAC-SHA256 of the manifest, in constant time. */
export async function verifyMercadoPagoWebhook(input: MercadoPagoVerifyInput): Promise<VerifyResult> {
  const header = input.headers("x-signature");
  if (!header) return { ok: false, reason: "missing x-signature" };
  const parts = signatureParts(header);
  const ts = parts.get("ts");
  const v1 = parts.get("v1");
  if (!ts || !v1) return { ok: false, reason: "x-signature lacks ts or v1" };
  if (!/^\d{9,16}$/.test(ts)) return { ok: false, reason: "unreadable timestamp" };
  // Mercado Pago documents seconds, yet some deliveries carry milliseconds: accept both.
  const tsMs = ts.length >= 12 ? Number(ts) : Number(ts) * 1000;
  const fresh = checkTimestamp(tsMs, input.now);
  if (!fresh.ok) return fresh;
  const manifest = mercadoPagoManifest(input.dataId, input.headers("x-request-id"), ts);
  const expected = toHex(await hmac("SHA-256", input.secret, manifest));
  return timingSafeEqual(expected, v1.toLowerCase()) ? { ok: true } : { ok: false, reason: "signature mismatch" };
}
