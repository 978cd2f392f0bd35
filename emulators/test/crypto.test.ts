// The emulator's hand-written DER: integers in their shortest form, so every generated
// certificate parses (a serial starting with a zero byte used to make OpenSSL refuse it).
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { derInteger, generateRsaKeys, selfSignedCertificate } from "../src/crypto";

describe("derInteger", () => {
  it.each([
    ["01", "020101"],
    ["7f", "02017f"],
    ["80", "02020080"],
    ["001f", "02011f"],
    ["0000ab", "020200ab"],
    ["00", "020100"],
    ["0000", "020100"],
  ])("%s → %s", (hex, der) => {
    expect(derInteger(Buffer.from(hex, "hex")).toString("hex")).toBe(der);
  });
});

describe("selfSignedCertificate", () => {
  it("parses every time, whatever the random serial (200 certificates)", () => {
    const keys = generateRsaKeys();
    for (let i = 0; i < 200; i++) {
      const { pem } = selfSignedCertificate(keys, "messageverificationcerts.sandbox.paypal.com");
      expect(new X509Certificate(pem).subject).toContain("CN=messageverificationcerts.sandbox.paypal.com");
    }
  });
});
