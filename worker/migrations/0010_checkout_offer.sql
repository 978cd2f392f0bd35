-- A checkout's own offer (docs/architecture.md "Prices and providers per checkout"): the providers
-- it may be paid with, as a comma list, NULL meaning every live one. Its amount_value/currency
-- columns already hold its own price (a booking type's price, or the Worker's default).
ALTER TABLE checkouts ADD COLUMN providers TEXT;
