import { Hono } from "hono";
import type { Env } from "./env";
import { ApiError, errorBody } from "./errors";

/** The Hono application with every route; `index.ts` wires it to the Worker handlers. */
export function createApp() {
  const app = new Hono<{ Bindings: Env }>();

  app.get("/healthz", (c) => c.json({ ok: true, providers: {} }));

  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));

  // The only error handler: known errors keep their status; anything else is a 500 whose
  // details stay in the logs (never secrets, never stack traces in the response).
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status);
    console.error("unhandled error", err instanceof Error ? err.message : String(err));
    return c.json(errorBody("internal", "Something went wrong on our side. Please try again."), 500);
  });

  return app;
}
