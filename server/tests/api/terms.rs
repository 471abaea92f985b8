//! The terms of sale are accepted explicitly at each order, and the version accepted is stored
//! with it (and with a purchase request, whose approval orders under it).
use crate::world::{ok, order_form, status_and_body, uuid, world};
use serde_json::json;
use shared::terms::TERMS_OF_SALE_VERSION;
use uuid::Uuid;

#[tokio::test]
async fn an_order_without_the_terms_accepted_is_refused_and_nothing_is_placed() {
    let world = world().await;
    let mut form = order_form();
    form["terms_accepted"] = json!(false);
    let version = world.project_version().await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    for form in [form.clone(), {
        let mut missing = form.clone();
        missing.as_object_mut().unwrap().remove("terms_accepted");
        missing
    }] {
        let (status, body) = status_and_body(
            world
                .app
                .call_as(
                    &world.buyer,
                    "orders/place",
                    json!({ "project_id": world.project, "project_version": version,
                            "form": form, "idempotency_key": Uuid::new_v4() }),
                )
                .await,
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["Validation"][0]["field"], "terms_accepted", "{body}");
        assert_eq!(
            body["Validation"][0]["code"], "terms_not_accepted",
            "{body}"
        );
    }
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn the_version_accepted_is_kept_with_the_order_and_shown_on_it() {
    let world = world().await;
    let order = ok(world
        .app
        .call_as(
            &world.buyer,
            "orders/get",
            json!({ "order_id": world.buyer_order }),
        )
        .await)
    .await;
    assert_eq!(order["terms_version"], TERMS_OF_SALE_VERSION);

    // An approved request orders under the terms its requester accepted.
    let approved = ok(world
        .app
        .call_as(
            &world.buyer,
            "purchase-requests/approve",
            json!({ "request_id": world.requests[0], "confirmed_version": null,
                    "confirmed_net_cents": null }),
        )
        .await)
    .await;
    let stored: Option<String> =
        sqlx::query_scalar("SELECT terms_version FROM orders WHERE id = $1")
            .bind(uuid(&approved))
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
    assert_eq!(stored.as_deref(), Some(TERMS_OF_SALE_VERSION));

    let url = format!("{}/account/orders/{}", world.app.address, world.buyer_order);
    let html = world
        .buyer
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Conditions générales acceptées"), "{html}");
    assert!(
        html.contains(&format!("version {TERMS_OF_SALE_VERSION}")),
        "{html}"
    );
}
