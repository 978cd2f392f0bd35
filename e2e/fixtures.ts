import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium, type Page, type Worker } from "playwright-core";

/** Where the Chrome MV3 build lands (`wxt build`). */
export const EXTENSION_DIR = resolve(import.meta.dirname, "../.output/chrome-mv3");

/** Chromium binary: `CHROME_PATH`, else Debian's package. Never a downloaded browser. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error("Chromium not found: install it (apt-get install -y chromium) or set CHROME_PATH");
  return found;
}

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

/** Launches Chromium with the built extension (flags from DEVELOPERS.md) and waits for its service worker. */
export async function launchExtension(options: { extensionDir?: string } = {}): Promise<ExtensionBrowser> {
  const dir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(dir, "manifest.json"))) throw new Error(`No built extension at ${dir}: run \`npm run build\``);
  const profile = mkdtempSync(join(tmpdir(), "lc-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: false, // --headless=new below; Playwright's own headless mode cannot load extensions
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
    ],
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
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
