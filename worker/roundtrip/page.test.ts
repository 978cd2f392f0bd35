import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import { control, createCheckout, status, waitForStatus } from "./client.ts";

// The hosted checkout page in a real (headless) Chromium against wrangler dev + the emulators.
const EXTENSION_ID = "abcdefghijklmnopabcdefghijklmnop";
const CHROMIUM =
  process.env.CHROME_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync) ?? "chromium";
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  stack = await startStack({ quiet: true, extensionIds: [EXTENSION_ID] });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Every Content-Security-Policy violation the page reported, as "directive blocked-uri". */
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

async function open(path: string, context?: BrowserContextOptions): Promise<Page> {
  const page = context ? await (await browser.newContext(context)).newPage() : await browser.newPage();
  await page.addInitScript(() => {
    const csp: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = csp;
    document.addEventListener("securitypolicyviolation", (e) => csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  // Stands in for chrome.runtime of a page listed in an extension's externally_connectable.
  await page.addInitScript(() => {
    const sent: unknown[] = [];
    (window as unknown as { __sent: unknown[] }).__sent = sent;
    (window as unknown as { chrome: unknown }).chrome = {
      runtime: {
        lastError: undefined,
        sendMessage: (id: string, msg: unknown, done?: () => void) => {
          sent.push({ id, msg });
          done?.();
        },
      },
    };
  });
  await page.goto(`${stack.workerUrl}${path}`);
  return page;
}

/** Text with every kind of space (Intl puts no-break spaces in money and times) as a plain one. */
const norm = (s: string | null) => (s ?? "").replace(/\s/g, " ");

async function axeViolations(page: Page) {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses an injected inline script.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (o?: unknown) => Promise<{ violations: { id: string; help: string }[] }> } }
    ).axe;
    return (await axe.run()).violations.map((v) => `${v.id}: ${v.help}`);
  });
}

