import { storage } from "wxt/utils/storage";
import type { BuildConfig } from "../build-config";
import { lazyItem } from "../lazy-item";

/** Scopes: write events, read the calendar list and free/busy, and know the account's email. */
export const GOOGLE_SCOPES = [
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.readonly",
  "openid",
  "email",
];

/** A cached access token. */
export interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token is not used any more. */
  expiresAt: number;
}

/**
 * The current access token. Session storage: in memory only, gone on browser restart, but it
 * survives the service worker being killed, so a woken worker does not re-run the auth flow.
 */
export const tokenItem = lazyItem(() =>
  storage.defineItem<CachedToken | null>("session:googleToken", { fallback: null, version: 1 }),
);

/** The signed-in Google account; null = signed out (then nothing renews a token silently). */
export const accountItem = lazyItem(() =>
  storage.defineItem<{ email: string } | null>("local:googleAccount", {
    fallback: null,
    version: 1,
  }),
);

/** No usable token without asking the user: the UI should offer "Sign in". */
export class AuthRequiredError extends Error {
  constructor(message = "Google sign-in required") {
    super(message);
    this.name = "AuthRequiredError";
  }
}

/** The parts of `browser.identity` used here (Chrome's `getAuthToken` family is optional). */
export interface IdentityApi {
  getRedirectURL(path?: string): string;
  launchWebAuthFlow(details: { url: string; interactive?: boolean }): Promise<string | undefined>;
  getAuthToken?(details: {
    interactive?: boolean;
    scopes?: string[];
  }): Promise<{ token?: string } | string | undefined>;
  removeCachedAuthToken?(details: { token: string }): Promise<void>;
}

export interface AuthDeps {
  config: Pick<
    BuildConfig,
    "googleAuthUrl" | "googleTokenUrl" | "googleUserinfoUrl" | "googleClientId" | "googleChromeClientId"
  >;
  identity: IdentityApi;
  fetch?: typeof fetch;
  now?: () => number;
  /** True in Google Chrome (where getAuthToken works); Chromium and others use launchWebAuthFlow. */
  isGoogleChrome?: boolean;
  randomState?: () => string;
}

/** The user closed or declined Google's sign-in window: nothing is wrong, they chose not to. */
export class SignInCancelledError extends Error {
  constructor(message = "sign-in cancelled") {
    super(message);
    this.name = "SignInCancelledError";
  }
}

// Chrome rejects an interactive flow the user closed with "The user did not approve access."
// (Chromium's launchWebAuthFlow and getAuthToken alike).
function asCancelled(e: unknown): unknown {
  const message = e instanceof Error ? e.message : String(e);
  return /did not approve|cancel|closed/i.test(message) ? new SignInCancelledError(message) : e;
}

/** Tokens are used until this long before they expire, so a call in flight does not outlive one. */
const EXPIRY_MARGIN_MS = 60_000;
/** getAuthToken does not report the lifetime; Google's tokens last an hour, Chrome refreshes earlier. */
const GET_AUTH_TOKEN_TTL_MS = 50 * 60_000;

/** True when the browser identifies itself as Google Chrome (not Chromium, Edge, Brave …). */
export function detectGoogleChrome(): boolean {
  const brands = (navigator as Navigator & { userAgentData?: { brands?: { brand: string }[] } }).userAgentData?.brands;
  return !!brands?.some((b) => b.brand === "Google Chrome");
}

