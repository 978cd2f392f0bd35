import { signIn } from "../scripts/journey.ts";
import { LOCAL_EXTENSION_DIR, LOCAL_EXTENSION_ID } from "../scripts/local-extension.ts";
import { type Stack, type StackOptions, startStack } from "../scripts/stack.ts";
import { type ExtensionBrowser, launchExtension } from "./fixtures.ts";
import { E2E_EMULATOR_PORT, E2E_WORKER_PORT } from "./global-setup.ts";

/** One spec file's world: the stack on the E2E ports and Chromium with the emulated build. */
export interface E2E {
  stack: Stack;
  browser: ExtensionBrowser;
  /** The signed-in Google account ("" when the spec signs in itself). */
  email: string;
}

/**
 * Starts the emulators and the Worker on the ports the E2E build was made for (the Worker port
 * can move when a spec puts something in front of it), loads the extension, and signs in unless
 * told not to. Stop it with {@link stopE2E}.
 */
export async function startE2E(
  opts: {
    signIn?: boolean;
    workerPort?: number;
    vars?: StackOptions["vars"];
    /** Extra environment for Chromium's processes (e.g. a clock shim). */
    browserEnv?: Record<string, string>;
  } = {},
): Promise<E2E> {
  const stack = await startStack({
    workerPort: opts.workerPort ?? E2E_WORKER_PORT,
    emulatorPort: E2E_EMULATOR_PORT,
    extensionIds: [LOCAL_EXTENSION_ID],
    quiet: true,
    vars: opts.vars,
  });
  const browser = await launchExtension({ extensionDir: LOCAL_EXTENSION_DIR, env: opts.browserEnv });
  let email = "";
  if (opts.signIn ?? true) {
    const popup = await browser.openPage("popup.html");
    email = await signIn(popup);
    await popup.close();
  }
  return { stack, browser, email };
}

/** Closes the browser, then the stack; safe on a half-started world. */
export async function stopE2E(e: Partial<E2E> | undefined): Promise<void> {
  await e?.browser?.close();
  await e?.stack?.stop();
}
