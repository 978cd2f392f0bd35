// The host's receiver: one row (id = 1) with the URL and the signing secret, encrypted at rest with
// the same key and scheme as the Google refresh token (../google/crypto.ts).
import type { BookingConfig } from "../booking/config";
import { nowIso } from "../db";
import { decryptToken, encryptToken } from "../google/crypto";

/** A row of `host_webhook`. */
export interface HostWebhookRow {
  id: 1;
  url: string;
  /** `v1.<iv>.<ciphertext>`, never the secret itself. */
  secret: string;
  created_at: string;
  updated_at: string;
}

// Additional data of the encryption: a sealed secret cannot be passed off as another column's value.
const AAD = "host_webhook.secret";

export function getHostWebhook(db: D1Database) {
  return db.prepare("SELECT * FROM host_webhook WHERE id = 1").first<HostWebhookRow>();
}

// "No receiver configured", as this isolate last read it. The first try after every payment would
// otherwise spend a query to learn that again; it may trust this for a while (a receiver saved
// through another isolate gets first tries within ABSENCE_TRUST_MS; the cron delivers meanwhile).
// Saving or removing one here forgets it at once.
const ABSENCE_TRUST_MS = 30_000;
let absentSince: number | null = null;

/**
 * The receiver and its secret in clear, or null when none is configured or the key changed.
 * `trustRecentAbsence` answers null without a query when this isolate saw none configured lately.
 */
export async function loadHostWebhook(db: D1Database, b: BookingConfig, opts: { trustRecentAbsence?: boolean } = {}) {
  if (opts.trustRecentAbsence && absentSince !== null && Date.now() - absentSince < ABSENCE_TRUST_MS) return null;
  const row = await getHostWebhook(db);
  absentSince = row ? null : Date.now();
  if (!row) return null;
  const secret = await decryptToken(b.encryptionKey, row.secret, AAD);
  if (secret === null) {
    console.error("host webhook: the signing secret cannot be decrypted (TOKEN_ENCRYPTION_KEY changed?)");
    return null;
  }
  return { url: row.url, secret, row };
}

/** Stores the URL, and a new secret when `secret` is given (else keeps the stored one). */
export async function saveHostWebhook(db: D1Database, b: BookingConfig, url: string, secret?: string) {
  absentSince = null;
  const now = nowIso();
  if (secret === undefined) {
    await db.prepare("UPDATE host_webhook SET url = ?1, updated_at = ?2 WHERE id = 1").bind(url, now).run();
    return;
  }
  const sealed = await encryptToken(b.encryptionKey, secret, AAD);
  await db
    .prepare(
      `INSERT INTO host_webhook (id, url, secret, created_at, updated_at) VALUES (1, ?1, ?2, ?3, ?3)
       ON CONFLICT (id) DO UPDATE SET url = ?1, secret = ?2, updated_at = ?3`,
    )
    .bind(url, sealed, now)
    .run();
}

/**
 * Removes the receiver. Its undelivered events are marked failed (replayable once a URL is set
 * again) instead of going to whatever URL comes next, possibly days later.
 */
export async function clearHostWebhook(db: D1Database) {
  absentSince = null;
  const now = nowIso();
  await db.batch([
    db.prepare("DELETE FROM host_webhook WHERE id = 1"),
    db
      .prepare(
        "UPDATE host_events SET status = 'failed', last_error = 'the webhook URL was removed', lease_until = NULL, updated_at = ?1 WHERE status = 'pending'",
      )
      .bind(now),
  ]);
}
