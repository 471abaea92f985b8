//! Design files through `object_store` (issue 19), through the real server, on each backend: a
//! folder (`file://`) and the local S3 server (`s3://`, `make test` starts it): uploads and
//! downloads streamed, nothing left by a refused upload, the sweep of orphans, and a store that
//! goes down while the rest of the portal works.
use crate::{
    helpers::{s3_endpoint, s3_settings, spawn_app_with, TestApp, S3_BUCKET},
    world::{gerber_zip, ok, project_form, status_and_body, uuid},
};
use app::server::{
    storage::sweep::{sweep_orphans, SweepReport},
    FileStore, ObjectFiles,
};
use futures::TryStreamExt;
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::{net::TcpListener, task::JoinHandle};
use uuid::Uuid;

/// A store and the settings that make a server use it.
struct Backend {
    name: &'static str,
    settings: Vec<(&'static str, String)>,
}

impl Backend {
    fn folder() -> Self {
        let folder = std::env::temp_dir().join(format!("ems-files-{}", Uuid::new_v4().simple()));
        let url = url::Url::from_directory_path(folder).unwrap().to_string();
        Self {
            name: "file://",
            settings: vec![("FILES_URL", url)],
        }
    }

    fn s3(endpoint: &str) -> Self {
        Self {
            name: "s3://",
            settings: s3_settings(endpoint),
        }
    }

    /// Every backend this run can reach: the folder always, S3 when `make test` started it.
    fn all() -> Vec<Self> {
        let mut backends = vec![Self::folder()];
        backends.extend(s3_endpoint().map(|endpoint| Self::s3(&endpoint)));
        backends
    }

    /// The same store as the server's, seen from the test.
    fn store(&self) -> ObjectFiles {
        let url = &self.settings[0].1;
        let aws = self.settings[1..]
            .iter()
            .map(|(name, value)| (*name, value.as_str()));
        ObjectFiles::from_url(url, aws).unwrap()
    }

