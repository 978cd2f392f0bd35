// Buyer pages and the PayPal JS SDK in headless Chromium through Playwright: @paypal/react-paypal-js
// loads /sdk/js via sdkBaseUrl, and every buyer page is a plain form Playwright can click.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulators, startEmulators } from "../src/index.ts";
import { binanceCall } from "./helpers.ts";

let emu: Emulators;
let browser: Browser;
let server: Server;
let site = "";
let bundle = "";

const chromiumPath = [process.env.CHROME_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p): p is string => !!p && existsSync(p),
);

async function paypalToken(): Promise<string> {
  const { clientId, clientSecret } = emu.credentials.paypal;
  const res = await fetch(`${emu.urls.paypal}/v1/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
    body: "grant_type=client_credentials",
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The merchant's server side: creates and captures orders against the emulator. */
async function merchant(path: string): Promise<unknown> {
  const auth = { authorization: `Bearer ${await paypalToken()}`, "content-type": "application/json" };
  if (path === "/api/orders") {
    const body = {
      intent: "CAPTURE",
      purchase_units: [{ amount: { currency_code: "USD", value: "1.00" } }],
      payment_source: {
        paypal: { experience_context: { return_url: `${site}/return`, cancel_url: `${site}/cancel` } },
      },
    };
    return (
      await fetch(`${emu.urls.paypal}/v2/checkout/orders`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify(body),
      })
    ).json();
  }
  const id = /^\/api\/orders\/([^/]+)\/capture$/.exec(path)?.[1] ?? "";
  return (await fetch(`${emu.urls.paypal}/v2/checkout/orders/${id}/capture`, { method: "POST", headers: auth })).json();
}

beforeAll(async () => {
  emu = await startEmulators({ port: 0, quiet: true });
  const out = await build({
    configFile: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    build: {
      write: false,
      minify: false,
      rollupOptions: { input: fileURLToPath(new URL("./fixtures/paypal-app.ts", import.meta.url)) },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as {
    output: { type: string; code?: string; isEntry?: boolean }[];
  }[];
  bundle = outputs.flatMap((o) => o.output).find((c) => c.type === "chunk" && c.isEntry)?.code ?? "";
  server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "POST" && path.startsWith("/api/orders")) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(await merchant(path)));
    } else if (path === "/app.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    } else if (path === "/") {
      const cfg = JSON.stringify({
        clientId: emu.credentials.paypal.clientId,
        sdkBaseUrl: `${emu.urls.paypal}/sdk/js`,
      });
      res
        .writeHead(200, { "content-type": "text/html" })
        .end(
          `<!doctype html><div id="root"></div><script>window.__CFG=${cfg}</script><script type="module" src="/app.js"></script>`,
        );
    } else if (path === "/csp" || path === "/csp-no-nonce") {
      // A merchant page whose CSP lets in no inline style or script without this response's nonce.
      const nonce = "n0nce4test";
      const cfg = JSON.stringify({
        clientId: emu.credentials.paypal.clientId,
        sdkBaseUrl: `${emu.urls.paypal}/sdk/js`,
        ...(path === "/csp" ? { nonce } : {}),
      });
      res
        .writeHead(200, {
          "content-type": "text/html",
          "content-security-policy": `default-src 'none'; script-src 'self' 'nonce-${nonce}' ${emu.urls.paypal}; style-src 'nonce-${nonce}'; connect-src 'self'`,
        })
        .end(
          `<!doctype html><div id="root"></div><script nonce="${nonce}">window.__CFG=${cfg}</script><script type="module" src="/app.js"></script>`,
        );
    } else {
      res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><p id="landed">${path}</p>`);
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!chromiumPath) throw new Error("Chromium not found: apt-get install -y chromium, or set CHROME_PATH");
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await emu?.close();
});

async function fresh(): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

