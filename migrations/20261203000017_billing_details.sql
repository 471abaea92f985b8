-- What the company's invoices show: its intra-EU VAT number (as shared::VatNumber writes it)
-- and its billing address (shared::DeliveryAddress as JSON), both optional.
ALTER TABLE customer_accounts
    ADD COLUMN vat_number text CHECK (vat_number ~ '^[A-Z]{2}[0-9A-Z]{2,12}$'),
    ADD COLUMN billing_address jsonb;
