import { Hono } from "hono";
import { html } from "hono/html";
import type { BookingConfig } from "../booking/config";
import { retryPageEvents } from "../booking/events";
import { langOf, type TextKey, text } from "../booking/strings";
import { nowIso } from "../db";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { saveConnection } from "../google/connection";
import { authorizeUrl, exchangeCode, InvalidGrant, pkcePair, userinfo } from "../google/oauth";
import { type Ctx, cfg } from "../http";
import { ProviderError } from "../providers/http";
import { toBase64Url } from "../verify/encoding";

/** Connecting the host's Google calendar: the authorization-code flow with PKCE and state. */
export const adminGoogle = new Hono<{ Bindings: Env }>();

/** A started flow stays valid this long (Google's own codes live 10 minutes). */
const STATE_TTL_MS = 10 * 60_000;

function pageConfig(c: Ctx): BookingConfig {
  const b = cfg(c).booking;
  if (!b) throw new ApiError(404, "not_found", "This server has no booking page.");
  return b;
}

/** The small page the host lands on after Google, in their language (light and dark). */
function resultPage(c: Ctx, status: 200 | 400 | 403, title: TextKey, body: TextKey, arg: string) {
  const lang = langOf(c.req.header("accept-language"));
  c.header("cache-control", "no-store");
  c.header("referrer-policy", "no-referrer");
  c.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
  const retry = status === 200 ? "" : html`<p><a href="/admin/google/connect">${text(lang, "retry")}</a></p>`;
  return c.html(
    html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>${text(lang, title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}</style></head>
<body><main><h1>${text(lang, title)}</h1><p>${text(lang, body, arg)}</p>${retry}</main></body></html>`,
    status,
  );
}

adminGoogle.get("/connect", async (c) => {
  const b = pageConfig(c);
  const { verifier, challenge } = await pkcePair();
  const state = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const now = Date.now();
  await c.env.DB.batch([
    c.env.DB.prepare("DELETE FROM oauth_states WHERE expires_at <= ?").bind(nowIso(now)),
    c.env.DB.prepare("INSERT INTO oauth_states (state, verifier, expires_at) VALUES (?, ?, ?)").bind(
      state,
      verifier,
      nowIso(now + STATE_TTL_MS),
    ),
  ]);
  c.header("cache-control", "no-store");
  return c.redirect(authorizeUrl(b, state, challenge), 302);
});

adminGoogle.get("/callback", async (c) => {
  const b = pageConfig(c);
  const state = c.req.query("state") ?? "";
  // Single use: the row is deleted as it is read, so a replayed callback finds nothing.
  const flow = state
    ? await c.env.DB.prepare("DELETE FROM oauth_states WHERE state = ? RETURNING verifier, expires_at")
        .bind(state)
        .first<{ verifier: string; expires_at: string }>()
    : null;
  if (!flow || flow.expires_at <= nowIso()) return resultPage(c, 400, "failedTitle", "failedBody", "state");
  const code = c.req.query("code");
  if (!code) return resultPage(c, 400, "failedTitle", "failedBody", c.req.query("error") ?? "no code");
  let tokens: Awaited<ReturnType<typeof exchangeCode>>;
  let who: Awaited<ReturnType<typeof userinfo>>;
  try {
    tokens = await exchangeCode(b, code, flow.verifier);
    who = await userinfo(b, tokens.access_token);
  } catch (err) {
    const why = err instanceof InvalidGrant ? "invalid_grant" : err instanceof ProviderError ? err.code : "error";
    return resultPage(c, 400, "failedTitle", "failedBody", why);
  }
  if (!who?.email || who.email !== b.adminEmail) return resultPage(c, 403, "wrongTitle", "wrongBody", b.adminEmail);
  if (!tokens.refresh_token) return resultPage(c, 400, "failedTitle", "failedBody", "no refresh token");
  await saveConnection(c.env.DB, b, {
    email: who.email,
    name: who.name,
    refreshToken: tokens.refresh_token,
    scopes: tokens.scope ?? "",
  });
  // Paid bookings queued while the connection was dead get their events now, not at the next cron.
  const config = cfg(c);
  const queued = retryPageEvents(c.env.DB, config, { dueNow: true }).catch((e) =>
    console.error("queued events after reconnect", e instanceof Error ? e.message : ""),
  );
  try {
    c.executionCtx.waitUntil(queued);
  } catch {
    await queued; // no execution context (tests calling the app directly)
  }
  return resultPage(c, 200, "connectedTitle", "connectedBody", who.email);
});
