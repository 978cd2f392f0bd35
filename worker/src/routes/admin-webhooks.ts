import { Hono } from "hono";
import {
  type HostDeliveriesPage,
  type HostDelivery,
  HostWebhookSettings,
  type HostWebhookView,
  WEBHOOK_URL_PROBLEMS,
  webhookUrlIssue,
} from "../../../utils/api/host-webhooks";
import type { BookingConfig } from "../booking/config";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { requireAdmin } from "../google/admin-auth";
import { type HostEventRow, replayEvent } from "../host-webhooks/delivery";
import { deliverAfterResponse } from "../host-webhooks/kick";
import { newSigningSecret } from "../host-webhooks/sign";
import { clearHostWebhook, getHostWebhook, saveHostWebhook } from "../host-webhooks/store";
import { type Ctx, cfg, invalidField, parseBody } from "../http";

/**
 * The host's webhook settings and deliveries (`/v1/admin/webhook*`; docs/architecture.md "Host
 * webhooks"). Same Bearer as the rest of `/v1/admin`: a Google access token of ADMIN_EMAIL.
 */
export const adminWebhooks = new Hono<{ Bindings: Env }>();

async function host(c: Ctx): Promise<BookingConfig> {
  const b = cfg(c).booking;
  if (!b) throw new ApiError(404, "not_found", "This server has no host configuration (ADMIN_EMAIL).");
  await requireAdmin(b, c.req.header("authorization"));
  return b;
}

async function view(db: D1Database, secret?: string): Promise<HostWebhookView> {
  const row = await getHostWebhook(db);
  const out: HostWebhookView = { url: row?.url ?? null, updatedAt: row?.updated_at ?? null };
  if (secret !== undefined) out.secret = secret;
  return out;
}

adminWebhooks.get("/", async (c) => {
  await host(c);
  return c.json(await view(c.env.DB));
});

// Sets the URL. The first one comes with a new secret, shown in this answer only; a later change
// of URL keeps the secret (the receiver's check keeps working), rotation is its own call.
adminWebhooks.put("/", async (c) => {
  const b = await host(c);
  const { url } = await parseBody(c, HostWebhookSettings);
  const issue = webhookUrlIssue(url);
  if (issue) throw invalidField("url", WEBHOOK_URL_PROBLEMS[issue]);
  const secret = (await getHostWebhook(c.env.DB)) ? undefined : newSigningSecret();
  await saveHostWebhook(c.env.DB, b, url, secret);
  return c.json(await view(c.env.DB, secret));
});

adminWebhooks.delete("/", async (c) => {
  await host(c);
  await clearHostWebhook(c.env.DB);
  return c.json(await view(c.env.DB));
});

adminWebhooks.post("/secret", async (c) => {
  const b = await host(c);
  const row = await getHostWebhook(c.env.DB);
  if (!row) throw new ApiError(409, "no_webhook", "Set a webhook URL first; its secret comes with it.");
  const secret = newSigningSecret();
  await saveHostWebhook(c.env.DB, b, row.url, secret);
  return c.json(await view(c.env.DB, secret));
});

const toDelivery = (r: HostEventRow): HostDelivery => ({
  id: r.event_id,
  bookingId: r.booking_id,
  type: r.type,
  status: r.status,
  attempts: r.attempts,
  lastStatus: r.last_status,
  lastError: r.last_error,
  nextAttemptAt: r.status === "pending" ? r.next_attempt_at : null,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

adminWebhooks.get("/deliveries", async (c) => {
  await host(c);
  const limitText = c.req.query("limit") ?? "20";
  const cursorText = c.req.query("cursor");
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) throw invalidField("limit", "must be a whole number 1–100");
  if (cursorText !== undefined && !/^\d{1,15}$/.test(cursorText))
    throw invalidField("cursor", "must be the nextCursor of an earlier page");
  // Newest first; the cursor is the seq of the last row shown.
  const { results } = await c.env.DB.prepare("SELECT * FROM host_events WHERE seq < ? ORDER BY seq DESC LIMIT ?")
    .bind(cursorText === undefined ? Number.MAX_SAFE_INTEGER : Number(cursorText), limit + 1)
    .all<HostEventRow>();
  const page = results.slice(0, limit);
  const body: HostDeliveriesPage = {
    items: page.map(toDelivery),
    nextCursor: results.length > limit ? String(page.at(-1)?.seq) : null,
  };
  return c.json(body);
});

adminWebhooks.post("/deliveries/:id/replay", async (c) => {
  await host(c);
  if (!(await getHostWebhook(c.env.DB)))
    throw new ApiError(409, "no_webhook", "Set a webhook URL first: a replay goes to it.");
  const row = await replayEvent(c.env.DB, c.req.param("id"));
  if (!row) throw new ApiError(404, "not_found", "No delivery with this id.");
  // Sent right after this answer, like a new event (the cron would take up to a pass).
  deliverAfterResponse(c);
  return c.json(toDelivery(row));
});
