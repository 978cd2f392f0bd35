import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, PAYPAL_SDK_HOSTS } from "../src/page";
import { createCheckout, worker } from "./helpers";

// The hosted page's security headers and its answer to unknown links (run `npm run build:checkout`
// first: the page is served from the built bundle).
const paypal = {
  PAYPAL_CLIENT_ID: "client",
  PAYPAL_CLIENT_SECRET: "secret",
  PAYPAL_WEBHOOK_ID: "WH-1",
};
const local = worker({ ...paypal, PAYPAL_SDK_BASE_URL: "http://127.0.0.1:4010/sdk/js" });
const live = worker({ ...paypal, PAYPAL_SDK_BASE_URL: "https://www.paypal.com/sdk/js" });
const none = worker({ PAYPAL_CLIENT_ID: "" });

const nonceOf = (csp: string | null) => /'nonce-([A-Za-z0-9_-]+)'/.exec(csp ?? "")?.[1];
const metaNonce = (html: string) => /<meta name="csp-nonce" content="([^"]*)"/.exec(html)?.[1];

describe("GET /pay/:checkoutId headers", () => {
  it.each([
    ["the configured SDK's origin in local runs", local, ["http://127.0.0.1:4010"]],
    ["exactly PayPal's SDK hosts when the SDK is PayPal's", live, PAYPAL_SDK_HOSTS],
    ["no PayPal source when PayPal is not configured", none, []],
  ])("allows itself plus %s", async (_name, w, sources) => {
    const c = await createCheckout(w);
    const res = await w.call("GET", `/pay/${c.checkoutId}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy");
    const nonce = nonceOf(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(csp).toBe(contentSecurityPolicy(sources, nonce ?? ""));
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("cache-control")).toBe("no-store");
    // The page learns the nonce from its meta tag, to hand it to PayPal's SDK.
    expect(metaNonce(res.text)).toBe(nonce);
  });

  it("uses a fresh nonce for every response, and the page has no inline script or style", async () => {
    const c = await createCheckout(local);
    const [a, b] = [await local.call("GET", `/pay/${c.checkoutId}`), await local.call("GET", `/pay/${c.checkoutId}`)];
    expect(nonceOf(a.headers.get("content-security-policy"))).not.toBe(
      nonceOf(b.headers.get("content-security-policy")),
    );
    expect(a.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=/);
    expect(a.text).not.toContain('name="referrer"'); // a meta tag would override the header's policy
  });

  it("lists each PayPal source in every directive PayPal's SDK needs", () => {
    const csp = contentSecurityPolicy(["https://sdk.example"], "N");
    for (const d of ["script-src", "style-src", "img-src", "connect-src", "frame-src", "child-src"])
      expect(csp).toMatch(new RegExp(`(^|; )${d} [^;]*https://sdk\\.example`));
    expect(contentSecurityPolicy([], "N")).toContain("frame-src 'none'");
  });
});

describe("a browser opening an unknown /pay/... link", () => {
  it.each([
    ["a malformed id", "/pay/not-an-id"],
    ["an id of no checkout", "/pay/AAAAAAAAAAAAAAAAAAAAAA"],
    ["a path under a checkout", "/pay/AAAAAAAAAAAAAAAAAAAAAA/nope"],
    ["the bare prefix", "/pay/"],
    ["a PayPal return for no checkout", "/pay/AAAAAAAAAAAAAAAAAAAAAA/paypal/return?token=X"],
  ])("gets the page with 404 for %s, not JSON", async (_name, path) => {
    const res = await local.call("GET", path, undefined, { accept: "text/html" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.text).toContain('id="root"');
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("still gets a JSON 404 for API calls", async () => {
    const res = await local.call("POST", "/pay/AAAAAAAAAAAAAAAAAAAAAA");
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    expect((await local.call("GET", "/v1/pay/AAAAAAAAAAAAAAAAAAAAAA")).json.error.code).toBe("not_found");
  });
});
