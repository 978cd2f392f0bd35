import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Worker tests run inside workerd with the real wrangler.jsonc bindings (local D1).
export default defineConfig(async () => {
  const migrations = await readD1Migrations(here("./migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: here("./wrangler.jsonc") },
        miniflare: { bindings: { TEST_MIGRATIONS: migrations } },
      }),
    ],
    test: {
      root: here("."),
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      globalSetup: ["./test/global-setup.ts"],
    },
  };
});
