import { defineConfig } from "vitest/config";
import { WxtVitest } from "wxt/testing/vitest-plugin";

// Figure 5's simulation runs the tracker under fakeBrowser like the unit tests do (same plugin and
// setup); it is a measurement, not a test, so it lives here and only `npm run bench` runs it.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: "happy-dom",
    include: ["bench/**/*.sim.ts"],
    setupFiles: ["tests/unit/setup.ts"],
    testTimeout: 120_000,
  },
});
