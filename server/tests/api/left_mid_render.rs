//! A visitor who leaves while a page is still being rendered (a closed tab, the last requests
//! of a load test) costs the server that render and nothing else: no panic, no task left over;
//! and a render starts no task that could outlive it.
use crate::helpers::{browser, session_cookie};
use crate::world::world;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The messages of every panic from now on in this test's process (nextest runs one test per
/// process), whichever task panics.
fn record_panics() -> Arc<Mutex<Vec<String>>> {
    let panics = Arc::new(Mutex::new(Vec::new()));
    let recorded = panics.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        recorded.lock().unwrap().push(info.to_string());
        previous(info);
    }));
    panics
}

/// Asks for `path` with `cookie` over a connection of its own, reads `read` bytes of the answer
/// (none: leaves as soon as it asked), then leaves.
async fn leave_mid_page(address: &str, path: &str, cookie: &str, read: usize) {
    let host = address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nAccept: text/html\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = vec![0; read];
    if read > 0 {
        stream.read_exact(&mut answer).await.unwrap();
    }
    drop(stream);
}

/// The tasks alive in this test's runtime (the server runs in it).
fn alive_tasks() -> usize {
    tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
}

#[tokio::test]
async fn a_visitor_leaving_mid_page_leaves_no_panic_and_no_task() {
    let world = world().await;
    let app = &world.app;
    let client = browser();
    let login = app
        .log_in_as(&client, "marie@acme.fr", "correct horse battery staple")
        .await;
    let cookie = session_cookie(&login).expect("logged in");
    let pages = [
        "/account".to_string(),
        "/account/collaborators".to_string(),
        "/account/orders".to_string(),
        format!("/account/orders/{}", world.holder_order),
        "/account/projects".to_string(),
        format!("/account/projects/{}", world.project),
        "/account/profile".to_string(),
    ];
    // Each page once whole, so that what is set up once (pools, caches) is there.
    for page in &pages {
        app.page(&client, page).await;
    }
    let before = alive_tasks();
    let panics = record_panics();

    for round in 0..5 {
        for page in &pages {
            // Gone before the first byte, and gone after the first chunk.
            leave_mid_page(&app.address, page, &cookie, 0).await;
            leave_mid_page(&app.address, page, &cookie, 64 + round).await;
        }
    }
    // Every task those requests started ends (a panic ends its task too).
    let deadline = Instant::now() + Duration::from_secs(20);
    while alive_tasks() > before && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let panics = panics.lock().unwrap().clone();
    assert!(panics.is_empty(), "{} panics: {panics:#?}", panics.len());
    assert!(
        alive_tasks() <= before,
        "{} tasks left over",
        alive_tasks() - before
    );
    // And the server answers the same pages whole.
    for page in &pages {
        app.page(&client, page).await;
    }
}

/// Rendering the application starts no task that outlives the render: a task left to run while
/// the render's owner is cleaned up, on another worker, read a value being disposed and
/// panicked ("already been disposed", now and then at start-up and under load). The task was
/// leptos_i18n's effect that writes the language's cookie, which the portal does not use
/// (`vendor/leptos_i18n/PATCH.md`). On a one-thread runtime nothing else runs during the render,
/// so a task it starts is still alive after it.
#[tokio::test(flavor = "current_thread")]
async fn rendering_the_app_leaves_no_task_behind() {
    let before = alive_tasks();
    let routes = app::route_list();
    assert!(routes
        .iter()
        .any(|route| route.path() == "/account/collaborators"));
    assert_eq!(alive_tasks(), before, "a task outlives the render");
}
