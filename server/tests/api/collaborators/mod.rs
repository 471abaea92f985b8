//! The collaborator space over HTTP: both options, the holder's powers, and who may do what.
mod attachment_requests;
mod creation;
mod holder_powers;
mod who_may;

use crate::helpers::{browser, spawn_app, TestApp};
use serde_json::{json, Value};
use uuid::Uuid;

pub const COLLABORATOR_PASSWORD: &str = "given by the holder 2026";
pub const OWN_PASSWORD: &str = "chosen by the collaborator";

pub fn new_collaborator(email: &str, can_buy: bool, can_see_all_orders: bool) -> Value {
    json!({ "form": {
        "first_name": "Paul", "last_name": "Martin", "email": email, "phone": "06 98 76 54 32",
        "permissions": { "can_buy": can_buy, "can_see_all_orders": can_see_all_orders },
        "password": COLLABORATOR_PASSWORD, "confirmation": COLLABORATOR_PASSWORD, "locale": "fr"
    }})
}

async fn status_and_body(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn ok(response: reqwest::Response) -> Value {
    let (status, body) = status_and_body(response).await;
    assert_eq!(status, 200, "{body}");
    body
}

pub async fn user_id(app: &TestApp, email: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM users WHERE lower(email) = lower($1)")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// What following the link of an e-mail sent to `email` does (`/verify-email`): the address is
/// proven. Joining an account, answering an invitation and taking the holder role need it.
pub async fn prove_address(app: &TestApp, email: &str) {
    sqlx::query("UPDATE users SET email_verified_at = now() WHERE lower(email) = lower($1)")
        .bind(email)
        .execute(&app.pool)
        .await
        .unwrap();
}

pub async fn space(app: &TestApp, client: &reqwest::Client) -> Value {
    ok(app.call_as(client, "collaborators/space", json!({})).await).await
}

/// The first page of the account's collaborators, the most recent first.
pub async fn collaborators(app: &TestApp, client: &reqwest::Client) -> Value {
    ok(app.call_as(client, "collaborators/list", json!({})).await).await["items"].clone()
}

/// The first page of the account's history, the most recent first.
pub async fn history(app: &TestApp, client: &reqwest::Client) -> Value {
    ok(app
        .call_as(client, "collaborators/history", json!({}))
        .await)
    .await["items"]
        .clone()
}

/// A holder (app.client, marie@acme.fr) with one collaborator who chose their own password.
pub async fn holder_with_collaborator(app: &TestApp, can_buy: bool) -> (reqwest::Client, Uuid) {
    app.sign_up_as(&app.client, json!({})).await;
    add_settled_collaborator(app, can_buy).await
}

/// Paul (paul@acme.fr), created by the holder logged in on app.client, with his own password and
/// his address proven.
pub async fn add_settled_collaborator(app: &TestApp, can_buy: bool) -> (reqwest::Client, Uuid) {
    let paul = settled_person(app, new_collaborator("paul@acme.fr", can_buy, false)).await;
    prove_address(app, "paul@acme.fr").await;
    paul
}

/// A person the holder logged in on app.client creates with `form`, who then chose their own
/// password (their address is not proven: they did not follow their welcome e-mail's link).
pub async fn settled_person(app: &TestApp, form: Value) -> (reqwest::Client, Uuid) {
    let email = form["form"]["email"].as_str().unwrap().to_string();
    ok(app.call("collaborators/create", form).await).await;
    let collaborator = browser();
    ok(app
        .log_in_as(&collaborator, &email, COLLABORATOR_PASSWORD)
        .await)
    .await;
    ok(app
        .call_as(
            &collaborator,
            "account/first-password",
            json!({ "password": OWN_PASSWORD, "confirmation": OWN_PASSWORD }),
        )
        .await)
    .await;
    (collaborator, user_id(app, &email).await)
}

/// Another company's holder (jean@autre.fr, address proven), logged in with a client of their
/// own.
pub async fn other_holder(app: &TestApp) -> reqwest::Client {
    let other = browser();
    app.sign_up_as(
        &other,
        json!({ "email": "jean@autre.fr", "company_name": "Autre SA", "siret": "" }),
    )
    .await;
    prove_address(app, "jean@autre.fr").await;
    other
}
