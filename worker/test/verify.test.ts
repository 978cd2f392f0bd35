import { describe, expect, it } from "vitest";
import { paypalCertOrigins } from "../src/verify/allow-list";
import { verifyBinanceWebhook } from "../src/verify/binance";
import { crc32 } from "../src/verify/crc32";
import { fromBase64, hmac, pemToDer, toHex, utf8 } from "../src/verify/encoding";
import { mercadoPagoManifest, verifyMercadoPagoWebhook } from "../src/verify/mercadopago";
import { verifyPayPalWebhook } from "../src/verify/paypal";
import { headerGetter } from "../src/verify/types";
import { parseCertificate } from "../src/verify/x509";
import { pem, publicKeyPem, rsaKeys, selfSignedCert, signBase64 } from "./cert";
import vector from "./fixtures/paypal-webhook-2015.json";

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const SANDBOX = paypalCertOrigins("sandbox");
const CERT_URL = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1";

function vectorInput(
  patch: { body?: string; headers?: Record<string, string>; webhookId?: string; now?: Date; cert?: string } = {},
) {
  const headers = {
    "PAYPAL-TRANSMISSION-ID": vector.transmission_id,
    "PAYPAL-TRANSMISSION-TIME": vector.transmission_time,
    "PAYPAL-TRANSMISSION-SIG": vector.transmission_sig,
    "PAYPAL-CERT-URL": vector.cert_url,
    "PAYPAL-AUTH-ALGO": vector.auth_algo,
    ...patch.headers,
  };
  return {
    headers: headerGetter(headers),
    body: utf8(patch.body ?? vector.body),
    webhookId: patch.webhookId ?? vector.webhook_id,
    now: patch.now ?? new Date(vector.transmission_time),
    certOrigins: SANDBOX,
    getCertPem: async () => patch.cert ?? vector.cert_pem,
  };
}

describe("CRC-32", () => {
  it.each([
    ["", 0],
    ["123456789", 0xcbf43926],
    ["The quick brown fox jumps over the lazy dog", 0x414fa339],
  ])("crc32(%j)", (s, expected) => expect(crc32(utf8(s))).toBe(expected));
});

describe("X.509", () => {
  it("reads PayPal's 2015 sandbox certificate", () => {
    const cert = parseCertificate(pemToDer(vector.cert_pem, "CERTIFICATE") as Uint8Array<ArrayBuffer>);
    expect(cert.subjectCommonName).toMatch(/^messageverificationcerts.*\.paypal\.com$/);
    expect(cert.notBefore.toISOString()).toBe("2015-03-18T00:00:00.000Z");
    expect(cert.notAfter.getUTCFullYear()).toBe(2017);
  });
});

describe("PayPal verification: the real 2015 sandbox delivery", () => {
  it("accepts it with its webhook id at its transmission time", async () => {
    expect(await verifyPayPalWebhook(vectorInput())).toEqual({ ok: true });
  });

  it("rejects it today: the certificate expired in 2017", async () => {
    const res = await verifyPayPalWebhook(vectorInput({ now: new Date() }));
    expect(res.ok).toBe(false);
  });

  it.each([
    ["one body byte", { body: vector.body.replace('"20.00"', '"21.00"') }],
    ["trailing whitespace", { body: `${vector.body} ` }],
    ["webhook id", { webhookId: "4JH86294D6297924H" }],
    ["transmission id", { headers: { "PAYPAL-TRANSMISSION-ID": vector.transmission_id.replace("d", "e") } }],
    ["transmission time", { headers: { "PAYPAL-TRANSMISSION-TIME": "2015-05-18T15:45:14Z" } }],
    ["signature", { headers: { "PAYPAL-TRANSMISSION-SIG": `A${vector.transmission_sig.slice(1)}` } }],
    ["cert URL host", { headers: { "PAYPAL-CERT-URL": "https://evil.example/v1/notifications/certs/CERT-1" } }],
    ["auth algo", { headers: { "PAYPAL-AUTH-ALGO": "SHA1withRSA" } }],
  ])("rejects it after changing the %s", async (_n, patch) => {
    const res = await verifyPayPalWebhook(vectorInput(patch));
    expect(res.ok).toBe(false);
  });

  it("rejects it with one byte of the certificate's public key changed", async () => {
    const der = pemToDer(vector.cert_pem, "CERTIFICATE") as Uint8Array<ArrayBuffer>;
    const spki = parseCertificate(der).spki;
    const at = indexOf(der, spki) + Math.floor(spki.length / 2);
    const changed = der.slice();
    changed[at] = (changed[at] as number) ^ 0x01;
    expect((await verifyPayPalWebhook(vectorInput({ cert: pem("CERTIFICATE", changed) }))).ok).toBe(false);
  });
});

