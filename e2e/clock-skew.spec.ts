import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingItem, createBooking, storedBooking, waitFor, waitForChip, workerCheckout } from "../scripts/journey.ts";
import type { Stack } from "../scripts/stack.ts";
import type { ExtensionBrowser } from "./fixtures.ts";
import { startE2E, stopE2E } from "./harness.ts";

// Holds end by the Worker's clock (docs/architecture.md), through real processes: this browser's clock runs 10 minutes fast (every
// Chromium process, chrome.alarms included, through e2e/fast-clock.c), the Worker's is right. The
// Worker clamps the hold to HOLD_SECONDS by its clock, so by the browser's clock that hold ended
// almost 10 minutes ago: a hold timed by the browser would be cancelled at once. It must end when
// the Worker's clock says, with the popup counting down meanwhile.
const AHEAD_SECONDS = 600;
const HOLD_SECONDS = 20;
/** utils/background/tracker/hold-clock.ts HOLD_SLACK_SEC (5 s) and one second of rounding. */
const END_SLACK_MS = 6000;
let stack: Stack;
let browser: ExtensionBrowser;
let shimDir = "";

beforeAll(async () => {
  shimDir = mkdtempSync(join(tmpdir(), "lc-fast-clock-"));
  const shim = join(shimDir, "fast-clock.so");
  try {
    execFileSync("cc", ["-shared", "-fPIC", "-O2", "-o", shim, join(import.meta.dirname, "fast-clock.c"), "-ldl"]);
  } catch (e) {
    throw new Error(`clock-skew.spec needs a C compiler (cc) to build its clock shim: ${e}`);
  }
  ({ stack, browser } = await startE2E({
    vars: { MAX_HOLD_HOURS: String(HOLD_SECONDS / 3600), MIN_HOLD_MINUTES: "0" },
    browserEnv: { LD_PRELOAD: shim, LC_CLOCK_AHEAD_SECONDS: String(AHEAD_SECONDS) },
  }));
});
afterAll(async () => {
  await stopE2E({ stack, browser });
  rmSync(shimDir, { recursive: true, force: true });
});

describe("a browser clock 10 minutes fast", () => {
  it("the hold ends by the Worker's clock: counted down in the popup, re-armed, expired only when the Worker says", async () => {
    const popup = await browser.openPage("popup.html");
    // The premise: pages and the service worker both see a clock 10 minutes ahead.
    const ahead = async (at: () => Promise<number>) => ((await at()) - Date.now()) / 1000;
    expect(await ahead(() => popup.evaluate(() => Date.now()))).toBeCloseTo(AHEAD_SECONDS, -1);
    expect(await ahead(() => browser.serviceWorker.evaluate(() => Date.now()))).toBeCloseTo(AHEAD_SECONDS, -1);

    const title = "Fast clock hold";
    const checkout = await createBooking(popup, {
      title,
      date: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
      start: "14:00",
      end: "14:30",
      timeZone: "UTC",
    });
    await checkout.close();
    await waitForChip(popup, title, "Awaiting payment");
    // By the browser's clock the Worker's hold end has passed, so the expiry alarm fires at once;
    // it asks the Worker first, which says "open, N seconds left", and the hold is re-armed by that.
    const b = await waitFor("the hold re-armed by the Worker's seconds left", async () => {
      const stored = await storedBooking(popup, title);
      return stored?.holdEndsAt && stored.holdUntil ? stored : undefined;
    });
    if (!b.holdUntil || !b.holdEndsAt) throw new Error("unreachable");
    expect(b.status).toBe("awaiting_payment");
    const workerEnd = Date.parse(b.holdUntil); // the Worker's clock
    expect((workerEnd - Date.now()) / 1000).toBeLessThanOrEqual(HOLD_SECONDS);
    // The extension's end is on its own clock: the Worker's seconds left, counted from its now.
    expect((Date.parse(b.holdEndsAt) - workerEnd) / 1000).toBeCloseTo(AHEAD_SECONDS, -1);
    const alarm = await popup.evaluate(
      async (id) => (await chrome.alarms.getAll()).find((a) => a.name === `lc-expire:${id}`),
      b.id,
    );
    expect(Math.abs((alarm?.scheduledTime ?? 0) - Date.parse(b.holdEndsAt))).toBeLessThan(2000);
    // The popup counts down instead of saying the hold ended.
    await bookingItem(popup, title).getByText("Held for 1 min more").waitFor();

    // Well inside the Worker's hold: nothing was cancelled early.
    await popup.waitForTimeout(Math.max(0, workerEnd - Date.now() - 8000));
    expect((await storedBooking(popup, title))?.status).toBe("awaiting_payment");
    expect((await workerCheckout(stack, b)).status).toBe("open");

    await waitForChip(popup, title, "Expired", (HOLD_SECONDS + 30) * 1000);
    // By the Worker's clock, not 10 minutes early: within the last seconds the extension counts as
    // over (HOLD_SLACK_SEC, 5 s, plus the Worker's whole-second rounding).
    expect(Date.now()).toBeGreaterThanOrEqual(workerEnd - END_SLACK_MS);
    expect(["expired", "cancelled"]).toContain((await workerCheckout(stack, b)).status);
    await popup.close();
  });
});
