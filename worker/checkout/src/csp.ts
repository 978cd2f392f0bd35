/**
 * This response's CSP nonce, which the Worker writes into `<meta name="csp-nonce">` (see
 * worker/src/page.ts). PayPal's SDK gets it as `data-csp-nonce` and puts it on the style and
 * script tags it adds to this page, the only inline code the policy lets in.
 */
export function cspNonce(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content || undefined;
}
