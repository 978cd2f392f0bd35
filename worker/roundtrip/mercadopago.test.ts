// Mercado Pago round trips against the corrected emulator: an account on site MLA that takes ARS
// only, IPN calls besides the signed webhooks, and payments that fail after being in progress.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import {
  control,
  createCheckout,
  deliveries,
  http,
  mercadoPagoPreference,
  payApi,
  settle,
  status,
  waitForStatus,
} from "./client.ts";

const CHROMIUM =
  process.env.CHROME_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync) ?? "chromium";

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  stack = await startStack({ quiet: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const mp = () => control(stack, "mercadopago");
const view = async (checkoutId: string) => (await http(`${stack.workerUrl}/v1/pay/${checkoutId}`)).body;
const myDeliveries = async (paymentId: number) =>
  (await deliveries(stack, "mercadopago")).filter((d) => new URL(d.url).search.includes(`=${paymentId}`));

describe("Mercado Pago round trips", () => {
  it("charges the site currency, asks for signed webhooks only, and lands on paid", async () => {
    expect(stack.vars).toMatchObject({ MERCADOPAGO_CURRENCY: "ARS", MERCADOPAGO_PRICE_VALUE: "1000.00" });
    const b = await createCheckout(stack);
    expect((await view(b.checkoutId)).prices.mercadopago).toEqual({ value: "1000.00", currency: "ARS" });
    const prefId = await mercadoPagoPreference(stack, b.checkoutId);
    const pref = (await mp().get("/state")).body.mercadopago.preferences.find((p: { id: string }) => p.id === prefId);
    expect(new URL(pref.body.notification_url).searchParams.get("source_news")).toBe("webhooks");
    expect(pref.body.items[0]).toMatchObject({ currency_id: "ARS", unit_price: 1000 });
    const paid = await mp().post("/pay", { provider: "mercadopago", preferenceId: prefId, status: "approved" });
    const s = await waitForStatus(stack, b, "paid");
    expect(s.receipt).toMatchObject({ provider: "mercadopago", amount: "1000.00", currency: "ARS" });
    await settle(stack);
    const mine = await myDeliveries(paid.body.paymentId);
    expect(mine.map((d) => new URL(d.url).searchParams.get("type"))).toEqual(["payment"]); // no IPN
    expect(mine.every((d) => d.status === "succeeded")).toBe(true);
  });

  it("an account on another site refuses the configured currency: the page gets an error, nothing is kept", async () => {
    await mp().post("/config", { mercadopagoSite: "MLB" });
    try {
      const b = await createCheckout(stack);
      const res = await payApi(stack, `${b.checkoutId}/mercadopago`);
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe("provider_error");
    } finally {
      await mp().post("/config", { mercadopagoSite: "MLA" });
    }
  });

  it("a preference made without source_news gets IPN calls too: each is answered 200", async () => {
    const b = await createCheckout(stack);
    await mercadoPagoPreference(stack, b.checkoutId);
    // Another preference for the same booking, as an older release made it: the bare URL.
    const created = await http(`${stack.emulators.urls.mercadopago}/checkout/preferences`, {
      json: {
        items: [{ title: "Fee", quantity: 1, unit_price: 1000, currency_id: "ARS" }],
        external_reference: b.bookingId,
        notification_url: `${stack.workerUrl}/webhooks/mercadopago`,
      },
      headers: { authorization: `Bearer ${stack.emulators.credentials.mercadopago.accessToken}` },
    });
    expect(created.status).toBe(201);
    const p = await mp().post("/pay", { provider: "mercadopago", preferenceId: created.body.id, status: "pending" });
    await settle(stack);
    const mine = await myDeliveries(p.body.paymentId);
    expect(mine.map((d) => (d.url.includes("topic=") ? "ipn" : "webhook")).sort()).toEqual(["ipn", "webhook"]);
    expect(mine.map((d) => d.attempts.at(-1)?.status)).toEqual([200, 200]);
    await waitForStatus(stack, b, "pending"); // what the API says about the payment, not the IPN
  });

  it("a payment rejected after being in progress puts the checkout back to open and the page says so", async () => {
    const b = await createCheckout(stack);
    const prefId = await mercadoPagoPreference(stack, b.checkoutId);
    const p = await mp().post("/pay", { provider: "mercadopago", preferenceId: prefId, status: "in_process" });
    await waitForStatus(stack, b, "pending");
    await mp().post(`/mercadopago/payments/${p.body.paymentId}`, { status: "rejected" });
    await waitForStatus(stack, b, "open");
    expect((await view(b.checkoutId)).mercadopagoFailure).toBe("rejected");
    // Any provider again: here Mercado Pago once more, approved this time.
    const again = await mp().post("/pay", { provider: "mercadopago", preferenceId: prefId, status: "approved" });
    expect(again.status).toBe(200);
    await waitForStatus(stack, b, "paid");
  });
});

describe("the checkout page after a rejected Mercado Pago payment", () => {
  it.each([
    ["en-US", "Mercado Pago rejected your payment", "Pay with Mercado Pago"],
    ["es-AR", "Mercado Pago rechazó tu pago", "Pagar con Mercado Pago"],
    ["pt-BR", "O Mercado Pago recusou seu pagamento", "Pagar com Mercado Pago"],
  ])(
    "says so in words with what to do next (%s), and every provider is offered again",
    async (locale, said, button) => {
      const b = await createCheckout(stack);
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      try {
        await page.goto(`${stack.workerUrl}/pay/${b.checkoutId}`);
        await page.getByRole("button", { name: button }).click();
        await page.waitForURL((u) => u.origin === stack.emulators.urls.mercadopago);
        await page.getByRole("button", { name: "Reject" }).click();
        // Mercado Pago returns automatically only on approval: the payer follows its link back.
        await page.locator("#back").click();
        await page.waitForURL((u) => u.origin === stack.workerUrl && u.search.includes("returned=mercadopago"));
        const alert = page.locator("#pay-mercadopago ~ [role=alert], section:has(#pay-mercadopago) [role=alert]");
        await expect.poll(async () => (await alert.first().textContent()) ?? "", { timeout: 15_000 }).toContain(said);
        expect((await status(stack, b)).status).toBe("open");
        await expect.poll(() => page.getByRole("button", { name: button }).isEnabled()).toBe(true);
        expect(await page.locator("section.provider").count()).toBe(3);
      } finally {
        await context.close();
      }
    },
  );
});
