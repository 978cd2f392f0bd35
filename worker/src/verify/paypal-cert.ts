// PayPal's webhook certificates, fetched from a URL that passed the allow-list: shared by the Worker
// and `npm run webhook:verify` (Web Platform APIs only).
import type { checkCertUrl } from "./allow-list";

// Certificates are addressed by URL and rarely change: a bounded cache keyed by the normalised URL
// keeps verification free of outbound calls. Failures are cached briefly too, so a flood of
// deliveries naming a dead URL makes one fetch a minute, not one each. Concurrent first
// deliveries share one fetch.
const CERT_CACHE_MAX = 16;
const CERT_TTL_MS = 24 * 3600_000;
const CERT_FAILURE_TTL_MS = 60_000;
const CERT_MAX_BYTES = 20_000;
const certs = new Map<string, { pem: Promise<string>; expiresAt: number }>();

/**
 * The PEM certificate at a cert URL that {@link checkCertUrl} already accepted
 * (pass its normalised URL). Redirects are refused: a redirect could lead anywhere on (or off) PayPal's hosts.
 */
export async function fetchCert(url: string): Promise<string> {
  const now = Date.now();
  const cached = certs.get(url);
  if (cached && cached.expiresAt > now) return cached.pem;
  certs.delete(url);
  if (certs.size >= CERT_CACHE_MAX) certs.delete(certs.keys().next().value as string);
  const entry = { pem: downloadCert(url), expiresAt: now + CERT_TTL_MS };
  certs.set(url, entry);
  entry.pem.catch(() => {
    entry.expiresAt = Date.now() + CERT_FAILURE_TTL_MS;
  });
  return entry.pem;
}

async function downloadCert(url: string): Promise<string> {
  // workerd refuses `redirect: "error"` ("use manual and check the status"): with "manual" a
  // redirect comes back as its own 3xx answer (or an opaque one, status 0), and is refused here.
  const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
  if ((res.status >= 300 && res.status < 400) || (res.type as string) === "opaqueredirect")
    throw new Error("cert URL redirected (not followed)");
  if (!res.ok) throw new Error(`cert URL answered ${res.status}`);
  const pem = await res.text();
  if (pem.length > CERT_MAX_BYTES) throw new Error("certificate too large");
  return pem;
}

/** Forgets cached certificates (tests). */
export function clearCertCache(): void {
  certs.clear();
}
