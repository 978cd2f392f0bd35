// Google's OAuth endpoints as the Worker uses them for the host (docs/providers.md "Google,
// server side"): the authorization-code flow with PKCE, refresh-token grants, userinfo.
import type * as v from "valibot";
import type { BookingConfig } from "../booking/config";
import { fetchJson, ProviderError } from "../providers/http";
import { toBase64Url, utf8 } from "../verify/encoding";
import { TokenResponse, Userinfo } from "./schemas";

/** What the Worker asks for: its own events, free/busy and calendar reads, and who the account is. */
export const HOST_SCOPES = [
  "openid",
  "email",
  "profile",
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.readonly",
];

/** The token endpoint said the refresh token is dead (revoked, expired, password changed). */
export class InvalidGrant extends Error {}

/** A PKCE verifier (43 chars) and its S256 challenge. */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest("SHA-256", utf8(verifier));
  return { verifier, challenge: toBase64Url(new Uint8Array(digest)) };
}

/**
 * The consent URL: `access_type=offline` and `prompt=consent` because Google returns a refresh
 * token only then; `login_hint` preselects the host's account.
 */
export function authorizeUrl(b: BookingConfig, state: string, challenge: string): string {
  const u = new URL(b.google.authUrl);
  const params: Record<string, string> = {
    client_id: b.clientId,
    redirect_uri: b.redirectUri,
    response_type: "code",
    scope: HOST_SCOPES.join(" "),
    access_type: "offline",
    prompt: "consent",
    include_granted_scopes: "true",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
    login_hint: b.adminEmail,
  };
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

type Tokens = v.InferOutput<typeof TokenResponse>;

const errorCode = (body: unknown) =>
  String((body as { error?: unknown } | null)?.error ?? "error").slice(0, 40) || "error";

async function tokenCall(b: BookingConfig, form: Record<string, string>): Promise<Tokens> {
  try {
    const { body } = await fetchJson(
      "google",
      b.google.tokenUrl,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: b.clientId, client_secret: b.clientSecret, ...form }).toString(),
      },
      errorCode,
      TokenResponse,
    );
    return body;
  } catch (err) {
    if (err instanceof ProviderError && err.status === 400 && err.code === "invalid_grant") throw new InvalidGrant();
    throw err;
  }
}

/** Exchanges the callback's code (with the PKCE verifier) for tokens. */
export function exchangeCode(b: BookingConfig, code: string, verifier: string): Promise<Tokens> {
  return tokenCall(b, { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: b.redirectUri });
}

/** A fresh access token (about 1 h) from the refresh token; {@link InvalidGrant} when it is dead. */
export function refreshAccessToken(b: BookingConfig, refreshToken: string): Promise<Tokens> {
  return tokenCall(b, { grant_type: "refresh_token", refresh_token: refreshToken });
}

/** Who an access token belongs to; null for a token Google does not accept (401). */
export async function userinfo(
  b: BookingConfig,
  accessToken: string,
): Promise<{ email: string | null; name: string | null } | null> {
  try {
    const { body } = await fetchJson(
      "google",
      b.google.userinfoUrl,
      { headers: { authorization: `Bearer ${accessToken}` } },
      errorCode,
      Userinfo,
    );
    const verified = body?.email_verified === true || body?.email_verified === "true";
    return {
      email: verified && typeof body?.email === "string" ? body.email.toLowerCase() : null,
      name: typeof body?.name === "string" ? body.name : null,
    };
  } catch (err) {
    if (err instanceof ProviderError && (err.status === 401 || err.status === 400)) return null;
    throw err;
  }
}
