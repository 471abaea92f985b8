//! Option 1 of the seed: the holder creates a collaborator, who then chooses a password.
use super::*;

#[tokio::test]
async fn a_holder_with_no_collaborators_gets_an_empty_list() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let space = space(&app, &app.client).await;
    assert_eq!(space["account"]["role"], "holder");
    assert_eq!(collaborators(&app, &app.client).await, json!([]));
    assert_eq!(history(&app, &app.client).await, json!([]));
}

#[tokio::test]
async fn the_created_collaborator_must_choose_a_password_then_works_in_the_account() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    ok(app
        .call(
            "collaborators/create",
            new_collaborator("Paul@Acme.fr", true, false),
        )
        .await)
    .await;

    // The welcome e-mail gives the login link, never the password.
    let mail = app.wait_for_mail("Paul@Acme.fr").await;
    assert!(mail.contains("/login"), "{mail}");
    assert!(mail.contains("Acme Électronique"), "{mail}");
    assert!(!mail.contains(COLLABORATOR_PASSWORD), "{mail}");

    let collaborator = browser();
    ok(app
        .log_in_as(&collaborator, "paul@acme.fr", COLLABORATOR_PASSWORD)
        .await)
    .await;
    let me = app.me(&collaborator).await;
    assert_eq!(me["must_change_password"], true);
    // Nothing else until the password is theirs.
    let (status, _) = status_and_body(
        app.call_as(&collaborator, "collaborators/space", json!({}))
            .await,
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = status_and_body(
        app.call_as(
            &collaborator,
            "account/first-password",
            json!({ "password": "short", "confirmation": "short" }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    ok(app
        .call_as(
            &collaborator,
            "account/first-password",
            json!({ "password": OWN_PASSWORD, "confirmation": OWN_PASSWORD }),
        )
        .await)
    .await;

    let me = app.me(&collaborator).await;
    assert_eq!(me["must_change_password"], false);
    assert_eq!(me["active"]["name"], "Acme Électronique");
    assert_eq!(me["active"]["role"], "collaborator");
    assert_eq!(
        me["active"]["permissions"],
        json!({ "can_buy": true, "can_see_all_orders": false })
    );
    // The holder's password no longer opens the account.
    let (status, _) = status_and_body(
        app.log_in_as(&browser(), "paul@acme.fr", COLLABORATOR_PASSWORD)
            .await,
    )
    .await;
    assert_eq!(status, 401);

    let list = collaborators(&app, &app.client).await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["email"], "Paul@Acme.fr");
    assert_eq!(list[0]["phone"], "+33 6 98 76 54 32");
    assert_eq!(list[0]["active"], true);
    assert_eq!(history(&app, &app.client).await[0]["action"], "created");
}

#[tokio::test]
async fn creation_reports_each_bad_field_and_never_overwrites_an_existing_person() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let (status, body) = status_and_body(
        app.call(
            "collaborators/create",
            json!({ "form": { "first_name": "", "last_name": "", "email": "x", "phone": "12",
                "permissions": { "can_buy": false, "can_see_all_orders": false },
                "password": "short", "confirmation": "other", "locale": "fr" } }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    let fields: Vec<&str> = body["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "first_name",
            "last_name",
            "email",
            "phone",
            "password",
            "confirmation"
        ]
    );

    // Someone with an account of their own: nothing is created, an invitation is offered.
    let other = other_holder(&app).await;
    let (status, body) = status_and_body(
        app.call(
            "collaborators/create",
            new_collaborator("JEAN@autre.fr", true, true),
        )
        .await,
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["Conflict"]["code"], "email_has_account");
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(users, 2);

    ok(app
        .call(
            "collaborators/invite",
            json!({ "email": "jean@autre.fr", "permissions": { "can_buy": true, "can_see_all_orders": false } }),
        )
        .await)
    .await;
    assert!(app
        .wait_for_mail("jean@autre.fr")
        .await
        .contains("Acme Électronique"));
    let invitation = space(&app, &other).await["invitations"][0].clone();
    assert_eq!(invitation["account_name"], "Acme Électronique");
    ok(app
        .call_as(
            &other,
            "collaborators/answer-invitation",
            json!({ "invitation_id": invitation["id"], "accept": true }),
        )
        .await)
    .await;
    // Answered once only.
    let (status, body) = status_and_body(
        app.call_as(
            &other,
            "collaborators/answer-invitation",
            json!({ "invitation_id": invitation["id"], "accept": false }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["Conflict"]["code"].clone()),
        (409, json!("already_decided"))
    );

    // Now a member: creating or inviting again says so, in words for the holder.
    let (status, body) = status_and_body(
        app.call(
            "collaborators/create",
            new_collaborator("jean@autre.fr", false, false),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["Conflict"]["code"].clone()),
        (409, json!("person_already_member"))
    );
    let me = app.me(&other).await;
    assert_eq!(me["accounts"].as_array().unwrap().len(), 2, "{me}");
}
