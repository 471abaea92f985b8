//! Responses compressed for browsers that accept it (brotli with a small window, else gzip),
//! never twice, without losing a server function's status.
use crate::{
    helpers::{browser, gerber_upload_form, spawn_app, spawn_app_with, TestApp},
    world::{gerber_zip, ok, project_form, uuid},
};
use axum::{body::Body, http::header, routing::get, Router};
use futures::{channel::mpsc, StreamExt};
use serde_json::json;
use std::{
    convert::Infallible,
    io::{Read, Write},
    sync::{Arc, Mutex},
};

async fn get_with(app: &TestApp, path: &str, accept_encoding: &str) -> reqwest::Response {
    browser()
        .get(format!("{}{path}", app.address))
        .header("Accept-Encoding", accept_encoding)
        .send()
        .await
        .unwrap()
}

fn encoding(response: &reqwest::Response) -> Option<&str> {
    response
        .headers()
        .get("content-encoding")
        .map(|value| value.to_str().unwrap())
}

fn unbrotli(bytes: &[u8]) -> String {
    let mut text = String::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The window a brotli stream says it needs, as a power of two: WBITS, its first 1 to 7 bits
/// read from the least significant bit of the first byte (RFC 7932 §9.1: `0` is 16; else 3
/// bits `n`, 17 + n when not 0; else 3 bits `m`, 8 + m when over 1, 17 when 0).
fn brotli_window_bits(stream: &[u8]) -> u8 {
    let bits = stream[0];
    if bits & 1 == 0 {
        return 16;
    }
    match ((bits >> 1) & 0b111, (bits >> 4) & 0b111) {
        (0, 0) => 17,
        (0, 1) => panic!("a large-window stream, which is not RFC 7932"),
        (0, m) => 8 + m,
        (n, _) => 17 + n,
    }
}

/// A page with its nonce blanked: each response has its own (in `nonce` and `crossorigin`).
fn without_nonce(html: &str) -> String {
    let nonce = html
        .split_once("nonce=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(nonce, _)| nonce)
        .expect("a nonce");
    html.replace(nonce, "")
}

#[test]
fn the_window_bits_are_read_as_the_brotli_crate_writes_them() {
    let text = "<p>Une commande, un devis.</p>".repeat(100);
    for bits in [10, 15, 16, 17, 18, 22, 24] {
        let mut stream = Vec::new();
        brotli::CompressorWriter::new(&mut stream, 4096, 4, bits)
            .write_all(text.as_bytes())
            .unwrap();
        assert_eq!(u32::from(brotli_window_bits(&stream)), bits);
    }
}

#[tokio::test]
async fn pages_are_brotli_encoded_with_a_small_window() {
    let app = spawn_app().await;
    let plain = app.get("/").await;
    assert_eq!(encoding(&plain), None);
    let plain = without_nonce(&plain.text().await.unwrap());
    assert!(plain.contains("<html"));

    // As Chromium and Firefox ask, and br alone.
    for accepted in ["gzip, deflate, br, zstd", "br"] {
        let response = get_with(&app, "/", accepted).await;
        assert_eq!(response.status(), 200);
        assert_eq!(encoding(&response), Some("br"), "{accepted}");
        assert!(!response.headers().contains_key("content-length"));
        let vary = response.headers().get_all("vary").iter();
        assert_eq!(vary.filter(|value| *value == "accept-encoding").count(), 1);
        let body = response.bytes().await.unwrap();
        let window_bits = brotli_window_bits(&body);
        assert!(window_bits <= 17, "a window of 2^{window_bits}");
        assert_eq!(without_nonce(&unbrotli(&body)), plain);
    }
}

#[tokio::test]
async fn clients_that_refuse_brotli_get_gzip_or_nothing() {
    let app = spawn_app().await;
    let plain = without_nonce(&app.get("/").await.text().await.unwrap());
    for accepted in ["gzip", "br;q=0, gzip", "gzip, br;q=0.5"] {
        let response = get_with(&app, "/", accepted).await;
        assert_eq!(encoding(&response), Some("gzip"), "{accepted}");
        let body = response.bytes().await.unwrap();
        assert_eq!(without_nonce(&gunzip(&body)), plain);
    }
    for accepted in ["identity", "br;q=0", "identity, br;q=0.5"] {
        let response = get_with(&app, "/", accepted).await;
        assert_eq!(encoding(&response), None, "{accepted}");
        assert_eq!(without_nonce(&response.text().await.unwrap()), plain);
    }
}

#[tokio::test]
async fn a_compressed_server_function_error_keeps_its_status() {
    let app = spawn_app().await;
    for accepted in ["gzip", "br"] {
        let response = browser()
            .post(format!("{}/api/auth/login", app.address))
            .header("Accept-Encoding", accepted)
            .json(&json!({ "form": { "email": "", "password": "" } }))
            .send()
            .await
            .unwrap();
        // Both fields in error: a body long enough to be worth compressing.
        assert_eq!(response.status(), 400);
        assert_eq!(encoding(&response), Some(accepted));
    }
}

#[tokio::test]
async fn precompressed_assets_are_sent_as_built() {
    let site = std::env::temp_dir().join(format!("ems-site-{}", uuid::Uuid::new_v4().simple()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let script = "export function hydrate() { console.log('hydrated'); }\n".repeat(40);
    let mut br = Vec::new();
    brotli::CompressorWriter::new(&mut br, 4096, 11, 22)
        .write_all(script.as_bytes())
        .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(script.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(pkg.join("app.js"), &script).unwrap();
    std::fs::write(pkg.join("app.js.br"), &br).unwrap();
    std::fs::write(pkg.join("app.js.gz"), &gz).unwrap();
    let app = spawn_app_with(&[("LEPTOS_SITE_ROOT", site.to_str().unwrap())]).await;

    for (accepted, coding, built) in [("br, gzip", "br", &br), ("gzip", "gzip", &gz)] {
        let response = get_with(&app, "/pkg/app.js", accepted).await;
        assert_eq!(response.status(), 200);
        assert_eq!(encoding(&response), Some(coding));
        let sent = response.bytes().await.unwrap();
        assert!(sent == built.as_slice(), "{accepted}: not the built file");
    }
    std::fs::remove_dir_all(site).unwrap();
}

#[tokio::test]
async fn a_zip_download_is_not_compressed_again() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let project = app
        .call("projects/create", json!({ "form": project_form("Carte") }))
        .await;
    let project = uuid(&ok(project).await);
    let version: i32 = sqlx::query_scalar("SELECT version FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let mut zip = gerber_zip();
    zip.extend_from_slice(&[b'x'; 4000]);
    let form = gerber_upload_form(project, version, zip.clone());
    let file = ok(app.upload_form(&app.client, form).await).await;

    let response = app
        .client
        .get(format!("{}/api/files/{}", app.address, uuid(&file["id"])))
        .header("Accept-Encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(encoding(&response), None);
    assert_eq!(response.headers()["content-length"], zip.len().to_string());
    assert_eq!(response.bytes().await.unwrap().to_vec(), zip);
}

/// Our layers alone, over a page whose body the test writes: what is written goes out before
/// the body ends, as a streamed page's first part (its head, the CSS link) must.
#[tokio::test]
async fn a_streamed_page_is_sent_as_it_is_written() {
    let (writer, page) = mpsc::unbounded::<&'static str>();
    let page = Arc::new(Mutex::new(Some(page)));
    let router = Router::new()
        .route(
            "/",
            get(move || {
                let page = page.lock().unwrap().take().expect("one request");
                let body = Body::from_stream(page.map(Ok::<_, Infallible>));
                async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body) }
            }),
        )
        .layer(server::compression::compress_responses());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let head = "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"/pkg/app.css\"></head>";
    writer.unbounded_send(head).unwrap();
    let mut response = browser()
        .get(format!("http://{address}/"))
        .header("Accept-Encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(encoding(&response), Some("br"));
    let mut decoded = brotli::DecompressorWriter::new(Vec::new(), 4096);
    // Were the head held back until the end, this would wait out the client's 30 s and fail.
    while decoded.get_ref().len() < head.len() {
        let chunk = response.chunk().await.unwrap().expect("the head");
        decoded.write_all(&chunk).unwrap();
        decoded.flush().unwrap();
    }
    assert_eq!(decoded.get_ref().as_slice(), head.as_bytes());

    let rest = "<body><p>Rendered later.</p></body></html>";
    writer.unbounded_send(rest).unwrap();
    drop(writer);
    while let Some(chunk) = response.chunk().await.unwrap() {
        decoded.write_all(&chunk).unwrap();
    }
    let page = decoded.into_inner().unwrap();
    assert_eq!(String::from_utf8(page).unwrap(), format!("{head}{rest}"));
}
