import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack.ts";
import { control, createCheckout, deliveries, http, settle, status, waitForStatus } from "./client.ts";

// Real deliveries signed by the emulators, against the Worker under wrangler dev, and the
// operator CLI on the same bytes.
type Provider = "paypal" | "binance" | "mercadopago";
type Delivery = Awaited<ReturnType<typeof deliveries>>[number];
let stack: Stack;
let dir: string;
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
beforeAll(async () => {
  stack = await startStack({ quiet: true });
  dir = mkdtempSync(join(tmpdir(), "webhook-verify-"));
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const pay = (path: string) => http(`${stack.workerUrl}/v1/pay/${path}`, { json: {} });

/** Pays a fresh checkout with `provider` and returns the delivery that made it paid. */
async function paidDelivery(provider: Provider) {
  const b = await createCheckout(stack);
  let marker: string;
  if (provider === "paypal") {
    const order = await pay(`${b.checkoutId}/paypal/orders`);
    marker = order.body.orderId;
    await control(stack, "paypal").post("/pay", { provider, orderId: marker });
  } else if (provider === "binance") {
    const view = await pay(`${b.checkoutId}/binance`);
    const token = new URL(view.body.qrContent).pathname.split("/").pop();
    const order = (await control(stack, "binance").get("/state")).body.binance.orders.find(
      (o: { checkoutToken: string }) => o.checkoutToken === token,
    );
    marker = order.prepayId;
    await control(stack, "binance").post("/pay", { provider, prepayId: marker });
  } else {
    const res = await pay(`${b.checkoutId}/mercadopago`);
    const prefId = new URL(res.body.initPoint).searchParams.get("pref_id");
    const p = await control(stack, "mercadopago").post("/pay", { provider, preferenceId: prefId, status: "approved" });
    marker = String(p.body.paymentId);
  }
  await waitForStatus(stack, b, "paid");
  await settle(stack);
  const all = (await deliveries(stack, provider)).filter(
    (d) => d.kind === "original" && (d.body.includes(marker) || d.url.includes(marker)),
  );
  const d = provider === "paypal" ? all.find((x) => x.body.includes("PAYMENT.CAPTURE.COMPLETED")) : all[0];
  if (!d) throw new Error(`no ${provider} delivery`);
  return { booking: b, delivery: d };
}

const post = (d: Pick<Delivery, "url" | "headers" | "body">) =>
  http(d.url, { method: "POST", headers: d.headers, body: d.body });

describe.each(["paypal", "binance", "mercadopago"] as const)("%s deliveries from the emulator", (provider) => {
  it("forged (emulator's broken signature), tampered and oversized deliveries are rejected; replays change nothing", async () => {
    const { booking, delivery } = await paidDelivery(provider);
    // The hold's countdown (secondsLeft) ticks on its own; everything else must stay as it was.
    const stable = async () => ({ ...(await status(stack, booking)), secondsLeft: undefined });
    const before = await stable();
    const forged = await control(stack, provider).post(`/deliveries/${delivery.id}/broken-signature`);
    await settle(stack);
    const forgedNow = (await control(stack, provider).get(`/deliveries/${forged.body.id}`)).body as Delivery;
    expect(forgedNow.attempts[0]?.status).toBe(401);

    const tampered =
      provider === "mercadopago"
        ? { ...delivery, url: delivery.url.replace(/data\.id=(\d)/, (_m, c) => `data.id=${(Number(c) + 1) % 10}`) }
        : { ...delivery, body: oneByte(delivery.body) };
    expect(tampered.body !== delivery.body || tampered.url !== delivery.url).toBe(true);
    expect((await post(tampered)).status).toBe(401);
    expect((await post({ ...delivery, body: `${delivery.body}${" ".repeat(70_000)}` })).status).toBe(413);

    for (const kind of ["duplicate", "redeliver"]) {
      const copy = await control(stack, provider).post(`/deliveries/${delivery.id}/${kind}`);
      await settle(stack);
      const now = (await control(stack, provider).get(`/deliveries/${copy.body.id}`)).body as Delivery;
      expect(now.status).toBe("succeeded");
    }
    expect(await stable()).toEqual(before);
  });

  it("webhook:verify accepts the emulator-signed delivery and rejects a one-byte change", async () => {
    const { delivery } = await paidDelivery(provider);
    const args = ["--provider", provider, "--headers", join(dir, "h.json"), "--body", join(dir, "body.txt")];
    const env: Record<string, string> = {};
    if (provider === "paypal") {
      args.push("--webhook-id", stack.emulators.credentials.paypal.webhookId as string);
      env.PAYPAL_CERT_HOSTS = stack.emulators.urls.paypal;
    } else if (provider === "binance") {
      writeFileSync(join(dir, "key.pem"), await binancePublicKey());
      args.push("--public-key", join(dir, "key.pem"));
    } else {
      args.push("--secret", stack.emulators.credentials.mercadopago.webhookSecret);
      args.push("--data-id", new URL(delivery.url).searchParams.get("data.id") as string);
    }
    // Header names in any case: the CLI reads them case-insensitively.
    const upper = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toUpperCase(), v]));
    writeFileSync(join(dir, "h.json"), JSON.stringify(upper));
    writeFileSync(join(dir, "body.txt"), delivery.body);
    expect(await cli(args, env)).toEqual({ code: 0, out: "valid" });
    if (provider === "mercadopago") {
      // Mercado Pago signs the notification's data.id (and request id, ts), not the body.
      const i = args.indexOf("--data-id") + 1;
      args[i] = `${args[i]}0`;
    } else writeFileSync(join(dir, "body.txt"), oneByte(delivery.body));
    const bad = await cli(args, env);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^invalid: /);
  });
});

describe("PayPal deliveries for another webhook id", () => {
  it("are rejected: the webhook id is part of the signed string", async () => {
    const other = await control(stack, "paypal").post("/paypal/webhooks", {
      url: `${stack.workerUrl}/webhooks/paypal?listener=other`,
    });
    expect(other.status).toBe(201);
    const { delivery } = await paidDelivery("paypal");
    await settle(stack);
    const foreign = (await deliveries(stack, "paypal")).filter(
      (d) => d.url.includes("listener=other") && d.body === delivery.body,
    );
    expect(foreign.length).toBe(1);
    expect(foreign[0]?.attempts.every((a) => a.status === 401)).toBe(true);
  });
});

/** One ASCII byte in the middle of the body, changed. */
function oneByte(body: string): string {
  const i = Math.floor(body.length / 2);
  return body.slice(0, i) + (body[i] === "a" ? "b" : "a") + body.slice(i + 1);
}

/** Runs the CLI asynchronously: the emulators serving its cert fetch live in this process. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [tsx, join(ROOT, "scripts/webhook-verify.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out: out.trim() })));
}

/** The emulator's Binance certPublic, fetched with a signed call as the Worker does. */
async function binancePublicKey(): Promise<string> {
  const { apiKey, apiSecret } = stack.emulators.credentials.binance;
  const body = "{}";
  const ts = String(Date.now());
  const nonce = randomBytes(16).toString("hex").replace(/[0-9]/g, "a").slice(0, 32);
  const sig = createHmac("sha512", apiSecret).update(`${ts}\n${nonce}\n${body}\n`).digest("hex").toUpperCase();
  const res = await http(`${stack.emulators.urls.binance}/binancepay/openapi/certificates`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "BinancePay-Timestamp": ts,
      "BinancePay-Nonce": nonce,
      "BinancePay-Certificate-SN": apiKey,
      "BinancePay-Signature": sig,
    },
  });
  return res.body.data[0].certPublic;
}
