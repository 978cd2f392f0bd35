import type { HostDeliveriesPage, HostDelivery, HostWebhookView } from "../api/host-webhooks";
import { defaultServices } from "../background/services";
import { type AdminClientDeps, adminCaller } from "../booking-page/admin-client";
import { effectiveWorkerUrl, getSettings } from "../settings";

/** The host's webhook calls (`/v1/admin/webhook*`; docs/architecture.md "Host webhooks"). */
export function createHostWebhooksClient(deps: AdminClientDeps) {
  const call = adminCaller(deps);
  return {
    /** The receiver URL (never the secret). */
    get: () => call<HostWebhookView>("GET", "/v1/admin/webhook"),
    /** Sets the URL; the first one answers the new secret (shown once). 400 names `url`. */
    setUrl: (url: string) => call<HostWebhookView>("PUT", "/v1/admin/webhook", { url }),
    /** Removes the receiver (its pending deliveries are failed). */
    clear: () => call<HostWebhookView>("DELETE", "/v1/admin/webhook"),
    /** A new secret, in this answer only. */
    rotate: () => call<HostWebhookView>("POST", "/v1/admin/webhook/secret"),
    /** Deliveries, newest first; `cursor` = the previous page's nextCursor. */
    deliveries: (cursor?: string) =>
      call<HostDeliveriesPage>(
        "GET",
        `/v1/admin/webhook/deliveries?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      ),
    /** Sends one again (same event id). */
    replay: (id: string) => call<HostDelivery>("POST", `/v1/admin/webhook/deliveries/${encodeURIComponent(id)}/replay`),
  };
}

export type HostWebhooksClient = ReturnType<typeof createHostWebhooksClient>;

let factory: () => Promise<HostWebhooksClient> = async () => {
  const s = defaultServices();
  return createHostWebhooksClient({
    baseUrl: effectiveWorkerUrl(await getSettings()),
    getToken: () => s.auth.getToken(),
    invalidateToken: (token) => s.auth.invalidate(token),
  });
};

/** The client for the current settings and the extension's Google sign-in. */
export const hostWebhooksClient = (): Promise<HostWebhooksClient> => factory();

/** Replaces how the client is made (tests). */
export function setHostWebhooksClientFactory(make: () => Promise<HostWebhooksClient>): void {
  factory = make;
}
