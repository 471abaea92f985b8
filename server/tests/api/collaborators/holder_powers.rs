//! What the holder's decisions do to collaborators at once: permissions, the holder role,
//! several accounts.
use super::*;

#[tokio::test]
async fn a_permission_change_reaches_the_collaborators_open_session_at_once() {
    let app = spawn_app().await;
    let (collaborator, paul) = holder_with_collaborator(&app, false).await;
    assert_eq!(
        app.me(&collaborator).await["active"]["permissions"]["can_buy"],
        false
    );
    ok(app
        .call(
            "collaborators/permissions",
            json!({ "user_id": paul, "permissions": { "can_buy": true, "can_see_all_orders": true } }),
        )
        .await)
    .await;
    let me = app.me(&collaborator).await;
    assert_eq!(
        me["active"]["permissions"],
        json!({ "can_buy": true, "can_see_all_orders": true })
    );

    // Deactivated: no access at once; the holder reactivates with permissions chosen again.
    ok(app
        .call("collaborators/deactivate", json!({ "user_id": paul }))
        .await)
    .await;
    assert_eq!(app.me(&collaborator).await["active"], Value::Null);
    assert_eq!(collaborators(&app, &app.client).await[0]["active"], false);
    ok(app
        .call(
            "collaborators/reactivate",
            json!({ "user_id": paul, "permissions": { "can_buy": false, "can_see_all_orders": false } }),
        )
        .await)
    .await;
    let me = app.me(&collaborator).await;
    assert_eq!(
        me["active"]["permissions"],
        json!({ "can_buy": false, "can_see_all_orders": false })
    );
    let actions: Vec<String> = history(&app, &app.client)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        actions,
        [
            "reactivated",
            "deactivated",
            "permissions_changed",
            "created"
        ]
    );
}

#[tokio::test]
async fn the_holder_stays_and_can_hand_the_role_over() {
    let app = spawn_app().await;
    let (collaborator, paul) = holder_with_collaborator(&app, false).await;
    let marie = user_id(&app, "marie@acme.fr").await;
    for endpoint in ["collaborators/deactivate", "collaborators/remove"] {
        let (status, body) =
            status_and_body(app.call(endpoint, json!({ "user_id": marie })).await).await;
        assert_eq!(
            (status, body["Conflict"]["code"].clone()),
            (409, json!("holder_stays")),
            "{endpoint}"
        );
    }
    let account_id = app.me(&app.client).await["active"]["id"].clone();
    let (status, body) = status_and_body(
        app.call("collaborators/leave", json!({ "account_id": account_id }))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["Conflict"]["code"].clone()),
        (409, json!("holder_stays"))
    );

    ok(app
        .call("collaborators/transfer", json!({ "user_id": paul }))
        .await)
    .await;
    let offer = space(&app, &collaborator).await["transfers"][0].clone();
    assert_eq!(offer["for_me"], true);
    ok(app
        .call_as(
            &collaborator,
            "collaborators/answer-transfer",
            json!({ "account_id": account_id, "accept": true }),
        )
        .await)
    .await;
    assert_eq!(app.me(&collaborator).await["active"]["role"], "holder");
    let me = app.me(&app.client).await;
    assert_eq!(me["active"]["role"], "collaborator");
    let holders: i64 = sqlx::query_scalar("SELECT count(*) FROM memberships WHERE role = 'holder'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(holders, 1);

    // The former holder can now leave.
    ok(app
        .call("collaborators/leave", json!({ "account_id": account_id }))
        .await)
    .await;
    assert_eq!(app.me(&app.client).await["active"], Value::Null);
}

#[tokio::test]
async fn a_person_in_two_accounts_switches_between_them() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let other = other_holder(&app).await;
    ok(app
        .call("collaborators/invite", json!({ "email": "jean@autre.fr", "permissions": { "can_buy": false, "can_see_all_orders": false } }))
        .await)
    .await;
    let invitation = space(&app, &other).await["invitations"][0]["id"].clone();
    ok(app
        .call_as(
            &other,
            "collaborators/answer-invitation",
            json!({ "invitation_id": invitation, "accept": true }),
        )
        .await)
    .await;
    let me = app.me(&other).await;
    assert_eq!(
        me["active"]["name"], "Autre SA",
        "one's own account comes first"
    );
    let acme = me["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Acme Électronique")
        .unwrap()["id"]
        .clone();
    ok(app
        .call_as(&other, "account/switch", json!({ "account_id": acme }))
        .await)
    .await;
    let me = app.me(&other).await;
    assert_eq!(me["active"]["name"], "Acme Électronique");
    assert_eq!(me["active"]["role"], "collaborator");
    // Acting for Acme as a collaborator: no holder powers there.
    let (status, _) = status_and_body(
        app.call_as(
            &other,
            "collaborators/remove",
            json!({ "user_id": Uuid::new_v4() }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);

    // The account menu offers the switch to people with several accounts only.
    let page = |client: reqwest::Client| {
        let url = format!("{}/account/projects", app.address);
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let html = page(other.clone()).await;
    assert!(html.contains(r#"id="account-switch""#), "{html}");
    assert!(html.contains("Autre SA") && html.contains("Acme Électronique"));
    let html = page(app.client.clone()).await;
    assert!(!html.contains(r#"id="account-switch""#), "{html}");
}
