//! Responses compressed for browsers that accept it, without losing a server function's status.
use crate::helpers::{browser, spawn_app};
use serde_json::json;

#[tokio::test]
async fn pages_are_compressed_when_the_browser_accepts_it() {
    let app = spawn_app().await;
    let response = browser()
        .get(format!("{}/", app.address))
        .header("Accept-Encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "br");

    let plain = app.get("/").await;
    assert!(!plain.headers().contains_key("content-encoding"));
    assert!(plain.text().await.unwrap().contains("<html"));
}

#[tokio::test]
async fn a_compressed_server_function_error_keeps_its_status() {
    let app = spawn_app().await;
    let response = browser()
        .post(format!("{}/api/auth/login", app.address))
        .header("Accept-Encoding", "gzip")
        .json(&json!({ "form": { "email": "", "password": "" } }))
        .send()
        .await
        .unwrap();
    // Both fields in error: a body long enough to be worth compressing.
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["content-encoding"], "gzip");
}
