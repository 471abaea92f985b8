//! Several server processes on one database (issue 19): the limits hold across them and across
//! a restart, migrations are applied once when they start together, and a binary older than its
//! database refuses to start.
use crate::helpers::{browser, spawn_app, EmptyDatabase, TestApp};
use server::startup::{Application, StartupError, MIGRATOR};
use sqlx::PgPool;

/// A login attempt with a wrong password for one e-mail, on `app`: its status.
async fn wrong_login(app: &TestApp) -> u16 {
    app.log_in_as(&browser(), "someone@acme.fr", "not the password")
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_login_limit_holds_across_two_processes_and_a_restart() {
    let first = spawn_app().await;
    let second = first.spawn_sibling().await;
    // Ten a minute per address and per e-mail (the default), spread over both processes.
    let mut statuses = Vec::new();
    for attempt in 0..12 {
        let app = if attempt % 2 == 0 { &first } else { &second };
        statuses.push(wrong_login(app).await);
    }
    assert_eq!(&statuses[..10], &[401; 10]);
    assert_eq!(&statuses[10..], &[429, 429]);
    // A process started afresh on the same database remembers what was spent.
    let restarted = first.spawn_sibling().await;
    assert_eq!(wrong_login(&restarted).await, 429);
}

#[tokio::test]
async fn two_processes_starting_at_once_apply_the_migrations_once() {
    let app = spawn_app().await;
    let empty = EmptyDatabase::create().await;
    let on_empty = [("DATABASE_URL", empty.url.as_str())];
    let (one, other) = tokio::join!(
        Application::build(app.settings_with(&on_empty)),
        Application::build(app.settings_with(&on_empty)),
    );
    let (one, other) = (
        one.expect("the first starts"),
        other.expect("the other starts"),
    );
    let pool = one.pool().clone();
    let applied: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT version, count(*) FROM _sqlx_migrations WHERE success GROUP BY version
         ORDER BY version",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let known: Vec<(i64, i64)> = MIGRATOR
        .iter()
        .filter(|migration| !migration.migration_type.is_down_migration())
        .map(|migration| (migration.version, 1))
        .collect();
    assert_eq!(applied, known);
    // Started again, a process finds them applied and starts in one query.
    assert!(server::startup::migrations_applied(&pool).await);
    drop((one, other));
    pool.close().await;
}

#[tokio::test]
async fn a_binary_older_than_its_database_refuses_to_start() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (20270101000000, 'from a newer release', true, '\\x00', 0)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    match Application::build(app.settings_with(&[])).await {
        Err(error @ StartupError::UnknownMigration { version }) => {
            assert_eq!(version, 20270101000000);
            let message = error.to_string();
            assert!(message.contains("20270101000000"), "{message}");
            assert!(message.contains("does not know"), "{message}");
        }
        Err(error) => panic!("refused for another reason: {error}"),
        Ok(_) => panic!("started against a database ahead of it"),
    }
}

#[tokio::test]
async fn two_processes_may_sweep_the_limits_at_once() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO rate_limits (limiter, key, full_at)
         SELECT 'test', 'old ' || n, now() - interval '1 second' FROM generate_series(1, 500) n
         UNION ALL
         SELECT 'test', 'live ' || n, now() + interval '1 minute' FROM generate_series(1, 5) n",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let other = PgPool::connect_with(app.pool.connect_options().as_ref().clone())
        .await
        .unwrap();
    let (one, two) = tokio::join!(
        app::server::sweep_rate_limits(&app.pool),
        app::server::sweep_rate_limits(&other),
    );
    assert_eq!(one.unwrap() + two.unwrap(), 500);
    let left: Vec<String> = sqlx::query_scalar("SELECT key FROM rate_limits ORDER BY key")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(left, ["live 1", "live 2", "live 3", "live 4", "live 5"]);
    other.close().await;
}
