// Builds the extension for the emulated stack once per E2E run: fixed ports (Worker 9787, emulators
// 9788–9791) are baked in at build time, and the fixed manifest key gives a known extension id.
// The production build in .output/chrome-mv3 (used by the smoke spec) is left alone.
import { buildLocalExtension } from "../scripts/local-extension.ts";

/** Ports of the E2E stack; must match what booking.spec.ts starts. */
export const E2E_WORKER_PORT = 9787;
export const E2E_EMULATOR_PORT = 9788;

export default function setup(): void {
  buildLocalExtension({
    workerUrl: `http://127.0.0.1:${E2E_WORKER_PORT}`,
    googleUrl: `http://127.0.0.1:${E2E_EMULATOR_PORT}`,
  });
}