describe("PayPal verification with our own certificates", () => {
  const now = new Date();
  const body = '{"id":"WH-1","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{}}';
  async function signed(
    cn: string,
    validFrom = new Date(Date.now() - 86400_000),
    validTo = new Date(Date.now() + 86400_000),
  ) {
    const keys = await rsaKeys();
    const cert = await selfSignedCert(keys, cn, validFrom, validTo);
    const time = now.toISOString();
    const sig = await signBase64(keys.privateKey, `T-1|${time}|WH-ID|${crc32(utf8(body))}`);
    const headers = {
      "paypal-transmission-id": "T-1",
      "paypal-transmission-time": time,
      "paypal-transmission-sig": sig,
      "paypal-cert-url": CERT_URL,
      "paypal-auth-algo": "SHA256withRSA",
    };
    return {
      headers: headerGetter(headers),
      body: utf8(body),
      webhookId: "WH-ID",
      now,
      certOrigins: SANDBOX,
      getCertPem: async () => cert,
    };
  }

  it("accepts a good signature", async () => {
    expect(await verifyPayPalWebhook(await signed("messageverificationcerts.sandbox.paypal.com"))).toEqual({
      ok: true,
    });
  });
  it("rejects a certificate whose CN is not PayPal's", async () => {
    expect((await verifyPayPalWebhook(await signed("attacker.example.com"))).ok).toBe(false);
    expect((await verifyPayPalWebhook(await signed("messageverificationcerts.paypal.com.evil.com"))).ok).toBe(false);
  });
  it("rejects an expired certificate", async () => {
    const input = await signed("messageverificationcerts.paypal.com", new Date("2020-01-01"), new Date("2021-01-01"));
    expect(await verifyPayPalWebhook(input)).toEqual({ ok: false, reason: "certificate is not valid at this time" });
  });
  it("rejects stale and future transmission times", async () => {
    const input = await signed("messageverificationcerts.paypal.com");
    expect((await verifyPayPalWebhook({ ...input, now: new Date(now.getTime() + 4 * 86400_000) })).ok).toBe(false);
    expect((await verifyPayPalWebhook({ ...input, now: new Date(now.getTime() - 3600_000) })).ok).toBe(false);
  });
});

describe("Binance Pay verification", () => {
  it("accepts RSA-SHA256 over timestamp\\nnonce\\nbody\\n and rejects any change", async () => {
    const keys = await rsaKeys();
    const pub = await publicKeyPem(keys);
    const ts = String(Date.now());
    const body = '{"bizType":"PAY","bizStatus":"PAY_SUCCESS","data":"{}"}';
    const sig = await signBase64(keys.privateKey, `${ts}\nNONCE\n${body}\n`);
    const h = {
      "BinancePay-Certificate-SN": "SN1",
      "BinancePay-Nonce": "NONCE",
      "BinancePay-Timestamp": ts,
      "BinancePay-Signature": sig,
    };
    const input = {
      headers: headerGetter(h),
      body,
      now: new Date(),
      getPublicKey: async (sn: string) => (sn === "SN1" ? pub : null),
    };
    expect(await verifyBinanceWebhook(input)).toEqual({ ok: true });
    expect((await verifyBinanceWebhook({ ...input, body: body.replace("PAY_", "PAY-") })).ok).toBe(false);
    expect(
      (await verifyBinanceWebhook({ ...input, headers: headerGetter({ ...h, "BinancePay-Nonce": "NONCF" }) })).ok,
    ).toBe(false);
    expect(
      await verifyBinanceWebhook({ ...input, headers: headerGetter({ ...h, "BinancePay-Certificate-SN": "SN2" }) }),
    ).toEqual({
      ok: false,
      reason: "unknown certificate serial",
    });
    expect((await verifyBinanceWebhook({ ...input, now: new Date(Date.now() + 4 * 86400_000) })).ok).toBe(false);
    const other = await rsaKeys();
    const forged = await signBase64(other.privateKey, `${ts}\nNONCE\n${body}\n`);
    expect(
      (await verifyBinanceWebhook({ ...input, headers: headerGetter({ ...h, "BinancePay-Signature": forged }) })).ok,
    ).toBe(false);
  });
});

describe("Mercado Pago verification", () => {
  it("builds the manifest, leaving out missing parts", () => {
    expect(mercadoPagoManifest("ABC123", "req-1", "1700000000")).toBe("id:abc123;request-id:req-1;ts:1700000000;");
    expect(mercadoPagoManifest(null, "req-1", "1700000000")).toBe("request-id:req-1;ts:1700000000;");
  });

  it("accepts v1 = HMAC-SHA256(secret, manifest) in seconds or ms, rejects changes", async () => {
    const secret = "shh";
    for (const ts of [String(Math.floor(Date.now() / 1000)), String(Date.now())]) {
      const v1 = toHex(await hmac("SHA-256", secret, mercadoPagoManifest("123", "req-1", ts)));
      const h = { "X-Signature": `ts=${ts},v1=${v1}`, "X-Request-Id": "req-1" };
      const input = { headers: headerGetter(h), dataId: "123", secret, now: new Date() };
      expect(await verifyMercadoPagoWebhook(input)).toEqual({ ok: true });
      expect((await verifyMercadoPagoWebhook({ ...input, dataId: "124" })).ok).toBe(false);
      expect((await verifyMercadoPagoWebhook({ ...input, secret: "shi" })).ok).toBe(false);
      expect(
        (await verifyMercadoPagoWebhook({ ...input, headers: headerGetter({ ...h, "X-Request-Id": "req-2" }) })).ok,
      ).toBe(false);
    }
    expect(
      (await verifyMercadoPagoWebhook({ headers: headerGetter({}), dataId: "1", secret, now: new Date() })).ok,
    ).toBe(false);
  });

  it("decodes base64 strictly", () => {
    expect(fromBase64("not base64!")).toBeNull();
  });
});
