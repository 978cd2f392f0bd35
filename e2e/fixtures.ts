import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BrowserContext, Page, Worker } from "playwright-core";
import { findBrowser, launchWithExtension } from "../scripts/chromium.ts";

/** Where the Chrome MV3 build lands (`wxt build`). */
export const EXTENSION_DIR = resolve(import.meta.dirname, "../.output/chrome-mv3");

/** A Chromium with the extension loaded in a fresh profile. */
export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's background service worker. */
  serviceWorker: Worker;
  /** Opens an extension page such as `popup.html` in a new tab. */
  openPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** Launches headless Chromium with the built extension in a fresh profile and waits for its service worker. */
export async function launchExtension(
  options: { extensionDir?: string; env?: Record<string, string> } = {},
): Promise<ExtensionBrowser> {
  const dir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(dir, "manifest.json"))) throw new Error(`No built extension at ${dir}: run \`npm run build\``);
  const browser = findBrowser();
  if (!browser) throw new Error("Chromium not found: install it (apt-get install -y chromium) or set CHROME_PATH");
  const { context, profileDir } = await launchWithExtension({
    browser,
    extensionDir: dir,
    headless: true,
    viewport: { width: 1280, height: 800 },
    env: options.env,
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
