import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { HealthResponse } from "../../utils/api/contract";
// Registers the booking page's "checkout paid" listener (creates the host's calendar event).
import "./booking/events";
import { getConfig } from "./config";
import type { Env } from "./env";
import { ApiError, errorBody } from "./errors";
import { deliverAfterCommit } from "./host-webhooks/kick";
import { ProviderError } from "./providers/http";
import { admin } from "./routes/admin";
import { adminAttendance } from "./routes/admin-attendance";
import { adminGoogle } from "./routes/admin-google";
import { adminWebhooks } from "./routes/admin-webhooks";
import { apiCalendar } from "./routes/api-calendar";
import { book } from "./routes/book";
import { bookIcs } from "./routes/book-ics";
import { createBookPage } from "./routes/book-page";
import { checkouts } from "./routes/checkouts";
import { manageApi, managePage } from "./routes/manage";
import { payApi, payPage } from "./routes/pay";
import { webhooks } from "./routes/webhooks";

/** Largest request body accepted anywhere (webhooks included). */
export const MAX_BODY_BYTES = 64 * 1024;

/** The Hono application with every route; `index.ts` wires it to the Worker handlers. */
export function createApp() {
  const app = new Hono<{ Bindings: Env }>();

  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, "payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );
  // Only the configured extensions may call the checkout and admin APIs from a browser context.
  const extensionsOnly = cors({
    origin: (origin, c) => {
      const ids = getConfig(c.env as Env).extensionIds;
      return ids.some((id) => origin === `chrome-extension://${id}`) ? origin : null;
    },
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["authorization", "content-type"],
    maxAge: 600,
  });
  app.use("/v1/checkouts/*", extensionsOnly);
  app.use("/v1/admin/*", extensionsOnly);
  // Booking events queued by a request go out right after it answers (host webhooks).
  app.use("*", deliverAfterCommit);

  app.get("/healthz", (c) => {
    const config = getConfig(c.env);
    const body: HealthResponse = {
      ok: true,
      providers: { paypal: !!config.paypal, binance: !!config.binance, mercadopago: !!config.mercadopago },
      problems: config.problems,
      limits: { minHoldMinutes: config.minHoldMinutes, maxHoldHours: config.maxHoldHours },
    };
    return c.json(body);
  });
  app.route("/v1/checkouts", checkouts);
  app.route("/v1/pay", payApi);
  app.route("/pay", payPage);
  app.route("/book", createBookPage(app));
  app.route("/webhooks", webhooks);
  app.route("/admin/google", adminGoogle);
  app.route("/v1/admin/webhook", adminWebhooks);
  app.route("/v1/admin", admin);
  app.route("/v1/admin", adminAttendance);
  app.route("/v1/book", book);
  app.route("/v1/pay", bookIcs);
  app.route("/api/calendar", apiCalendar);
  app.route("/v1/manage", manageApi);
  app.route("/manage", managePage);

  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));

  // The only error handler: known errors keep their status; anything else is a 500 whose
  // details stay in the logs (never secrets, never stack traces in the response).
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status);
    if (err instanceof ProviderError) {
      console.error("provider call failed", err.provider, err.status, err.code);
      return c.json(errorBody("provider_error", `${err.provider} did not answer as expected. Please try again.`), 502);
    }
    console.error("unhandled error", err instanceof Error ? err.message : String(err));
    return c.json(errorBody("internal", "Something went wrong on our side. Please try again."), 500);
  });

  return app;
}
