// Finding and launching a Chromium that can load an unpacked extension: shared by the demo, the
// E2E fixtures and the benchmarks. Never downloads a browser.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Where Chromium usually lives; `CHROME_PATH` wins. Branded Google Chrome comes last, with a warning. */
const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "C:\\Program Files\\Chromium\\Application\\chrome.exe",
];
const BRANDED = [
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
];

/** A browser binary and whether it is branded Google Chrome (139+ ignores `--load-extension`). */
export interface FoundBrowser {
  path: string;
  branded: boolean;
}

/** `CHROME_PATH`, else the usual Chromium locations, else Google Chrome; null when nothing is installed. */
export function findBrowser(env = process.env): FoundBrowser | null {
  if (env.CHROME_PATH) return { path: env.CHROME_PATH, branded: /google[- ]chrome/i.test(env.CHROME_PATH) };
  const chromiumPath = CANDIDATES.find((p) => existsSync(p));
  if (chromiumPath) return { path: chromiumPath, branded: false };
  const chromePath = BRANDED.find((p) => existsSync(p));
  return chromePath ? { path: chromePath, branded: true } : null;
}

/** True when a window can be shown: a display on Linux, always on macOS and Windows. */
export function hasDisplay(env = process.env): boolean {
  if (process.platform !== "linux") return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

const definedEnv = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** Launches the browser with only our extension loaded, in a fresh profile. */
export async function launchWithExtension(opts: {
  browser: FoundBrowser;
  extensionDir: string;
  headless: boolean;
  /** Fixed page size (tests, screenshots); the window's own size when omitted. */
  viewport?: { width: number; height: number };
  /** Extra environment for the browser's processes (a test's clock shim); ours is inherited. */
  env?: Record<string, string>;
}): Promise<{ context: BrowserContext; profileDir: string }> {
  const profileDir = mkdtempSync(join(tmpdir(), "leadscalendar-demo-profile-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: opts.browser.path,
    headless: false, // headless goes through --headless=new: Playwright's own mode can't load extensions
    viewport: opts.viewport ?? null,
    ...(opts.env ? { env: { ...definedEnv(process.env), ...opts.env } } : {}),
    // The caller owns shutdown (the demo stops the Worker and emulators too): Playwright's own
    // signal handlers would kill the browser and exit the process mid-cleanup.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      ...(opts.headless ? ["--headless=new"] : []),
      // Chromium's sandbox refuses to start as root (containers, CI); a desktop user keeps it.
      ...(process.getuid?.() === 0 || process.env.CI ? ["--no-sandbox"] : []),
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--disable-extensions-except=${opts.extensionDir}`,
      `--load-extension=${opts.extensionDir}`,
    ],
  });
  return { context, profileDir };
}
