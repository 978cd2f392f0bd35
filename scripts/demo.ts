// `npm run demo`: the whole product locally — emulators, the Worker under wrangler dev with a
// migrated local D1, and Chromium with the extension loaded on a welcome page. Ctrl-C stops all.
// `npm run demo -- --smoke` runs one paid booking unattended and exits 0/1 with a one-line result.
// Flags: --headless, --smoke, --verbose (Worker and emulator logs), --worker-port N (default 8787),
// --emulator-port N (default 8788).
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { findBrowser, hasDisplay, launchWithExtension } from "./chromium.ts";
import { welcomeHtml } from "./demo-welcome.ts";
import { buildLocalExtension, LOCAL_EXTENSION_ID } from "./local-extension.ts";
import { startStack } from "./stack.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: flags } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    headless: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    "worker-port": { type: "string", default: "8787" },
    "emulator-port": { type: "string", default: "8788" },
  },
});

function step(msg: string) {
  if (!flags.smoke) console.log(`• ${msg}`);
}

async function main(): Promise<number> {
  const browser = findBrowser();
  if (!browser) {
    console.error("No Chromium found. Install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROME_PATH.");
    return 1;
  }
  if (browser.branded) {
    console.warn(
      `Note: ${browser.path} is Google Chrome; Chrome 139+ ignores --load-extension. Use Chromium (CHROME_PATH), or load ` +
        ".output/chrome-mv3-emulated by hand at chrome://extensions (Developer mode → Load unpacked).",
    );
  }
  const headless = flags.headless || flags.smoke || !hasDisplay();

  step("building the checkout page");
  // --smoke prints one line: the build's own output is shown only when it fails.
  const checkout = spawnSync("npm", ["run", "-s", "build:checkout"], {
    cwd: ROOT,
    stdio: flags.smoke ? "pipe" : "inherit",
    encoding: "utf8",
  });
  if (checkout.status !== 0) {
    const output = flags.smoke ? `\n${checkout.stdout ?? ""}${checkout.stderr ?? ""}` : "";
    console.error(`${flags.smoke ? "smoke: FAILED while " : "Failed "}building the checkout page${output}`);
    return 1;
  }

  step("starting the provider emulators and the Worker (wrangler dev, local D1)");
  const stack = await startStack({
    workerPort: Number(flags["worker-port"]),
    emulatorPort: Number(flags["emulator-port"]),
    extensionIds: [LOCAL_EXTENSION_ID],
    autoApprove: flags.smoke,
    quiet: !flags.verbose,
  });
  let closing = false;
  const stopAll = async (profileDir?: string, close?: () => Promise<void>) => {
    if (closing) return;
    closing = true;
    await close?.().catch(() => {});
    await stack.stop();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    step("building the extension for the local stack");
    const extensionDir = buildLocalExtension({ workerUrl: stack.workerUrl, googleUrl: stack.emulators.urls.google });

    if (flags.smoke) {
      const { runSmoke } = await import("./demo-smoke.ts");
      const launched = await launchWithExtension({ browser, extensionDir, headless: true });
      try {
        return await runSmoke({ context: launched.context, stack, extensionId: LOCAL_EXTENSION_ID });
      } finally {
        await stopAll(launched.profileDir, () => launched.context.close());
      }
    }

    step(`launching ${headless ? "headless " : ""}Chromium with the extension`);
    const launched = await launchWithExtension({ browser, extensionDir, headless });
    const welcomePath = join(launched.profileDir, "welcome.html");
    writeFileSync(welcomePath, welcomeHtml({ stack, extensionId: LOCAL_EXTENSION_ID }));
    const page = launched.context.pages()[0] ?? (await launched.context.newPage());
    await page.goto(pathToFileURL(welcomePath).href);

    const { urls } = stack.emulators;
    console.log(`
LeadsCalendar demo is running.
  Welcome page   ${pathToFileURL(welcomePath).href}
  Popup          chrome-extension://${LOCAL_EXTENSION_ID}/popup.html   (toolbar icon or Ctrl+Shift+L)
  Options        chrome-extension://${LOCAL_EXTENSION_ID}/options.html
  Worker         ${stack.workerUrl}   (health: ${stack.workerUrl}/healthz)
  Google         ${urls.google}
  PayPal         ${urls.paypal}
  Binance Pay    ${urls.binance}
  Mercado Pago   ${urls.mercadopago}
  Emulator state ${urls.google}/__emulator/state
${headless ? "No display found, so Chromium runs headless; open the URLs above from a browser on this machine.\n" : ""}Press Ctrl-C to stop everything.`);

    await new Promise<void>((resolve) => {
      // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by the
      // tsx/npm wrappers), and a second SIGINT without a handler would kill it mid-cleanup.
      process.on("SIGINT", () => resolve());
      process.on("SIGTERM", () => resolve());
      launched.context.once("close", () => resolve());
    });
    console.log("\nStopping…");
    await stopAll(launched.profileDir, () => launched.context.close());
    console.log("Stopped: Chromium, the Worker and the emulators are down.");
    return 0;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(flags.smoke ? `smoke: FAILED — ${err instanceof Error ? err.message : err}` : err);
    process.exit(1);
  },
);
