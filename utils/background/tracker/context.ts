import { GoogleApiError } from "../../google/errors";
import { WorkerApiError } from "../../worker-client";
import type { Services } from "../services";

/** How the tracker reaches Google, the Worker and tabs: the background's services, as a getter so tests stub them. */
export type ServicesGetter = () => Services;

// Several triggers can act on one booking at once (the checkout page's message and the poll both
// see "paid"); running them one after another per booking makes the second see the first's result.
const chains = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier {@link perBooking} call for the same booking has settled. */
export function perBooking<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(id) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const settled = run.catch(() => undefined);
  chains.set(id, settled);
  void settled.then(() => {
    if (chains.get(id) === settled) chains.delete(id);
  });
  return run;
}

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
