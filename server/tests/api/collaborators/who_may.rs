//! Who may do what: only the holder manages, anonymous visitors and half-settled people get
//! nothing, other accounts' ids answer like unknown ones.
use super::*;

#[tokio::test]
async fn only_the_holder_manages_and_other_accounts_ids_answer_like_unknown_ones() {
    let app = spawn_app().await;
    let (collaborator, paul) = holder_with_collaborator(&app, true).await;
    let outsider = other_holder(&app).await;
    // A second collaborator, deactivated.
    ok(app
        .call(
            "collaborators/create",
            new_collaborator("luc@acme.fr", false, false),
        )
        .await)
    .await;
    let luc = user_id(&app, "luc@acme.fr").await;
    let deactivated = browser();
    ok(app
        .log_in_as(&deactivated, "luc@acme.fr", COLLABORATOR_PASSWORD)
        .await)
    .await;
    ok(app
        .call_as(
            &deactivated,
            "account/first-password",
            json!({ "password": OWN_PASSWORD, "confirmation": OWN_PASSWORD }),
        )
        .await)
    .await;
    ok(app
        .call("collaborators/deactivate", json!({ "user_id": luc }))
        .await)
    .await;

    let none = json!({ "can_buy": false, "can_see_all_orders": false });
    let unknown = Uuid::new_v4();
    let holder_only = [
        (
            "collaborators/create",
            new_collaborator("eve@acme.fr", true, true),
        ),
        (
            "collaborators/invite",
            json!({ "email": "jean@autre.fr", "permissions": none }),
        ),
        (
            "collaborators/decide",
            json!({ "request_id": unknown, "accept": true, "permissions": none, "message": "" }),
        ),
        (
            "collaborators/permissions",
            json!({ "user_id": paul, "permissions": none }),
        ),
        ("collaborators/deactivate", json!({ "user_id": paul })),
        (
            "collaborators/reactivate",
            json!({ "user_id": luc, "permissions": none }),
        ),
        ("collaborators/remove", json!({ "user_id": paul })),
        ("collaborators/transfer", json!({ "user_id": paul })),
        (
            "collaborators/withdraw-invitation",
            json!({ "invitation_id": unknown }),
        ),
    ];
    let anonymous = browser();
    for (endpoint, arguments) in &holder_only {
        for (client, expected, who) in [
            (&anonymous, 401, "anonymous"),
            (&collaborator, 403, "collaborator"),
            (&deactivated, 403, "deactivated"),
        ] {
            let status = app
                .call_as(client, endpoint, arguments.clone())
                .await
                .status();
            assert_eq!(status.as_u16(), expected, "{who}: {endpoint}");
        }
    }
    // The other account's holder, with this account's ids: as if they did not exist.
    for (endpoint, arguments) in [
        (
            "collaborators/permissions",
            json!({ "user_id": paul, "permissions": none }),
        ),
        ("collaborators/deactivate", json!({ "user_id": paul })),
        (
            "collaborators/reactivate",
            json!({ "user_id": luc, "permissions": none }),
        ),
        ("collaborators/remove", json!({ "user_id": paul })),
        ("collaborators/transfer", json!({ "user_id": paul })),
        (
            "collaborators/decide",
            json!({ "request_id": unknown, "accept": true, "permissions": none, "message": "" }),
        ),
        (
            "collaborators/withdraw-invitation",
            json!({ "invitation_id": unknown }),
        ),
    ] {
        let (status, _) = status_and_body(app.call_as(&outsider, endpoint, arguments).await).await;
        assert_eq!(status, 404, "outsider: {endpoint}");
    }
    let account_id = app.me(&app.client).await["active"]["id"].clone();
    for (endpoint, arguments) in [
        ("account/switch", json!({ "account_id": account_id })),
        ("collaborators/leave", json!({ "account_id": account_id })),
        (
            "collaborators/answer-transfer",
            json!({ "account_id": account_id, "accept": true }),
        ),
        (
            "collaborators/cancel-request",
            json!({ "request_id": unknown }),
        ),
        (
            "collaborators/answer-invitation",
            json!({ "invitation_id": unknown, "accept": true }),
        ),
    ] {
        let (status, _) = status_and_body(app.call_as(&outsider, endpoint, arguments).await).await;
        assert_eq!(status, 404, "outsider: {endpoint}");
    }
    // Nothing changed for Paul.
    let me = app.me(&collaborator).await;
    assert_eq!(
        me["active"]["permissions"],
        json!({ "can_buy": true, "can_see_all_orders": false })
    );
    // The outsider sees nothing of this account.
    let seen = space(&app, &outsider).await;
    assert_eq!(collaborators(&app, &outsider).await, json!([]));
    assert_eq!(seen["account"]["name"], "Autre SA");
    // Anonymous visitors get nothing at all.
    assert_eq!(
        app.call_as(&anonymous, "collaborators/space", json!({}))
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn every_endpoint_refuses_anonymous_visitors() {
    let app = spawn_app().await;
    let id = Uuid::new_v4();
    let none = json!({ "can_buy": false, "can_see_all_orders": false });
    for (endpoint, arguments) in [
        ("collaborators/space", json!({})),
        (
            "collaborators/create",
            new_collaborator("eve@acme.fr", false, false),
        ),
        (
            "collaborators/invite",
            json!({ "email": "eve@acme.fr", "permissions": none }),
        ),
        (
            "collaborators/answer-invitation",
            json!({ "invitation_id": id, "accept": true }),
        ),
        (
            "collaborators/withdraw-invitation",
            json!({ "invitation_id": id }),
        ),
        (
            "collaborators/request",
            json!({ "reference": "eve@acme.fr", "confirmed": true }),
        ),
        ("collaborators/cancel-request", json!({ "request_id": id })),
        (
            "collaborators/decide",
            json!({ "request_id": id, "accept": true, "permissions": none, "message": "" }),
        ),
        (
            "collaborators/permissions",
            json!({ "user_id": id, "permissions": none }),
        ),
        ("collaborators/deactivate", json!({ "user_id": id })),
        (
            "collaborators/reactivate",
            json!({ "user_id": id, "permissions": none }),
        ),
        ("collaborators/remove", json!({ "user_id": id })),
        ("collaborators/leave", json!({ "account_id": id })),
        ("collaborators/transfer", json!({ "user_id": id })),
        (
            "collaborators/answer-transfer",
            json!({ "account_id": id, "accept": true }),
        ),
        ("account/switch", json!({ "account_id": id })),
        (
            "account/first-password",
            json!({ "password": OWN_PASSWORD, "confirmation": OWN_PASSWORD }),
        ),
    ] {
        let (status, body) = status_and_body(app.call(endpoint, arguments).await).await;
        assert_eq!((status, body), (401, json!("Unauthorized")), "{endpoint}");
    }
}

#[tokio::test]
async fn a_collaborator_with_a_password_to_replace_can_do_nothing_else() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    ok(app
        .call(
            "collaborators/create",
            new_collaborator("paul@acme.fr", true, true),
        )
        .await)
    .await;
    let paul = browser();
    ok(app
        .log_in_as(&paul, "paul@acme.fr", COLLABORATOR_PASSWORD)
        .await)
    .await;
    let account_id = app.me(&app.client).await["active"]["id"].clone();
    for (endpoint, arguments) in [
        ("collaborators/space", json!({})),
        (
            "collaborators/request",
            json!({ "reference": "marie@acme.fr", "confirmed": true }),
        ),
        (
            "collaborators/answer-transfer",
            json!({ "account_id": account_id, "accept": true }),
        ),
        (
            "collaborators/answer-invitation",
            json!({ "invitation_id": Uuid::new_v4(), "accept": true }),
        ),
    ] {
        let (status, _) = status_and_body(app.call_as(&paul, endpoint, arguments).await).await;
        assert_eq!(status, 403, "{endpoint}");
    }
}

/// `collaborators/list` checks the session in the same statement as it lists (one round trip):
/// each way of not being an active member still gets the usual answer.
#[tokio::test]
async fn the_collaborator_list_checks_the_session_in_its_one_statement() {
    let app = spawn_app().await;

    let (status, _) = status_and_body(list(&app, &browser()).await).await;
    assert_eq!(status, 401, "anonymous");

    app.sign_up_as(&app.client, json!({})).await;
    assert_eq!(
        ok(list(&app, &app.client).await).await,
        json!({ "items": [], "next": null, "previous": null }),
        "no collaborator yet"
    );

    let (collaborator, paul) = add_settled_collaborator(&app, false).await;
    let holder_list = ok(list(&app, &app.client).await).await;
    assert_eq!(holder_list["items"][0]["user_id"], json!(paul));
    assert_eq!(ok(list(&app, &collaborator).await).await, holder_list);

    // A second collaborator, deactivated: the holder still sees them, collaborators do not.
    ok(app
        .call(
            "collaborators/create",
            new_collaborator("zoe@acme.fr", false, false),
        )
        .await)
    .await;
    let zoe = user_id(&app, "zoe@acme.fr").await;
    ok(app
        .call("collaborators/deactivate", json!({ "user_id": zoe }))
        .await)
    .await;
    assert_eq!(
        collaborators(&app, &app.client)
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        collaborators(&app, &collaborator)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Zoé, created by the holder, has not chosen her password yet: refused.
    let zoe_client = browser();
    ok(app
        .call("collaborators/reactivate", json!({ "user_id": zoe, "permissions": { "can_buy": false, "can_see_all_orders": false } }))
        .await)
    .await;
    ok(app
        .log_in_as(&zoe_client, "zoe@acme.fr", COLLABORATOR_PASSWORD)
        .await)
    .await;
    assert_eq!(status_and_body(list(&app, &zoe_client).await).await.0, 403);

    // Deactivated Paul: refused at once; an older session after a password change: logged out.
    ok(app
        .call("collaborators/deactivate", json!({ "user_id": paul }))
        .await)
    .await;
    assert_eq!(
        status_and_body(list(&app, &collaborator).await).await.0,
        403
    );
    sqlx::query("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1")
        .bind(paul)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        status_and_body(list(&app, &collaborator).await).await.0,
        401
    );
}

async fn list(app: &TestApp, client: &reqwest::Client) -> reqwest::Response {
    app.call_as(client, "collaborators/list", json!({})).await
}