describe("hosted checkout page /pay/:checkoutId", () => {
  it("shows the event, amount, countdown and every live provider, and is axe-clean", async () => {
    const b = await createCheckout(stack);
    const page = await open(`/pay/${b.checkoutId}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Confirm your booking");
    expect(norm(await page.locator("dd.amount").textContent())).toBe("USD 1.00");
    expect(await page.getByText("Not refundable.").count()).toBe(1);
    expect(await page.getByText("Europe/Madrid").count()).toBe(1);
    const countdown = page.locator("time");
    const first = await countdown.textContent();
    await page.waitForTimeout(1200);
    expect(await countdown.textContent()).not.toBe(first);
    for (const name of ["PayPal", "Binance Pay · USDT 1.00", "Mercado Pago · ARS 1,000.00"])
      expect(await page.getByRole("heading", { level: 2, name }).count()).toBe(1);
    // The emulator's JS SDK (sdkBaseUrl) rendered the Smart Buttons.
    await expect.poll(() => page.locator("#root section button").count()).toBeGreaterThan(2);
    expect(await axeViolations(page)).toEqual([]);
    // Dark mode follows the system: a dark background, and contrast still passes.
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(
      "rgb(15, 18, 22)",
    );
    expect(await axeViolations(page)).toEqual([]);
    // The CSP is on and blocked nothing the page (or the SDK, through the nonce) needed.
    const res = await page.request.get(page.url());
    expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(await violations(page)).toEqual([]);
    expect(await page.locator(".paypal-sdk style[nonce]").count()).toBe(1);
    await page.close();
  });

  it("speaks Spanish and Portuguese", async () => {
    const b = await createCheckout(stack);
    const es = await open(`/pay/${b.checkoutId}?lang=es`);
    await expect.poll(() => es.getByRole("heading", { level: 1 }).textContent()).toBe("Confirma tu reserva");
    expect(await es.evaluate(() => document.documentElement.lang)).toBe("es");
    await es.getByLabel("Idioma").selectOption("pt-BR");
    expect(await es.getByRole("heading", { level: 1 }).textContent()).toBe("Confirme sua reserva");
    expect(await axeViolations(es)).toEqual([]);
    await es.close();
  });

  it("Binance Pay by keyboard: the QR is drawn locally from qrContent", async () => {
    const b = await createCheckout(stack);
    const page = await open(`/pay/${b.checkoutId}`);
    const start = page.getByRole("button", { name: "Show Binance Pay QR code" });
    await start.focus();
    await page.keyboard.press("Enter");
    const qr = page.getByRole("img", { name: "Binance Pay QR code" });
    await qr.waitFor();
    expect(await qr.locator("rect").count()).toBeGreaterThan(100);
    expect(await page.getByRole("link", { name: "Open Binance Pay" }).getAttribute("href")).toContain(
      stack.emulators.urls.binance,
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("PayPal Smart Buttons (emulated JS SDK via sdkBaseUrl): popup approve → onApprove capture → paid", async () => {
    const b = await createCheckout(stack);
    const page = await open(`/pay/${b.checkoutId}`);
    const sdkButton = page.locator(".paypal-sdk button").first();
    await sdkButton.waitFor();
    const [popup] = await Promise.all([page.waitForEvent("popup"), sdkButton.click()]);
    await popup.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 15_000 }).toContain("Paid");
    const receipt = (await status(stack, b)).receipt;
    expect(receipt?.provider).toBe("paypal");
    expect(await violations(page)).toEqual([]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Your booking is confirmed");
    // The paid page is the receipt: provider, amount, transaction id and time, printable on its own.
    const section = page.getByRole("region", { name: "Receipt" });
    await section.waitFor();
    const text = norm(await section.textContent());
    for (const part of ["Paid with", "PayPal", "USD 1.00", `Transaction ID${receipt?.transactionId}`, "Paid on"])
      expect(text).toContain(part);
    const print = section.getByRole("button", { name: "Print receipt" });
    expect(await print.isVisible()).toBe(true);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.emulateMedia({ media: "print", colorScheme: "light" });
    expect(await print.isVisible()).toBe(false);
    expect(await page.getByLabel("Language").isVisible()).toBe(false);
    expect(await section.isVisible()).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe("rgb(0, 0, 0)");
    await page.close();
  });

  it("says who asks, whether the fee comes back, and the payer's own time and zone in their language", async () => {
    const b = await createCheckout(stack, 3600_000, {
      organizer: { name: "Ana Lima", email: "ana@example.com" },
      refundable: true,
    });
    const page = await open(`/pay/${b.checkoutId}`, { locale: "pt-BR", timezoneId: "America/Sao_Paulo" });
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Confirme sua reserva");
    // The heading shows at once; the rest once the checkout is loaded.
    await page.getByText("Ana Lima (ana@example.com) pede que você confirme").waitFor();
    expect(await page.getByText("Reembolsável:").count()).toBe(1);
    const yours = norm(await page.locator("dt:text-is('Seu horário') + dd").textContent());
    expect(yours).toContain("Horário Padrão de Brasília");
    const event = norm(await page.locator("dt:text-is('Horário do evento') + dd").textContent());
    expect(event).toContain("(Europe/Madrid)");
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("tells a payer who cancelled at PayPal that nothing was charged and what to do next, as information", async () => {
    const b = await createCheckout(stack);
    const page = await open(`/pay/${b.checkoutId}?cancelled=paypal`);
    const notice = page.locator(".notice");
    await notice.waitFor();
    expect(norm(await notice.textContent())).toBe(
      "You cancelled the PayPal payment. Nothing was charged.You can pay below whenever you are ready, with any method.",
    );
    expect(await notice.getAttribute("class")).toContain("notice-info");
    expect(await page.getByRole("alert").count()).toBe(0);
    await page.close();
  });

  it("PayPal redirect flow: approve on the emulator → return_url captures → page says paid and tells the extension", async () => {
    const b = await createCheckout(stack);
    const page = await open(`/pay/${b.checkoutId}?ext=${EXTENSION_ID}`);
    await page.getByRole("button", { name: "Pay with PayPal on paypal.com" }).click();
    await page.waitForURL((u) => u.origin === stack.emulators.urls.paypal);
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL((u) => u.origin === stack.workerUrl && u.search.includes("paypal=captured"));
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Paid");
    expect((await status(stack, b)).status).toBe("paid");
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent))
      .toEqual([{ id: EXTENSION_ID, msg: { type: "payment-completed", bookingId: b.bookingId } }]);
    // Telling the extension is good news: styled as success, not announced as an error.
    const told = page.getByText("Your LeadsCalendar extension was notified.");
    await told.waitFor();
    expect(await told.evaluate((el) => el.closest(".notice")?.className)).toBe("notice notice-success");
    expect(await page.getByRole("alert").count()).toBe(0);
    await page.close();
  });

  it("Mercado Pago: the button goes to init_point; paying there flips the open page to paid", async () => {
    const b = await createCheckout(stack);
    const page = await open(`/pay/${b.checkoutId}`);
    await page.getByRole("button", { name: "Pay with Mercado Pago" }).click();
    await page.waitForURL((u) => u.origin === stack.emulators.urls.mercadopago);
    const prefId = new URL(page.url()).searchParams.get("pref_id");
    await control(stack, "mercadopago").post("/pay", {
      provider: "mercadopago",
      preferenceId: prefId,
      status: "approved",
    });
    await waitForStatus(stack, b, "paid");
    await page.goto(`${stack.workerUrl}/pay/${b.checkoutId}`);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Paid");
    await page.close();
  });

  it.each(["/checkout/", "/robots.txt"])(
    "static file %s (served before the Worker runs) cannot be framed or sniffed",
    async (path) => {
      const res = await fetch(`${stack.workerUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
    },
  );

  it("says so when the link is unknown", async () => {
    const page = await open("/pay/AAAAAAAAAAAAAAAAAAAAAA");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("not valid");
    await page.close();
  });

  it.each([
    ["/pay/not-a-checkout-id", "es", "Este enlace de pago no es válido."],
    ["/pay/AAAAAAAAAAAAAAAAAAAAAA/paypal/return?token=X", "pt-BR", "Este link de pagamento não é válido."],
  ])(
    "a browser opening %s gets the page (404) in its language (%s), styled, never JSON",
    async (path, locale, text) => {
      const page = await (await browser.newContext({ locale })).newPage();
      const res = await page.goto(`${stack.workerUrl}${path}`);
      expect(res?.status()).toBe(404);
      await expect.poll(() => page.getByRole("alert").textContent()).toBe(text);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector(".card") as Element).borderRadius)).toBe(
        "12px",
      );
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    },
  );
});
