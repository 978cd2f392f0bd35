/**
 * Build-time configuration of the extension, shared by `wxt.config.ts` (which derives the
 * manifest's host permissions from it) and by runtime code (through `import.meta.env`).
 * Every provider base URL is configurable so tests and the demo can point the extension at
 * local emulators; product code never knows which one it talks to.
 */
export interface BuildConfig {
  /** Origin of the LeadsCalendar Worker (checkout API + hosted checkout page). */
  workerUrl: string;
  /** Google API root; Calendar v3 lives under `/calendar/v3`. */
  googleApiUrl: string;
  /** Google OAuth 2.0 authorization endpoint (used by `identity.launchWebAuthFlow`). */
  googleAuthUrl: string;
  /** Google OAuth token endpoint; its origin also serves `/revoke`. */
  googleTokenUrl: string;
  /** OpenID Connect userinfo endpoint (the signed-in account's email). */
  googleUserinfoUrl: string;
  /** OAuth client id of a "Web application" client, for launchWebAuthFlow. Empty = not configured. */
  googleClientId: string;
  /** OAuth client id of a "Chrome extension" client, for getAuthToken in Google Chrome. Empty = unused. */
  googleChromeClientId: string;
}

/** Defaults: the real Google endpoints and a Worker on `wrangler dev`'s default port. */
export const DEFAULT_BUILD_CONFIG: BuildConfig = {
  workerUrl: "http://127.0.0.1:8787",
  googleApiUrl: "https://www.googleapis.com",
  googleAuthUrl: "https://accounts.google.com/o/oauth2/v2/auth",
  googleTokenUrl: "https://oauth2.googleapis.com/token",
  googleUserinfoUrl: "https://openidconnect.googleapis.com/v1/userinfo",
  googleClientId: "",
  googleChromeClientId: "",
};

/** Environment variable that sets each field (read from `.env`, `.env.local` or the shell). */
export const BUILD_ENV_KEYS: Record<keyof BuildConfig, string> = {
  workerUrl: "WXT_WORKER_URL",
  googleApiUrl: "WXT_GOOGLE_API_URL",
  googleAuthUrl: "WXT_GOOGLE_AUTH_URL",
  googleTokenUrl: "WXT_GOOGLE_TOKEN_URL",
  googleUserinfoUrl: "WXT_GOOGLE_USERINFO_URL",
  googleClientId: "WXT_GOOGLE_CLIENT_ID",
  googleChromeClientId: "WXT_GOOGLE_CHROME_CLIENT_ID",
};

/** Resolves the configuration from an env record, falling back to the defaults; strips trailing slashes. */
export function resolveBuildConfig(env: Record<string, string | undefined>): BuildConfig {
  const out = { ...DEFAULT_BUILD_CONFIG };
  for (const key of Object.keys(BUILD_ENV_KEYS) as (keyof BuildConfig)[]) {
    const value = env[BUILD_ENV_KEYS[key]]?.trim();
    if (value) out[key] = value.replace(/\/+$/, "");
  }
  return out;
}

/** `https://host:port/path` → `https://host/*`: Chrome match patterns cover every port of a host. */
export function toMatchPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

/** Host permissions the extension needs: the Google API hosts it calls with fetch, and the Worker. */
export function hostPermissions(config: BuildConfig): string[] {
  const urls = [config.googleApiUrl, config.googleTokenUrl, config.googleUserinfoUrl, config.workerUrl];
  return [...new Set(urls.map(toMatchPattern))];
}
