// Google OAuth 2.0: the authorize page (account chooser + consent, or auto-approve for tests),
// auth-code exchange with PKCE, refresh tokens, the implicit flow used by launchWebAuthFlow,
// revocation, tokeninfo and userinfo.
import { createHash } from "node:crypto";
import type { Context, Hono } from "hono";
import { account, type GoogleState, issueAccessToken, normalizeScope } from "./google-state.ts";
import type { Ctx } from "./types.ts";
import { buttonForm, esc, isObject, page, randomFrom } from "./util.ts";

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

interface AuthRequest {
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

function parseAuthRequest(q: URLSearchParams): AuthRequest | string {
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

/** Builds the redirect back to the client: query for the code flow, fragment for the implicit flow. */
function finish(ctx: Ctx, st: GoogleState, req: AuthRequest, email: string | null): string {
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
      offline: req.offline,
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

function chooserPage(st: GoogleState, query: string, req: AuthRequest): string {
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

function consentPage(query: string, email: string, req: AuthRequest): string {
  const scopes = req.scopes.map((s) => `<li>${esc(s)}</li>`).join("");
  const form = buttonForm("/o/oauth2/v2/auth/approve", { q: query, email }, [
    { name: "decision", value: "allow", label: "Allow" },
    { name: "decision", value: "deny", label: "Cancel" },
  ]);
  return page("Sign in - Google Accounts", `<h1>${esc(email)}</h1><p>The app wants to:</p><ul>${scopes}</ul>${form}`);
}

async function formOrJson(c: Context): Promise<URLSearchParams> {
  const raw = await c.req.text();
  if ((c.req.header("content-type") ?? "").includes("application/json")) {
    try {
      const o = JSON.parse(raw) as unknown;
      if (isObject(o)) return new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(raw);
}

const grantError = (c: Context, error: string, description: string) =>
  c.json({ error, error_description: description }, 400);

export function googleOAuthRoutes(app: Hono, ctx: Ctx, st: GoogleState, consents: Map<string, string>): void {
  app.get("/o/oauth2/v2/auth", (c) => {
    const query = new URL(c.req.url).search.slice(1);
    const req = parseAuthRequest(new URLSearchParams(query));
    if (typeof req === "string")
      return c.html(page("Error 400: invalid_request", `<h1>Error 400: invalid_request</h1><p>${esc(req)}</p>`), 400);
    const remembered = consents.get(req.clientId);
    const hinted = req.loginHint ?? remembered ?? null;
    if (ctx.settings.autoApprove)
      return c.redirect(finish(ctx, st, req, hinted ?? st.accounts[0]?.email ?? "alice@example.com"), 302);
    if (req.prompt === "none") {
      // Silent re-auth works only after an earlier consent, as with Google.
      if (!remembered) {
        const u = new URL(req.redirectUri);
        const p = new URLSearchParams({ error: "interaction_required", ...(req.state ? { state: req.state } : {}) });
        if (req.responseType === "token") u.hash = p.toString();
        else for (const [k, v] of p) u.searchParams.set(k, v);
        return c.redirect(u.toString(), 302);
      }
      return c.redirect(finish(ctx, st, req, remembered), 302);
    }
    return c.html(chooserPage(st, query, req));
  });

  app.post("/o/oauth2/v2/auth/consent", async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const query = form.get("q") ?? "";
    const req = parseAuthRequest(new URLSearchParams(query));
    const email = (form.get("email") ?? "").trim();
    if (typeof req === "string" || !email.includes("@")) return c.html(page("Error", "<h1>Invalid request</h1>"), 400);
    return c.html(consentPage(query, email, req));
  });

  app.post("/o/oauth2/v2/auth/approve", async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const req = parseAuthRequest(new URLSearchParams(form.get("q") ?? ""));
    const email = (form.get("email") ?? "").trim();
    if (typeof req === "string" || !email.includes("@")) return c.html(page("Error", "<h1>Invalid request</h1>"), 400);
    const allowed = form.get("decision") === "allow";
    if (allowed) consents.set(req.clientId, email);
    return c.redirect(finish(ctx, st, req, allowed ? email : null), 302);
  });

  app.post("/token", async (c) => {
    const f = await formOrJson(c);
    const grant = f.get("grant_type");
    if (grant === "authorization_code") {
      const code = st.codes.get(f.get("code") ?? "");
      if (!code || code.expiresAt < ctx.clock.now()) return grantError(c, "invalid_grant", "Bad Request");
      if (f.get("client_id") && f.get("client_id") !== code.clientId)
        return grantError(c, "invalid_client", "Unauthorized");
      if (f.get("redirect_uri") !== code.redirectUri) return grantError(c, "redirect_uri_mismatch", "Bad Request");
      if (code.challenge) {
        const verifier = f.get("code_verifier");
        if (!verifier) return grantError(c, "invalid_grant", "Missing code verifier.");
        const derived = code.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
        if (derived !== code.challenge) return grantError(c, "invalid_grant", "Invalid code verifier.");
      }
      st.codes.delete(f.get("code") ?? ""); // single use
      const { token, expiresIn } = issueAccessToken(ctx, st, code);
      const body: Record<string, unknown> = {
        access_token: token,
        expires_in: expiresIn,
        scope: code.scopes.join(" "),
        token_type: "Bearer",
      };
      if (code.offline) {
        const refresh = `1//0${randomFrom(B64URL, 90)}`;
        st.refresh.set(refresh, { email: code.email, scopes: code.scopes, clientId: code.clientId });
        body.refresh_token = refresh;
      }
      return c.json(body);
    }
    if (grant === "refresh_token") {
      const r = st.refresh.get(f.get("refresh_token") ?? "");
      if (!r) return grantError(c, "invalid_grant", "Token has been expired or revoked.");
      const { token, expiresIn } = issueAccessToken(ctx, st, r);
      return c.json({ access_token: token, expires_in: expiresIn, scope: r.scopes.join(" "), token_type: "Bearer" });
    }
    return grantError(c, "unsupported_grant_type", `Invalid grant_type: ${grant ?? ""}`);
  });

  app.post("/revoke", async (c) => {
    const f = await formOrJson(c);
    const token = c.req.query("token") ?? f.get("token") ?? "";
    const refresh = st.refresh.get(token);
    if (!st.access.delete(token) && !refresh) return grantError(c, "invalid_token", "Token expired or revoked");
    if (refresh) {
      st.refresh.delete(token);
      for (const [t, a] of st.access)
        if (a.email === refresh.email && a.clientId === refresh.clientId) st.access.delete(t);
    }
    return c.json({});
  });

  const userinfo = (c: Context) => {
    const m = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "");
    const t = m?.[1] ? st.access.get(m[1]) : undefined;
    if (!t || t.expiresAt <= ctx.clock.now()) {
      c.header("WWW-Authenticate", 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
      return c.json({ error: "invalid_request", error_description: "Invalid Credentials" }, 401);
    }
    const a = account(st, t.email);
    const body: Record<string, unknown> = { sub: a.sub };
    // Like Google: the email needs the email scope, the name the profile scope.
    if (t.scopes.some((s) => s === "email" || s === `${"https://www.googleapis.com/auth/"}userinfo.email`)) {
      Object.assign(body, { email: a.email, email_verified: true });
    }
    if (t.scopes.some((s) => s === "profile" || s === `${"https://www.googleapis.com/auth/"}userinfo.profile`)) {
      Object.assign(body, { name: a.name, given_name: a.name.split(" ")[0], picture: "" });
    }
    return c.json(body);
  };
  app.get("/v1/userinfo", userinfo);
  app.get("/oauth2/v3/userinfo", userinfo);

  app.get("/oauth2/v3/tokeninfo", (c) => {
    const token = c.req.query("access_token") ?? "";
    const t = st.access.get(token);
    if (!t || t.expiresAt <= ctx.clock.now())
      return c.json({ error: "invalid_token", error_description: "Invalid Value" }, 400);
    const a = account(st, t.email);
    const exp = Math.floor(t.expiresAt / 1000);
    return c.json({
      azp: t.clientId,
      aud: t.clientId,
      sub: a.sub,
      scope: t.scopes.join(" "),
      exp: String(exp),
      expires_in: String(Math.floor((t.expiresAt - ctx.clock.now()) / 1000)),
      email: a.email,
      email_verified: "true",
    });
  });
}
