-- A refundable commitment fee (docs/architecture.md "Attendance"): after the event the host says
-- whether the lead attended; attended refunds the fee, no-show keeps it, and without an answer by
-- `answer_by` the host's default (`no_answer`) applies. New column and table only.

-- What happens when the host does not answer in time ('keep' unless the creator said otherwise).
ALTER TABLE checkouts ADD COLUMN no_answer TEXT NOT NULL DEFAULT 'keep' CHECK (no_answer IN ('refund','keep'));

-- One row per paid refundable checkout whose event has ended (opened by the cron or the first
-- answer). Statuses follow ATTENDANCE in worker/src/lifecycle/machine.ts; every one but 'awaiting'
-- is final. `provider`/`payment_id` name the payment an attended answer refunded.
CREATE TABLE attendance (
  booking_id    TEXT PRIMARY KEY REFERENCES checkouts (booking_id),
  status        TEXT NOT NULL DEFAULT 'awaiting'
                CHECK (status IN ('awaiting','attended','no_show','defaulted_refund','defaulted_keep')),
  no_answer     TEXT NOT NULL CHECK (no_answer IN ('refund','keep')),
  ends_at       TEXT NOT NULL,
  answer_by     TEXT NOT NULL,
  provider      TEXT,
  payment_id    TEXT,
  answered_at   TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX attendance_due ON attendance (answer_by) WHERE status = 'awaiting';
-- The cron finds ended, paid, refundable checkouts without an attendance row.
CREATE INDEX checkouts_refundable ON checkouts (status, end_at) WHERE refundable = 1;
