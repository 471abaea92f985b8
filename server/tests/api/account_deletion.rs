//! Deleting one's own account: the password again, the holder's role handed over first; the
//! person and their logins go, the accounts' orders stay without their name.
use crate::{
    helpers::browser,
    world::{ok, status_and_body, world, PASSWORD},
};
use serde_json::json;

/// The password of the people who signed up (the holder, the other account's holder).
const SIGN_UP_PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn a_member_deletes_their_account_and_the_orders_stay_without_their_name() {
    let world = world().await;
    let app = &world.app;
    let (status, body) = status_and_body(
        app.call_as(
            &world.buyer,
            "account/delete",
            json!({ "password": "not it" }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    // A second session of the same person, elsewhere.
    let elsewhere = browser();
    ok(app.log_in_as(&elsewhere, "buyer@acme.fr", PASSWORD).await).await;

    ok(app
        .call_as(
            &world.buyer,
            "account/delete",
            json!({ "password": PASSWORD }),
        )
        .await)
    .await;
    let remaining: i64 =
        sqlx::query_scalar("SELECT count(*) FROM users WHERE email = 'buyer@acme.fr'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(remaining, 0);
    let e_mails: i64 =
        sqlx::query_scalar("SELECT count(*) FROM outbox WHERE recipient = 'buyer@acme.fr'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(e_mails, 0);
    // Logged out here and elsewhere; the address may sign up again, but not log in.
    for client in [&world.buyer, &elsewhere] {
        let (status, _) =
            status_and_body(app.call_as(client, "projects/list", json!({})).await).await;
        assert_eq!(status, 401);
    }
    let (status, _) =
        status_and_body(app.log_in_as(&browser(), "buyer@acme.fr", PASSWORD).await).await;
    assert_eq!(status, 401);

    // The company keeps the order, placed by a former member.
    let order = ok(app
        .call_as(
            &world.holder,
            "orders/get",
            json!({ "order_id": world.buyer_order }),
        )
        .await)
    .await;
    assert_eq!(order["placed_by"], json!(null));
    assert_eq!(order["status"], json!("received"));
}

#[tokio::test]
async fn a_holder_hands_the_role_over_before_leaving_and_staff_cannot() {
    let world = world().await;
    let app = &world.app;
    let (status, body) = status_and_body(
        app.call_as(
            &world.holder,
            "account/delete",
            json!({ "password": SIGN_UP_PASSWORD }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["Conflict"]["code"], json!("hand_over_first"));
    assert_eq!(
        status_and_body(
            app.call_as(
                &world.staff,
                "account/delete",
                json!({ "password": PASSWORD })
            )
            .await
        )
        .await
        .0,
        403
    );
    assert_eq!(
        status_and_body(
            app.call_as(
                &world.anonymous,
                "account/delete",
                json!({ "password": PASSWORD })
            )
            .await
        )
        .await
        .0,
        401
    );
    // The holder of an account of their own alone leaves; the company stays.
    ok(app
        .call_as(
            &world.other,
            "account/delete",
            json!({ "password": SIGN_UP_PASSWORD }),
        )
        .await)
    .await;
    let accounts: i64 = sqlx::query_scalar("SELECT count(*) FROM customer_accounts")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(accounts, 2);
}
