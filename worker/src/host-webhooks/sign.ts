// The signature a host receiver checks (README "Host webhooks"), Stripe-style:
// `LeadsCalendar-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
import { hmac, toBase64Url, toHex } from "../verify/encoding";

/** The header carrying the signature. */
export const SIGNATURE_HEADER = "LeadsCalendar-Signature";
/** The header carrying the event id (stable across retries and replays): receivers dedupe by it. */
export const EVENT_ID_HEADER = "LeadsCalendar-Event-Id";
/** The header carrying the event type. */
export const EVENT_TYPE_HEADER = "LeadsCalendar-Event-Type";

/** The header value signing `body` at unix time `t` with the host's secret. */
export async function signatureHeader(secret: string, t: number, body: string): Promise<string> {
  return `t=${t},v1=${toHex(await hmac("SHA-256", secret, `${t}.${body}`))}`;
}

/** A new signing secret: 32 random bytes, `whsec_` + base64url (the whole string is the HMAC key). */
export function newSigningSecret(): string {
  return `whsec_${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
}
