// Builds throwaway RSA keys and self-signed X.509 certificates inside workerd (Web Crypto + a tiny
// DER writer), so PayPal verification can be tested with certificates we control.
import { toBase64 } from "../src/verify/encoding";

const len = (n: number): number[] => {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) out.unshift(x & 0xff);
  return [0x80 | out.length, ...out];
};
const tlv = (tag: number, content: number[] | Uint8Array): number[] => [tag, ...len(content.length), ...content];
const seq = (...items: number[][]) => tlv(0x30, items.flat());
const set = (...items: number[][]) => tlv(0x31, items.flat());
const oid = (s: string): number[] => {
  const [a = 0, b = 0, ...rest] = s.split(".").map(Number);
  const out = [a * 40 + b];
  for (const n of rest) {
    const bytes = [n & 0x7f];
    for (let x = Math.floor(n / 128); x > 0; x = Math.floor(x / 128)) bytes.unshift((x & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return tlv(0x06, out);
};
const utf8 = (s: string) => tlv(0x0c, [...new TextEncoder().encode(s)]);
const utcTime = (d: Date) => {
  const s = d.toISOString().replace(/[-:T]/g, "").slice(2, 14);
  return tlv(0x17, [...new TextEncoder().encode(`${s}Z`)]);
};
const SHA256_RSA = seq(oid("1.2.840.113549.1.1.11"), [0x05, 0x00]);
const name = (cn: string) => seq(set(seq(oid("2.5.4.3"), utf8(cn))));

/** A PEM block. */
export function pem(label: string, der: Uint8Array): string {
  const b64 = toBase64(der).replace(/(.{64})/g, "$1\n");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** A fresh 2048-bit RSA key pair for RSASSA-PKCS1-v1_5 SHA-256. */
export async function rsaKeys() {
  return (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
}

/** Signs bytes with a private key, returning base64. */
export async function signBase64(key: CryptoKey, data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return toBase64(new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, bytes)));
}

/** A self-signed certificate for `keys` with subject CN `cn`, valid in [notBefore, notAfter]. */
export async function selfSignedCert(keys: CryptoKeyPair, cn: string, notBefore: Date, notAfter: Date) {
  const spki = new Uint8Array((await crypto.subtle.exportKey("spki", keys.publicKey)) as ArrayBuffer);
  const tbs = seq(
    tlv(0xa0, tlv(0x02, [2])),
    tlv(0x02, [0x01, 0x23, 0x45]),
    SHA256_RSA,
    name(cn),
    seq(utcTime(notBefore), utcTime(notAfter)),
    name(cn),
    [...spki],
  );
  const sig = new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", keys.privateKey, new Uint8Array(tbs)));
  const der = new Uint8Array(seq(tbs, SHA256_RSA, tlv(0x03, [0x00, ...sig])));
  return pem("CERTIFICATE", der);
}

/** The SPKI public key PEM of a key pair (Binance's certPublic format). */
export async function publicKeyPem(keys: CryptoKeyPair): Promise<string> {
  return pem("PUBLIC KEY", new Uint8Array((await crypto.subtle.exportKey("spki", keys.publicKey)) as ArrayBuffer));
}
