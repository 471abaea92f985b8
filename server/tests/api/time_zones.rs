//! Dates and times in the person's time zone: Europe/Paris unless they choose another.
use crate::world::{ok, status_and_body, world};
use serde_json::json;

#[tokio::test]
async fn pages_show_times_in_the_persons_time_zone() {
    let world = world().await;
    // 2026-11-27 14:05 UTC.
    sqlx::query(
        "UPDATE projects SET created_at = '2026-11-27 14:05:09+00', updated_at = '2026-11-27 14:05:09+00'
         WHERE id = $1",
    )
    .bind(world.project)
    .execute(&world.app.pool)
    .await
    .unwrap();
    let page = || async {
        let url = format!("{}/account/projects/{}", world.app.address, world.project);
        let response = world.holder.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.text().await.unwrap()
    };

    let html = page().await;
    assert!(html.contains("27/11/2026 15:05 CET"), "{html}");
    assert!(!html.contains("14:05"), "{html}");
    assert_eq!(
        world.app.me(&world.holder).await["time_zone"],
        "Europe/Paris"
    );

    ok(world
        .app
        .call_as(
            &world.holder,
            "account/time-zone",
            json!({ "time_zone": "Asia/Tokyo" }),
        )
        .await)
    .await;
    assert_eq!(world.app.me(&world.holder).await["time_zone"], "Asia/Tokyo");
    let html = page().await;
    assert!(html.contains("27/11/2026 23:05 Asia/Tokyo"), "{html}");

    // Another person of the account still reads Paris time.
    let url = format!("{}/account/projects/{}", world.app.address, world.project);
    let html = world
        .buyer
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("27/11/2026 15:05 CET"), "{html}");
}

#[tokio::test]
async fn an_unknown_time_zone_is_a_field_error() {
    let world = world().await;
    let (status, body) = status_and_body(
        world
            .app
            .call_as(
                &world.holder,
                "account/time-zone",
                json!({ "time_zone": "Mars/Olympus" }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Validation"][0]["field"], "time_zone", "{body}");
    assert_eq!(
        world.app.me(&world.holder).await["time_zone"],
        "Europe/Paris"
    );
}
