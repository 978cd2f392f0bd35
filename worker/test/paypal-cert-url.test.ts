import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getConfig } from "../src/config";
import type { Env } from "../src/env";
import { checkCertUrl, parseCertHosts, paypalCertOrigins, paypalEnvironment } from "../src/verify/allow-list";
import { crc32 } from "../src/verify/crc32";
import { utf8 } from "../src/verify/encoding";
import { verifyPayPalWebhook } from "../src/verify/paypal";
import { clearCertCache, fetchCert } from "../src/verify/paypal-cert";
import { headerGetter } from "../src/verify/types";
import { rsaKeys, selfSignedCert, signBase64 } from "./cert";

// The PayPal cert URL allow-list (docs/providers.md): the cert URL was a string-prefix test, so `.../certs/../../x` and `%2e%2e`
// reached any path on PayPal's hosts, and a self-signed certificate with PayPal's CN served there
// verified. Here the attacker's certificate is served for every URL: only the URL check stands
// between it and a "valid" delivery.
const GOOD = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77";
const SANDBOX = paypalCertOrigins("sandbox");

async function attackerDelivery(certUrl: string) {
  const keys = await rsaKeys();
  const day = 86400_000;
  const cert = await selfSignedCert(
    keys,
    "messageverificationcerts.paypal.com",
    new Date(Date.now() - day),
    new Date(Date.now() + day),
  );
  const body = '{"id":"WH-X","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{}}';
  const time = new Date().toISOString();
  const sig = await signBase64(keys.privateKey, `T-1|${time}|WH-ID|${crc32(utf8(body))}`);
  const fetched: string[] = [];
  const input = {
    headers: headerGetter({
      "paypal-transmission-id": "T-1",
      "paypal-transmission-time": time,
      "paypal-transmission-sig": sig,
      "paypal-cert-url": certUrl,
      "paypal-auth-algo": "SHA256withRSA",
    }),
    body: utf8(body),
    webhookId: "WH-ID",
    now: new Date(),
    certOrigins: SANDBOX,
    getCertPem: async (url: string) => {
      fetched.push(url);
      return cert;
    },
  };
  return { input, fetched };
}

describe("PayPal cert URL: parsed, exact host, certificate path, canonical", () => {
  it("a self-signed certificate at PayPal's real cert URL shape verifies (the control case)", async () => {
    const { input, fetched } = await attackerDelivery(GOOD);
    expect(await verifyPayPalWebhook(input)).toEqual({ ok: true });
    expect(fetched).toEqual([GOOD]);
  });

  it.each([
    ["dot segments", "https://api.sandbox.paypal.com/v1/notifications/certs/../../x"],
    ["encoded dot segments", "https://api.sandbox.paypal.com/v1/notifications/certs/%2e%2e/%2e%2e/x"],
    ["encoded slashes", "https://api.sandbox.paypal.com/v1/notifications/certs/..%2f..%2fx"],
    ["a backslash", "https://api.sandbox.paypal.com/v1/notifications/certs\\..\\x"],
    ["a deeper path", "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1/x"],
    ["another path", "https://api.sandbox.paypal.com/v1/x"],
    ["a query", `${GOOD}?x=1`],
    ["an empty query", `${GOOD}?`],
    ["a fragment", `${GOOD}#x`],
    ["a port", "https://api.sandbox.paypal.com:8443/v1/notifications/certs/CERT-1"],
    ["the default port spelled out", "https://api.sandbox.paypal.com:443/v1/notifications/certs/CERT-1"],
    ["userinfo", "https://x@api.sandbox.paypal.com/v1/notifications/certs/CERT-1"],
    ["http", "http://api.sandbox.paypal.com/v1/notifications/certs/CERT-1"],
    ["a look-alike host", "https://api.sandbox.paypal.com.evil.example/v1/notifications/certs/CERT-1"],
    ["a subdomain", "https://x.api.sandbox.paypal.com/v1/notifications/certs/CERT-1"],
    ["a trailing dot", "https://api.sandbox.paypal.com./v1/notifications/certs/CERT-1"],
    ["upper case", "https://API.SANDBOX.PAYPAL.COM/v1/notifications/certs/CERT-1"],
    ["the live host under a sandbox configuration", "https://api-m.paypal.com/v1/notifications/certs/CERT-1"],
    ["not a URL", "api.sandbox.paypal.com/v1/notifications/certs/CERT-1"],
  ])("rejects %s without fetching anything", async (_what, url) => {
    const { input, fetched } = await attackerDelivery(url);
    const res = await verifyPayPalWebhook(input);
    expect(res.ok).toBe(false);
    expect(fetched).toEqual([]);
  });

  it.each([
    ["live", "https://api-m.paypal.com", "live"],
    ["live", "https://api.paypal.com/", "live"],
    ["sandbox", "https://api-m.sandbox.paypal.com", "sandbox"],
    ["no environment", "http://127.0.0.1:8789", null],
    ["no environment", "https://api-m.paypal.com:8443", null],
    ["no environment", "https://paypal.example", null],
  ])("PAYPAL_API_BASE → %s (%s)", (_n, base, expected) => expect(paypalEnvironment(base)).toBe(expected));

  it.each([
    ["api-m.paypal.com", ["https://api-m.paypal.com"]],
    [" api.paypal.com , api-m.paypal.com ", ["https://api.paypal.com", "https://api-m.paypal.com"]],
    ["http://127.0.0.1:8789", ["http://127.0.0.1:8789"]],
    ["http://127.0.0.1:8789/", ["http://127.0.0.1:8789"]],
    ["127.0.0.1:8789", null],
    ["http://127.0.0.1:8789/v1/notifications/certs/", null],
    ["https://x@api.paypal.com", null],
    ["ftp://api.paypal.com", null],
    ["", null],
  ])("PAYPAL_CERT_HOSTS=%j → %j", (value, expected) => expect(parseCertHosts(value)).toEqual(expected));

  it("the emulator's origin permits exactly its http scheme and port", () => {
    const origins = parseCertHosts("http://127.0.0.1:8789") as string[];
    expect(checkCertUrl("http://127.0.0.1:8789/v1/notifications/certs/CERT-1", origins).ok).toBe(true);
    expect(checkCertUrl("http://127.0.0.1:8790/v1/notifications/certs/CERT-1", origins).ok).toBe(false);
    expect(checkCertUrl("https://127.0.0.1:8789/v1/notifications/certs/CERT-1", origins).ok).toBe(false);
    expect(checkCertUrl(GOOD, origins).ok).toBe(false);
  });
});

