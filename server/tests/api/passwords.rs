//! The rules of a new password the server applies with what it alone has: the list of breached
//! passwords and the person's stored details; and the links of e-mails, never at rest.
use crate::helpers::{browser, sign_up_form, spawn_app, TestApp};
use serde_json::{json, Value};

/// Ranked 90,221st and 999,992nd among SecLists' million most common passwords.
const LISTED: [&str; 2] = ["zghjcnjcegth", "VJHT123JLTCCF"];

async fn refused_with(response: reqwest::Response, code: &str) {
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "Validation": [{ "field": "password", "code": code }] })
    );
}

async fn sign_up_with(app: &TestApp, password: &str) -> reqwest::Response {
    let form = sign_up_form(json!({ "password": password, "confirmation": password }));
    app.call_as(&browser(), "auth/signup", json!({ "form": form }))
        .await
}

#[tokio::test]
async fn sign_up_refuses_a_listed_password_from_deep_in_the_list() {
    let app = spawn_app().await;
    for password in LISTED {
        refused_with(sign_up_with(&app, password).await, "password_too_common").await;
    }
    let people: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(people, 0);
}

#[tokio::test]
async fn sign_up_refuses_a_password_with_the_company_name_or_ones_own() {
    let app = spawn_app().await;
    // The company is "Acme Électronique", the person Marie Curie, marie@acme.fr.
    for password in [
        "ELECTRONIQUE boards 26",
        "acme makes boards",
        "curie la savante",
    ] {
        refused_with(sign_up_with(&app, password).await, "password_personal").await;
    }
    refused_with(sign_up_with(&app, "              ").await, "password_blank").await;
    assert_eq!(
        sign_up_with(&app, "correct horse battery staple")
            .await
            .status(),
        200
    );
}

async fn reset_token(app: &TestApp, email: &str) -> String {
    let response = app
        .call("auth/forgot-password", json!({ "email": email }))
        .await;
    assert_eq!(response.status(), 200);
    let mail = app.wait_for_mail(email).await;
    let marker = "/reset-password?token=";
    let start = mail.find(marker).expect("a reset link") + marker.len();
    mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[tokio::test]
async fn reset_change_and_first_password_know_the_persons_details() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let token = reset_token(&app, "marie@acme.fr").await;
    let reset = |password: &str| json!({ "form": { "token": token, "password": password, "confirmation": password } });
    let refused = app
        .call("auth/reset-password", reset("marie a new start"))
        .await;
    refused_with(refused, "password_personal").await;
    let refused = app.call("auth/reset-password", reset(LISTED[0])).await;
    refused_with(refused, "password_too_common").await;
    // Refusals do not use the link up.
    let accepted = app
        .call("auth/reset-password", reset("a new start for me"))
        .await;
    assert_eq!(accepted.status(), 200);

    let holder = browser();
    let logged_in = app
        .log_in_as(&holder, "marie@acme.fr", "a new start for me")
        .await;
    assert_eq!(logged_in.status(), 200);
    let change = |password: &str| {
        json!({ "form": { "current_password": "a new start for me",
                          "password": password, "confirmation": password } })
    };
    let refused = app
        .call_as(&holder, "account/password", change("électronique & co"))
        .await;
    refused_with(refused, "password_personal").await;

    // A collaborator the holder creates: the account's company counts, for the holder's
    // choice and for the collaborator's own.
    let create = |password: &str| {
        json!({ "form": {
            "first_name": "Paul", "last_name": "Martin", "email": "paul@acme.fr",
            "phone": "06 98 76 54 32",
            "permissions": { "can_buy": false, "can_see_all_orders": false },
            "password": password, "confirmation": password, "locale": "fr"
        } })
    };
    let refused = app
        .call_as(
            &holder,
            "collaborators/create",
            create("welcome to acme 2026"),
        )
        .await;
    refused_with(refused, "password_personal").await;
    let given = "given by the holder 2026";
    let created = app
        .call_as(&holder, "collaborators/create", create(given))
        .await;
    assert_eq!(created.status(), 200);
    let paul = browser();
    assert_eq!(
        app.log_in_as(&paul, "paul@acme.fr", given).await.status(),
        200
    );
    let first = |password: &str| json!({ "password": password, "confirmation": password });
    let refused = app
        .call_as(
            &paul,
            "account/first-password",
            first("paul martin at work"),
        )
        .await;
    refused_with(refused, "password_personal").await;
    let refused = app
        .call_as(&paul, "account/first-password", first("Acme Électronique!"))
        .await;
    refused_with(refused, "password_personal").await;
    let chosen = app
        .call_as(&paul, "account/first-password", first("my own long phrase"))
        .await;
    assert_eq!(chosen.status(), 200);
}

#[tokio::test]
async fn the_outbox_never_holds_a_usable_link() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let token = reset_token(&app, "marie@acme.fr").await;
    assert_eq!(token.len(), 43);
    // Every column of every e-mail, as text: neither the reset token nor the proof of address.
    let verify = app
        .wait_for_mail_of_kind("marie@acme.fr", "verify_email")
        .await;
    let marker = "/verify-email?token=";
    let start = verify.find(marker).expect("a verification link") + marker.len();
    let verify_token: String = verify[start..].chars().take(43).collect();
    let rows: Vec<String> = sqlx::query_scalar("SELECT row_to_json(o)::text FROM outbox o")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert!(!row.contains(&token), "{row}");
        assert!(!row.contains(&verify_token), "{row}");
        assert!(!row.contains("token="), "{row}");
    }
    // The delivered link works, once.
    let password = "a brand new passphrase";
    let form =
        json!({ "form": { "token": token, "password": password, "confirmation": password } });
    assert_eq!(
        app.call("auth/reset-password", form.clone()).await.status(),
        200
    );
    assert_eq!(app.call("auth/reset-password", form).await.status(), 400);
}

#[tokio::test]
async fn sent_bodies_are_emptied_after_thirty_days() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO outbox (recipient, locale, kind, subject, body, sent_at) VALUES
             ('old@example.fr', 'fr', 'test', 'old', 'old body', now() - interval '31 days'),
             ('recent@example.fr', 'fr', 'test', 'recent', 'recent body',
              now() - interval '29 days'),
             ('unsent@example.fr', 'fr', 'test', 'unsent', 'unsent body', NULL)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    // Not sent: keep the worker away from the unsent one while the purge is checked.
    sqlx::query("UPDATE outbox SET next_attempt_at = now() + interval '1 day'")
        .execute(&app.pool)
        .await
        .unwrap();
    let purged = app::server::mail::purge_sent_bodies(&app.pool)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    let bodies: Vec<(String, String)> =
        sqlx::query_as("SELECT recipient, body FROM outbox ORDER BY recipient")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        bodies,
        [
            ("old@example.fr".into(), "".into()),
            ("recent@example.fr".into(), "recent body".into()),
            ("unsent@example.fr".into(), "unsent body".into()),
        ]
    );
}
