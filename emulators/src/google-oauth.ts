// Google OAuth 2.0: the authorize page (account chooser + consent, or auto-approve for tests),
// auth-code exchange with PKCE, refresh tokens, the implicit flow used by launchWebAuthFlow,
// revocation, tokeninfo and userinfo.
import { createHash } from "node:crypto";
import type { Context, Hono } from "hono";
import { B64URL, chooserPage, consentPage, finish, parseAuthRequest } from "./google-authorize.ts";
import { account, type GoogleState, issueAccessToken, SCOPE_PREFIX } from "./google-state.ts";
import type { Ctx } from "./types.ts";
import { esc, isObject, page, randomFrom } from "./util.ts";

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

/** Like Google, the address is visible only with the `email` (or userinfo.email) scope. */
const hasEmailScope = (scopes: string[]) => scopes.some((s) => s === "email" || s === `${SCOPE_PREFIX}userinfo.email`);

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
    if (hasEmailScope(t.scopes)) {
      Object.assign(body, { email: a.email, email_verified: true });
    }
    if (t.scopes.some((s) => s === "profile" || s === `${SCOPE_PREFIX}userinfo.profile`)) {
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
      ...(hasEmailScope(t.scopes) ? { email: a.email, email_verified: "true" } : {}),
    });
  });
}
