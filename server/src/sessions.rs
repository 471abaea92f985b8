//! Where sessions are kept: PostgreSQL, through tower-sessions-sqlx-store's `PostgresStore`,
//! except when a session is created (every login and sign-up). `PostgresStore::create` takes
//! four round trips to the database (a transaction, a check that the new id is free, the
//! upsert, the commit); [`Sessions::create`] takes one statement, which inserts unless the id is
//! taken (bench/CHANGES.md, "Fifth round"). Both `create` and `save` also write whose login the
//! session holds (`user_id`), so that "log out my other sessions" finds them, and so that the
//! person is read with the session's row in one statement (`session::caller_in`), the row then
//! handed to [`Sessions::load`] through [`SessionPreloads`].
use app::server::session::{user_of, SessionPreloads};
use async_trait::async_trait;
use sqlx::PgPool;
use tower_sessions::{
    session::{Id, Record},
    session_store, SessionStore,
};
use tower_sessions_sqlx_store::PostgresStore;

#[derive(Clone, Debug)]
pub struct Sessions {
    pool: PgPool,
    store: PostgresStore,
    /// Rows read with the person they log in (`session::caller_in`): taken, not read again.
    preloads: SessionPreloads,
}

impl Sessions {
    pub fn new(pool: PgPool, preloads: SessionPreloads) -> Self {
        Self {
            store: PostgresStore::new(pool.clone()),
            pool,
            preloads,
        }
    }

    /// tower-sessions-sqlx-store's own store, for what this one does not change (the removal
    /// of expired sessions).
    pub fn postgres_store(&self) -> PostgresStore {
        self.store.clone()
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // An id is 128 random bits: one already taken is all but impossible, and gets another.
        loop {
            let data = rmp_serde::to_vec(&*record)
                .map_err(|error| session_store::Error::Encode(error.to_string()))?;
            // The table of migrations/20261130000005_session_store.sql, as `PostgresStore`
            // names it.
            let inserted = sqlx::query!(
                "INSERT INTO tower_sessions.session (id, data, expiry_date, user_id)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
                record.id.to_string(),
                data,
                record.expiry_date,
                user_of(&record.data),
            )
            .execute(&self.pool)
            .await
            .map_err(|error| session_store::Error::Backend(error.to_string()))?
            .rows_affected();
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = rmp_serde::to_vec(record)
            .map_err(|error| session_store::Error::Encode(error.to_string()))?;
        sqlx::query!(
            "INSERT INTO tower_sessions.session (id, data, expiry_date, user_id)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE
                 SET data = excluded.data, expiry_date = excluded.expiry_date,
                     user_id = excluded.user_id",
            record.id.to_string(),
            data,
            record.expiry_date,
            user_of(&record.data),
        )
        .execute(&self.pool)
        .await
        .map_err(|error| session_store::Error::Backend(error.to_string()))?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        if let Some(record) = self.preloads.take(id) {
            return Ok(Some(record));
        }
        self.store.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store.delete(id).await
    }
}
