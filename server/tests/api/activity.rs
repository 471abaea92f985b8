//! Security events: each person sees their own recent activity in "Mon compte", and can log
//! out their other sessions.
use crate::helpers::{browser, spawn_app};
use serde_json::{json, Value};

async fn activity(app: &crate::helpers::TestApp, client: &reqwest::Client) -> Vec<Value> {
    let response = app.call_as(client, "account/activity", json!({})).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn kinds(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|entry| entry["kind"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn failed_and_successful_logins_show_in_ones_own_activity_only() {
    let app = spawn_app().await;
    let marie = browser();
    app.sign_up_as(&marie, json!({})).await;
    let jean = browser();
    app.sign_up_as(
        &jean,
        json!({ "email": "jean@autre.fr", "company_name": "Autre SA", "siret": "" }),
    )
    .await;

    let wrong = app
        .log_in_as(&browser(), "marie@acme.fr", "not her password")
        .await;
    assert_eq!(wrong.status(), 401);
    let right = app
        .log_in_as(&marie, "marie@acme.fr", "correct horse battery staple")
        .await;
    assert_eq!(right.status(), 200);

    let entries = activity(&app, &marie).await;
    // Newest first.
    assert_eq!(kinds(&entries), ["login_succeeded", "login_failed"]);
    for entry in &entries {
        assert_eq!(entry["ip"], "127.0.0.1");
        assert!(entry["at"].as_i64().unwrap() > 1_700_000_000);
    }
    assert!(activity(&app, &jean).await.is_empty());
    // An unknown address is kept without a person: nobody sees it.
    let unknown = app
        .log_in_as(&browser(), "nobody@acme.fr", "whatever it is")
        .await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(activity(&app, &marie).await.len(), 2);
    let kept: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM security_events WHERE user_id IS NULL AND kind = 'login_failed'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(kept, 1);
}

#[tokio::test]
async fn logging_out_the_other_sessions_ends_them_and_keeps_this_one() {
    let app = spawn_app().await;
    let here = browser();
    app.sign_up_as(&here, json!({})).await;
    let elsewhere = browser();
    let logged_in = app
        .log_in_as(&elsewhere, "marie@acme.fr", "correct horse battery staple")
        .await;
    assert_eq!(logged_in.status(), 200);
    activity(&app, &elsewhere).await;

    let ended = app
        .call_as(&here, "account/end-other-sessions", json!({}))
        .await;
    assert_eq!(ended.status(), 200);

    let refused = app.call_as(&elsewhere, "account/activity", json!({})).await;
    assert_eq!(refused.status(), 401);
    assert_eq!(app.me(&elsewhere).await, Value::Null);
    let entries = activity(&app, &here).await;
    assert_eq!(kinds(&entries)[0], "other_sessions_ended");
    assert_eq!(app.me(&here).await["email"], "marie@acme.fr");
    // Deleted from the store, not only refused: the person has one session left.
    let sessions: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM tower_sessions.session s JOIN users u ON u.id = s.user_id
         WHERE u.email = 'marie@acme.fr'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(sessions, 1);
}

#[tokio::test]
async fn activity_and_ending_sessions_need_a_login() {
    let app = spawn_app().await;
    for endpoint in ["account/activity", "account/end-other-sessions"] {
        let response = app.call_as(&browser(), endpoint, json!({})).await;
        assert_eq!(response.status(), 401, "{endpoint}");
    }
}

#[tokio::test]
async fn old_events_are_deleted_after_a_year() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO security_events (kind, created_at) VALUES
             ('login_failed', now() - interval '366 days'),
             ('login_failed', now() - interval '364 days')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let deleted = app::server::security_events::purge_old(&app.pool)
        .await
        .unwrap();
    assert_eq!(deleted, 1);
}

#[tokio::test]
async fn a_staff_action_shows_in_the_staffs_activity_with_what_it_was_about() {
    let world = crate::world::world().await;
    let order = world.holder_order;
    let paid = world
        .app
        .call_as(
            &world.staff,
            "backoffice/record-payment",
            json!({ "order_id": order }),
        )
        .await;
    assert_eq!(paid.status(), 200);
    let entries = activity(&world.app, &world.staff).await;
    assert_eq!(kinds(&entries)[0], "staff_action");
    let details: Value =
        sqlx::query_scalar("SELECT details FROM security_events WHERE kind = 'staff_action'")
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
    assert_eq!(
        details,
        json!({ "action": "record_payment", "order_id": order })
    );
}

#[tokio::test]
async fn an_event_is_logged_with_the_request_id_and_the_persons_id_never_the_password() {
    let logs = crate::logs::capture_logs();
    let app = spawn_app().await;
    app.sign_up_as(&browser(), json!({})).await;
    let typed = "a guess that is wrong";
    let response = app.log_in_as(&browser(), "marie@acme.fr", typed).await;
    assert_eq!(response.status(), 401);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let marie: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    let line = logs
        .lines()
        .find(|line| line.contains("security event") && line.contains("login_failed"))
        .unwrap_or_else(|| panic!("no security event logged:\n{logs}"));
    assert!(line.contains(&format!("request_id={request_id}")), "{line}");
    assert!(line.contains(&format!("subject={marie}")), "{line}");
    assert!(line.contains("ip=127.0.0.1"), "{line}");
    assert!(!logs.contains(typed));
}
