-- The sessions' table, as tower-sessions-sqlx-store's `PostgresStore::migrate` creates it, made
-- here instead so that start-up runs the migrations alone, on one connection (make bench: cold
-- start). `IF NOT EXISTS`: databases that the store's own set-up already prepared keep theirs.
CREATE SCHEMA IF NOT EXISTS tower_sessions;

CREATE TABLE IF NOT EXISTS tower_sessions.session (
    id text PRIMARY KEY NOT NULL,
    data bytea NOT NULL,
    expiry_date timestamptz NOT NULL
);
