import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Runs before every test file: the local D1 gets exactly the schema `wrangler d1 migrations apply` gives.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
