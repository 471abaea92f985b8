//! Ordering again: a buyer orders what a past order made, priced today, the price difference
//! confirmed first; the same files, quantity, lead time and delivery address.
use crate::world::{ok, status_and_body, uuid, world, World};
use serde_json::{json, Value};
use uuid::Uuid;

async fn reorder(world: &World, client: &reqwest::Client, arguments: Value) -> (u16, Value) {
    status_and_body(world.app.call_as(client, "orders/reorder", arguments).await).await
}

async fn order(world: &World, client: &reqwest::Client, order_id: Uuid) -> Value {
    ok(world
        .app
        .call_as(client, "orders/get", json!({ "order_id": order_id }))
        .await)
    .await
}

#[tokio::test]
async fn a_buyer_orders_the_same_boards_again_at_todays_price() {
    let world = world().await;
    let past = order(&world, &world.buyer, world.buyer_order).await;
    // The price today is shown on the past order's page, to buyers only.
    assert_eq!(past["reorder_net_cents"], past["net_cents"]);
    let by_sees_all = order(&world, &world.sees_all, world.buyer_order).await;
    assert_eq!(by_sees_all["reorder_net_cents"], Value::Null);

    let key = Uuid::new_v4();
    let arguments =
        json!({ "order_id": world.buyer_order, "terms_accepted": true, "idempotency_key": key });
    let (status, body) = reorder(&world, &world.buyer, arguments.clone()).await;
    assert_eq!(status, 200, "{body}");
    let again = uuid(&body);
    assert_ne!(again, world.buyer_order);
    // The same key answers the same order.
    assert_eq!(reorder(&world, &world.buyer, arguments).await.1, body);

    let new = order(&world, &world.buyer, again).await;
    for same in [
        "project",
        "quantity",
        "lead_time",
        "delivery_address",
        "net_cents",
        "project_id",
        "project_version",
    ] {
        assert_eq!(new[same], past[same], "{same}");
    }
    assert!(new["number"].as_i64() > past["number"].as_i64());
    assert_eq!(new["po_reference"], Value::Null);
    assert_eq!(new["status"], json!("received"));
    assert_eq!(
        new["terms_version"],
        json!(shared::terms::TERMS_OF_SALE_VERSION)
    );
    let files = |order: &Value| {
        order["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(files(&new), files(&past));
}

#[tokio::test]
async fn a_price_that_moved_is_confirmed_before_ordering_again() {
    let world = world().await;
    // The past order cost less than the same boards today.
    sqlx::query("UPDATE orders SET net_cents = net_cents - 700 WHERE id = $1")
        .bind(world.buyer_order)
        .execute(&world.app.pool)
        .await
        .unwrap();
    let past = order(&world, &world.buyer, world.buyer_order).await;
    let (then, today) = (
        past["net_cents"].as_i64().unwrap(),
        past["reorder_net_cents"].as_i64().unwrap(),
    );
    assert_eq!(today - then, 700);

    let ask = |confirmed: Value| {
        json!({ "order_id": world.buyer_order, "terms_accepted": true,
                "idempotency_key": Uuid::new_v4(), "confirmed_net_cents": confirmed })
    };
    let (status, body) = reorder(&world, &world.buyer, ask(Value::Null)).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        body["PriceChanged"],
        json!({ "old_cents": then, "new_cents": today })
    );
    // A stale confirmation is no confirmation.
    assert_eq!(
        reorder(&world, &world.buyer, ask(json!(today - 1))).await.0,
        409
    );
    let (status, body) = reorder(&world, &world.buyer, ask(json!(today))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        order(&world, &world.buyer, uuid(&body)).await["net_cents"],
        json!(today)
    );
}

#[tokio::test]
async fn only_a_buyer_who_sees_the_order_orders_it_again_with_the_terms_accepted() {
    let world = world().await;
    let ask = |order_id: Uuid, terms: bool| json!({ "order_id": order_id, "terms_accepted": terms, "idempotency_key": Uuid::new_v4() });
    let (status, body) = reorder(&world, &world.buyer, ask(world.buyer_order, false)).await;
    assert_eq!(status, 400);
    assert_eq!(body["Validation"][0]["field"], json!("terms_accepted"));
    assert_eq!(body["Validation"][0]["code"], json!("terms_not_accepted"));
    // Seeing all orders is not buying; another account's order is unknown; staff do not buy.
    assert_eq!(
        reorder(&world, &world.sees_all, ask(world.buyer_order, true))
            .await
            .0,
        403
    );
    assert_eq!(
        reorder(&world, &world.other, ask(world.buyer_order, true))
            .await
            .0,
        404
    );
    assert_eq!(
        reorder(&world, &world.staff, ask(world.buyer_order, true))
            .await
            .0,
        403
    );
    assert_eq!(
        reorder(&world, &world.anonymous, ask(world.buyer_order, true))
            .await
            .0,
        401
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert_eq!(count, 2);
}