describe("in headless Chromium", () => {
  it("runs @paypal/react-paypal-js Smart Buttons against /sdk/js: click, approve in the popup, onApprove", async () => {
    expect(bundle).toContain("sdkBaseUrl");
    const page = await fresh();
    await page.goto(site);
    const button = page.locator("button.paypal-emulator-button");
    await button.waitFor({ timeout: 10_000 });
    const script = await page.locator('script[src*="/sdk/js"]').getAttribute("src");
    expect(script).toContain(`client-id=${emu.credentials.paypal.clientId}`);
    const [popup] = await Promise.all([page.waitForEvent("popup"), button.click()]);
    await popup.locator('button[value="approve"]').click();
    await expect
      .poll(() => page.locator("#result").textContent(), { timeout: 10_000 })
      .toMatch(/^captured COMPLETED payer [A-Z0-9]{13}$/);
    await page.context().close();
  });

  it("keeps the popup open during onApprove and sends it back to the approve page on actions.restart()", async () => {
    const page = await fresh();
    await page.goto(site);
    const button = page.locator("button.paypal-emulator-button");
    await button.waitFor({ timeout: 10_000 });
    const [popup] = await Promise.all([page.waitForEvent("popup"), button.click()]);
    await popup.locator('select[name="outcome"]').selectOption("INSTRUMENT_DECLINED");
    await popup.locator('button[value="approve"]').click();
    await expect.poll(() => page.locator("#result").textContent(), { timeout: 10_000 }).toBe("restarted");
    // The same popup shows the approve page of the same order again, for another funding source.
    await popup.locator('button[value="approve"]').waitFor({ timeout: 10_000 });
    expect(popup.isClosed()).toBe(false);
    await popup.locator('select[name="outcome"]').selectOption("COMPLETED");
    await popup.locator('button[value="approve"]').click();
    await expect
      .poll(() => page.locator("#result").textContent(), { timeout: 10_000 })
      .toMatch(/^captured COMPLETED payer /);
    await expect.poll(() => popup.isClosed(), { timeout: 5000 }).toBe(true);
    await page.context().close();
  });

  it.each([
    ["/csp", true],
    ["/csp-no-nonce", false],
  ])("under a strict CSP (%s) styles its buttons only with the data-csp-nonce it was given", async (path, nonced) => {
    const page = await fresh();
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(e.violatedDirective));
    });
    await page.goto(`${site}${path}`);
    const button = page.locator("button.paypal-emulator-button");
    await button.waitFor({ timeout: 10_000 });
    const background = await button.evaluate((el) => getComputedStyle(el).backgroundColor);
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    if (nonced) {
      expect(await page.locator("style[nonce]").count()).toBe(1);
      expect(background).toBe("rgb(255, 196, 57)");
      expect(violations).toEqual([]);
    } else {
      expect(background).not.toBe("rgb(255, 196, 57)");
      expect(violations).toContain("style-src-elem");
    }
    await page.context().close();
  });

  it("reports Cancel in the popup as onCancel", async () => {
    const page = await fresh();
    await page.goto(site);
    const button = page.locator("button.paypal-emulator-button");
    await button.waitFor({ timeout: 10_000 });
    const [popup] = await Promise.all([page.waitForEvent("popup"), button.click()]);
    await popup.locator('button[value="cancel"]').click();
    await expect.poll(() => page.locator("#result").textContent(), { timeout: 10_000 }).toBe("cancelled");
    await page.context().close();
  });

  it("clicks through the redirect buyer pages of PayPal, Binance Pay, Mercado Pago and Google", async () => {
    const page = await fresh();
    const order = (await merchant("/api/orders")) as { links: { rel: string; href: string }[] };
    await page.goto(order.links.find((l) => l.rel === "payer-action")?.href ?? "");
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/\/return\?token=.+&PayerID=/);

    const bin = await binanceCall(emu.urls.binance, emu.credentials.binance, "/binancepay/openapi/v3/order", {
      env: { terminalType: "WEB" },
      merchantTradeNo: "BROWSER1",
      orderAmount: "1.00",
      currency: "USDT",
      description: "Fee",
      goodsDetails: [{ goodsType: "02", goodsCategory: "Z000", referenceGoodsId: "fee", goodsName: "Fee" }],
      returnUrl: `${site}/binance-return`,
      cancelUrl: `${site}/binance-cancel`,
    });
    await page.goto(String(bin.json.data?.checkoutUrl));
    await page.getByRole("button", { name: "Pay" }).click();
    await page.waitForURL(`${site}/binance-return`);

    const pref = (await (
      await fetch(`${emu.urls.mercadopago}/checkout/preferences`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${emu.credentials.mercadopago.accessToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          items: [{ title: "Fee", quantity: 1, unit_price: 1000, currency_id: "ARS" }],
          back_urls: { success: `${site}/mp-ok`, failure: `${site}/mp-fail`, pending: `${site}/mp-pending` },
          auto_return: "approved",
        }),
      })
    ).json()) as { init_point: string };
    await page.goto(pref.init_point);
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/\/mp-ok\?.*status=approved/);

    const auth = new URLSearchParams({
      client_id: "c",
      redirect_uri: `${site}/oauth`,
      response_type: "code",
      scope: "https://www.googleapis.com/auth/calendar.events",
      state: "st",
    });
    await page.goto(`${emu.urls.google}/o/oauth2/v2/auth?${auth}`);
    await page.getByRole("button", { name: "bob@example.com" }).click();
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL(/\/oauth\?code=.+&state=st/);
    await page.context().close();
  });
});
