-- Every Mercado Pago payment of a checkout with its last known status, as fetched from the API
-- (never from a notification body). A preference can collect several payments: a rejected
-- or cancelled one puts a `pending` checkout back to `open` only when none of the others is still
-- in progress, and the checkout page tells the payer about the newest one.
CREATE TABLE mercadopago_payments (
  payment_id    TEXT PRIMARY KEY,
  booking_id    TEXT NOT NULL REFERENCES checkouts (booking_id),
  status        TEXT NOT NULL,
  status_detail TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX mercadopago_payments_booking ON mercadopago_payments (booking_id, updated_at);
