//! Option 2 of the seed: a person asks to join an account by its SIRET or e-mail, and the
//! holder accepts or declines.
use super::*;

#[tokio::test]
async fn a_request_by_siret_names_the_company_and_the_holder_accepts_it() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let requester = other_holder(&app).await;

    let (status, body) = status_and_body(
        app.call_as(
            &requester,
            "collaborators/request",
            json!({ "reference": "73282932000075", "confirmed": false }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["Validation"][0]["code"].clone()),
        (400, json!("invalid_siret"))
    );

    let outcome = ok(app
        .call_as(
            &requester,
            "collaborators/request",
            json!({ "reference": "732 829 320 00074", "confirmed": false }),
        )
        .await)
    .await;
    assert_eq!(
        outcome,
        json!({ "Confirm": { "company_name": "Acme Électronique", "siret_verified": false } })
    );
    assert_eq!(
        space(&app, &app.client).await["incoming_requests"],
        json!([])
    );

    let outcome = ok(app
        .call_as(
            &requester,
            "collaborators/request",
            json!({ "reference": "73282932000074", "confirmed": true }),
        )
        .await)
    .await;
    assert_eq!(outcome, json!("Sent"));
    let (status, body) = status_and_body(
        app.call_as(
            &requester,
            "collaborators/request",
            json!({ "reference": "73282932000074", "confirmed": true }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["Conflict"]["code"].clone()),
        (409, json!("request_pending"))
    );
    assert!(app
        .wait_for_mail("marie@acme.fr")
        .await
        .contains("jean@autre.fr"));
    assert_eq!(app.me(&app.client).await["active"]["pending_requests"], 1);

    let holder_view = space(&app, &app.client).await;
    let request_id = holder_view["incoming_requests"][0]["id"].clone();
    ok(app
        .call(
            "collaborators/decide",
            json!({ "request_id": request_id, "accept": true,
                    "permissions": { "can_buy": true, "can_see_all_orders": false }, "message": "" }),
        )
        .await)
    .await;
    let list = collaborators(&app, &app.client).await;
    assert_eq!(list[0]["email"], "jean@autre.fr");
    assert_eq!(
        list[0]["permissions"],
        json!({ "can_buy": true, "can_see_all_orders": false })
    );
    let mine = space(&app, &requester).await;
    assert_eq!(mine["sent_requests"], json!([]));
    assert_eq!(mine["memberships"][0]["account_name"], "Acme Électronique");

    // A member asking again by SIRET is told; by e-mail, the answer reveals nothing (it would
    // say whose address it is) and the holder has nothing to decide.
    let (status, body) = status_and_body(
        app.call_as(
            &requester,
            "collaborators/request",
            json!({ "reference": "73282932000074", "confirmed": false }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["Conflict"]["code"].clone()),
        (409, json!("already_member"))
    );
    let outcome = ok(app
        .call_as(
            &requester,
            "collaborators/request",
            json!({ "reference": "marie@acme.fr", "confirmed": false }),
        )
        .await)
    .await;
    assert_eq!(outcome, json!("Sent"));
    assert_eq!(
        space(&app, &app.client).await["incoming_requests"],
        json!([])
    );
}

#[tokio::test]
async fn an_email_that_is_not_a_holders_gets_the_same_answer_as_an_unknown_one() {
    let app = spawn_app().await;
    let (_collaborator, _) = holder_with_collaborator(&app, false).await;
    let requester = other_holder(&app).await;
    for reference in ["nobody@nowhere.fr", "paul@acme.fr"] {
        let outcome = ok(app
            .call_as(
                &requester,
                "collaborators/request",
                json!({ "reference": reference, "confirmed": false }),
            )
            .await)
        .await;
        assert_eq!(outcome, json!("Sent"), "{reference}");
    }
    // Each leaves a request naming nobody's account, which nobody receives.
    let requests: i64 =
        sqlx::query_scalar("SELECT count(*) FROM collaboration_requests WHERE account_id IS NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(requests, 2);
    assert_eq!(
        space(&app, &app.client).await["incoming_requests"],
        json!([])
    );
    // A holder's e-mail sends the request at once, and the requester can withdraw it. Until
    // the holder decides, the requester sees the address typed, not the company.
    ok(app
        .call_as(
            &requester,
            "collaborators/request",
            json!({ "reference": "MARIE@acme.fr", "confirmed": false }),
        )
        .await)
    .await;
    let sent = space(&app, &requester).await["sent_requests"].clone();
    assert_eq!(sent[2]["to"], "MARIE@acme.fr");
    ok(app
        .call_as(
            &requester,
            "collaborators/cancel-request",
            json!({ "request_id": sent[2]["id"] }),
        )
        .await)
    .await;
    assert_eq!(
        space(&app, &app.client).await["incoming_requests"],
        json!([])
    );
}

#[tokio::test]
async fn requests_are_rate_limited_per_person() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    prove_address(&app, "marie@acme.fr").await;
    let mut statuses = Vec::new();
    // Another address each time: a second request to one address is `request_pending`.
    for attempt in 0..7 {
        let response = app
            .call(
                "collaborators/request",
                json!({ "reference": format!("nobody{attempt}@nowhere.fr"), "confirmed": false }),
            )
            .await;
        statuses.push(response.status().as_u16());
    }
    assert!(
        statuses.starts_with(&[200, 200, 200, 200, 200]),
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
}

#[tokio::test]
async fn fifty_parallel_accepts_make_one_membership() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let requester = other_holder(&app).await;
    ok(app
        .call_as(
            &requester,
            "collaborators/request",
            json!({ "reference": "marie@acme.fr", "confirmed": false }),
        )
        .await)
    .await;
    let request_id = space(&app, &app.client).await["incoming_requests"][0]["id"].clone();
    let arguments = json!({ "request_id": request_id, "accept": true,
        "permissions": { "can_buy": false, "can_see_all_orders": false }, "message": "" });
    let calls = (0..50).map(|_| app.call("collaborators/decide", arguments.clone()));
    let responses = futures::future::join_all(calls).await;
    let mut statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    let memberships: i64 =
        sqlx::query_scalar("SELECT count(*) FROM memberships WHERE role = 'collaborator'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(memberships, 1);
}

#[tokio::test]
async fn a_declined_request_tells_why_and_a_removed_collaborator_loses_the_account() {
    let app = spawn_app().await;
    let (collaborator, paul) = holder_with_collaborator(&app, true).await;
    let requester = other_holder(&app).await;
    ok(app
        .call_as(
            &requester,
            "collaborators/request",
            json!({ "reference": "marie@acme.fr", "confirmed": false }),
        )
        .await)
    .await;
    let request_id = space(&app, &app.client).await["incoming_requests"][0]["id"].clone();
    let none = json!({ "can_buy": false, "can_see_all_orders": false });
    let (status, body) = status_and_body(
        app.call(
            "collaborators/decide",
            json!({ "request_id": request_id, "accept": false, "permissions": none, "message": "x".repeat(501) }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["Validation"][0]["field"].clone()),
        (400, json!("message"))
    );
    ok(app
        .call(
            "collaborators/decide",
            json!({ "request_id": request_id, "accept": false, "permissions": none,
                    "message": "Nous ne travaillons qu'avec notre équipe." }),
        )
        .await)
    .await;
    let mail = app.wait_for_mail("jean@autre.fr").await;
    assert!(
        mail.contains("Nous ne travaillons qu'avec notre équipe."),
        "{mail}"
    );
    assert_eq!(space(&app, &requester).await["memberships"], json!([]));
    assert_eq!(
        space(&app, &app.client).await["incoming_requests"],
        json!([])
    );

    ok(app
        .call("collaborators/remove", json!({ "user_id": paul }))
        .await)
    .await;
    assert_eq!(app.me(&collaborator).await["active"], Value::Null);
    assert_eq!(collaborators(&app, &app.client).await, json!([]));
    let (status, _) = status_and_body(
        app.call("collaborators/remove", json!({ "user_id": paul }))
            .await,
    )
    .await;
    assert_eq!(status, 404, "removed once");
}
