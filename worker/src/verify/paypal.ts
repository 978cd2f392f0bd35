import { checkCertUrl } from "./allow-list";
import { crc32 } from "./crc32";
import { fromBase64, pemToDer, rsaSha256Verify, utf8 } from "./encoding";
import { checkTimestamp, type HeaderGetter, type VerifyResult } from "./types";
import { parseCertificate } from "./x509";

/** Inputs of PayPal's offline webhook verification (docs/providers.md). */
export interface PayPalVerifyInput {
  headers: HeaderGetter;
  /** The raw body bytes exactly as received. */
  body: Uint8Array;
  /** The id PayPal assigned when the webhook was registered. */
  webhookId: string;
  now: Date;
  /**
   * Origins the cert URL may point at (see {@link checkCertUrl}); `null` skips the check (the
   * operator supplied the certificate).
   */
  certOrigins: readonly string[] | null;
  /** Returns the PEM certificate served at the checked, normalised cert URL (cached by the caller). */
  getCertPem: (certUrl: string) => Promise<string>;
}

/**
 * Verifies a PayPal webhook delivery: cert URL allow-list, cert CN and validity, CRC-32 + RSA-SHA256.
 * A valid signature covers only the body's CRC-32, which a forged body can match: callers fetch the
 * capture from PayPal before acting on what the body says.
 */
export async function verifyPayPalWebhook(input: PayPalVerifyInput): Promise<VerifyResult> {
  const h = input.headers;
  const id = h("paypal-transmission-id");
  const time = h("paypal-transmission-time");
  const sig = h("paypal-transmission-sig");
  const certUrl = h("paypal-cert-url");
  const algo = h("paypal-auth-algo");
  if (!id || !time || !sig || !certUrl) return { ok: false, reason: "missing PayPal transmission headers" };
  if (algo && algo !== "SHA256withRSA") return { ok: false, reason: `unsupported auth algo ${algo}` };
  let fetchUrl = certUrl;
  if (input.certOrigins) {
    const checked = checkCertUrl(certUrl, input.certOrigins);
    if (!checked.ok) return checked;
    fetchUrl = checked.url;
  }
  const fresh = checkTimestamp(Date.parse(time), input.now);
  if (!fresh.ok) return fresh;

  let pem: string;
  try {
    pem = await input.getCertPem(fetchUrl);
  } catch (err) {
    return { ok: false, reason: `certificate unavailable (${err instanceof Error ? err.message : "fetch failed"})` };
  }
  const der = pemToDer(pem, "CERTIFICATE");
  if (!der) return { ok: false, reason: "certificate is not PEM" };
  let cert: ReturnType<typeof parseCertificate>;
  try {
    cert = parseCertificate(der);
  } catch {
    return { ok: false, reason: "certificate is malformed" };
  }
  const cn = cert.subjectCommonName ?? "";
  if (!cn.startsWith("messageverificationcerts") || !cn.endsWith(".paypal.com"))
    return { ok: false, reason: "certificate subject is not PayPal's message verification certificate" };
  if (input.now < cert.notBefore || input.now > cert.notAfter)
    return { ok: false, reason: "certificate is not valid at this time" };

  const signature = fromBase64(sig);
  if (!signature) return { ok: false, reason: "signature is not base64" };
  const signed = `${id}|${time}|${input.webhookId}|${crc32(input.body)}`;
  try {
    const ok = await rsaSha256Verify(cert.spki, signature, utf8(signed));
    return ok ? { ok: true } : { ok: false, reason: "signature mismatch" };
  } catch {
    return { ok: false, reason: "certificate key is not an RSA key" };
  }
}
