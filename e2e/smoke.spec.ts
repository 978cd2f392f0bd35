import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExtensionBrowser, launchExtension } from "./fixtures";

let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
});

describe("extension smoke", () => {
  it("runs its service worker with the manifest's permissions", async () => {
    const manifest = await browser.serviceWorker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.name).toBe("LeadsCalendar");
    expect(manifest.permissions).toEqual(["identity", "storage", "alarms", "notifications", "contextMenus"]);
    // A keyboard shortcut opens the popup (the _execute_action command needs no permission).
    expect(manifest.commands?._execute_action?.suggested_key).toEqual({
      default: "Ctrl+Shift+L",
      mac: "Command+Shift+L",
    });
    // A production build carries no fixed key (only local demo/E2E builds do).
    expect((manifest as { key?: string }).key).toBeUndefined();
  });

  it("renders the popup shell with the empty state", async () => {
    const page = await browser.openPage("popup.html");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("LeadsCalendar");
    await page.getByRole("heading", { name: "No bookings yet" }).waitFor();
    expect(await page.getByText("held as tentative").count()).toBe(1);
  });
});
