-- The version of the terms of sale accepted with each order (shared::terms), and with each
-- purchase request (its approval orders under the terms the requester accepted). Older rows:
-- NULL, nobody was asked.
ALTER TABLE orders ADD COLUMN terms_version text CHECK (length(terms_version) <= 20);
ALTER TABLE purchase_requests ADD COLUMN terms_version text CHECK (length(terms_version) <= 20);
