//! Faults one process must survive: PostgreSQL stopped and started again under it (on a
//! throwaway cluster of the test's own, since the shared one serves every other test), and a
//! graceful stop with uploads in flight.
use crate::{
    helpers::{browser, session_cookie, sign_up_form},
    world::{gerber_zip, ok, project_form, status_and_body, uuid},
};
use serde_json::{json, Value};
use server::{config::Settings, startup::Application};
use sqlx::{Connection, PgConnection, PgPool};
use std::{
    collections::HashMap,
    path::PathBuf,
    process::Command,
    time::{Duration, Instant},
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};
use uuid::Uuid;

/// A PostgreSQL cluster of the test's own, on a free port, removed when dropped.
struct ThrowawayPostgres {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
}

impl ThrowawayPostgres {
    async fn start() -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL is installed (scripts/setup)")
            .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
            .filter(|bin| bin.join("pg_ctl").exists())
            .max()
            .expect("a PostgreSQL version with pg_ctl");
        let data = std::env::temp_dir().join(format!("ems-faults-pg-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&data).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let postgres = Self { bin, data, port };
        if running_as_root() {
            run(Command::new("chown").arg("postgres").arg(&postgres.data));
        }
        run(postgres
            .as_owner(&postgres.bin.join("initdb"))
            .arg("-D")
            .arg(&postgres.data)
            .args(["-U", "postgres", "--auth=trust", "--encoding=UTF8"])
            .args(["--locale=C.UTF-8", "--no-sync"]));
        postgres.start_again();
        postgres
    }

    /// PostgreSQL refuses to run as root: as `scripts/db` does, it runs as `postgres` then.
    fn as_owner(&self, program: &std::path::Path) -> Command {
        if running_as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    fn start_again(&self) {
        let options = format!(
            "-k {} -p {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.data.display(),
            self.port
        );
        run(self
            .as_owner(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&self.data)
            .args(["-w", "-t", "30", "-l"])
            .arg(self.data.join("log"))
            .args(["-o", &options, "start"]));
    }

    /// `-m fast`: every session is cut, as when PostgreSQL is restarted.
    fn stop(&self) {
        run(self
            .as_owner(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "fast", "-w", "stop"]));
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for ThrowawayPostgres {
    fn drop(&mut self) {
        let _ = self
            .as_owner(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout.trim_ascii() == b"0")
}

fn run(command: &mut Command) {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// An application on `database_url`, not yet running, with the test's temporary folders.
async fn build(database_url: &str, settings: &[(&str, &str)]) -> Application {
    let folders = std::env::temp_dir().join(format!("ems-faults-{}", Uuid::new_v4().simple()));
    let mut variables: HashMap<String, String> = HashMap::from([
        ("DATABASE_URL".into(), database_url.into()),
        (
            "MAIL_DIR".into(),
            folders.join("mail").display().to_string(),
        ),
        (
            "FILES_DIR".into(),
            folders.join("files").display().to_string(),
        ),
        ("LOG_LEVEL".into(), "warn".into()),
        ("SITE_ADDR".into(), "127.0.0.1:0".into()),
        ("DATABASE_MAX_CONNECTIONS".into(), "5".into()),
        ("PASSWORD_CHANGES_PER_MINUTE".into(), "1000".into()),
    ]);
    for (name, value) in settings {
        variables.insert(name.to_string(), value.to_string());
    }
    let settings = Settings::from_lookup(|name| variables.get(name).cloned()).unwrap();
    Application::build(settings).await.expect("the application")
}

/// A fresh database on the shared test cluster, for a test that cannot use `spawn_app` (which
/// never stops its server); `drop_database` removes it.
async fn fresh_database() -> String {
    let admin = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
    let name = crate::helpers::create_database(&admin).await;
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// Drops a database `fresh_database` made, once its test is done with it.
pub async fn drop_database(url: &str) {
    let admin = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
    let (_, name) = url.rsplit_once('/').unwrap();
    let mut connection = PgConnection::connect(&admin).await.unwrap();
    let _ = sqlx::query(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
        .execute(&mut connection)
        .await;
}

async fn call(
    client: &reqwest::Client,
    address: &str,
    endpoint: &str,
    body: Value,
) -> (u16, Value) {
    let response = client
        .post(format!("{address}/api/{endpoint}"))
        .json(&body)
        .send()
        .await
        .expect("an answer");
    status_and_body(response).await
}

#[tokio::test]
async fn a_database_outage_answers_503_fast_and_the_portal_recovers_without_a_restart() {
    let postgres = ThrowawayPostgres::start().await;
    let application = build(&postgres.url(), &[]).await;
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped(std::future::pending()));
    let client = browser();
    let (status, body) = call(
        &client,
        &address,
        "auth/signup",
        json!({ "form": sign_up_form(json!({})) }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = call(
        &client,
        &address,
        "projects/create",
        json!({ "form": project_form("Avant la panne") }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let project = uuid(&body);

    postgres.stop();
    let started = Instant::now();
    let ready = client
        .get(format!("{address}/readyz"))
        .send()
        .await
        .unwrap();
    let readyz_took = started.elapsed();
    assert_eq!(ready.status(), 503);
    assert!(
        readyz_took < Duration::from_millis(2500),
        "/readyz took {readyz_took:?}"
    );
    for (endpoint, body) in [
        ("projects/list", json!({})),
        (
            "projects/create",
            json!({ "form": project_form("Pendant la panne") }),
        ),
        (
            "auth/login",
            json!({ "form": { "email": "marie@acme.fr", "password": "x" } }),
        ),
    ] {
        let started = Instant::now();
        let (status, error) = call(&client, &address, endpoint, body).await;
        let took = started.elapsed();
        assert_eq!(status, 503, "{endpoint}: {error}");
        assert_eq!(error, json!("Unavailable"), "{endpoint}");
        // The acquire timeout (2 s by default) at most, and some slack for a loaded machine.
        assert!(
            took < Duration::from_millis(3500),
            "{endpoint} took {took:?}"
        );
        println!("database down: {endpoint} answered 503 in {took:?}");
    }
    println!("database down: /readyz answered 503 in {readyz_took:?}");
    // Someone not logged in is told so, as on any day: the list takes no connection for them.
    let (status, error) = call(&browser(), &address, "collaborators/list", json!({})).await;
    assert_eq!(
        status, 401,
        "an anonymous list while the database is down: {error}"
    );
    // A logged-in person's page: 503 with the reason in their language, not an empty page.
    let started = Instant::now();
    let page = client
        .get(format!("{address}/account/projects"))
        .send()
        .await
        .unwrap();
    let took = started.elapsed();
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "2");
    let text = page.text().await.unwrap();
    assert!(
        text.contains("momentanément indisponible") && text.contains("lang=\"fr\""),
        "{text}"
    );
    assert!(took < Duration::from_millis(3500), "the page took {took:?}");
    println!("database down: the projects page answered 503 in {took:?}");

    postgres.start_again();
    let back = Instant::now();
    let mut failures = 0;
    loop {
        let (status, _) = call(&client, &address, "projects/list", json!({})).await;
        if status == 200 {
            break;
        }
        failures += 1;
        assert!(
            back.elapsed() < Duration::from_secs(5),
            "still {status} 5 s after the database's return"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let served_after = back.elapsed();
    // Every connection the restart cut is dropped before use: no trail of failures after.
    for _ in 0..20 {
        let (status, body) = call(&client, &address, "projects/list", json!({})).await;
        assert_eq!(status, 200, "{body}");
    }
    let ready = client
        .get(format!("{address}/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    println!("database back: served again after {served_after:?} ({failures} failed attempts)");

    // What was committed before the outage is there; what was refused during it is not.
    let (_, projects) = call(&client, &address, "projects/list", json!({})).await;
    let names: Vec<&str> = projects["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|project| project["name"].as_str())
        .collect();
    assert_eq!(names, ["Avant la panne"], "{projects}");
    let (status, _) = call(
        &client,
        &address,
        "projects/get",
        json!({ "project_id": project }),
    )
    .await;
    assert_eq!(status, 200);
}

/// A multipart upload of a Gerber archive of `size` bytes, as raw HTTP: the test decides when
/// each byte is sent.
struct RawUpload {
    head: Vec<u8>,
    body: Vec<u8>,
}

impl RawUpload {
    fn new(address: &str, cookie: &str, project: Uuid, version: i32, size: usize) -> Self {
        let boundary = "----ems-faults-boundary";
        let mut file = gerber_zip();
        file.extend((0..size.saturating_sub(file.len())).map(|i| (i % 251) as u8));
        let mut body = Vec::new();
        for (name, value) in [
            ("project_id", project.to_string()),
            ("version", version.to_string()),
            ("kind", "gerber".to_string()),
        ] {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"carte.zip\"\r\nContent-Type: application/zip\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(file);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        let host = address.trim_start_matches("http://");
        let head = format!(
            "POST /api/projects/upload HTTP/1.1\r\nHost: {host}\r\nOrigin: {address}\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
            body.len()
        );
        Self {
            head: head.into_bytes(),
            body,
        }
    }
}

/// Reads one response head (up to its blank line), byte by byte so as not to read past it.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut byte))
            .await
            .expect("an answer within 10 s")
            .unwrap();
        assert_eq!(read, 1, "closed after {}", String::from_utf8_lossy(&head));
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

async fn registered_files(pool: &PgPool, project: Uuid) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM project_files WHERE project_id = $1")
        .bind(project)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_graceful_stop_finishes_the_uploads_in_flight_and_refuses_new_connections() {
    let database = fresh_database().await;
    let application = build(&database, &[("SHUTDOWN_GRACE_SECS", "30")]).await;
    let port = application.port();
    let address = format!("http://127.0.0.1:{port}");
    let pool = application.pool().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.run_until_stopped(async move {
        let _ = stopped.await;
    }));

    let client = browser();
    let response = client
        .post(format!("{address}/api/auth/signup"))
        .json(&json!({ "form": sign_up_form(json!({})) }))
        .send()
        .await
        .unwrap();
    let cookie = session_cookie(&response).expect("a session");
    ok(response).await;
    let (status, body) = call(
        &client,
        &address,
        "projects/create",
        json!({ "form": project_form("Carte") }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let project = uuid(&body);
    let version: i32 = sqlx::query_scalar("SELECT version FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&pool)
        .await
        .unwrap();

    // Two uploads under way: their headers and the first part of their bodies are sent.
    let finishing = RawUpload::new(&address, &cookie, project, version, 512 * 1024);
    let cut_off = RawUpload::new(&address, &cookie, project, version, 512 * 1024);
    let mut finishing_stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let mut cut_off_stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    for (stream, upload) in [
        (&mut finishing_stream, &finishing),
        (&mut cut_off_stream, &cut_off),
    ] {
        stream.write_all(&upload.head).await.unwrap();
        // `100 Continue` comes once the upload's handler reads the body: it is in flight.
        let interim = read_head(stream).await;
        assert!(interim.starts_with("HTTP/1.1 100"), "{interim}");
        stream.write_all(&upload.body[..64 * 1024]).await.unwrap();
        stream.flush().await.unwrap();
    }

    let _ = stop.send(());
    // New connections are refused soon after (the listener is closed at once).
    let told = Instant::now();
    loop {
        if TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            break;
        }
        assert!(
            told.elapsed() < Duration::from_secs(2),
            "still accepting connections"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "graceful stop: new connections refused after {:?}",
        told.elapsed()
    );

    // The rest of the first upload, slowly; the second one is abandoned mid-body.
    drop(cut_off_stream);
    for chunk in finishing.body[64 * 1024..].chunks(64 * 1024) {
        finishing_stream.write_all(chunk).await.unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut answer = Vec::new();
    finishing_stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    println!(
        "graceful stop: the upload in flight finished {:?} after the signal",
        told.elapsed()
    );

    let stopped = tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .expect("the server stops within the grace period")
        .unwrap();
    assert!(stopped.is_ok(), "{stopped:?}");
    // One file registered (the finished upload), none for the upload cut off.
    let check = PgPool::connect(&database).await.unwrap();
    assert_eq!(registered_files(&check, project).await, 1);
    check.close().await;
    drop_database(&database).await;
}

#[tokio::test]
async fn an_email_being_sent_when_the_grace_period_ends_is_released_for_another_process() {
    // An SMTP server that accepts and never answers: the mail worker is stuck sending.
    let smtp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let smtp_url = format!("smtp://{}", smtp.local_addr().unwrap());
    let (connected, mut sending) = tokio::sync::mpsc::channel::<TcpStream>(4);
    tokio::spawn(async move {
        while let Ok((stream, _)) = smtp.accept().await {
            // Held open, silent.
            let _ = connected.send(stream).await;
        }
    });
    let database = fresh_database().await;
    let application = build(
        &database,
        &[("SMTP_URL", &smtp_url), ("SHUTDOWN_GRACE_SECS", "1")],
    )
    .await;
    let address = format!("http://127.0.0.1:{}", application.port());
    let pool = application.pool().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.run_until_stopped(async move {
        let _ = stopped.await;
    }));
    // The sign-up queues the e-mail proving the address.
    let (status, body) = call(
        &browser(),
        &address,
        "auth/signup",
        json!({ "form": sign_up_form(json!({})) }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let _held = tokio::time::timeout(Duration::from_secs(10), sending.recv())
        .await
        .expect("the mail worker connects to the SMTP server")
        .unwrap();
    let claimed: bool = sqlx::query_scalar(
        "SELECT bool_and(next_attempt_at > now() + interval '1 minute') FROM outbox",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(
        claimed,
        "the e-mail is claimed for minutes while it is sent"
    );

    let _ = stop.send(());
    let told = Instant::now();
    let stopped = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the process stops soon after the grace period")
        .unwrap();
    assert!(stopped.is_ok(), "{stopped:?}");
    println!(
        "graceful stop: the stuck mail worker was cut off after {:?}",
        told.elapsed()
    );
    let check = PgPool::connect(&database).await.unwrap();
    let due_again: bool = sqlx::query_scalar(
        "SELECT bool_and(next_attempt_at <= now() AND sent_at IS NULL) FROM outbox",
    )
    .fetch_one(&check)
    .await
    .unwrap();
    assert!(
        due_again,
        "the claim is released: another process sends it at once"
    );
    check.close().await;
    drop_database(&database).await;
}
