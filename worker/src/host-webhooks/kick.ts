// The first delivery try, right after the request whose batch queued an event has answered
// (`ctx.waitUntil`), so a healthy receiver hears of a booking within a second instead of at the
// next cron pass. Not durable: whatever it does not deliver, the cron does.
import type { Context, MiddlewareHandler } from "hono";
import { getConfig } from "../config";
import type { Env } from "../env";
import { deliverDue, PASS_LIMITS } from "./delivery";
import { eventGeneration } from "./outbox";

/** One bounded delivery pass after this request's response (a replay calls it directly). */
export function deliverAfterResponse(c: Context<{ Bindings: Env }>): void {
  let waitUntil: (p: Promise<unknown>) => void;
  try {
    const ctx = c.executionCtx;
    waitUntil = (p) => ctx.waitUntil(p);
  } catch {
    return; // No execution context (e.g. app.request in a test): the cron delivers.
  }
  const pass = deliverDue(c.env.DB, getConfig(c.env), PASS_LIMITS.kick).catch((err) =>
    console.error("host webhook delivery failed", err instanceof Error ? err.message : String(err)),
  );
  waitUntil(pass);
}

/** Hono middleware: after a request that made an outbox statement, {@link deliverAfterResponse}. */
export const deliverAfterCommit: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const before = eventGeneration();
  await next();
  if (eventGeneration() !== before) deliverAfterResponse(c);
};
