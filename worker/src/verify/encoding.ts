// Byte helpers shared by the Worker and the Node CLI: only Web Platform APIs (no Buffer), so the
// same code runs in workerd and in Node 22.

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(s) as Uint8Array<ArrayBuffer>;
}

/** Decodes standard or URL-safe base64 (padding optional); `null` when it is not base64. */
export function fromBase64(s: string): Uint8Array<ArrayBuffer> | null {
  const clean = s.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return null;
  try {
    const bin = atob(clean.padEnd(Math.ceil(clean.length / 4) * 4, "="));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Standard base64 of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/**
 * Compares two strings without an early exit, so response timing does not reveal how many leading
 * characters of a signature or secret hash were right.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = utf8(a);
  const y = utf8(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** base64url(SHA-256(text)): how booking secrets are stored and compared. */
export async function sha256Base64Url(text: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(text))));
}

/** HMAC of `message` under `secret` with the given hash, as raw bytes. */
export async function hmac(hash: "SHA-256" | "SHA-512", secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(message)));
}

/** DER bytes of the first PEM block of `label` (e.g. "CERTIFICATE", "PUBLIC KEY"); `null` if absent. */
export function pemToDer(pem: string, label: string): Uint8Array<ArrayBuffer> | null {
  const m = pem.match(new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`));
  return m?.[1] ? fromBase64(m[1]) : null;
}

/** Verifies an RSASSA-PKCS1-v1_5 SHA-256 signature with an SPKI public key. */
export async function rsaSha256Verify(
  spki: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
) {
  return crypto.subtle.verify("RSASSA-PKCS1-v1_5", await importVerifyKey(spki), signature, data);
}

// Providers sign with a handful of long-lived keys: importing one per delivery was the largest
// CPU cost of a webhook, so imported keys live for the isolate's lifetime (bounded, oldest out).
const importedKeys = new Map<string, CryptoKey>();
const MAX_IMPORTED_KEYS = 16;

async function importVerifyKey(spki: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const id = String.fromCharCode(...spki);
  const cached = importedKeys.get(id);
  if (cached) return cached;
  const key = await crypto.subtle.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, [
    "verify",
  ]);
  if (importedKeys.size >= MAX_IMPORTED_KEYS) importedKeys.delete(importedKeys.keys().next().value as string);
  importedKeys.set(id, key);
  return key;
}
