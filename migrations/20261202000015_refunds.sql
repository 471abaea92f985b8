-- A paid order cancelled by its customer before production is to be refunded: staff see it
-- (refund_due_at) and record the refund once made (refunded_at).
ALTER TABLE orders ADD COLUMN refund_due_at timestamptz;
ALTER TABLE orders ADD COLUMN refunded_at timestamptz;
ALTER TABLE orders ADD CONSTRAINT orders_refund_after_due
    CHECK (refunded_at IS NULL OR refund_due_at IS NOT NULL);
