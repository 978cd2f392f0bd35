-- Checkouts: one per booking. The extension authenticates with a bearer secret whose
-- SHA-256 (base64url) is stored here; the secret itself never reaches the Worker's storage.
CREATE TABLE checkouts (
  booking_id    TEXT PRIMARY KEY,
  checkout_id   TEXT NOT NULL UNIQUE,
  secret_hash   TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open','pending','paid','expired','cancelled','refund_pending','refunded')),
  summary       TEXT NOT NULL,
  start_at      TEXT NOT NULL,
  end_at        TEXT NOT NULL,
  time_zone     TEXT NOT NULL,
  hold_until    TEXT NOT NULL,
  amount_value  TEXT NOT NULL,
  currency      TEXT NOT NULL,
  payer_email   TEXT,
  locale        TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX checkouts_status_hold ON checkouts (status, hold_until);
