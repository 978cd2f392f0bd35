// The authorize endpoint's request parsing, its two pages, and the redirect that ends the flow
// (code in the query for the auth-code flow, token in the fragment for the implicit flow).
import { account, type GoogleState, issueAccessToken, normalizeScope } from "./google-state.ts";
import type { Ctx } from "./types.ts";
import { buttonForm, esc, page, randomFrom } from "./util.ts";

/** base64url alphabet, for code and token bodies. */
export const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A parsed authorize request. */
export interface AuthRequest {
  clientId: string;
  redirectUri: string;
  responseType: "code" | "token";
  scopes: string[];
  state: string | null;
  challenge: string | null;
  method: "S256" | "plain" | null;
  offline: boolean;
  prompt: string | null;
  loginHint: string | null;
}

/** Validates the authorize query; a message for the 400 page when invalid. */
export function parseAuthRequest(q: URLSearchParams): AuthRequest | string {
  const clientId = q.get("client_id");
  if (!clientId) return "Missing required parameter: client_id";
  const redirectUri = q.get("redirect_uri");
  if (!redirectUri) return "Missing required parameter: redirect_uri";
  if (!URL.canParse(redirectUri)) return "Invalid parameter value for redirect_uri";
  const responseType = q.get("response_type");
  if (responseType !== "code" && responseType !== "token") return "Invalid response_type: must be code or token";
  const scope = q.get("scope");
  if (!scope) return "Missing required parameter: scope";
  const method = q.get("code_challenge_method");
  const challenge = q.get("code_challenge");
  if (challenge && method && method !== "S256" && method !== "plain") return "Invalid code_challenge_method";
  return {
    clientId,
    redirectUri,
    responseType,
    scopes: scope.split(/\s+/).filter(Boolean).map(normalizeScope),
    state: q.get("state"),
    challenge,
    method: challenge ? ((method as "S256" | "plain" | null) ?? "plain") : null,
    offline: q.get("access_type") === "offline",
    prompt: q.get("prompt"),
    loginHint: q.get("login_hint"),
  };
}

/**
 * Like Google, an offline grant comes with a refresh token only on the first consent of this
 * account to this client, or when `prompt=consent` asks for consent again; later silent grants
 * return an access token alone.
 */
function refreshTokenDue(st: GoogleState, req: AuthRequest, email: string): boolean {
  if ((req.prompt ?? "").split(/\s+/).includes("consent")) return true;
  return ![...st.refresh.values()].some((r) => r.email === email && r.clientId === req.clientId);
}

/** Builds the redirect back to the client: query for the code flow, fragment for the implicit flow. */
export function finish(ctx: Ctx, st: GoogleState, req: AuthRequest, email: string | null): string {
  const params = new URLSearchParams();
  if (email === null) {
    params.set("error", "access_denied");
  } else if (req.responseType === "code") {
    const code = `4/0A${randomFrom(B64URL, 60)}`;
    st.codes.set(code, {
      email,
      scopes: req.scopes,
      clientId: req.clientId,
      redirectUri: req.redirectUri,
      challenge: req.challenge,
      method: req.method,
      offline: req.offline && refreshTokenDue(st, req, email),
      expiresAt: ctx.clock.now() + 600_000,
    });
    params.set("code", code);
    params.set("scope", req.scopes.join(" "));
  } else {
    const { token, expiresIn } = issueAccessToken(ctx, st, { email, scopes: req.scopes, clientId: req.clientId });
    params.set("access_token", token);
    params.set("token_type", "Bearer");
    params.set("expires_in", String(expiresIn));
    params.set("scope", req.scopes.join(" "));
  }
  if (req.state !== null) params.set("state", req.state);
  if (email !== null) account(st, email);
  const u = new URL(req.redirectUri);
  if (req.responseType === "token") u.hash = params.toString();
  else for (const [k, v] of params) u.searchParams.set(k, v);
  return u.toString();
}

/** Account chooser: one button per known account, plus a field for another address. */
export function chooserPage(st: GoogleState, query: string, req: AuthRequest): string {
  const accounts = st.accounts
    .map((a) =>
      buttonForm("/o/oauth2/v2/auth/consent", { q: query }, [{ name: "email", value: a.email, label: a.email }]),
    )
    .join("");
  const other = `<form method="post" action="/o/oauth2/v2/auth/consent"><input type="hidden" name="q" value="${esc(query)}">
<label>Use another account <input type="email" name="email" required></label> <button type="submit">Next</button></form>`;
  return page(
    "Sign in - Google Accounts",
    `<h1>Choose an account</h1><p>to continue to <code>${esc(req.clientId)}</code></p>${accounts}${other}`,
  );
}

/** Consent screen listing the requested scopes with Allow / Cancel. */
export function consentPage(query: string, email: string, req: AuthRequest): string {
  const scopes = req.scopes.map((s) => `<li>${esc(s)}</li>`).join("");
  const form = buttonForm("/o/oauth2/v2/auth/approve", { q: query, email }, [
    { name: "decision", value: "allow", label: "Allow" },
    { name: "decision", value: "deny", label: "Cancel" },
  ]);
  return page("Sign in - Google Accounts", `<h1>${esc(email)}</h1><p>The app wants to:</p><ul>${scopes}</ul>${form}`);
}
