//! Duplicating a project: a copy with copies of its files, at version 1, in the same account;
//! another account's project is unknown; the copies count against the storage quota.
use crate::world::{gerber_zip, ok, status_and_body, uuid, world, world_with};
use serde_json::json;

#[tokio::test]
async fn a_duplicate_has_its_own_copies_of_the_files() {
    let world = world().await;
    let copy = uuid(
        &ok(world
            .app
            .call_as(
                &world.holder,
                "projects/duplicate",
                json!({ "project_id": world.project }),
            )
            .await)
        .await,
    );
    assert_ne!(copy, world.project);
    let detail = ok(world
        .app
        .call_as(&world.buyer, "projects/get", json!({ "project_id": copy }))
        .await)
    .await;
    assert_eq!(detail["form"]["name"], "Carte capteur (copie)");
    assert_eq!(detail["version"], 1);
    let files = detail["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{detail}");
    assert_eq!(files[0]["file_name"], "carte.zip");
    assert_ne!(uuid(&files[0]["id"]), world.file);

    // The copy is its own: downloading it gives the bytes, and the original is untouched.
    let response = world
        .holder
        .get(format!(
            "{}/api/files/{}",
            world.app.address,
            uuid(&files[0]["id"])
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().to_vec(), gerber_zip());
    let keys: Vec<String> = sqlx::query_scalar("SELECT storage_key FROM project_files")
        .fetch_all(&world.app.pool)
        .await
        .unwrap();
    let unique: std::collections::BTreeSet<_> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len(), "every file has a key of its own");

    // Another account's holder does not see the project at all.
    let (status, _) = status_and_body(
        world
            .app
            .call_as(
                &world.other,
                "projects/duplicate",
                json!({ "project_id": world.project }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn copies_that_would_exceed_the_quota_are_refused_and_nothing_is_kept() {
    let quota = (gerber_zip().len() + gerber_zip().len() / 2).to_string();
    let world = world_with(&[("STORAGE_QUOTA_BYTES", quota.as_str())]).await;
    let projects_before: i64 = sqlx::query_scalar("SELECT count(*) FROM projects")
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    let (status, body) = status_and_body(
        world
            .app
            .call_as(
                &world.holder,
                "projects/duplicate",
                json!({ "project_id": world.project }),
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, body),
        (
            409,
            json!({ "Conflict": { "field": "file", "code": "storage_quota_exceeded" } })
        )
    );
    let projects_after: i64 = sqlx::query_scalar("SELECT count(*) FROM projects")
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert_eq!(projects_before, projects_after);
}
