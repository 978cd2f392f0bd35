import { createApp } from "./app";
import { runCron } from "./cron";
import type { Env } from "./env";

const app = createApp();

export default {
  fetch: app.fetch,
  // Awaited, not waitUntil: the run counts as finished only when the pass did (wrangler's
  // /__scheduled answers after it, which is what the round trips wait on).
  async scheduled(_controller, env, _ctx) {
    const report = await runCron(env);
    console.log("cron", JSON.stringify(report));
  },
} satisfies ExportedHandler<Env>;
