//! The Prometheus metrics on their private address, and never on the site's.
use crate::{
    helpers::{browser, sign_up_form},
    world::project_form,
};
use serde_json::json;
use server::{config::Settings, startup::Application};
use std::collections::HashMap;
use uuid::Uuid;

/// The value of the series whose name and labels start with `series`, e.g.
/// `http_requests_total{method="POST",route="/api/auth/signup",status="200"}`.
fn value(scrape: &str, series: &str) -> Option<f64> {
    scrape
        .lines()
        .filter(|line| !line.starts_with('#'))
        .find(|line| line.starts_with(series))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address_with_routes_not_paths() {
    let admin = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
    let name = crate::helpers::create_database(&admin).await;
    let database = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    let folders = std::env::temp_dir().join(format!("ems-metrics-{name}"));
    let variables: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", database),
        ("MAIL_DIR", folders.join("mail").display().to_string()),
        ("FILES_DIR", folders.join("files").display().to_string()),
        ("LOG_LEVEL", "warn".into()),
        ("SITE_ADDR", "127.0.0.1:0".into()),
        ("METRICS_ADDR", "127.0.0.1:0".into()),
        ("DATABASE_MAX_CONNECTIONS", "5".into()),
        ("LOGIN_ATTEMPTS_PER_MINUTE", "1".into()),
    ]);
    let settings = Settings::from_lookup(|name| variables.get(name).cloned()).unwrap();
    let application = Application::build(settings).await.unwrap();
    let site = format!("http://127.0.0.1:{}", application.port());
    let metrics = format!(
        "http://127.0.0.1:{}/metrics",
        application.metrics_port().expect("METRICS_ADDR is set")
    );
    tokio::spawn(application.run_until_stopped(std::future::pending()));

    let client = browser();
    let signed_up = client
        .post(format!("{site}/api/auth/signup"))
        .json(&json!({ "form": sign_up_form(json!({})) }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_up.status(), 200);
    let created = client
        .post(format!("{site}/api/projects/create"))
        .json(&json!({ "form": project_form("Carte") }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let project: Uuid = created.json().await.unwrap();
    // A page whose path carries an id: counted under its pattern.
    let page = client
        .get(format!("{site}/account/projects/{project}"))
        .send()
        .await
        .unwrap();
    assert!(page.status().is_success(), "{}", page.status());
    // Two logins a minute where one is allowed: the second is a limit reached.
    let stranger = browser();
    let login = json!({ "form": { "email": "nobody@acme.fr", "password": "wrong password" } });
    let mut statuses = Vec::new();
    for _ in 0..2 {
        let answer = stranger
            .post(format!("{site}/api/auth/login"))
            .json(&login)
            .send()
            .await
            .unwrap();
        statuses.push(answer.status().as_u16());
    }
    assert_eq!(statuses, [401, 429]);

    // The site does not serve them.
    let public = client.get(format!("{site}/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404);

    let scrape = reqwest::get(&metrics).await.unwrap();
    assert_eq!(scrape.status(), 200);
    let scrape = scrape.text().await.unwrap();
    let series =
        |name: &str| value(&scrape, name).unwrap_or_else(|| panic!("no {name} in\n{scrape}"));
    assert_eq!(
        series(r#"http_requests_total{method="POST",route="/api/auth/signup",status="200"}"#),
        1.0
    );
    assert_eq!(
        series(r#"http_requests_total{method="POST",route="/api/auth/login",status="429"}"#),
        1.0
    );
    // A path no route matches is not a label of its own either.
    assert_eq!(
        series(r#"http_requests_total{method="GET",route="unmatched",status="404"}"#),
        1.0
    );
    assert!(
        !scrape.contains(&project.to_string()),
        "an id became a label:\n{scrape}"
    );
    assert_eq!(
        series(r#"http_requests_total{method="GET",route="/account/projects/{id}",status="200"}"#),
        1.0
    );
    assert_eq!(
        series(
            r#"http_request_duration_seconds_count{method="POST",route="/api/projects/create"}"#
        ),
        1.0
    );
    let signup_seconds =
        series(r#"http_request_duration_seconds_sum{method="POST",route="/api/auth/signup"}"#);
    assert!(
        signup_seconds > 0.0 && signup_seconds < 30.0,
        "{signup_seconds}"
    );
    assert_eq!(series("rate_limits_reached_total"), 1.0);
    let idle = series(r#"db_pool_connections{state="idle"}"#);
    let in_use = series(r#"db_pool_connections{state="in_use"}"#);
    assert!(
        idle + in_use >= 1.0 && idle + in_use <= 5.0,
        "{idle} + {in_use}"
    );
    assert_eq!(series("db_pool_max_connections"), 5.0);
    // The sign-up's e-mail: sent by now, or still waiting.
    let unsent = series("outbox_unsent_emails");
    assert!((0.0..=1.0).contains(&unsent), "{unsent}");
    let oldest = series("outbox_oldest_unsent_age_seconds");
    assert!((0.0..60.0).contains(&oldest), "{oldest}");
    assert_eq!(series(r#"password_hashing_queue{queue="checks"}"#), 0.0);
    assert_eq!(
        series(r#"password_hashing_queue{queue="new_passwords"}"#),
        0.0
    );
    crate::faults::drop_database(&variables["DATABASE_URL"]).await;
}
