use crate::helpers::spawn_app;
use server::startup::{migrations_applied, MIGRATOR};
use sqlx::migrate::MigrateError;

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn readyz_answers_ready_when_the_database_answers() {
    let app = spawn_app().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ready");
}

/// Start-up asks in one query whether the database has this binary's migrations, unchanged; only
/// otherwise does it run the migrator, which applies what is missing or refuses a change.
#[tokio::test]
async fn start_up_runs_the_migrator_only_when_a_migration_is_missing_or_changed() {
    let app = spawn_app().await;
    assert!(
        migrations_applied(&app.pool).await,
        "a new database, migrated at start-up"
    );

    // A database never migrated: no migration table.
    let mut transaction = app.pool.begin().await.unwrap();
    sqlx::query("ALTER TABLE _sqlx_migrations RENAME TO migrations_aside")
        .execute(&mut *transaction)
        .await
        .unwrap();
    assert!(!migrations_applied(&mut *transaction).await);
    transaction.rollback().await.unwrap();

    // A binary that brings a new migration: the database lacks the last one.
    let mut transaction = app.pool.begin().await.unwrap();
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)",
    )
    .execute(&mut *transaction)
    .await
    .unwrap();
    assert!(!migrations_applied(&mut *transaction).await);
    transaction.rollback().await.unwrap();

    // A migration changed after it was applied: the migrator refuses to go on.
    assert!(migrations_applied(&app.pool).await);
    sqlx::query("UPDATE _sqlx_migrations SET checksum = '\\x00' WHERE version = (SELECT min(version) FROM _sqlx_migrations)")
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(!migrations_applied(&app.pool).await);
    assert!(
        matches!(
            MIGRATOR.run(&app.pool).await,
            Err(MigrateError::VersionMismatch(_))
        ),
        "a changed migration is refused"
    );
}
