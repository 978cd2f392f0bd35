import { createApp } from "./app";
import { runCron } from "./cron";
import type { Env } from "./env";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runCron(env).then((report) => console.log("cron", JSON.stringify(report))));
  },
} satisfies ExportedHandler<Env>;
