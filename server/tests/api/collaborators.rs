//! The collaborator space over HTTP: both options, the holder's powers, and who may do what.
use crate::helpers::{browser, spawn_app, TestApp};
use serde_json::{json, Value};
use uuid::Uuid;

pub const COLLABORATOR_PASSWORD: &str = "given by the holder 2026";
pub const OWN_PASSWORD: &str = "chosen by the collaborator";

pub fn new_collaborator(email: &str, can_buy: bool, can_see_all_orders: bool) -> Value {
    json!({ "form": {
        "first_name": "Paul", "last_name": "Martin", "email": email, "phone": "06 98 76 54 32",
        "permissions": { "can_buy": can_buy, "can_see_all_orders": can_see_all_orders },
        "password": COLLABORATOR_PASSWORD, "confirmation": COLLABORATOR_PASSWORD, "locale": "fr"
    }})
}

async fn status_and_body(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn ok(response: reqwest::Response) -> Value {
    let (status, body) = status_and_body(response).await;
    assert_eq!(status, 200, "{body}");
    body
}

pub async fn user_id(app: &TestApp, email: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM users WHERE lower(email) = lower($1)")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// What following the link of an e-mail sent to `email` does (`/verify-email`): the address is
/// proven. Joining an account, answering an invitation and taking the holder role need it.
pub async fn prove_address(app: &TestApp, email: &str) {
    sqlx::query("UPDATE users SET email_verified_at = now() WHERE lower(email) = lower($1)")
        .bind(email)
        .execute(&app.pool)
        .await
        .unwrap();
}

pub async fn space(app: &TestApp, client: &reqwest::Client) -> Value {
    ok(app.call_as(client, "collaborators/space", json!({})).await).await
}

/// The first page of the account's collaborators, the most recent first.
pub async fn collaborators(app: &TestApp, client: &reqwest::Client) -> Value {
    ok(app.call_as(client, "collaborators/list", json!({})).await).await["items"].clone()
}

/// The first page of the account's history, the most recent first.
pub async fn history(app: &TestApp, client: &reqwest::Client) -> Value {
    ok(app
        .call_as(client, "collaborators/history", json!({}))
        .await)
    .await["items"]
        .clone()
}

/// A holder (app.client, marie@acme.fr) with one collaborator who chose their own password.
pub async fn holder_with_collaborator(app: &TestApp, can_buy: bool) -> (reqwest::Client, Uuid) {
    app.sign_up_as(&app.client, json!({})).await;
    add_settled_collaborator(app, can_buy).await
}

/// Paul (paul@acme.fr), created by the holder logged in on app.client, with his own password and
/// his address proven.
pub async fn add_settled_collaborator(app: &TestApp, can_buy: bool) -> (reqwest::Client, Uuid) {
    let paul = settled_person(app, new_collaborator("paul@acme.fr", can_buy, false)).await;
    prove_address(app, "paul@acme.fr").await;
    paul
}

/// A person the holder logged in on app.client creates with `form`, who then chose their own
/// password (their address is not proven: they did not follow their welcome e-mail's link).
pub async fn settled_person(app: &TestApp, form: Value) -> (reqwest::Client, Uuid) {
    let email = form["form"]["email"].as_str().unwrap().to_string();
    ok(app.call("collaborators/create", form).await).await;
    let collaborator = browser();
    ok(app
        .log_in_as(&collaborator, &email, COLLABORATOR_PASSWORD)
        .await)
    .await;
    ok(app
        .call_as(
            &collaborator,
            "account/first-password",
            json!({ "password": OWN_PASSWORD, "confirmation": OWN_PASSWORD }),
        )
        .await)
    .await;
    (collaborator, user_id(app, &email).await)
}

/// Another company's holder (jean@autre.fr, address proven), logged in with a client of their
/// own.
pub async fn other_holder(app: &TestApp) -> reqwest::Client {
    let other = browser();
    app.sign_up_as(
        &other,
        json!({ "email": "jean@autre.fr", "company_name": "Autre SA", "siret": "" }),
    )
    .await;
    prove_address(app, "jean@autre.fr").await;
    other
}

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
