// Key material for signed webhooks, generated at startup so nothing secret is committed. PayPal
// publishes an X.509 certificate (receivers check its subject CN), so we hand-build a self-signed
// DER certificate with a tiny ASN.1 writer instead of adding a dependency.
import { createSign, generateKeyPairSync, type KeyObject, randomBytes, X509Certificate } from "node:crypto";

/** An RSA key pair plus PEM encodings. */
export interface RsaKeys {
  privateKey: KeyObject;
  publicKeyPem: string;
}

/** Generates a 2048-bit RSA key pair. */
export function generateRsaKeys(): RsaKeys {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, "utf8"));
const printable = (s: string): Buffer => tlv(0x13, Buffer.from(s, "ascii"));

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split(".").map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/**
 * A positive DER INTEGER from big-endian bytes. DER wants the shortest form: leading zero bytes go
 * (a random serial starting 0x00 0x1f… made OpenSSL refuse the certificate, "illegal padding",
 * about once in 500 starts), and one 0x00 is put back when the top bit is set so it stays positive.
 */
export function derInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const body = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tlv(0x02, body);
}
const integer = derInteger;

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, "0");
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, "ascii"));
}

function name(cn: string): Buffer {
  return seq(
    set(seq(oid("2.5.4.6"), printable("US"))),
    set(seq(oid("2.5.4.10"), utf8("PayPal, Inc."))),
    set(seq(oid("2.5.4.3"), utf8(cn))),
  );
}

/** A self-signed certificate (sha256WithRSAEncryption) for `cn`, valid from a day ago for ten years. */
export function selfSignedCertificate(keys: RsaKeys, cn: string): { pem: string; x509: X509Certificate } {
  const sigAlg = seq(oid("1.2.840.113549.1.1.11"), Buffer.from([0x05, 0x00]));
  const spki = publicSpkiDer(keys);
  const now = Date.now();
  const serial = randomBytes(8);
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    sigAlg,
    name(cn),
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 10 * 365 * 86_400_000))),
    name(cn),
    spki,
  );
  const signature = createSign("sha256").update(tbs).sign(keys.privateKey);
  const der = seq(tbs, sigAlg, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der.toString("base64").replace(/.{64}/g, "$&\n");
  const pem = `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`;
  return { pem, x509: new X509Certificate(pem) };
}

function publicSpkiDer(keys: RsaKeys): Buffer {
  return Buffer.from(keys.publicKeyPem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""), "base64");
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** IEEE CRC-32 (as zlib computes it) of the bytes, unsigned. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** RSA PKCS#1 v1.5 SHA-256 signature, base64. */
export function rsaSha256Base64(key: KeyObject, data: string | Uint8Array): string {
  return createSign("sha256").update(data).sign(key).toString("base64");
}