    async fn spawn(&self, more: &[(&str, &str)]) -> TestApp {
        let mut settings: Vec<(&str, &str)> = self
            .settings
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        settings.extend_from_slice(more);
        spawn_app_with(&settings).await
    }
}

/// The keys stored, sorted.
async fn stored_keys(store: &ObjectFiles) -> Vec<String> {
    let mut keys: Vec<String> = store
        .list()
        .map_ok(|meta| meta.location.to_string())
        .try_collect()
        .await
        .unwrap();
    keys.sort();
    keys
}

async fn registered_keys(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT storage_key FROM project_files ORDER BY storage_key")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

fn gerber_of(size: usize) -> Vec<u8> {
    let mut bytes = gerber_zip();
    bytes.extend((0..size.saturating_sub(bytes.len())).map(|i| (i % 251) as u8));
    bytes
}

/// A holder signed up with `app.client`, with a new project.
async fn holder_with_project(app: &TestApp) -> Uuid {
    app.sign_up_as(&app.client, json!({})).await;
    let project = app
        .call("projects/create", json!({ "form": project_form("Carte") }))
        .await;
    uuid(&ok(project).await)
}

async fn upload_at(
    app: &TestApp,
    project: Uuid,
    version: i32,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = crate::helpers::gerber_upload_form(project, version, bytes);
    app.upload_form(&app.client, form).await
}

async fn upload(app: &TestApp, project: Uuid, bytes: Vec<u8>) -> reqwest::Response {
    let version: i32 = sqlx::query_scalar("SELECT version FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    upload_at(app, project, version, bytes).await
}

async fn download(app: &TestApp, file: &serde_json::Value) -> reqwest::Response {
    app.get(&format!("/api/files/{}", uuid(&file["id"]))).await
}

/// Polls `check` until it holds, for `within` at most.
async fn eventually<F: std::future::Future<Output = bool>>(
    within: Duration,
    mut check: impl FnMut() -> F,
) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn uploads_and_downloads_stream_through_each_backend() {
    for backend in Backend::all() {
        let app = backend.spawn(&[]).await;
        let store = backend.store();
        let project = holder_with_project(&app).await;
        // Two S3 parts (5 MiB each at most) and a bit.
        let bytes = gerber_of(10 * 1024 * 1024 + 123);
        let first = ok(upload(&app, project, bytes.clone()).await).await;
        assert_eq!(
            stored_keys(&store).await,
            registered_keys(&app).await,
            "{}",
            backend.name
        );

        let response = download(&app, &first).await;
        assert_eq!(response.status(), 200, "{}", backend.name);
        assert_eq!(
            response.headers()["content-length"],
            bytes.len().to_string().as_str()
        );
        let downloaded = response.bytes().await.unwrap();
        assert!(downloaded.as_ref() == bytes.as_slice(), "{}", backend.name);

        // A new file replaces it: the old bytes go with their row.
        ok(upload(&app, project, gerber_of(1000)).await).await;
        let registered = registered_keys(&app).await;
        assert_eq!(registered.len(), 1);
        assert_eq!(stored_keys(&store).await, registered, "{}", backend.name);
        assert_eq!(download(&app, &first).await.status(), 404);
    }
}

/// The multipart uploads the S3 server holds under `prefix`, unfinished ones included.
async fn unfinished_uploads(endpoint: &str, prefix: &str) -> usize {
    let listing = reqwest::get(format!("{endpoint}/{S3_BUCKET}?uploads&prefix={prefix}/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    listing.matches("<Upload>").count()
}

#[tokio::test]
async fn a_refused_upload_leaves_no_object_and_no_part_on_s3() {
    let Some(endpoint) = s3_endpoint() else {
        return;
    };
    let backend = Backend::s3(&endpoint);
    let prefix = backend.settings[0]
        .1
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let app = backend.spawn(&[]).await;
    let project = holder_with_project(&app).await;
    // Made against a version that is not the project's: refused once the whole file is sent.
    let (status, body) =
        status_and_body(upload_at(&app, project, 99, gerber_of(6 * 1024 * 1024)).await).await;
    assert_eq!(status, 409, "{body}");
    assert!(stored_keys(&backend.store()).await.is_empty());
    // The aborted multipart upload is gone too (its abort runs as the request ends).
    assert!(
        eventually(Duration::from_secs(5), || async {
            unfinished_uploads(&endpoint, &prefix).await == 0
        })
        .await,
        "an unfinished multipart upload was left on the S3 server"
    );
}

/// Stores a file no row names, as a process that stopped before its commit leaves one.
async fn store_orphan(store: &ObjectFiles) -> String {
    let key = format!("{}/{}", Uuid::new_v4(), Uuid::new_v4());
    let mut file = store.create(&key).await.unwrap();
    file.write(b"PK\x03\x04 orphan").await.unwrap();
    file.finish().await.unwrap();
    key
}

#[tokio::test]
async fn the_sweep_deletes_old_orphans_only_and_may_run_twice_at_once() {
    for backend in Backend::all() {
        let app = backend.spawn(&[]).await;
        let store = backend.store();
        let project = holder_with_project(&app).await;
        let file = ok(upload(&app, project, gerber_of(5000)).await).await;
        let registered = registered_keys(&app).await;
        let orphan = store_orphan(&store).await;

        // Young orphans are kept: they may be uploads whose row is about to commit.
        let report = sweep_orphans(&store, &app.pool, Duration::from_secs(3600))
            .await
            .unwrap();
        assert_eq!(report, SweepReport::default(), "{}", backend.name);
        assert_eq!(stored_keys(&store).await.len(), 2);

        // Two processes sweeping at once: both succeed, the orphan is gone, the file stays.
        let (one, two) = tokio::join!(
            sweep_orphans(&store, &app.pool, Duration::ZERO),
            sweep_orphans(&store, &app.pool, Duration::ZERO),
        );
        let (one, two) = (one.unwrap(), two.unwrap());
        assert!(
            one.deleted + two.deleted >= 1,
            "{}: {one:?} {two:?}",
            backend.name
        );
        assert_eq!(stored_keys(&store).await, registered, "{}", backend.name);
        assert!(!stored_keys(&store).await.contains(&orphan));
        assert_eq!(
            download(&app, &file).await.status(),
            200,
            "{}",
            backend.name
        );
    }
}

#[tokio::test]
async fn the_server_sweeps_orphans_in_the_background() {
    for backend in Backend::all() {
        let app = backend
            .spawn(&[
                ("FILES_SWEEP_INTERVAL_SECS", "1"),
                ("FILES_SWEEP_GRACE_SECS", "0"),
            ])
            .await;
        let store = backend.store();
        let orphan = store_orphan(&store).await;
        assert_eq!(stored_keys(&store).await, [orphan]);
        assert!(
            eventually(Duration::from_secs(10), || async {
                stored_keys(&store).await.is_empty()
            })
            .await,
            "{}: the orphan is still stored",
            backend.name
        );
        drop(app);
    }
}

/// A TCP relay to the S3 server, which the test can cut: the store then refuses connections,
/// as a dead S3 endpoint does.
struct Relay {
    port: u16,
    task: JoinHandle<()>,
}

impl Relay {
    async fn to(endpoint: &str) -> Self {
        let target = endpoint.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((mut client, _)) = listener.accept().await {
                let target = target.clone();
                connections.spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        Self { port, task }
    }

    /// Closes the listener and every connection relayed (the `JoinSet` aborts them).
    async fn cut(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

#[tokio::test]
async fn with_the_store_down_files_fail_fast_with_a_clear_error_and_the_rest_works() {
    let Some(endpoint) = s3_endpoint() else {
        return;
    };
    let relay = Relay::to(&endpoint).await;
    let backend = Backend::s3(&format!("http://127.0.0.1:{}", relay.port));
    let app = backend.spawn(&[]).await;
    let project = holder_with_project(&app).await;
    let file = ok(upload(&app, project, gerber_of(5000)).await).await;
    assert_eq!(download(&app, &file).await.status(), 200);

    relay.cut().await;
    let started = Instant::now();
    let (status, body) = status_and_body(download(&app, &file).await).await;
    assert_eq!((status, body), (503, json!("StorageUnavailable")));
    let (status, body) = status_and_body(upload(&app, project, gerber_of(5000)).await).await;
    assert_eq!((status, body), (503, json!("StorageUnavailable")));
    // A person who followed the download link reads why, in their language.
    for (language, words) in [
        (
            "fr",
            "Le stockage des fichiers est momentanément indisponible",
        ),
        ("en", "File storage is temporarily unavailable"),
    ] {
        let response = app
            .client
            .get(format!("{}/api/files/{}", app.address, uuid(&file["id"])))
            .header("accept", "text/html,*/*")
            .header("accept-language", format!("{language};q=0.9"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 503);
        assert!(
            response.text().await.unwrap().starts_with(words),
            "{language}"
        );
    }
    let waited = started.elapsed();
    println!("store down: a download and an upload refused in {waited:?}");
    assert!(waited < Duration::from_secs(10), "{waited:?}");

    // Nothing was registered, and everything else answers: the project, a new login.
    assert_eq!(registered_keys(&app).await.len(), 1);
    let detail = app
        .call("projects/get", json!({ "project_id": project }))
        .await;
    assert_eq!(detail.status(), 200);
    let other = crate::helpers::browser();
    let login = app
        .log_in_as(&other, "marie@acme.fr", "correct horse battery staple")
        .await;
    assert_eq!(login.status(), 200);
    assert_eq!(app.get("/").await.status(), 200);
}
