// Serving the hosted pages (the checkout page bundle) with their security headers.
import type { Config } from "./config";
import { ApiError } from "./errors";
import { type Ctx, cfg } from "./http";
import { toBase64Url } from "./verify/encoding";

/**
 * The hosts PayPal's JS SDK loads from and talks to (scripts, button iframes, images, logging), as
 * PayPal's CSP guidance lists them (docs/providers.md "Checkout page headers").
 */
export const PAYPAL_SDK_HOSTS = ["https://*.paypal.com", "https://*.paypalobjects.com", "https://*.venmo.com"];

/**
 * The sources the page may use for PayPal: PayPal's hosts when the SDK comes from paypal.com,
 * otherwise exactly the origin of the configured `PAYPAL_SDK_BASE_URL` (a local stand-in); none
 * when PayPal is not configured.
 */
export function paypalSources(config: Config): string[] {
  if (!config.paypal) return [];
  const url = new URL(config.paypal.sdkBaseUrl);
  if (url.protocol === "https:" && (url.hostname === "paypal.com" || url.hostname.endsWith(".paypal.com")))
    return PAYPAL_SDK_HOSTS;
  return [url.origin];
}

/**
 * The page's Content-Security-Policy: its own origin plus the PayPal sources, nothing inline
 * except elements carrying this response's nonce (PayPal's SDK copies it from `data-csp-nonce`
 * onto the style and script tags it adds), and no framing by anyone.
 */
export function contentSecurityPolicy(paypal: string[], nonce: string): string {
  const pp = paypal.map((s) => ` ${s}`).join("");
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'${pp}`,
    `style-src 'self' 'nonce-${nonce}'${pp}`,
    `img-src 'self' data:${pp}`,
    `connect-src 'self'${pp}`,
    `frame-src${pp || " 'none'"}`,
    `child-src${pp || " 'none'"}`,
    "font-src 'self'",
    "manifest-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Headers of every hosted page. The referrer policy is the browsers' default made explicit:
 * PayPal's buttons read the merchant's domain from the Referer (no-referrer breaks them), while
 * cross-origin requests still get the origin only, so the checkout id in the path (a capability)
 * never reaches PayPal, Binance or Mercado Pago.
 */
export function pageHeaders(config: Config, nonce: string): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(paypalSources(config), nonce),
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
  };
}

/** A fresh CSP nonce: 128 random bits, base64url. */
export const newNonce = () => toBase64Url(crypto.getRandomValues(new Uint8Array(16)));

/**
 * The checkout page bundle (one static HTML file that reads the checkout id from its own URL)
 * with a fresh nonce in its `csp-nonce` meta tag and the page headers. `status` 404 serves the
 * same page for unknown links: it shows, in the payer's language, that the link is not valid.
 */
export async function servePage(c: Ctx, status: 200 | 404 = 200): Promise<Response> {
  const res = await c.env.ASSETS.fetch(new URL("/checkout/", c.req.url));
  if (!res.ok) {
    if (status === 404) throw new ApiError(404, "not_found", "No such checkout.");
    throw new ApiError(503, "page_unavailable", "The checkout page is not built (npm run build:checkout).");
  }
  const nonce = newNonce();
  const headers = new Headers(res.headers);
  for (const [k, v] of Object.entries(pageHeaders(cfg(c), nonce))) headers.set(k, v);
  headers.delete("etag"); // the body differs per response (the nonce)
  const page = new HTMLRewriter()
    .on('meta[name="csp-nonce"]', { element: (el) => void el.setAttribute("content", nonce) })
    .transform(new Response(res.body, { status, headers }));
  return page;
}