describe("PayPal cert hosts in the configuration", () => {
  const base = {
    PAYPAL_CLIENT_ID: "id",
    PAYPAL_CLIENT_SECRET: "secret",
    PAYPAL_WEBHOOK_ID: "W",
  };
  const config = (vars: Record<string, string>) => getConfig({ ...env, ...base, ...vars } as Env);

  it("uses PayPal's hosts of the API base's environment", () => {
    expect(config({ PAYPAL_API_BASE: "https://api-m.paypal.com" }).paypal?.certOrigins).toEqual([
      "https://api.paypal.com",
      "https://api-m.paypal.com",
    ]);
    expect(config({ PAYPAL_API_BASE: "https://api-m.sandbox.paypal.com" }).paypal?.certOrigins).toEqual(SANDBOX);
  });

  it("lets PAYPAL_CERT_HOSTS alone name another host, and hides PayPal without it", () => {
    const emu = config({ PAYPAL_API_BASE: "http://127.0.0.1:8789", PAYPAL_CERT_HOSTS: "http://127.0.0.1:8789" });
    expect(emu.paypal?.certOrigins).toEqual(["http://127.0.0.1:8789"]);
    const missing = config({ PAYPAL_API_BASE: "http://127.0.0.1:8789" });
    expect(missing.paypal).toBeNull();
    expect(missing.problems.join(" ")).toContain("PAYPAL_CERT_HOSTS");
    const bad = config({ PAYPAL_API_BASE: "https://api-m.paypal.com", PAYPAL_CERT_HOSTS: "http://x/certs/" });
    expect(bad.paypal).toBeNull();
  });

  it("reports the old prefix variable instead of reading it", () => {
    const c = config({
      PAYPAL_API_BASE: "https://api-m.paypal.com",
      PAYPAL_CERT_URL_PREFIXES: "https://evil.example/",
    });
    expect(c.paypal?.certOrigins).toEqual(["https://api.paypal.com", "https://api-m.paypal.com"]);
    expect(c.problems.join(" ")).toContain("PAYPAL_CERT_URL_PREFIXES");
  });
});

describe("PayPal certificate fetch", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    clearCertCache();
  });

  it("refuses redirects, shares one fetch between concurrent callers and caches failures briefly", async () => {
    const calls: RequestInit[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (_url, init) => {
      calls.push(init ?? {});
      return new Response("nope", { status: 503 });
    });
    const results = await Promise.allSettled([fetchCert(GOOD), fetchCert(GOOD), fetchCert(GOOD)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    await expect(fetchCert(GOOD)).rejects.toThrow("503");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.redirect).toBe("manual");
  });

  it("refuses a redirect answer instead of following it", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(
      async () => new Response(null, { status: 302, headers: { location: "https://evil.example/cert.pem" } }),
    );
    await expect(fetchCert(GOOD)).rejects.toThrow("redirected");
  });

  it("keeps a bounded number of certificates", async () => {
    let n = 0;
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      n++;
      return new Response("PEM");
    });
    const url = (i: number) => `https://api.sandbox.paypal.com/v1/notifications/certs/CERT-${i}`;
    for (let i = 0; i < 40; i++) await fetchCert(url(i));
    await fetchCert(url(39));
    expect(n).toBe(40);
    await fetchCert(url(0));
    expect(n).toBe(41);
  });
});
