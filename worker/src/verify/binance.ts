import { fromBase64, pemToDer, rsaSha256Verify, utf8 } from "./encoding";
import { checkTimestamp, type HeaderGetter, type VerifyResult } from "./types";

/** Inputs of Binance Pay webhook verification (docs/providers.md). */
export interface BinanceVerifyInput {
  headers: HeaderGetter;
  /** The raw body exactly as received, decoded as UTF-8. */
  body: string;
  now: Date;
  /** The PEM public key (`certPublic`) whose serial equals the header, or null when unknown. */
  getPublicKey: (certSerial: string) => Promise<string | null>;
}

/** Verifies `BinancePay-Signature`: RSA-SHA256 over `timestamp\nnonce\nbody\n` with the serial's key. */
export async function verifyBinanceWebhook(input: BinanceVerifyInput): Promise<VerifyResult> {
  const h = input.headers;
  const serial = h("binancepay-certificate-sn");
  const nonce = h("binancepay-nonce");
  const timestamp = h("binancepay-timestamp");
  const sig = h("binancepay-signature");
  if (!serial || !nonce || !timestamp || !sig) return { ok: false, reason: "missing BinancePay signature headers" };
  if (!/^\d{10,16}$/.test(timestamp)) return { ok: false, reason: "unreadable timestamp" };
  const fresh = checkTimestamp(Number(timestamp), input.now);
  if (!fresh.ok) return fresh;
  let pem: string | null;
  try {
    pem = await input.getPublicKey(serial);
  } catch (err) {
    return { ok: false, reason: `certificates unavailable (${err instanceof Error ? err.message : "fetch failed"})` };
  }
  if (!pem) return { ok: false, reason: "unknown certificate serial" };
  const spki = pemToDer(pem, "PUBLIC KEY");
  if (!spki) return { ok: false, reason: "public key is not PEM" };
  const signature = fromBase64(sig);
  if (!signature) return { ok: false, reason: "signature is not base64" };
  try {
    const ok = await rsaSha256Verify(spki, signature, utf8(`${timestamp}\n${nonce}\n${input.body}\n`));
    return ok ? { ok: true } : { ok: false, reason: "signature mismatch" };
  } catch {
    return { ok: false, reason: "public key is not an RSA key" };
  }
}
