// The host's stored Google connection and the access tokens minted from it.
import type { BookingConfig } from "../booking/config";
import { nowIso } from "../db";
import { decryptToken, encryptToken } from "./crypto";
import { InvalidGrant, refreshAccessToken } from "./oauth";

/** A row of `google_connection`. */
export interface ConnectionRow {
  id: 1;
  email: string;
  name: string | null;
  refresh_token: string;
  scopes: string;
  status: "connected" | "dead";
  connected_at: string;
  updated_at: string;
}

/** The host's calendar cannot be used until the host reconnects (never connected, or invalid_grant). */
export class NotConnected extends Error {}

const aad = (email: string) => `google-refresh-token:${email}`;

/** Access tokens kept in the isolate until shortly before they expire: one refresh per hour, not per call. */
let cached: { token: string; expiresAt: number; refreshToken: string } | null = null;

export function getConnection(db: D1Database) {
  return db.prepare("SELECT * FROM google_connection WHERE id = 1").first<ConnectionRow>();
}

/** Stores (or replaces) the connection with the refresh token encrypted; the plaintext never reaches D1. */
export async function saveConnection(
  db: D1Database,
  b: BookingConfig,
  c: { email: string; name: string | null; refreshToken: string; scopes: string },
): Promise<void> {
  const now = nowIso();
  const sealed = await encryptToken(b.encryptionKey, c.refreshToken, aad(c.email));
  await db
    .prepare(
      `INSERT INTO google_connection (id, email, name, refresh_token, scopes, status, connected_at, updated_at)
       VALUES (1, ?1, ?2, ?3, ?4, 'connected', ?5, ?5)
       ON CONFLICT (id) DO UPDATE SET email = ?1, name = ?2, refresh_token = ?3, scopes = ?4,
         status = 'connected', connected_at = ?5, updated_at = ?5`,
    )
    .bind(c.email, c.name, sealed, c.scopes, now)
    .run();
  cached = null;
}

/** Marks the connection dead (invalid_grant): the page stops taking bookings; paid ones stay queued. */
async function markDead(db: D1Database): Promise<void> {
  cached = null;
  await db
    .prepare("UPDATE google_connection SET status = 'dead', updated_at = ? WHERE id = 1 AND status = 'connected'")
    .bind(nowIso())
    .run();
}

/** True when the Worker can act for the host right now (as far as it knows). */
export async function isConnected(db: D1Database, b: BookingConfig): Promise<boolean> {
  const row = await getConnection(db);
  return row?.status === "connected" && row.email === b.adminEmail;
}

/**
 * A live access token for the host's calendar. Throws {@link NotConnected} when there is no usable
 * connection, marking it dead when Google says the refresh token is.
 */
export async function hostAccessToken(db: D1Database, b: BookingConfig): Promise<string> {
  const row = await getConnection(db);
  if (row?.status !== "connected" || row.email !== b.adminEmail) throw new NotConnected();
  if (cached && cached.refreshToken === row.refresh_token && cached.expiresAt > Date.now()) return cached.token;
  const refreshToken = await decryptToken(b.encryptionKey, row.refresh_token, aad(row.email));
  if (refreshToken === null) {
    // Another key (rotated TOKEN_ENCRYPTION_KEY) or a tampered row: only reconnecting helps.
    await markDead(db);
    throw new NotConnected();
  }
  try {
    const t = await refreshAccessToken(b, refreshToken);
    cached = {
      token: t.access_token,
      expiresAt: Date.now() + Math.max(0, t.expires_in - 120) * 1000,
      refreshToken: row.refresh_token,
    };
    return t.access_token;
  } catch (err) {
    if (err instanceof InvalidGrant) {
      await markDead(db);
      throw new NotConnected();
    }
    throw err;
  }
}

/** Forgets the cached access token (after a 401 from the Calendar API). */
export function dropAccessToken(): void {
  cached = null;
}
