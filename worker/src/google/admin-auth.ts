// `/v1/admin/*` authentication: the caller's Google access token must belong to ADMIN_EMAIL.
import type { BookingConfig } from "../booking/config";
import { ApiError } from "../errors";
import { sha256Base64Url } from "../verify/encoding";
import { userinfo } from "./oauth";

/** How long a verified token is trusted without asking Google again. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 200;
/** By SHA-256 of the token (the token itself is never kept), the email it belongs to. */
const verified = new Map<string, { email: string | null; until: number }>();

/**
 * Checks `Authorization: Bearer <Google access token>` via userinfo (cached briefly by token hash):
 * 401 when missing or not accepted by Google, 403 when it is another account's.
 */
export async function requireAdmin(b: BookingConfig, authorization: string | undefined): Promise<string> {
  const m = (authorization ?? "").match(/^Bearer\s+(\S+)$/i);
  if (!m?.[1]) throw new ApiError(401, "unauthorized", "Send Authorization: Bearer <Google access token>.");
  const key = await sha256Base64Url(m[1]);
  const now = Date.now();
  let hit = verified.get(key);
  if (!hit || hit.until <= now) {
    const info = await userinfo(b, m[1]);
    if (!info) throw new ApiError(401, "unauthorized", "Google did not accept this access token.");
    hit = { email: info.email, until: now + TTL_MS };
    if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value as string);
    verified.set(key, hit);
  }
  if (hit.email !== b.adminEmail)
    throw new ApiError(403, "forbidden", "This Google account is not the host of this booking page.");
  return hit.email;
}
