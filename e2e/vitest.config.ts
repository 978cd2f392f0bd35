import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Playwright specs driving the built extension in Debian Chromium. One file at a time:
// each launches its own browser, and the machine has two cores.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["e2e/**/*.spec.ts"],
    environment: "node",
    globalSetup: ["e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
