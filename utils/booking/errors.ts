import { AuthRequiredError, SignInCancelledError } from "../google/auth";
import { GoogleApiError } from "../google/errors";
import type { MessageKey } from "../message-key";
import { WorkerApiError } from "../worker-client";
import { InvalidTransitionError } from "./machine";

/** A request refused before anything was done; `code` is the i18n key of what to fix. */
export class RefusedError extends Error {
  constructor(readonly code: MessageKey) {
    super(code);
    this.name = "RefusedError";
  }
}

/**
 * Any failure → `{code, message}` for `Booking.error` and the UI: `code` is the i18n key of the
 * message telling the user what to do; `message` is the technical detail (shown smaller).
 */
export function describeError(e: unknown): { code: MessageKey; message: string } {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof SignInCancelledError) return { code: "errSignInCancelled", message };
  if (e instanceof AuthRequiredError) return { code: "errSignInRequired", message };
  if (e instanceof RefusedError) return { code: e.code, message };
  // The booking moved on (paid, cancelled…) between what the user saw and the request.
  if (e instanceof InvalidTransitionError) return { code: "errBookingChanged", message };
  if (e instanceof GoogleApiError) return { code: e.messageKey, message };
  if (e instanceof WorkerApiError) {
    if (e.status === 0) return { code: "werr_network", message };
    if (e.status === 409) return { code: "werr_conflict", message };
    if (e.status === 429 || e.status >= 500) return { code: "werr_server", message };
    if (e.status === 401 || e.status === 404) return { code: "werr_unknown_booking", message };
    return { code: "werr_invalid", message };
  }
  return { code: "errUnexpected", message };
}
