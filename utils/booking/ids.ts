const BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

/** Lowercase base32hex (RFC 4648 §7) without padding: the alphabet Google accepts in event ids. */
export function base32hex(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32HEX[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * The Google event id of a booking: "lc" + base32hex of the UUID's 16 bytes (28 chars). Derived,
 * never random, so a retried insert after a crash hits 409 instead of creating a second event.
 */
export function eventIdForBooking(bookingId: string): string {
  const hex = bookingId.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${bookingId}`);
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return `lc${base32hex(bytes)}`;
}

/** base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A fresh booking secret: 32 random bytes, base64url (43 chars). */
export function newBookingSecret(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** What the Worker stores instead of the secret: base64url(SHA-256(secret)). */
export async function secretHash(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return base64url(new Uint8Array(digest));
}
