// The refresh token at rest: AES-256-GCM with a random 96-bit IV, the account's email as
// additional data (a stored token cannot be swapped onto another account's row unnoticed).
import { fromBase64, toBase64, utf8 } from "../verify/encoding";

const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function importKey(raw: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(raw);
  if (!key) {
    key = crypto.subtle.importKey("raw", new Uint8Array(raw), "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.set(raw, key);
  }
  return key;
}

/** `v1.<base64 iv>.<base64 ciphertext+tag>`: the form stored in `google_connection.refresh_token`. */
export async function encryptToken(raw: Uint8Array, plaintext: string, aad: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: utf8(aad) },
    await importKey(raw),
    utf8(plaintext),
  );
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(ct))}`;
}

/** Reverses {@link encryptToken}; null when the key or the additional data does not match. */
export async function decryptToken(raw: Uint8Array, stored: string, aad: string): Promise<string | null> {
  const [version, ivText, ctText] = stored.split(".");
  const iv = ivText ? fromBase64(ivText) : null;
  const ct = ctText ? fromBase64(ctText) : null;
  if (version !== "v1" || !iv || !ct) return null;
  try {
    const pt = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv, additionalData: utf8(aad) },
      await importKey(raw),
      ct,
    );
    return new TextDecoder().decode(pt);
  } catch {
    return null;
  }
}
