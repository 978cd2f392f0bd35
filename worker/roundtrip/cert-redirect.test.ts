import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRsaKeys, rsaSha256Base64, selfSignedCertificate } from "../../emulators/src/crypto.ts";
import { parseCertHosts } from "../src/verify/allow-list.ts";
import { crc32 } from "../src/verify/crc32.ts";
import { utf8 } from "../src/verify/encoding.ts";
import { verifyPayPalWebhook } from "../src/verify/paypal.ts";
import { clearCertCache, fetchCert } from "../src/verify/paypal-cert.ts";
import { headerGetter } from "../src/verify/types.ts";

// The PayPal cert URL allow-list, the redirect half, with a real HTTP server and the platform's own fetch (a stub
// cannot show what fetch does with a redirect): an allowed cert URL that redirects to a self-signed
// certificate with PayPal's CN elsewhere used to verify, because fetch followed the redirect. The
// server stands on 127.0.0.1 over http, so it is allowed exactly as the emulator is: through
// PAYPAL_CERT_HOSTS. The same fetchCert serves the Worker and `npm run webhook:verify`.
const keys = generateRsaKeys();
const attackerCert = selfSignedCertificate(keys, "messageverificationcerts.paypal.com").pem;
let server: Server;
let origin = "";
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/v1/notifications/certs/CERT-redirect")
      return res.writeHead(302, { location: "/uploads/attacker.pem" }).end();
    if (req.url === "/uploads/attacker.pem" || req.url === "/v1/notifications/certs/CERT-good")
      return res.writeHead(200, { "content-type": "application/x-pem-file" }).end(attackerCert);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function delivery(certUrl: string) {
  const body = '{"id":"WH-R","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{}}';
  const time = new Date().toISOString();
  const sig = rsaSha256Base64(keys.privateKey, `T-1|${time}|WH-ID|${crc32(utf8(body))}`);
  return {
    headers: headerGetter({
      "paypal-transmission-id": "T-1",
      "paypal-transmission-time": time,
      "paypal-transmission-sig": sig,
      "paypal-cert-url": certUrl,
    }),
    body: utf8(body),
    webhookId: "WH-ID",
    now: new Date(),
    certOrigins: parseCertHosts(origin),
    getCertPem: fetchCert,
  };
}

describe("PayPal cert URL that redirects", () => {
  it("is refused: the redirect is not followed, so the certificate it leads to is never read", async () => {
    clearCertCache();
    hits.length = 0;
    const res = await verifyPayPalWebhook(delivery(`${origin}/v1/notifications/certs/CERT-redirect`));
    expect(res).toEqual({ ok: false, reason: expect.stringContaining("redirected") });
    expect(hits).toEqual(["/v1/notifications/certs/CERT-redirect"]);
  });

  it("while the same certificate served at the cert URL itself verifies, fetched once", async () => {
    clearCertCache();
    hits.length = 0;
    const url = `${origin}/v1/notifications/certs/CERT-good`;
    expect(await verifyPayPalWebhook(delivery(url))).toEqual({ ok: true });
    expect(await verifyPayPalWebhook(delivery(url))).toEqual({ ok: true });
    expect(hits).toEqual(["/v1/notifications/certs/CERT-good"]);
  });
});
