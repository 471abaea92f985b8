use crate::helpers::spawn_app;
use server::sessions::Sessions;
use std::collections::HashMap;
use tower_sessions::{
    session::{Id, Record},
    SessionStore,
};

fn record(id: Id, who: &str) -> Record {
    Record {
        id,
        data: HashMap::from([("who".to_string(), serde_json::json!(who))]),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    }
}

/// A session is created in one statement that never overwrites another: a new session whose
/// id is already taken gets another id.
#[tokio::test]
async fn a_new_session_never_takes_the_place_of_another() {
    let app = spawn_app().await;
    let store = Sessions::new(app.pool.clone(), Default::default());
    let mut first = record(Id::default(), "first");
    store.create(&mut first).await.unwrap();
    let mut second = record(first.id, "second");
    store.create(&mut second).await.unwrap();

    assert_ne!(second.id, first.id);
    let who = |record: Option<Record>| record.expect("a stored session").data["who"].clone();
    assert_eq!(who(store.load(&first.id).await.unwrap()), "first");
    assert_eq!(who(store.load(&second.id).await.unwrap()), "second");

    // The rest is tower-sessions-sqlx-store's: a change is saved, a deleted session is gone.
    second
        .data
        .insert("who".to_string(), serde_json::json!("changed"));
    store.save(&second).await.unwrap();
    assert_eq!(who(store.load(&second.id).await.unwrap()), "changed");
    store.delete(&first.id).await.unwrap();
    assert!(store.load(&first.id).await.unwrap().is_none());
}
