import type { MessageKey } from "../message-key";
/**
 * Google API failures sorted into the classes of docs/providers.md "Google", each with what the client does
 * about it (retry, resync, re-auth) and which message tells the user what to do.
 */
export type GoogleErrorKind =
  | "invalid" // 400: bad or missing fields
  | "auth" // 401: token expired or revoked
  | "forbidden" // 403 without a rate-limit reason: no permission on that calendar
  | "rate_limit" // 403 usageLimits reasons, or 429
  | "not_found" // 404
  | "conflict" // 409 duplicate id
  | "gone" // 410: sync token expired, full resync needed
  | "precondition" // 412: If-Match etag mismatch
  | "server" // 5xx
  | "network"; // fetch itself failed

const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"]);

/** An error from a Google API call, classified. */
export class GoogleApiError extends Error {
  constructor(
    readonly kind: GoogleErrorKind,
    readonly status: number,
    /** The first `errors[].reason` Google gave, when any. */
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "GoogleApiError";
  }

  /** Worth retrying with backoff: the same request can succeed later. */
  get retryable(): boolean {
    return this.kind === "rate_limit" || this.kind === "server" || this.kind === "network";
  }

  /** i18n key of the message telling the user what to do. */
  get messageKey(): MessageKey {
    return googleErrorMessageKey(this.kind);
  }
}

/** i18n key for each error class (all present in every `_locales/<lang>/messages.json`). */
export function googleErrorMessageKey(kind: GoogleErrorKind): MessageKey {
  return `gerr_${kind}`;
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; errors?: { domain?: string; reason?: string }[]; status?: string };
}

/** Classifies an HTTP status plus Google's error body (parsed JSON or anything else). */
export function classifyGoogleError(status: number, body: unknown): GoogleApiError {
  const err = (body as GoogleErrorBody | null)?.error;
  const reasons = (err?.errors ?? []).map((e) => e.reason ?? "");
  const reason = reasons[0] || undefined;
  const message = err?.message || `HTTP ${status}`;
  let kind: GoogleErrorKind;
  if (status === 400) kind = "invalid";
  else if (status === 401) kind = "auth";
  else if (status === 403) kind = reasons.some((r) => RATE_LIMIT_REASONS.has(r)) ? "rate_limit" : "forbidden";
  else if (status === 404) kind = "not_found";
  else if (status === 409) kind = "conflict";
  else if (status === 410) kind = "gone";
  else if (status === 412) kind = "precondition";
  else if (status === 429) kind = "rate_limit";
  else if (status >= 500) kind = "server";
  else kind = "invalid";
  return new GoogleApiError(kind, status, reason, message);
}

/**
 * Delay before retry number `attempt` (0-based): exponential from `baseMs`, capped, with full
 * jitter so many clients backing off together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, random: () => number, baseMs = 500, capMs = 16_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}
