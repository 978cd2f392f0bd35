// The control API: state with credentials, reset, config, CORS, provider-shaped faults on every port.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulators, startEmulators } from "../src/index.ts";
import { control } from "./helpers.ts";

let emu: Emulators;
beforeAll(async () => {
  emu = await startEmulators({ port: 0, quiet: true, paypalWebhookUrl: "http://127.0.0.1:9/hook" });
});
afterAll(async () => emu?.close());

describe("control API", () => {
  it("reports urls, credentials and entities, and reset empties them but keeps the startup listener", async () => {
    await control(emu.urls.google, "google/tokens", { email: "erin@example.com", scopes: ["calendar.events"] });
    const state = await control<{
      urls: unknown;
      credentials: unknown;
      google: { accessTokens: { email: string }[] };
      paypal: { webhooks: { id: string }[] };
    }>(emu.urls.mercadopago, "state");
    expect(state.urls).toEqual(emu.urls);
    expect(state.credentials).toEqual(emu.credentials);
    expect(emu.credentials.paypal.webhookId).toBe(state.paypal.webhooks[0]?.id);
    expect(state.google.accessTokens.map((t) => t.email)).toContain("erin@example.com");
    await control(emu.urls.binance, "reset", {});
    const after = await control<typeof state>(emu.urls.google, "state");
    expect(after.google.accessTokens).toEqual([]);
    expect(after.paypal.webhooks.map((w) => w.id)).toEqual([emu.credentials.paypal.webhookId]);
  });

  it("allows CORS on the control API and on Google, not on provider APIs", async () => {
    const pre = await fetch(`${emu.urls.paypal}/__emulator/state`, {
      method: "OPTIONS",
      headers: { origin: "chrome-extension://abc", "access-control-request-method": "POST" },
    });
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    const g = await fetch(`${emu.urls.google}/calendar/v3/users/me/calendarList`, {
      method: "OPTIONS",
      headers: {
        origin: "chrome-extension://abc",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
    });
    expect(g.headers.get("access-control-allow-origin")).toBe("*");
    expect(g.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    const p = await fetch(`${emu.urls.paypal}/v2/checkout/orders/X`, { headers: { origin: "https://evil.test" } });
    expect(p.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers injected faults with each provider's error shape", async () => {
    for (const provider of ["google", "paypal", "binance", "mercadopago"] as const) {
      await control(emu.urls.google, "faults", { provider, path: "/fault-probe", status: 503 });
    }
    const body = async (base: string) => {
      const res = await fetch(`${base}/fault-probe`, { method: "POST" });
      expect(res.status).toBe(503);
      return res.json();
    };
    expect(await body(emu.urls.google)).toMatchObject({ error: { code: 503, errors: [{ reason: "backendError" }] } });
    expect(await body(emu.urls.paypal)).toMatchObject({ name: "SERVICE_UNAVAILABLE" });
    expect(await body(emu.urls.binance)).toMatchObject({ status: "FAIL", code: "500000" });
    expect(await body(emu.urls.mercadopago)).toMatchObject({ status: 503, cause: [] });
    // count 1 each: the second request is the route's own answer (404 here).
    expect((await fetch(`${emu.urls.paypal}/fault-probe`, { method: "POST" })).status).toBe(404);
  });

  it("changes settings at run time and rejects bad clock moves", async () => {
    const res = await control<{ settings: { maxAttempts: number; retryDelayScale: number } }>(
      emu.urls.google,
      "config",
      { maxAttempts: 2, retryDelayScale: 0 },
    );
    expect(res.settings).toMatchObject({ maxAttempts: 2, retryDelayScale: 0 });
    const bad = await fetch(`${emu.urls.google}/__emulator/clock/advance`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ms: -5 }),
    });
    expect(bad.status).toBe(400);
  });

  it("marks a delivery failed after maxAttempts when the receiver is unreachable", async () => {
    await control(emu.urls.google, "config", { maxAttempts: 2, retryDelayScale: 0 });
    const t = await fetch(`${emu.urls.paypal}/v1/oauth2/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${emu.credentials.paypal.clientId}:${emu.credentials.paypal.clientSecret}`).toString("base64")}`,
      },
      body: "grant_type=client_credentials",
    });
    const { access_token } = (await t.json()) as { access_token: string };
    const order = await fetch(`${emu.urls.paypal}/v2/checkout/orders`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: JSON.stringify({
        intent: "CAPTURE",
        purchase_units: [{ amount: { currency_code: "USD", value: "1.00" } }],
      }),
    });
    const { id } = (await order.json()) as { id: string };
    await control(emu.urls.paypal, "pay", { provider: "paypal", orderId: id });
    await control(emu.urls.paypal, "deliveries/wait", { timeoutMs: 5000 });
    const { deliveries } = await control<{ deliveries: { status: string; attempts: { error: string | null }[] }[] }>(
      emu.urls.paypal,
      "deliveries",
    );
    expect(deliveries[0]?.status).toBe("failed");
    expect(deliveries[0]?.attempts).toHaveLength(2);
    expect(deliveries[0]?.attempts[0]?.error).toBeTruthy();
  });
});
