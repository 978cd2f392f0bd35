// Just enough DER to read an X.509 certificate: the subject CN, the validity window and the
// SubjectPublicKeyInfo bytes that Web Crypto imports as "spki". No chain building: PayPal's
// certificate is trusted because it comes over HTTPS from an allow-listed PayPal URL.

interface Tlv {
  tag: number;
  /** Offset of the whole element (header included) and of its content. */
  start: number;
  contentStart: number;
  end: number;
}

function readTlv(der: Uint8Array, at: number): Tlv {
  const tag = der[at];
  let len = der[at + 1];
  if (tag === undefined || len === undefined) throw new Error("truncated DER");
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error("unsupported DER length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[p++] ?? 0);
  }
  if (p + len > der.length) throw new Error("truncated DER");
  return { tag, start: at, contentStart: p, end: p + len };
}

function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = parent.contentStart; p < parent.end; ) {
    const t = readTlv(der, p);
    out.push(t);
    p = t.end;
  }
  return out;
}

const OID_CN = "2.5.4.3";

function oid(der: Uint8Array, t: Tlv): string {
  const bytes = der.subarray(t.contentStart, t.end);
  const first = bytes[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (const b of bytes.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

function text(der: Uint8Array, t: Tlv): string {
  return new TextDecoder().decode(der.subarray(t.contentStart, t.end));
}

function time(der: Uint8Array, t: Tlv): Date {
  const s = text(der, t);
  // UTCTime (tag 0x17) has a two-digit year: 50–99 are 19xx (RFC 5280 §4.1.2.5.1).
  const m =
    t.tag === 0x17
      ? s.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/)
      : s.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/);
  if (!m) throw new Error("unsupported certificate time");
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year >= 50 ? 1900 : 2000;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** What the verifier needs from a certificate. */
export interface CertificateInfo {
  subjectCommonName: string | null;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array<ArrayBuffer>;
}

/** Parses a DER X.509 certificate; throws on anything malformed. */
export function parseCertificate(der: Uint8Array<ArrayBuffer>): CertificateInfo {
  const cert = readTlv(der, 0);
  const tbsTlv = children(der, cert)[0];
  if (!tbsTlv) throw new Error("no tbsCertificate");
  const tbs = children(der, tbsTlv);
  // An explicit [0] version tag shifts every later field by one.
  const off = tbs[0]?.tag === 0xa0 ? 1 : 0;
  const validity = tbs[off + 3];
  const subject = tbs[off + 4];
  const spki = tbs[off + 5];
  if (!validity || !subject || !spki) throw new Error("incomplete certificate");
  const [nb, na] = children(der, validity);
  if (!nb || !na) throw new Error("no validity");
  let cn: string | null = null;
  for (const rdn of children(der, subject)) {
    for (const atv of children(der, rdn)) {
      const [type, value] = children(der, atv);
      if (type && value && oid(der, type) === OID_CN) cn = text(der, value);
    }
  }
  return {
    subjectCommonName: cn,
    notBefore: time(der, nb),
    notAfter: time(der, na),
    spki: der.slice(spki.start, spki.end),
  };
}
