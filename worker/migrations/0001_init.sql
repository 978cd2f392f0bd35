-- Checkouts: one per booking. The extension authenticates with a bearer secret whose
-- SHA-256 (base64url) is stored here; the secret itself never reaches the Worker's storage.
-- Times are ISO 8601 UTC strings ("2026-01-02T03:04:05.000Z") so they compare as text.
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

-- Orders created at a provider for a checkout. `reference` is what the provider echoes back
-- (PayPal custom_id, Binance merchantTradeNo, Mercado Pago external_reference).
CREATE TABLE provider_orders (
  provider      TEXT NOT NULL CHECK (provider IN ('paypal','binance','mercadopago')),
  order_id      TEXT NOT NULL,
  booking_id    TEXT NOT NULL REFERENCES checkouts (booking_id),
  reference     TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','paid','closed')),
  amount_value  TEXT NOT NULL,
  currency      TEXT NOT NULL,
  expires_at    TEXT,
  -- Provider-specific data the page needs again (Binance QR/deeplinks, PayPal approve link).
  details       TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (provider, order_id)
);
CREATE INDEX provider_orders_booking ON provider_orders (booking_id);
CREATE INDEX provider_orders_open ON provider_orders (status, provider);
CREATE UNIQUE INDEX provider_orders_reference ON provider_orders (provider, reference)
  WHERE provider = 'binance';

-- Money received. Unique per provider payment id, so any number of duplicate deliveries,
-- captures or cron passes record a payment once.
CREATE TABLE payments (
  provider      TEXT NOT NULL,
  payment_id    TEXT NOT NULL,
  booking_id    TEXT NOT NULL REFERENCES checkouts (booking_id),
  order_id      TEXT NOT NULL,
  amount_value  TEXT NOT NULL,
  currency      TEXT NOT NULL,
  -- 'completed' paid the checkout; 'refund_pending' landed late or twice and is being refunded.
  status        TEXT NOT NULL CHECK (status IN ('completed','refund_pending','refunded')),
  paid_at       TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (provider, payment_id)
);
CREATE INDEX payments_booking ON payments (booking_id);
CREATE INDEX payments_refund_pending ON payments (status) WHERE status = 'refund_pending';

-- Webhook deliveries that were verified and applied, unique per provider event id.
CREATE TABLE webhook_events (
  provider      TEXT NOT NULL,
  event_id      TEXT NOT NULL,
  event_type    TEXT NOT NULL,
  booking_id    TEXT,
  received_at   TEXT NOT NULL,
  PRIMARY KEY (provider, event_id)
);

-- Refunds issued for late or duplicate payments.
CREATE TABLE refunds (
  provider      TEXT NOT NULL,
  payment_id    TEXT NOT NULL,
  refund_id     TEXT NOT NULL,
  booking_id    TEXT NOT NULL,
  amount_value  TEXT NOT NULL,
  currency      TEXT NOT NULL,
  status        TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (provider, payment_id)
);

-- Fixed-window counters for rate limits (checkout creation per client).
CREATE TABLE rate_limits (
  key           TEXT PRIMARY KEY,
  window_start  INTEGER NOT NULL,
  count         INTEGER NOT NULL
);
