-- What the checkout page tells the payer besides the event: who asks for the payment (the
-- extension's signed-in account, optional) and whether the fee is refundable (0 = no).
ALTER TABLE checkouts ADD COLUMN organizer_name TEXT;
ALTER TABLE checkouts ADD COLUMN organizer_email TEXT;
ALTER TABLE checkouts ADD COLUMN refundable INTEGER NOT NULL DEFAULT 0;
