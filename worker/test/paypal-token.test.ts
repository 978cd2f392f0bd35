import { beforeAll, describe, expect, it } from "vitest";
import type { PayPalConfig } from "../src/config";
import * as paypal from "../src/providers/paypal";
import { fake, installFakes } from "./fake-providers";

beforeAll(async () => {
  await installFakes();
});

const cfg = (clientId: string): PayPalConfig => ({
  apiBase: "https://paypal.fake",
  clientId,
  clientSecret: "s",
  webhookId: "W",
  certOrigins: [],
  sdkBaseUrl: "",
});

describe("PayPal access token cache", () => {
  it("reuses a token for its lifetime: expires_in is seconds (9 h here), not milliseconds", async () => {
    fake.tokenCalls = 0;
    fake.tokenExpiresIn = 32400;
    const c = cfg("cache-a");
    for (let i = 0; i < 3; i++) await paypal.getOrder(c, "O");
    expect(fake.tokenCalls).toBe(1);
  });

  it("renews a token that is about to expire", async () => {
    fake.tokenCalls = 0;
    fake.tokenExpiresIn = 30; // inside the one-minute safety margin
    const c = cfg("cache-b");
    for (let i = 0; i < 3; i++) await paypal.getOrder(c, "O");
    expect(fake.tokenCalls).toBe(3);
  });
});
