//! Requests and answers (issue 18): cross-site writes judged against `PUBLIC_URL`, the headers
//! of private answers, our own request ids, and design files streamed within a storage quota.
use crate::{
    helpers::{browser, gerber_upload_form, sign_up_form, spawn_app, spawn_app_with, TestApp},
    logs::capture_logs,
    world::{gerber_zip, ok, project_form, status_and_body, uuid},
};
use serde_json::json;
use uuid::Uuid;

/// A login attempt with `headers`, as JSON unless a `content-type` is among them.
async fn login_with(app: &TestApp, headers: &[(&str, &str)], body: &str) -> u16 {
    let mut request = browser().post(format!("{}/api/auth/login", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

const LOGIN: &str = r#"{"form": {"email": "nobody@acme.fr", "password": "not the password"}}"#;
const JSON: (&str, &str) = ("content-type", "application/json");

#[tokio::test]
async fn an_origin_other_than_the_public_url_is_refused() {
    let app = spawn_app().await;
    let port = app.address.rsplit(':').next().unwrap().to_string();
    for foreign in [
        "https://evil.example".to_string(),
        format!("https://127.0.0.1:{port}"),
        "http://127.0.0.1:1".to_string(),
        format!("http://localhost:{port}"),
        "null".to_string(),
    ] {
        let status = login_with(&app, &[JSON, ("origin", &foreign)], LOGIN).await;
        assert_eq!(status, 403, "{foreign}");
    }
    // Ours: the login itself answers (wrong password).
    assert_eq!(
        login_with(&app, &[JSON, ("origin", &app.address)], LOGIN).await,
        401
    );
}

#[tokio::test]
async fn an_origin_matching_the_host_but_not_the_public_url_is_refused() {
    let app = spawn_app_with(&[("PUBLIC_URL", "https://portal.example")]).await;
    // reqwest sends `Host: 127.0.0.1:<port>`, which this Origin matches.
    let status = login_with(&app, &[JSON, ("origin", &app.address)], LOGIN).await;
    assert_eq!(status, 403);
    let form = json!({ "form": sign_up_form(json!({})) }).to_string();
    let signup = browser()
        .post(format!("{}/api/auth/signup", app.address))
        .header("origin", &app.address)
        .header("content-type", "application/json")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(signup.status(), 403);
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(users, 0);
    // The public origin, its default port written or not, is ours.
    for ours in ["https://portal.example", "https://portal.example:443"] {
        assert_eq!(
            login_with(&app, &[JSON, ("origin", ours)], LOGIN).await,
            401,
            "{ours}"
        );
    }
}

#[tokio::test]
async fn a_form_post_without_origin_or_fetch_metadata_is_refused_while_json_passes() {
    let app = spawn_app().await;
    let form = "email=nobody%40acme.fr&password=x";
    for content_type in [
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
    ] {
        let status = login_with(&app, &[("content-type", content_type)], form).await;
        assert_eq!(status, 403, "{content_type}");
    }
    assert_eq!(login_with(&app, &[], LOGIN).await, 403, "no type at all");
    // JSON, which no cross-site form can send: the login answers.
    assert_eq!(login_with(&app, &[JSON], LOGIN).await, 401);
    let charset = ("content-type", "application/json; charset=utf-8");
    assert_eq!(login_with(&app, &[charset], LOGIN).await, 401);
    // A browser that labels its request same-origin is believed; cross-site or same-site never.
    let same_origin = ("sec-fetch-site", "same-origin");
    assert_eq!(login_with(&app, &[JSON, same_origin], LOGIN).await, 401);
    for site in ["cross-site", "same-site"] {
        let status = login_with(&app, &[JSON, ("sec-fetch-site", site)], LOGIN).await;
        assert_eq!(status, 403, "{site}");
    }
}

fn gerber_of(size: usize) -> Vec<u8> {
    let mut bytes = gerber_zip();
    // Not zeros only: a byte out of place would show.
    bytes.extend((0..size.saturating_sub(bytes.len())).map(|i| (i % 251) as u8));
    bytes
}

/// A holder signed up with `app.client`, and a new project of their account.
async fn holder_with_project(app: &TestApp, name: &str) -> Uuid {
    let project = app
        .call("projects/create", json!({ "form": project_form(name) }))
        .await;
    uuid(&ok(project).await)
}

async fn version_of(app: &TestApp, project: Uuid) -> i32 {
    sqlx::query_scalar("SELECT version FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn upload(app: &TestApp, project: Uuid, bytes: Vec<u8>) -> reqwest::Response {
    let version = version_of(app, project).await;
    app.upload_form(&app.client, gerber_upload_form(project, version, bytes))
        .await
}

/// Every file under `dir`, named by its path (partial files included).
fn stored_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(stored_files(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn an_upload_needs_our_origin() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let project = holder_with_project(&app, "Carte").await;
    let post = || {
        app.client
            .post(format!("{}/api/projects/upload", app.address))
    };
    let without = post()
        .multipart(gerber_upload_form(project, 1, gerber_zip()))
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 403);
    // Even labelled same-origin: a multipart form is what another site's page can send.
    let labelled = post()
        .header("sec-fetch-site", "same-origin")
        .multipart(gerber_upload_form(project, 1, gerber_zip()))
        .send()
        .await
        .unwrap();
    assert_eq!(labelled.status(), 403);
    let foreign = post()
        .header("origin", "https://evil.example")
        .multipart(gerber_upload_form(project, 1, gerber_zip()))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    assert!(stored_files(&app.files_dir).is_empty());
    ok(upload(&app, project, gerber_zip()).await).await;
    assert_eq!(stored_files(&app.files_dir).len(), 1);
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_public_url_is_https() {
    let plain = spawn_app().await;
    for response in [plain.get("/").await, plain.call("auth/me", json!({})).await] {
        assert!(!response.headers().contains_key("strict-transport-security"));
    }
    let https = spawn_app_with(&[("PUBLIC_URL", "https://portal.example")]).await;
    for response in [https.get("/").await, https.call("auth/me", json!({})).await] {
        assert_eq!(
            response.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains"
        );
    }
}

#[tokio::test]
async fn private_pages_and_api_answers_are_never_stored() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let no_store = |response: &reqwest::Response| {
        response
            .headers()
            .get("cache-control")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("no-store"))
    };
    for path in [
        "/account",
        "/account/profile",
        "/account/orders",
        "/backoffice",
        "/backoffice/orders/x",
    ] {
        let response = app.get(path).await;
        assert!(no_store(&response), "{path}: {:?}", response.headers());
    }
    // Answers of every kind: success, error, refusal by a layer.
    let me = app.call("auth/me", json!({})).await;
    assert_eq!(me.status(), 200);
    assert!(no_store(&me));
    let missing = app
        .call("projects/get", json!({ "project_id": Uuid::new_v4() }))
        .await;
    assert_eq!(missing.status(), 404);
    assert!(no_store(&missing));
    let refused = app
        .client
        .post(format!("{}/api/auth/me", app.address))
        .header("origin", "https://evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert!(no_store(&refused));
    // Public pages say nothing about the visitor but the header's word: caches may keep them.
    for path in ["/", "/services", "/login"] {
        assert!(!no_store(&app.get(path).await), "{path}");
    }
}

#[tokio::test]
async fn a_clients_request_id_is_logged_beside_ours_never_taken_for_it() {
    let logs = capture_logs();
    let app = spawn_app().await;
    let refused = |client_id: String| {
        app.client
            .post(format!("{}/api/auth/me", app.address))
            .header("origin", "https://evil.example")
            .header("x-request-id", client_id)
            .json(&json!({}))
            .send()
    };
    let response = refused("client-id-42".into()).await.unwrap();
    assert_eq!(response.status(), 403);
    let ours = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(ours, "client-id-42");
    assert!(ours.parse::<Uuid>().is_ok(), "{ours}");
    let long = "x".repeat(65);
    let response = refused(long.clone()).await.unwrap();
    let second = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(second.parse::<Uuid>().is_ok(), "{second}");

    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    let line = |id: &str| {
        logs.lines()
            .find(|line| line.contains("cross-site request refused") && line.contains(id))
            .unwrap_or_else(|| panic!("no refusal logged for {id}:\n{logs}"))
            .to_string()
    };
    assert!(
        line(&ours).contains(r#"client_request_id="client-id-42""#),
        "{logs}"
    );
    let second_line = line(&second);
    assert!(!second_line.contains("client_request_id"), "{second_line}");
    assert!(!logs.contains(&long), "a long id is not logged");
}

#[tokio::test]
async fn over_the_storage_quota_an_upload_is_refused_and_stores_nothing() {
    let app = spawn_app_with(&[("STORAGE_QUOTA_BYTES", "10000")]).await;
    app.sign_up_as(&app.client, json!({})).await;
    let first = holder_with_project(&app, "Carte 1").await;
    let second = holder_with_project(&app, "Carte 2").await;
    ok(upload(&app, first, gerber_of(6000)).await).await;

    let (status, body) = status_and_body(upload(&app, second, gerber_of(6000)).await).await;
    assert_eq!(
        (status, body),
        (
            409,
            json!({ "Conflict": { "field": "file", "code": "storage_quota_exceeded" } })
        )
    );
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM project_files")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    assert_eq!(
        stored_files(&app.files_dir).len(),
        1,
        "no bytes kept, no partial file"
    );
    assert_eq!(
        version_of(&app, second).await,
        1,
        "the project is unchanged"
    );

    // Replacing a file needs room for the difference only: the replaced one goes.
    ok(upload(&app, first, gerber_of(9000)).await).await;
    assert_eq!(stored_files(&app.files_dir).len(), 1);
    // Under the quota again, an upload passes.
    ok(upload(&app, first, gerber_of(3000)).await).await;
    ok(upload(&app, second, gerber_of(6000)).await).await;
}

#[tokio::test]
async fn two_parallel_uploads_cannot_both_pass_the_quota() {
    let app = spawn_app_with(&[("STORAGE_QUOTA_BYTES", "10000")]).await;
    app.sign_up_as(&app.client, json!({})).await;
    let first = holder_with_project(&app, "Carte 1").await;
    let second = holder_with_project(&app, "Carte 2").await;
    let (a, b) = tokio::join!(
        upload(&app, first, gerber_of(6000)),
        upload(&app, second, gerber_of(6000))
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(stored_files(&app.files_dir).len(), 1);
}

#[tokio::test]
async fn a_download_streams_the_stored_bytes_exactly() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let project = holder_with_project(&app, "Carte").await;
    // Larger than every buffer on the way (the 1 MiB body limit, 64 KiB chunks).
    let bytes = gerber_of(5 * 1024 * 1024 + 123);
    let uploaded = ok(upload(&app, project, bytes.clone()).await).await;
    assert_eq!(uploaded["size_bytes"], json!(bytes.len()));
    let stored = stored_files(&app.files_dir);
    assert_eq!(stored.len(), 1);
    assert!(
        std::fs::read(&stored[0]).unwrap() == bytes,
        "stored as sent"
    );

    let response = app
        .get(&format!("/api/files/{}", uuid(&uploaded["id"])))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-length"],
        bytes.len().to_string().as_str()
    );
    let downloaded = response.bytes().await.unwrap();
    assert!(
        downloaded.as_ref() == bytes.as_slice(),
        "downloaded as stored"
    );
}
