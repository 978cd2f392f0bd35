import { defaultServices } from "../background/services";
import { effectiveWorkerUrl, getSettings } from "../settings";
import { type AdminClient, createAdminClient } from "./admin-client";

let factory: () => Promise<AdminClient> = async () => {
  const s = defaultServices();
  return createAdminClient({
    baseUrl: effectiveWorkerUrl(await getSettings()),
    getToken: () => s.auth.getToken(),
    invalidateToken: (token) => s.auth.invalidate(token),
  });
};

/**
 * The admin client for the current settings, with the extension's Google sign-in (the same token
 * cache the background uses: session storage, shared by every extension page).
 */
export const adminClient = (): Promise<AdminClient> => factory();

/** Replaces how the client is made (tests). */
export function setAdminClientFactory(make: () => Promise<AdminClient>): void {
  factory = make;
}
