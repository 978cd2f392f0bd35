import { defineConfig } from "vitest/config";

// Emulator conformance tests: plain Node, real sockets on free ports picked at run time.
export default defineConfig({
  test: {
    environment: "node",
    include: ["emulators/test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
