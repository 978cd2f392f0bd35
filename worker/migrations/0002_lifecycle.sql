-- The payment lifecycle (worker/src/lifecycle/machine.ts): every lifecycle table gets updated_at
-- (moves stamp it), orders get a check schedule for the cron, refunds become the cron's work queue
-- with their own states, and concurrent order creation is serialised by a claim row.

-- Orders: when the cron should look at this order next, and how often it looked without a final answer.
ALTER TABLE provider_orders ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE provider_orders ADD COLUMN next_check_at TEXT NOT NULL DEFAULT '';
CREATE INDEX provider_orders_due ON provider_orders (status, next_check_at);

ALTER TABLE payments ADD COLUMN updated_at TEXT;
UPDATE payments SET updated_at = created_at;

-- Refunds: one per payment that must go back. 'due' (to be asked for, again after a rejection),
-- 'requested' (the provider accepted the request, the outcome comes later), 'completed' (final).
-- `round` counts rejected requests and is part of the idempotency key, so a retry after a
-- rejection is a new request while a retry after a lost answer is the same one.
CREATE TABLE refunds_v2 (
  provider      TEXT NOT NULL,
  payment_id    TEXT NOT NULL,
  booking_id    TEXT NOT NULL,
  order_id      TEXT NOT NULL,
  amount_value  TEXT NOT NULL,
  currency      TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'due' CHECK (status IN ('due','requested','completed')),
  refund_id     TEXT,
  round         INTEGER NOT NULL DEFAULT 0,
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_check_at TEXT NOT NULL DEFAULT '',
  last_error    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (provider, payment_id)
);
INSERT INTO refunds_v2 (provider, payment_id, booking_id, order_id, amount_value, currency, status, refund_id, created_at, updated_at)
  SELECT r.provider, r.payment_id, r.booking_id, COALESCE(p.order_id, ''), r.amount_value, r.currency, 'completed', r.refund_id, r.created_at, r.created_at
  FROM refunds r LEFT JOIN payments p ON p.provider = r.provider AND p.payment_id = r.payment_id;
INSERT INTO refunds_v2 (provider, payment_id, booking_id, order_id, amount_value, currency, status, created_at, updated_at)
  SELECT provider, payment_id, booking_id, order_id, amount_value, currency, 'due', created_at, created_at
  FROM payments WHERE status = 'refund_pending'
  ON CONFLICT (provider, payment_id) DO NOTHING;
DROP TABLE refunds;
ALTER TABLE refunds_v2 RENAME TO refunds;
CREATE INDEX refunds_open ON refunds (next_check_at) WHERE status != 'completed';
CREATE INDEX refunds_booking ON refunds (booking_id);

-- At most one order creation per checkout and provider at a time: whoever inserts (or takes over
-- an expired) claim calls the provider; everyone else waits for that order and reuses it.
CREATE TABLE order_claims (
  booking_id    TEXT NOT NULL,
  provider      TEXT NOT NULL,
  claimed_until TEXT NOT NULL,
  PRIMARY KEY (booking_id, provider)
);

-- The cron prunes these by age.
CREATE INDEX webhook_events_received ON webhook_events (received_at);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
