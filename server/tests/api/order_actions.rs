//! A customer cancels an order before production (the holder or a buyer who sees it); a paid
//! order is then to be refunded, which staff record.
use crate::world::{ok, status_and_body, world};
use serde_json::json;

#[tokio::test]
async fn a_buyer_cancels_before_production_and_only_then() {
    let world = world().await;
    let cancel = |client: &reqwest::Client, order| {
        let app = &world.app;
        let client = client.clone();
        async move {
            status_and_body(
                app.call_as(
                    &client,
                    "orders/cancel",
                    json!({ "order_id": order, "reason": "Erreur de quantité" }),
                )
                .await,
            )
            .await
        }
    };
    // Who may not: a member who cannot buy, another account.
    assert_eq!(cancel(&world.non_buyer, world.buyer_order).await.0, 403);
    assert_eq!(cancel(&world.sees_all, world.buyer_order).await.0, 403);
    assert_eq!(cancel(&world.other, world.buyer_order).await.0, 404);
    // Not the holder's order for a buyer who does not see it.
    assert_eq!(cancel(&world.buyer, world.holder_order).await.0, 404);

    let (status, body) = cancel(&world.buyer, world.buyer_order).await;
    assert_eq!(status, 200, "{body}");
    let order = ok(world
        .app
        .call_as(
            &world.buyer,
            "orders/get",
            json!({ "order_id": world.buyer_order }),
        )
        .await)
    .await;
    assert_eq!(order["status"], "cancelled");
    assert_eq!(order["cancel_reason"], "Erreur de quantité");
    assert_eq!(
        order["refund_due_at"],
        json!(null),
        "unpaid: nothing to refund"
    );
    assert_eq!(order["may_cancel"], false);
    assert_eq!(
        order["timeline"].as_array().unwrap().last().unwrap()["step"],
        "cancelled"
    );
    // Twice: the order is no longer at that step.
    assert_eq!(cancel(&world.buyer, world.buyer_order).await.0, 409);

    // Once production started, only staff may cancel.
    sqlx::query("UPDATE orders SET status = 'in_production' WHERE id = $1")
        .bind(world.holder_order)
        .execute(&world.app.pool)
        .await
        .unwrap();
    let (status, body) = cancel(&world.holder, world.holder_order).await;
    assert_eq!(
        (status, body),
        (
            409,
            json!({ "Conflict": { "field": "order", "code": "order_step" } })
        )
    );
}

#[tokio::test]
async fn a_paid_order_cancelled_is_refunded_and_staff_record_it() {
    let world = world().await;
    sqlx::query(
        "UPDATE orders SET paid_at = now(), payment_method = 'bank_transfer' WHERE id = $1",
    )
    .bind(world.holder_order)
    .execute(&world.app.pool)
    .await
    .unwrap();
    // Nothing to refund yet.
    let refund = |client: &reqwest::Client| {
        let app = &world.app;
        let client = client.clone();
        let order = world.holder_order;
        async move {
            status_and_body(
                app.call_as(
                    &client,
                    "backoffice/record-refund",
                    json!({ "order_id": order }),
                )
                .await,
            )
            .await
            .0
        }
    };
    assert_eq!(refund(&world.staff).await, 409);

    ok(world
        .app
        .call_as(
            &world.holder,
            "orders/cancel",
            json!({ "order_id": world.holder_order, "reason": "" }),
        )
        .await)
    .await;
    let order = ok(world
        .app
        .call_as(
            &world.staff,
            "backoffice/order",
            json!({ "order_id": world.holder_order }),
        )
        .await)
    .await;
    assert!(order["refund_due_at"].is_i64(), "{order}");
    assert_eq!(order["refunded_at"], json!(null));
    assert_eq!(order["cancel_reason"], json!(null));

    // Only staff record the refund, once.
    assert_eq!(refund(&world.holder).await, 403);
    assert_eq!(refund(&world.staff).await, 200);
    assert_eq!(refund(&world.staff).await, 409);
    let order = ok(world
        .app
        .call_as(
            &world.holder,
            "orders/get",
            json!({ "order_id": world.holder_order }),
        )
        .await)
    .await;
    assert!(order["refunded_at"].is_i64(), "{order}");

    // The customer's page says so.
    let url = format!(
        "{}/account/orders/{}",
        world.app.address, world.holder_order
    );
    let html = world
        .holder
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("remboursée le"), "{html}");
}
