// Google's in-memory accounts, OAuth grants, calendars and events, plus the error envelope.
import type { Context } from "hono";
import type { Ctx } from "./types.ts";
import { randomFrom } from "./util.ts";

export const SCOPE_PREFIX = "https://www.googleapis.com/auth/";

/** Accepts `calendar.events` or the full URL; returns the full URL (openid/email/profile kept short). */
export function normalizeScope(s: string): string {
  if (s.startsWith("https://") || ["openid", "email", "profile"].includes(s)) return s;
  return SCOPE_PREFIX + s;
}

export interface GoogleAccount {
  email: string;
  name: string;
  sub: string;
}

export interface AccessToken {
  email: string;
  scopes: string[];
  clientId: string;
  expiresAt: number;
}

export interface AuthCode {
  email: string;
  scopes: string[];
  clientId: string;
  redirectUri: string;
  challenge: string | null;
  method: "S256" | "plain" | null;
  offline: boolean;
  expiresAt: number;
}

/** An event as stored: the resource body plus bookkeeping for ETags and sync tokens. */
export interface StoredEvent {
  data: Record<string, unknown>;
  /** Global change sequence number of the last write (sync tokens compare against it). */
  seq: number;
  /**
   * Emulated time at which a Meet conference reported `pending` gets its link (Google creates
   * some conferences after answering the insert); unset when nothing is pending.
   */
  meetReadyAt?: number;
}

export interface Calendar {
  id: string;
  summary: string;
  timeZone: string;
  owner: string;
  events: Map<string, StoredEvent>;
}

export interface GoogleState {
  accounts: GoogleAccount[];
  codes: Map<string, AuthCode>;
  access: Map<string, AccessToken>;
  refresh: Map<string, Omit<AccessToken, "expiresAt">>;
  calendars: Map<string, Calendar>;
  seq: number;
  /** Sync tokens handed out (token → seq); unknown tokens get 410. */
  syncTokens: Map<string, number>;
  /** Invitation emails Google would have sent (`sendUpdates`), newest last. */
  mail: SentMail[];
}

/** An email Calendar sends to an attendee when a write asks for `sendUpdates`. */
export interface SentMail {
  to: string;
  from: string;
  eventId: string;
  calendarId: string;
  kind: "invitation" | "update" | "cancellation";
  sendUpdates: "all" | "externalOnly";
  at: string;
}

export const DEFAULT_ACCOUNTS: GoogleAccount[] = [
  { email: "alice@example.com", name: "Alice Example", sub: "100000000000000000001" },
  { email: "bob@example.com", name: "Bob Example", sub: "100000000000000000002" },
];

export const createGoogleState = (): GoogleState => ({
  accounts: DEFAULT_ACCOUNTS.map((a) => ({ ...a })),
  codes: new Map(),
  access: new Map(),
  refresh: new Map(),
  calendars: new Map(),
  seq: 1,
  syncTokens: new Map(),
  mail: [],
});

/** Finds or creates the account for `email` (any address works, as with a test Google account). */
export function account(st: GoogleState, email: string): GoogleAccount {
  let a = st.accounts.find((x) => x.email === email);
  if (!a) {
    a = { email, name: email.split("@")[0] ?? email, sub: `1${randomFrom("0123456789", 20)}` };
    st.accounts.push(a);
  }
  return a;
}

/** The user's primary calendar (id = email), created on first use. */
export function primaryCalendar(st: GoogleState, email: string): Calendar {
  let cal = st.calendars.get(email);
  if (!cal) {
    cal = { id: email, summary: email, timeZone: "UTC", owner: email, events: new Map() };
    st.calendars.set(email, cal);
  }
  return cal;
}

/** Issues an access token (the `ya29.` prefix mimics Google's). */
export function issueAccessToken(
  ctx: Ctx,
  st: GoogleState,
  grant: Omit<AccessToken, "expiresAt">,
): { token: string; expiresIn: number } {
  const token = `ya29.emu-${randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 100)}`;
  st.access.set(token, { ...grant, expiresAt: ctx.clock.now() + 3599_000 });
  account(st, grant.email);
  return { token, expiresIn: 3599 };
}

/** Google API error body `{error:{code, message, errors:[{domain, reason, message}], status}}`. */
export function googleErrorBody(
  code: number,
  reason?: string,
  message?: string,
  domain = "global",
): Record<string, unknown> {
  const defaults: Record<number, [string, string, string]> = {
    400: ["badRequest", "Bad Request", "INVALID_ARGUMENT"],
    401: ["authError", "Invalid Credentials", "UNAUTHENTICATED"],
    403: ["forbidden", "Forbidden", "PERMISSION_DENIED"],
    404: ["notFound", "Not Found", "NOT_FOUND"],
    409: ["duplicate", "The requested identifier already exists.", "ALREADY_EXISTS"],
    410: ["deleted", "Resource has been deleted", "FAILED_PRECONDITION"],
    412: ["conditionNotMet", "Precondition Failed", "FAILED_PRECONDITION"],
    429: ["rateLimitExceeded", "Rate Limit Exceeded", "RESOURCE_EXHAUSTED"],
    500: ["backendError", "Backend Error", "INTERNAL"],
    503: ["backendError", "Backend Error", "UNAVAILABLE"],
  };
  const [r, m, status] = defaults[code] ?? ["backendError", "Backend Error", "INTERNAL"];
  const rsn = reason ?? r;
  const dom =
    rsn === "rateLimitExceeded" || rsn === "userRateLimitExceeded" || rsn === "quotaExceeded" ? "usageLimits" : domain;
  const err: Record<string, unknown> = { domain: dom, reason: rsn, message: message ?? m };
  if (rsn === "authError") Object.assign(err, { locationType: "header", location: "Authorization" });
  if (rsn === "conditionNotMet") Object.assign(err, { locationType: "header", location: "If-Match" });
  return { error: { code, message: message ?? m, errors: [err], status } };
}

export function googleError(c: Context, code: number, reason?: string, message?: string): Response {
  return c.json(googleErrorBody(code, reason, message), code as 400);
}

/** 403 for a token lacking the scope (Google's `insufficientPermissions` shape). */
export function insufficientScope(c: Context): Response {
  return c.json(
    {
      error: {
        code: 403,
        message: "Request had insufficient authentication scopes.",
        errors: [{ message: "Insufficient Permission", domain: "global", reason: "insufficientPermissions" }],
        status: "PERMISSION_DENIED",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            domain: "googleapis.com",
            metadata: { service: "calendar-json.googleapis.com", method: "calendar.v3" },
          },
        ],
      },
    },
    403,
  );
}
