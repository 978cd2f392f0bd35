// Where a PayPal webhook's certificate may come from. The certificate's CN proves nothing by itself
// (anyone can make a self-signed one with PayPal's name), so this URL check is the security
// boundary of PayPal verification (docs/providers.md, "PayPal").

/** PayPal's certificate hosts per environment; nothing else is trusted by default. */
export const PAYPAL_CERT_HOSTS = {
  live: ["api.paypal.com", "api-m.paypal.com"],
  sandbox: ["api.sandbox.paypal.com", "api-m.sandbox.paypal.com"],
} as const;

/** A PayPal environment. */
export type PayPalEnvironment = keyof typeof PAYPAL_CERT_HOSTS;

/** The only path a certificate is served from. */
const CERT_PATH = /^\/v1\/notifications\/certs\/[A-Za-z0-9-]+$/;

/** The environment whose REST API `apiBase` is, or null when it is not PayPal's (an emulator, a proxy). */
export function paypalEnvironment(apiBase: string): PayPalEnvironment | null {
  let host: string;
  try {
    const u = new URL(apiBase);
    if (u.protocol !== "https:" || u.port !== "") return null;
    host = u.hostname;
  } catch {
    return null;
  }
  if ((PAYPAL_CERT_HOSTS.live as readonly string[]).includes(host)) return "live";
  if ((PAYPAL_CERT_HOSTS.sandbox as readonly string[]).includes(host)) return "sandbox";
  return null;
}

/** The origins (`https://host`) certificates of an environment may come from. */
export function paypalCertOrigins(env: PayPalEnvironment): string[] {
  return PAYPAL_CERT_HOSTS[env].map((h) => `https://${h}`);
}

/**
 * Parses `PAYPAL_CERT_HOSTS`: comma-separated entries, each a bare host (then `https:` on the
 * default port, like PayPal's) or an origin `scheme://host[:port]` — the only way to allow `http:` or
 * a port (the local emulator: `http://127.0.0.1:8789`). Returns the origins, or null when an entry is
 * neither.
 */
export function parseCertHosts(value: string): string[] | null {
  const out: string[] = [];
  for (const raw of value.split(",")) {
    const entry = raw.trim().replace(/\/$/, "").toLowerCase();
    if (entry === "") continue;
    const origin = entry.includes("://");
    let u: URL;
    try {
      u = new URL(origin ? entry : `https://${entry}`);
    } catch {
      return null;
    }
    if (u.protocol !== "https:" && u.protocol !== "http:") return null;
    // Exactly an origin (or a bare host without a port): a path, query or userinfo is a mistake.
    if (origin ? u.origin !== entry : u.host !== entry || u.port !== "") return null;
    out.push(u.origin);
  }
  return out.length > 0 ? out : null;
}

/** Outcome of {@link checkCertUrl}: the normalised URL to fetch, or why it may not be fetched. */
export type CertUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Checks a `PAYPAL-CERT-URL` against the allowed origins by parsing it, never by comparing string
 * prefixes (`.../certs/../../x` and `%2e%2e` pass a prefix test): no userinfo, query or fragment;
 * scheme, host and port exactly one of `origins`; the certificate path; and already in canonical
 * form, so what is fetched is exactly what was checked.
 */
export function checkCertUrl(raw: string, origins: readonly string[]): CertUrlCheck {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, reason: "cert URL is not a URL" };
  }
  if (u.username !== "" || u.password !== "") return { ok: false, reason: "cert URL has userinfo" };
  if (u.search !== "" || u.hash !== "" || /[?#]/.test(raw))
    return { ok: false, reason: "cert URL has a query or fragment" };
  if (!origins.includes(u.origin)) return { ok: false, reason: "cert URL host is not on the PayPal allow-list" };
  if (!CERT_PATH.test(u.pathname)) return { ok: false, reason: "cert URL path is not a PayPal certificate path" };
  if (u.href !== raw) return { ok: false, reason: "cert URL is not in canonical form" };
  return { ok: true, url: u.href };
}
