//! A session's row, read in the statement that looks up who is asking ([`super::caller_in`]),
//! handed to tower-sessions' `load` so that the row is not read a second time: a logged-in
//! request costs one statement for the session, the person and their memberships.
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};
use tower_sessions::session::{Id, Record};

/// The rows read ahead, by session: each stays only while its request loads its session.
#[derive(Clone, Debug, Default)]
pub struct SessionPreloads(Arc<Mutex<HashMap<Id, Record>>>);

impl SessionPreloads {
    /// The row read ahead for `id`, if any: the session store's `load` asks here first.
    pub fn take(&self, id: &Id) -> Option<Record> {
        self.rows().remove(id)
    }

    /// Offers `record` to the session's load until the returned guard is dropped. Two requests
    /// of one session at once may take or drop each other's row: both were read just now, and
    /// a load that finds none reads the table as before.
    pub(super) fn hold(&self, record: Record) -> Held<'_> {
        let id = record.id;
        self.rows().insert(id, record);
        Held { preloads: self, id }
    }

    fn rows(&self) -> std::sync::MutexGuard<'_, HashMap<Id, Record>> {
        // The map holds no invariant a panic could break halfway.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Removes a row that was read ahead and not taken (the session was loaded already), so the
/// map never outlives the requests that filled it.
pub(super) struct Held<'a> {
    preloads: &'a SessionPreloads,
    id: Id,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.preloads.rows().remove(&self.id);
    }
}

/// The session's row as tower-sessions' store reads it (unless expired), on `connection`.
pub(super) async fn read_row(
    connection: &mut sqlx::PgConnection,
    id: &Id,
) -> Result<Option<Vec<u8>>, crate::error::AppError> {
    Ok(sqlx::query_scalar!(
        "SELECT data FROM tower_sessions.session WHERE id = $1 AND expiry_date > now()",
        id.to_string()
    )
    .fetch_optional(connection)
    .await?)
}

/// A session row as the store writes it (`server/src/sessions.rs`: the whole record, in
/// MessagePack); `None` for a row it cannot read, which the store's own load then reports.
pub(super) fn decode(data: &[u8]) -> Option<Record> {
    rmp_serde::from_slice(data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            id: Id::default(),
            data: HashMap::new(),
            expiry_date: time::OffsetDateTime::now_utc(),
        }
    }

    #[test]
    fn a_row_held_is_taken_once_and_a_row_not_taken_goes_with_its_guard() {
        let preloads = SessionPreloads::default();
        let taken = record();
        let held = preloads.hold(taken.clone());
        assert_eq!(preloads.take(&taken.id).map(|r| r.id), Some(taken.id));
        assert!(preloads.take(&taken.id).is_none(), "taken twice");
        drop(held);

        let left = record();
        drop(preloads.hold(left.clone()));
        assert!(preloads.take(&left.id).is_none(), "outlived its request");
        assert!(preloads.rows().is_empty());
    }
}
