/**
 * Host webhooks' admin API contract (docs/architecture.md "Host webhooks"): the
 * receiver URL the host sets, the signing secret shown once, and the delivery list. Shared by the
 * Worker (validation) and the options page.
 */
import * as v from "valibot";

/** Why a receiver URL is refused (the options page words each in the user's language). */
export type WebhookUrlIssue = "format" | "length" | "credentials" | "scheme";

/** The Worker's 400 words for each issue, after "url ". */
export const WEBHOOK_URL_PROBLEMS: Record<WebhookUrlIssue, string> = {
  format: "must be a full address such as https://example.com/hooks",
  length: "must have at most 2000 characters",
  credentials: "must not contain a user name or password",
  scheme: "must start with https:// (http:// only for 127.0.0.1 or localhost)",
};

/** What is wrong with a receiver URL, or null: https, or http to this machine (development). */
export function webhookUrlIssue(url: string): WebhookUrlIssue | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "format";
  }
  if (url.length > 2000) return "length";
  if (u.username || u.password) return "credentials";
  const local = u.hostname === "127.0.0.1" || u.hostname === "localhost" || u.hostname === "[::1]";
  if (u.protocol === "https:" || (u.protocol === "http:" && local)) return null;
  return "scheme";
}

/** `PUT /v1/admin/webhook` body. */
export const HostWebhookSettings = v.object({ url: v.string() });
export type HostWebhookSettings = v.InferOutput<typeof HostWebhookSettings>;

/** `GET`/`PUT /v1/admin/webhook`, `POST /v1/admin/webhook/secret`. */
export interface HostWebhookView {
  /** null: no receiver, nothing is queued. */
  url: string | null;
  /** Only in the answer that generated it (first set, or rotation): it is never shown again. */
  secret?: string;
  updatedAt: string | null;
}

export type HostDeliveryStatus = "pending" | "delivered" | "failed";

/** One row of `GET /v1/admin/webhook/deliveries`. */
export interface HostDelivery {
  /** The event id, sent as `LeadsCalendar-Event-Id` (the same on every retry and replay). */
  id: string;
  bookingId: string;
  type: string;
  status: HostDeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  /** When the next attempt is due (pending only). */
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** `GET /v1/admin/webhook/deliveries?cursor=&limit=`: newest first; `nextCursor` pages further back. */
export interface HostDeliveriesPage {
  items: HostDelivery[];
  nextCursor: string | null;
}