/** Reads `#access_token=…&expires_in=…&state=…` (or `?error=…`) from the flow's final URL. */
export function parseRedirect(redirect: string, expectedState: string, now: number): CachedToken {
  const url = new URL(redirect);
  const params = new URLSearchParams(url.hash.replace(/^#/, "") || url.search.replace(/^\?/, ""));
  const error = params.get("error");
  if (error === "access_denied") throw new SignInCancelledError(error);
  if (error)
    throw error === "interaction_required" || error === "login_required" || error === "consent_required"
      ? new AuthRequiredError(error)
      : new Error(`Google sign-in failed: ${error}`);
  if (params.get("state") !== expectedState) throw new Error("Google sign-in failed: state mismatch");
  const accessToken = params.get("access_token");
  if (!accessToken) throw new Error("Google sign-in failed: no access token");
  const expiresIn = Number(params.get("expires_in") ?? "3600");
  return { accessToken, expiresAt: now + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000 };
}

/**
 * Google sign-in for the background: getAuthToken in Google Chrome when a Chrome-extension
 * client is configured, the implicit flow through launchWebAuthFlow everywhere else, silent
 * renewal (interactive:false, prompt=none) while signed in, and a token cache with expiry.
 */
export function createGoogleAuth(deps: AuthDeps) {
  const doFetch = deps.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const now = deps.now ?? Date.now;
  const randomState = deps.randomState ?? (() => crypto.randomUUID());
  const useGetAuthToken = !!deps.config.googleChromeClientId && !!deps.isGoogleChrome && !!deps.identity.getAuthToken;
  let inFlight: Promise<string> | null = null;

  async function viaGetAuthToken(interactive: boolean): Promise<CachedToken> {
    const r = await deps.identity.getAuthToken?.({ interactive, scopes: GOOGLE_SCOPES }).catch((e: unknown) => {
      throw interactive ? asCancelled(e) : new AuthRequiredError(e instanceof Error ? e.message : String(e));
    });
    const token = typeof r === "string" ? r : r?.token;
    if (!token) throw new AuthRequiredError();
    return { accessToken: token, expiresAt: now() + GET_AUTH_TOKEN_TTL_MS };
  }

  async function viaWebAuthFlow(interactive: boolean, loginHint?: string): Promise<CachedToken> {
    if (!deps.config.googleClientId) throw new Error("No Google OAuth client id configured (WXT_GOOGLE_CLIENT_ID)");
    const state = randomState();
    const url = new URL(deps.config.googleAuthUrl);
    const params = {
      client_id: deps.config.googleClientId,
      redirect_uri: deps.identity.getRedirectURL(),
      response_type: "token",
      scope: GOOGLE_SCOPES.join(" "),
      state,
      include_granted_scopes: "true",
      ...(interactive ? { prompt: "select_account" } : { prompt: "none" }),
      ...(loginHint ? { login_hint: loginHint } : {}),
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    let redirect: string | undefined;
    try {
      redirect = await deps.identity.launchWebAuthFlow({ url: url.toString(), interactive });
    } catch (e) {
      // Non-interactive flows fail whenever Google would need to show a page.
      if (!interactive) throw new AuthRequiredError(e instanceof Error ? e.message : String(e));
      throw asCancelled(e);
    }
    if (!redirect) throw new SignInCancelledError("no redirect");
    return parseRedirect(redirect, state, now());
  }

  async function fresh(interactive: boolean): Promise<string> {
    const account = await accountItem.getValue();
    if (!interactive && !account) throw new AuthRequiredError();
    const token = useGetAuthToken
      ? await viaGetAuthToken(interactive)
      : await viaWebAuthFlow(interactive, account?.email);
    await tokenItem.setValue(token);
    return token.accessToken;
  }

  const auth = {
    /** Whether this build/browser uses getAuthToken (else launchWebAuthFlow). */
    usesGetAuthToken: useGetAuthToken,

    /** A valid access token: the cached one, else a silent renewal, else (if allowed) a prompt. */
    async getToken(opts: { interactive?: boolean } = {}): Promise<string> {
      const cached = await tokenItem.getValue();
      if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > now()) return cached.accessToken;
      if (opts.interactive) return fresh(true);
      inFlight ??= fresh(false).finally(() => {
        inFlight = null;
      });
      return inFlight;
    },

    /** Forgets a token Google rejected (401), here and in Chrome's own cache. */
    async invalidate(token: string): Promise<void> {
      const cached = await tokenItem.getValue();
      if (cached?.accessToken === token) await tokenItem.setValue(null);
      if (useGetAuthToken) await deps.identity.removeCachedAuthToken?.({ token }).catch(() => {});
    },

    /** Interactive sign-in; stores and returns the account's email. */
    async signIn(): Promise<{ email: string }> {
      await tokenItem.setValue(null);
      const token = await fresh(true);
      const email = await auth.fetchEmail(token);
      const account = { email };
      await accountItem.setValue(account);
      return account;
    },

    /** The account's email from the OpenID Connect userinfo endpoint. */
    async fetchEmail(token: string): Promise<string> {
      const res = await doFetch(deps.config.googleUserinfoUrl, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`userinfo failed: HTTP ${res.status}`);
      const body = (await res.json()) as { email?: string };
      if (!body.email) throw new Error("userinfo has no email (is the email scope granted?)");
      return body.email;
    },

    /** Revokes the token at Google (best effort: a dead network must not keep the user signed in) and clears everything. */
    async signOut(): Promise<void> {
      const cached = await tokenItem.getValue();
      await tokenItem.setValue(null);
      await accountItem.setValue(null);
      if (!cached) return;
      const revokeUrl = `${new URL(deps.config.googleTokenUrl).origin}/revoke`;
      await doFetch(revokeUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: cached.accessToken }).toString(),
      }).catch(() => undefined);
      if (useGetAuthToken) await deps.identity.removeCachedAuthToken?.({ token: cached.accessToken }).catch(() => {});
    },
  };
  return auth;
}

export type GoogleAuth = ReturnType<typeof createGoogleAuth>;
