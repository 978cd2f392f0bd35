import { createApp } from "./app";
import { runCron } from "./cron";
import type { Env } from "./env";

const app = createApp();

export default {
  fetch: app.fetch,
  // Awaited, not handed to ctx.waitUntil: the event then ends only when the pass has, so whoever
  // triggered it (wrangler's /__scheduled, a test) sees its effects as soon as it answers.
  async scheduled(_controller, env, _ctx) {
    const report = await runCron(env);
    console.log("cron", JSON.stringify(report));
  },
} satisfies ExportedHandler<Env>;
