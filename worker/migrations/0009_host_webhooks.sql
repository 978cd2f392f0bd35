-- Host webhooks (docs/architecture.md "Host webhooks"): the host's one receiver URL and its signing
-- secret, and the outbox of booking events. New tables only.

-- The receiver (one row, id = 1). The signing secret is AES-GCM encrypted like the Google refresh
-- token (key: TOKEN_ENCRYPTION_KEY); it is shown once, when generated, and never again.
CREATE TABLE host_webhook (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  url             TEXT NOT NULL,
  secret          TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

-- The outbox: one row per booking event, written in the same D1 batch as the guarded move it
-- announces, with its JSON body as a snapshot of that moment. `seq` orders the events of a booking
-- (a booking's later event waits while an earlier one is still pending). The unique index makes
-- the insert idempotent per (booking, type, dedupe): a retried batch never announces twice.
CREATE TABLE host_events (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id        TEXT NOT NULL UNIQUE,
  booking_id      TEXT NOT NULL,
  type            TEXT NOT NULL,
  dedupe          TEXT NOT NULL DEFAULT '',
  body            TEXT NOT NULL,
  -- 'pending' until a 2xx ('delivered'), or 'failed' after 24 h of retries (replay re-queues it).
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  -- Who is delivering it right now (a cron pass or the first try after commit), until when.
  lease_until     TEXT,
  last_error      TEXT,
  last_status     INTEGER,
  -- When the 24 h of retries started: creation, or the last replay.
  queued_at       TEXT NOT NULL,
  delivered_at    TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX host_events_dedupe ON host_events (booking_id, type, dedupe);
CREATE INDEX host_events_due ON host_events (status, next_attempt_at) WHERE status = 'pending';
CREATE INDEX host_events_booking ON host_events (booking_id, seq);
