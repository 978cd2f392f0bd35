-- The booking page (docs/architecture.md "The booking page, Worker side"): the host's Google
-- connection, the page's configuration, OAuth flows in progress and the page's reservations.
-- New tables only; the checkouts they point at are ordinary checkouts.

-- The host's calendar connection: one row (id = 1). The refresh token is stored AES-GCM encrypted
-- (key: the TOKEN_ENCRYPTION_KEY secret), never in clear. `status` turns 'dead' on invalid_grant.
CREATE TABLE google_connection (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  email           TEXT NOT NULL,
  name            TEXT,
  refresh_token   TEXT NOT NULL,
  scopes          TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('connected','dead')),
  connected_at    TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

-- Authorization-code flows in progress: `state` → PKCE verifier, single use, short-lived.
CREATE TABLE oauth_states (
  state           TEXT PRIMARY KEY,
  verifier        TEXT NOT NULL,
  expires_at      TEXT NOT NULL
);

-- The page's configuration as the admin API stores it (one row, id = 1): JSON columns.
CREATE TABLE booking_page (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  time_zone       TEXT NOT NULL,
  weekly          TEXT NOT NULL,
  days_off        TEXT NOT NULL,
  types           TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

-- One reservation per lead's pick, linked 1:1 to its checkout. `slot_key` (the start, ISO UTC)
-- is set while the reservation holds its slot and NULL once released: the unique index is what
-- makes two concurrent reservations of one start end with exactly one winner.
CREATE TABLE page_reservations (
  reservation_id  TEXT PRIMARY KEY,
  booking_id      TEXT NOT NULL UNIQUE,
  type_id         TEXT NOT NULL,
  type_title      TEXT NOT NULL,
  start_at        TEXT NOT NULL,
  end_at          TEXT NOT NULL,
  -- The slot with the type's buffers: what no other reservation may overlap.
  block_start     TEXT NOT NULL,
  block_end       TEXT NOT NULL,
  -- Host-local day (YYYY-MM-DD), for maxPerDay.
  day             TEXT NOT NULL,
  host_time_zone  TEXT NOT NULL,
  slot_key        TEXT,
  hold_until      TEXT NOT NULL,
  lead_name       TEXT NOT NULL,
  lead_email      TEXT NOT NULL,
  notes           TEXT,
  locale          TEXT,
  lead_time_zone  TEXT,
  -- The Google event: 'none' until paid, then 'queued' until created ('created'), or
  -- 'slot_lost' (the slot became busy; the payment is refunded).
  event_state     TEXT NOT NULL DEFAULT 'none' CHECK (event_state IN ('none','queued','created','slot_lost')),
  event_id        TEXT,
  html_link       TEXT,
  meet_link       TEXT,
  event_attempts  INTEGER NOT NULL DEFAULT 0,
  event_error     TEXT,
  next_attempt_at TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX page_reservations_slot ON page_reservations (slot_key);
CREATE INDEX page_reservations_active ON page_reservations (slot_key, block_start) WHERE slot_key IS NOT NULL;
CREATE INDEX page_reservations_start ON page_reservations (start_at);
CREATE INDEX page_reservations_queue ON page_reservations (event_state, next_attempt_at) WHERE event_state = 'queued';
