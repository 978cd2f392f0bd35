import { GoogleApiError } from "../../google/errors";
import { WorkerApiError } from "../../worker-client";

// Which failures are worth waiting out: the offline queue keeps those, everything else is shown.
/** True when `e` means "no network" (so the action is queued for later rather than reported). */
export function isNetworkError(e: unknown): boolean {
  if (e instanceof WorkerApiError) return e.status === 0;
  if (e instanceof GoogleApiError) return e.kind === "network";
  return e instanceof TypeError && /fetch|network/i.test(e.message);
}

/** True when a failure is temporary: offline, rate-limited or a server error. */
export function isTransient(e: unknown): boolean {
  if (e instanceof WorkerApiError || e instanceof GoogleApiError) return e.retryable;
  return isNetworkError(e);
}

/** `navigator.onLine`, where it exists (the service worker has it; tests may not). */
export function browserOnline(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}
