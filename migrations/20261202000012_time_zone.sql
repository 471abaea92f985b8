-- The time zone a person reads dates and times in (shared::TimeZoneName, Europe/Paris unless
-- they choose another on their profile).
ALTER TABLE users ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/Paris';
