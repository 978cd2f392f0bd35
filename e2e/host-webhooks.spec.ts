import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_EMAIL } from "../scripts/book-host.ts";
import type { Stack } from "../scripts/stack.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// The host's Webhooks section of the options page against wrangler dev and a local receiver:
// set the URL, take the secret shown once, see a real delivery listed, replay it.
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let stack: Stack;
let browser: ExtensionBrowser;
let email = "";
let server: Server;
const got: { id: string; type: string; signature: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({
        id: String(req.headers["leadscalendar-event-id"]),
        type: String(req.headers["leadscalendar-event-type"]),
        signature: String(req.headers["leadscalendar-signature"]),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  ({ stack, browser, email } = await startE2E());
});
afterAll(async () => {
  await stopE2E({ stack, browser });
  await new Promise((r) => server?.close(r));
});

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => v.id);
  });
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} did not happen`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("options: webhooks", () => {
  it("the host sets a receiver, keeps the secret, sees the delivery and replays it", async () => {
    expect(email).toBe(HOST_EMAIL);
    const options = await browser.openPage("options.html");
    const url = options.getByLabel("Receiver URL");
    await url.fill("http://crm.example.com/hooks");
    expect(await options.getByText("The address must start with https://").count()).toBe(1);
    const receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    await url.fill(receiver);
    await options.getByRole("button", { name: "Save webhook" }).click();
    const box = options.getByRole("region", { name: "Signing secret — shown only now" });
    const secret = ((await box.locator("code").textContent()) ?? "").trim();
    expect(secret).toMatch(/^whsec_/);
    expect(await axeViolations(options)).toEqual([]);

    // A booking made through the Worker's API (as the popup does) is announced at once.
    const bookingId = randomUUID();
    const bookingSecret = randomBytes(32).toString("base64url");
    const start = new Date(Date.now() + 2 * 86400_000);
    const res = await fetch(`${stack.workerUrl}/v1/checkouts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        bookingId,
        secretHash: createHash("sha256").update(bookingSecret).digest("base64url"),
        summary: "Webhook e2e",
        start: start.toISOString(),
        end: new Date(start.getTime() + 1800_000).toISOString(),
        timeZone: "UTC",
        holdUntil: new Date(Date.now() + 3600_000).toISOString(),
      }),
    });
    expect(res.status).toBe(201);
    await until(() => got.some((g) => g.type === "booking.held"), "the held delivery");
    const first = got[0] as (typeof got)[number];
    const t = /t=(\d+)/.exec(first.signature)?.[1];
    expect(first.signature).toBe(
      `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${first.body}`).digest("hex")}`,
    );

    await options.getByRole("button", { name: "Refresh" }).click();
    const row = options.getByRole("row").filter({ hasText: "booking.held" });
    await row.getByText("Delivered").waitFor();
    expect(await row.getByRole("cell").nth(2).textContent()).toBe("1");
    await row.getByRole("button", { name: /^Replay: booking\.held/ }).click();
    await row.getByText("Pending").waitFor();
    await until(() => got.filter((g) => g.id === first.id).length === 2, "the replay");
    expect(got.filter((g) => g.id === first.id).map((g) => g.body)).toEqual([first.body, first.body]);

    // Dark mode: the section follows the system and stays axe-clean.
    await options.emulateMedia({ colorScheme: "dark" });
    expect(await axeViolations(options)).toEqual([]);
    // A reload never shows the secret again.
    await options.reload();
    await options.getByLabel("Receiver URL").waitFor();
    expect(await options.getByText(secret).count()).toBe(0);
    expect(await options.getByLabel("Receiver URL").inputValue()).toBe(receiver);
    await options.close();
  });
});
