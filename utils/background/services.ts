import { browser } from "wxt/browser";
import { createGoogleAuth, detectGoogleChrome, type GoogleAuth, type IdentityApi } from "../google/auth";
import type { CalendarClient } from "../google/calendar-client";
import { createCalendarClient } from "../google/calendar-client";
import { buildConfig, effectiveWorkerUrl, getSettings } from "../settings";
import { createWorkerClient, type WorkerClient } from "../worker-client";

/** What the background's handlers use; tests pass stubs. */
export interface Services {
  auth: GoogleAuth;
  calendar: CalendarClient;
  /** A Worker client for the current settings (the URL can change on the options page). */
  worker(): Promise<WorkerClient>;
  openTab(url: string): Promise<void>;
  extensionId(): string;
}

/** The services as a getter, so tests stub them and nothing is built before first use. */
export type ServicesGetter = () => Services;

let cached: Services | null = null;

/**
 * The real services, built on first use (so merely registering handlers touches no browser API
 * that a test environment might lack).
 */
export function defaultServices(): Services {
  if (cached) return cached;
  const config = buildConfig();
  const auth = createGoogleAuth({
    config,
    identity: browser.identity as unknown as IdentityApi,
    isGoogleChrome: detectGoogleChrome(),
  });
  cached = {
    auth,
    calendar: createCalendarClient({
      baseUrl: config.googleApiUrl,
      getToken: () => auth.getToken(),
      invalidateToken: (t) => auth.invalidate(t),
    }),
    async worker() {
      return createWorkerClient(effectiveWorkerUrl(await getSettings()));
    },
    async openTab(url) {
      await browser.tabs.create({ url });
    },
    extensionId: () => browser.runtime.id,
  };
  return cached;
}
