import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Round trips that need the emulators' webhooks to reach the Worker: Node-side, against
// `wrangler dev` started by scripts/stack.ts. One stack per file, so files run one at a time.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["roundtrip/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
