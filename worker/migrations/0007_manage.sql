-- The lead's manage page (docs/architecture.md "The lead's manage page"): a random 128-bit
-- capability per checkout, what the lead did with it, and the host-calendar write each change owes.
-- New columns only.

-- The manage link's token (base64url of 16 random bytes, never derived from the booking id).
-- Checkouts made before this migration have none, and so no manage page.
ALTER TABLE checkouts ADD COLUMN manage_token TEXT;
CREATE UNIQUE INDEX checkouts_manage_token ON checkouts (manage_token) WHERE manage_token IS NOT NULL;
-- Set once when the lead cancels a paid booking; `lead_refund` 1 = fee refunded, 0 = kept.
ALTER TABLE checkouts ADD COLUMN lead_cancelled_at TEXT;
ALTER TABLE checkouts ADD COLUMN lead_refund INTEGER;
-- How many times the lead moved the booking: the guard of a reschedule (two tabs, one wins) and
-- what tells the extension that a guest moved its event.
ALTER TABLE checkouts ADD COLUMN reschedules INTEGER NOT NULL DEFAULT 0;

-- A booking-page event the host's calendar still has to follow: 'move' (patch the times) or
-- 'delete', with sendUpdates=all. Cleared once Google accepted it; the cron retries until then.
ALTER TABLE page_reservations ADD COLUMN google_pending TEXT CHECK (google_pending IN ('move','delete'));
ALTER TABLE page_reservations ADD COLUMN google_attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX page_reservations_google ON page_reservations (google_pending) WHERE google_pending IS NOT NULL;
