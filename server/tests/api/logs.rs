//! What the log says when something fails on our side: where, for which request, for whom —
//! and never what the person typed.
use crate::helpers::spawn_app;
use serde_json::json;
use std::sync::{Arc, Mutex};

/// Everything logged from now on in this test's process (nextest runs one test per process).
pub(crate) fn capture_logs() -> Arc<Mutex<Vec<u8>>> {
    #[derive(Clone)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let logs = Arc::new(Mutex::new(Vec::new()));
    let writer = Buffer(logs.clone());
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();
    logs
}

#[tokio::test]
async fn an_internal_error_is_logged_with_its_place_the_request_id_and_the_callers_ids() {
    let logs = capture_logs();
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let ids = sqlx::query!(
        "SELECT m.user_id, m.account_id FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE u.email = 'marie@acme.fr'"
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    // The welcome e-mail of a new collaborator cannot be queued any more.
    sqlx::query!("ALTER TABLE outbox RENAME TO outbox_gone")
        .execute(&app.pool)
        .await
        .unwrap();

    let typed_password = "given by the holder 2026";
    let response = app
        .call(
            "collaborators/create",
            json!({ "form": {
                "first_name": "Paul", "last_name": "Martin", "email": "paul@acme.fr",
                "phone": "06 98 76 54 32",
                "permissions": { "can_buy": false, "can_see_all_orders": false },
                "password": typed_password, "confirmation": typed_password, "locale": "fr"
            } }),
        )
        .await;
    assert_eq!(response.status(), 500);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let body: serde_json::Value = response.json().await.unwrap();
    // The browser gets the request id only: no table, no SQL.
    assert_eq!(body, json!({ "Internal": { "request_id": request_id } }));

    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    let line = logs
        .lines()
        .find(|line| line.contains("internal error"))
        .unwrap_or_else(|| panic!("no internal error logged:\n{logs}"));
    for expected in [
        format!("request_id={request_id}"),
        format!("user_id={}", ids.user_id),
        format!("account_id={}", ids.account_id),
        "path=/api/collaborators/create".to_string(),
        "location=app/src/".to_string(),
        "outbox".to_string(),
    ] {
        assert!(line.contains(&expected), "{expected} missing from: {line}");
    }
    assert!(
        !logs.contains(typed_password),
        "a password in the log:\n{logs}"
    );
}
