import { createApp } from "./app";
import type { Env } from "./env";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, _env, _ctx) {
    // Reconciliation of pending orders and hold expiry arrive with the Worker issue.
  },
} satisfies ExportedHandler<Env>;
