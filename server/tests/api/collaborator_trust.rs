//! Trust in the collaborator space (issue 17): proven addresses before joining, requests by
//! e-mail that reveal nothing, invitations and requests that end, decisions checked where they
//! are written, the holder role's offers in the history, and the e-mails that tell people.
use crate::collaborators::{
    collaborators, history, holder_with_collaborator, new_collaborator, other_holder,
    prove_address, settled_person, space, user_id,
};
use crate::helpers::{browser, spawn_app, TestApp};
use crate::world::{ok, status_and_body};
use serde_json::{json, Value};
use std::time::Duration;
use uuid::Uuid;

const NONE: Value = Value::Null;

fn no_permissions() -> Value {
    json!({ "can_buy": false, "can_see_all_orders": false })
}

/// A person with a customer account of their own whose address is not proven yet.
async fn unproven_person(app: &TestApp, email: &str, company: &str) -> reqwest::Client {
    let client = browser();
    app.sign_up_as(
        &client,
        json!({ "email": email, "company_name": company, "siret": "" }),
    )
    .await;
    sqlx::query("UPDATE users SET email_verified_at = NULL WHERE lower(email) = lower($1)")
        .bind(email)
        .execute(&app.pool)
        .await
        .unwrap();
    client
}

/// A person created by the holder on app.client, in `locale`, settled in (address not proven).
async fn created_person(app: &TestApp, email: &str, locale: &str) -> (reqwest::Client, Uuid) {
    let mut form = new_collaborator(email, false, false);
    form["form"]["locale"] = json!(locale);
    settled_person(app, form).await
}

/// `client` asks to join the account `reference` names (a SIRET is sent once `confirmed`).
async fn ask_to_join(
    app: &TestApp,
    client: &reqwest::Client,
    reference: &str,
    confirmed: bool,
) -> (u16, Value) {
    status_and_body(
        app.call_as(
            client,
            "collaborators/request",
            json!({ "reference": reference, "confirmed": confirmed }),
        )
        .await,
    )
    .await
}

/// Jean (proven) asks to join by `reference`, an e-mail address.
async fn ask(app: &TestApp, jean: &reqwest::Client, reference: &str) -> (u16, Value) {
    ask_to_join(app, jean, reference, false).await
}

async fn account_id(app: &TestApp) -> Value {
    app.me(&app.client).await["active"]["id"].clone()
}

fn actions(history: &Value) -> Vec<String> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["action"].as_str().unwrap().to_string())
        .collect()
}

async fn invite(app: &TestApp, email: &str) {
    ok(app
        .call(
            "collaborators/invite",
            json!({ "email": email, "permissions": no_permissions() }),
        )
        .await)
    .await;
}

/// Moves the expiry of every pending request and invitation of `email` into the past.
async fn let_time_pass(app: &TestApp, email: &str) {
    sqlx::query(
        "UPDATE collaboration_requests SET expires_at = now() - interval '1 second'
         WHERE status = 'pending'
           AND user_id = (SELECT id FROM users WHERE lower(email) = lower($1))",
    )
    .bind(email)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// What a person is offered and answers: an invitation (its id), or the holder role of an
/// account (the account's id).
enum Offer<'a> {
    Invitation(&'a Value),
    HolderRole(&'a Value),
}

async fn answer(
    app: &TestApp,
    client: &reqwest::Client,
    offer: Offer<'_>,
    accept: bool,
) -> (u16, Value) {
    let (endpoint, arguments) = match offer {
        Offer::Invitation(id) => (
            "collaborators/answer-invitation",
            json!({ "invitation_id": id, "accept": accept }),
        ),
        Offer::HolderRole(account) => (
            "collaborators/answer-transfer",
            json!({ "account_id": account, "accept": accept }),
        ),
    };
    status_and_body(app.call_as(client, endpoint, arguments).await).await
}

fn expect_conflict((status, body): (u16, Value), code: &str, what: &str) {
    assert_eq!(
        (status, body["Conflict"]["code"].clone()),
        (409, json!(code)),
        "{what}: {body}"
    );
}

fn expect_unverified((status, body): (u16, Value), what: &str) {
    assert_eq!((status, body), (403, json!("Unverified")), "{what}");
}

/// Waits until the outbox is sent, then throws the e-mails written so far away: the next
/// `wait_for_mail` finds the e-mail of what comes next.
async fn clear_mail(app: &TestApp) {
    for _ in 0..100 {
        let unsent: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        if unsent == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if let Ok(entries) = std::fs::read_dir(&app.mail_dir) {
        for entry in entries.flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

// 1. Verified addresses grant things.

#[tokio::test]
async fn joining_an_account_needs_a_proven_address_and_declining_does_not() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let jean = unproven_person(&app, "jean@autre.fr", "Autre SA").await;

    // Asking to join, by SIRET (even to see the company) or by e-mail.
    for (reference, confirmed) in [
        ("73282932000074", false),
        ("73282932000074", true),
        ("marie@acme.fr", false),
    ] {
        let outcome = ask_to_join(&app, &jean, reference, confirmed).await;
        expect_unverified(outcome, reference);
    }
    assert_eq!(
        space(&app, &app.client).await["incoming_requests"],
        json!([])
    );

    // Accepting an invitation; declining one stays possible.
    invite(&app, "jean@autre.fr").await;
    let invitation = space(&app, &jean).await["invitations"][0]["id"].clone();
    let accepted = answer(&app, &jean, Offer::Invitation(&invitation), true).await;
    expect_unverified(accepted, "accepting an invitation");
    let declined = answer(&app, &jean, Offer::Invitation(&invitation), false).await;
    assert_eq!(declined, (200, json!("Declined")));

    // Proven, the same person joins; the holder saw that the address is proven.
    prove_address(&app, "jean@autre.fr").await;
    assert_eq!(
        ask(&app, &jean, "marie@acme.fr").await,
        (200, json!("Sent"))
    );
    let incoming = space(&app, &app.client).await["incoming_requests"][0].clone();
    assert_eq!(incoming["email"], "jean@autre.fr");
    assert_eq!(incoming["email_verified"], true, "{incoming}");
    // An address that lost its proof since (a change of address in progress) shows as such.
    sqlx::query("UPDATE users SET email_verified_at = NULL WHERE email = 'jean@autre.fr'")
        .execute(&app.pool)
        .await
        .unwrap();
    let incoming = space(&app, &app.client).await["incoming_requests"][0].clone();
    assert_eq!(incoming["email_verified"], false, "{incoming}");
}

#[tokio::test]
async fn the_holder_role_goes_only_to_a_proven_address() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let account = account_id(&app).await;
    let (paul, paul_id) = created_person(&app, "paul@acme.fr", "fr").await;
    let list = collaborators(&app, &app.client).await;
    assert_eq!(list[0]["email_verified"], false, "{list}");

    let outcome = status_and_body(
        app.call("collaborators/transfer", json!({ "user_id": paul_id }))
            .await,
    )
    .await;
    expect_unverified(outcome, "offering the role to an unproven address");
    assert_eq!(space(&app, &paul).await["transfers"], json!([]));

    prove_address(&app, "paul@acme.fr").await;
    assert_eq!(
        collaborators(&app, &app.client).await[0]["email_verified"],
        true
    );
    ok(app
        .call("collaborators/transfer", json!({ "user_id": paul_id }))
        .await)
    .await;
    // The offer outlived the proof (an address changed since): accepting waits for a new one,
    // declining does not.
    sqlx::query("UPDATE users SET email_verified_at = NULL WHERE id = $1")
        .bind(paul_id)
        .execute(&app.pool)
        .await
        .unwrap();
    let accepted = answer(&app, &paul, Offer::HolderRole(&account), true).await;
    expect_unverified(accepted, "accepting the role");
    assert_eq!(app.me(&app.client).await["active"]["role"], "holder");
    let declined = answer(&app, &paul, Offer::HolderRole(&account), false).await;
    assert_eq!(declined, (200, json!("Declined")));
    assert_eq!(space(&app, &app.client).await["transfers"], json!([]));
}

// 2. The welcome e-mail proves the address of a person created by the holder.

#[tokio::test]
async fn the_welcome_email_carries_the_link_that_proves_the_address() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    ok(app
        .call(
            "collaborators/create",
            new_collaborator("paul@acme.fr", false, false),
        )
        .await)
    .await;
    let paul = user_id(&app, "paul@acme.fr").await;
    let verified: bool =
        sqlx::query_scalar("SELECT email_verified_at IS NOT NULL FROM users WHERE id = $1")
            .bind(paul)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(!verified, "the holder's word proves nothing");

    let mail = app.wait_for_mail("paul@acme.fr").await;
    assert!(mail.contains("/login"), "{mail}");
    assert!(
        mail.contains("Confirmez d'abord que cette adresse"),
        "{mail}"
    );
    let token = mail
        .split("/verify-email?token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no verification link in {mail}"));
    // The link's token is the one stored (hashed) for Paul, for proving his address.
    let mut connection = app.pool.acquire().await.unwrap();
    let proof = app::server::email_tokens::consume(
        &mut connection,
        token,
        app::server::email_tokens::Purpose::VerifyEmail,
    )
    .await
    .expect("a valid verification link");
    assert_eq!(proof.user_id, paul);
}

// 3. Requests by e-mail reveal nothing.

/// Marie's account, and Jean (proven), who asked to join by each of `references`.
async fn jean_asked(app: &TestApp, references: [&str; 2]) -> reqwest::Client {
    app.sign_up_as(&app.client, json!({})).await;
    let jean = other_holder(app).await;
    for reference in references {
        assert_eq!(ask(app, &jean, reference).await, (200, json!("Sent")));
    }
    jean
}

async fn cancel(app: &TestApp, jean: &reqwest::Client, request: &Value) -> (u16, Value) {
    status_and_body(
        app.call_as(
            jean,
            "collaborators/cancel-request",
            json!({ "request_id": request }),
        )
        .await,
    )
    .await
}

/// How many `what` `client`'s page lists.
async fn count(app: &TestApp, client: &reqwest::Client, what: &str) -> usize {
    space(app, client).await[what].as_array().unwrap().len()
}

#[tokio::test]
async fn a_request_by_email_leaves_the_same_trace_whether_or_not_it_reaches_a_holder() {
    let app = spawn_app().await;
    let jean = jean_asked(&app, ["marie@acme.fr", "nobody@nowhere.fr"]).await;
    // The list shows the addresses typed, nothing more, each for 30 days.
    let sent = space(&app, &jean).await["sent_requests"].clone();
    let shown: Vec<&str> = sent
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["to"].as_str().unwrap())
        .collect();
    assert_eq!(shown, ["marie@acme.fr", "nobody@nowhere.fr"]);
    for request in sent.as_array().unwrap() {
        let mut keys: Vec<&String> = request.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["created_at", "expires_at", "id", "to"], "{request}");
        let lasts =
            request["expires_at"].as_i64().unwrap() - request["created_at"].as_i64().unwrap();
        assert!((lasts - 30 * 86_400).abs() < 5, "{request}");
    }
    // A second request to the same address is pending, holder or not.
    for reference in ["MARIE@acme.fr", "Nobody@Nowhere.fr"] {
        let outcome = ask(&app, &jean, reference).await;
        expect_conflict(outcome, "request_pending", reference);
    }
    // Only the holder's request reaches anyone.
    assert_eq!(count(&app, &app.client, "incoming_requests").await, 1);

    // The request that names nobody is cancelled like another.
    assert_eq!(cancel(&app, &jean, &sent[1]["id"]).await.0, 200);
    let outcome = cancel(&app, &jean, &sent[1]["id"]).await;
    expect_conflict(outcome, "already_decided", "cancelled twice");
    assert_eq!(count(&app, &jean, "sent_requests").await, 1);
}

#[tokio::test]
async fn a_request_naming_nobody_expires_like_another_and_then_blocks_nothing() {
    let app = spawn_app().await;
    let references = ["nobody@nowhere.fr", "marie@acme.fr"];
    let jean = jean_asked(&app, references).await;
    let nobody = space(&app, &jean).await["sent_requests"][0]["id"].clone();
    let_time_pass(&app, "jean@autre.fr").await;
    assert_eq!(count(&app, &jean, "sent_requests").await, 0);
    assert_eq!(count(&app, &app.client, "incoming_requests").await, 0);
    let outcome = cancel(&app, &jean, &nobody).await;
    expect_conflict(outcome, "already_decided", "an expired request");
    for reference in references {
        assert_eq!(ask(&app, &jean, reference).await, (200, json!("Sent")));
    }
    assert_eq!(count(&app, &jean, "sent_requests").await, 2);
    assert_eq!(count(&app, &app.client, "incoming_requests").await, 1);
}

#[tokio::test]
async fn a_siret_shows_the_company_and_whether_staff_verified_it() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let jean = other_holder(&app).await;
    let confirm = || ask_to_join(&app, &jean, "73282932000074", false);
    assert_eq!(
        confirm().await.1,
        json!({ "Confirm": { "company_name": "Acme Électronique", "siret_verified": false } })
    );
    sqlx::query("UPDATE customer_accounts SET siret_verified_at = now() WHERE siret IS NOT NULL")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        confirm().await.1,
        json!({ "Confirm": { "company_name": "Acme Électronique", "siret_verified": true } })
    );
}

// 4. Invitations and requests end.

#[tokio::test]
async fn the_holder_sees_and_withdraws_the_invitations_sent() {
    let app = spawn_app().await;
    let (paul, _) = holder_with_collaborator(&app, true).await;
    let jean = other_holder(&app).await;
    invite(&app, "jean@autre.fr").await;

    let sent = space(&app, &app.client).await["sent_invitations"].clone();
    assert_eq!(sent.as_array().unwrap().len(), 1, "{sent}");
    assert_eq!(sent[0]["email"], "jean@autre.fr");
    let lasts = sent[0]["expires_at"].as_i64().unwrap() - sent[0]["created_at"].as_i64().unwrap();
    assert!((lasts - 14 * 86_400).abs() < 5, "{sent}");
    let received = space(&app, &jean).await["invitations"][0].clone();
    assert_eq!(received["expires_at"], sent[0]["expires_at"]);
    let invitation = sent[0]["id"].clone();

    // Only the holder withdraws; another account's holder does not even see it.
    let withdraw = json!({ "invitation_id": invitation });
    let (status, _) = status_and_body(
        app.call_as(&paul, "collaborators/withdraw-invitation", withdraw.clone())
            .await,
    )
    .await;
    assert_eq!(status, 403, "a collaborator");
    let (status, _) = status_and_body(
        app.call_as(&jean, "collaborators/withdraw-invitation", withdraw.clone())
            .await,
    )
    .await;
    assert_eq!(status, 404, "another account's holder");
    ok(app
        .call("collaborators/withdraw-invitation", withdraw.clone())
        .await)
    .await;

    assert_eq!(space(&app, &jean).await["invitations"], json!([]));
    assert_eq!(
        space(&app, &app.client).await["sent_invitations"],
        json!([])
    );
    let outcome = answer(&app, &jean, Offer::Invitation(&invitation), true).await;
    expect_conflict(outcome, "already_decided", "a withdrawn invitation");
    let outcome = status_and_body(
        app.call("collaborators/withdraw-invitation", withdraw)
            .await,
    )
    .await;
    expect_conflict(outcome, "already_decided", "withdrawn twice");
    let history = history(&app, &app.client).await;
    assert_eq!(actions(&history)[0], "invitation_withdrawn");
    assert_eq!(history[0]["subject"], "Marie Curie");
    assert_eq!(app.me(&jean).await["accounts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_expired_invitation_answers_like_a_withdrawn_one_and_blocks_nothing() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let jean = other_holder(&app).await;
    let stranger = unproven_person(&app, "zoe@ailleurs.fr", "Ailleurs").await;
    invite(&app, "jean@autre.fr").await;
    let invitation = space(&app, &jean).await["invitations"][0]["id"].clone();
    let_time_pass(&app, "jean@autre.fr").await;

    assert_eq!(space(&app, &jean).await["invitations"], json!([]));
    assert_eq!(
        space(&app, &app.client).await["sent_invitations"],
        json!([])
    );
    expect_conflict(
        answer(&app, &jean, Offer::Invitation(&invitation), false).await,
        "already_decided",
        "the invited person",
    );
    let (status, _) = answer(&app, &stranger, Offer::Invitation(&invitation), false).await;
    assert_eq!(status, 404, "anyone else");
    let withdraw = json!({ "invitation_id": invitation });
    expect_conflict(
        status_and_body(
            app.call("collaborators/withdraw-invitation", withdraw)
                .await,
        )
        .await,
        "already_decided",
        "the holder",
    );

    // A new invitation goes, and is accepted.
    invite(&app, "jean@autre.fr").await;
    let invitation = space(&app, &jean).await["invitations"][0]["id"].clone();
    let accepted = answer(&app, &jean, Offer::Invitation(&invitation), true).await;
    assert_eq!(accepted, (200, json!("Accepted")));
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT status FROM collaboration_requests ORDER BY created_at")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(statuses, ["expired", "accepted"]);
}

#[tokio::test]
async fn an_expired_request_answers_like_a_withdrawn_one_and_blocks_nothing() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let jean = other_holder(&app).await;
    let send = || ask_to_join(&app, &jean, "73282932000074", true);
    assert_eq!(send().await, (200, json!("Sent")));
    let incoming = space(&app, &app.client).await["incoming_requests"][0].clone();
    let lasts = incoming["expires_at"].as_i64().unwrap() - incoming["created_at"].as_i64().unwrap();
    assert!((lasts - 30 * 86_400).abs() < 5, "{incoming}");
    let request = incoming["id"].clone();
    let_time_pass(&app, "jean@autre.fr").await;

    assert_eq!(count(&app, &app.client, "incoming_requests").await, 0);
    assert_eq!(count(&app, &jean, "sent_requests").await, 0);
    expect_conflict(
        status_and_body(
            app.call(
                "collaborators/decide",
                json!({ "request_id": request, "accept": true,
                        "permissions": no_permissions(), "message": "" }),
            )
            .await,
        )
        .await,
        "already_decided",
        "the holder deciding",
    );
    expect_conflict(
        cancel(&app, &jean, &request).await,
        "already_decided",
        "the requester cancelling",
    );
    // Nothing waits any more: the person may ask again.
    assert_eq!(send().await, (200, json!("Sent")));
    assert_eq!(count(&app, &app.client, "incoming_requests").await, 1);
    assert_eq!(app.me(&jean).await["accounts"].as_array().unwrap().len(), 1);
}

// 5. Decisions checked where they are written.

/// Sets two people's roles in `account`, in this order, in a transaction left open.
async fn set_roles(
    app: &TestApp,
    account: Uuid,
    roles: [(Uuid, &str); 2],
) -> sqlx::Transaction<'static, sqlx::Postgres> {
    let mut tx = app.pool.begin().await.unwrap();
    for (person, role) in roles {
        sqlx::query("UPDATE memberships SET role = $3 WHERE account_id = $1 AND user_id = $2")
            .bind(account)
            .bind(person)
            .bind(role)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx
}

/// Calls `endpoint` as the holder (app.client) while another transaction holds, uncommitted,
/// the role swap an accepted transfer makes (Marie collaborator, Paul holder): the call's
/// session check sees Marie as the holder still. The swap commits once the call waits on a
/// lock (or has answered); then the roles are put back.
async fn call_while_demoted(
    app: &TestApp,
    (marie, paul): (Uuid, Uuid),
    account: Uuid,
    endpoint: &str,
    arguments: Value,
) -> (u16, Value) {
    let swap = set_roles(app, account, [(marie, "collaborator"), (paul, "holder")]).await;
    let call = tokio::spawn(
        app.client
            .post(format!("{}/api/{endpoint}", app.address))
            .json(&arguments)
            .send(),
    );
    for _ in 0..100 {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap();
        if waiting > 0 || call.is_finished() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    swap.commit().await.unwrap();
    let outcome = status_and_body(call.await.unwrap().unwrap()).await;
    let back = set_roles(app, account, [(paul, "collaborator"), (marie, "holder")]).await;
    back.commit().await.unwrap();
    outcome
}

#[tokio::test]
async fn a_holder_demoted_meanwhile_decides_nothing() {
    let app = spawn_app().await;
    let (_paul, paul) = holder_with_collaborator(&app, false).await;
    let marie = user_id(&app, "marie@acme.fr").await;
    let account: Uuid = serde_json::from_value(account_id(&app).await).unwrap();
    let (_leo, leo) = created_person(&app, "leo@acme.fr", "fr").await;
    prove_address(&app, "leo@acme.fr").await;
    let (_luc, luc) = created_person(&app, "luc@acme.fr", "fr").await;
    ok(app
        .call("collaborators/deactivate", json!({ "user_id": luc }))
        .await)
    .await;
    let jean = other_holder(&app).await;
    assert_eq!(
        ask(&app, &jean, "marie@acme.fr").await,
        (200, json!("Sent"))
    );
    let zoe = unproven_person(&app, "zoe@ailleurs.fr", "Ailleurs").await;
    let _kim = unproven_person(&app, "kim@loin.fr", "Loin").await;
    invite(&app, "zoe@ailleurs.fr").await;
    let before = space(&app, &app.client).await;
    let (collaborators_before, history_before) = (
        collaborators(&app, &app.client).await,
        history(&app, &app.client).await,
    );
    let request = before["incoming_requests"][0]["id"].clone();
    let invitation = before["sent_invitations"][0]["id"].clone();

    let some = json!({ "can_buy": true, "can_see_all_orders": true });
    for (endpoint, arguments) in [
        (
            "collaborators/create",
            new_collaborator("eve@acme.fr", true, true),
        ),
        (
            "collaborators/invite",
            json!({ "email": "kim@loin.fr", "permissions": some }),
        ),
        (
            "collaborators/decide",
            json!({ "request_id": request, "accept": true, "permissions": some, "message": "" }),
        ),
        (
            "collaborators/permissions",
            json!({ "user_id": leo, "permissions": some }),
        ),
        ("collaborators/deactivate", json!({ "user_id": leo })),
        (
            "collaborators/reactivate",
            json!({ "user_id": luc, "permissions": some }),
        ),
        ("collaborators/remove", json!({ "user_id": leo })),
        ("collaborators/transfer", json!({ "user_id": leo })),
        ("collaborators/transfer", json!({ "user_id": NONE })),
        (
            "collaborators/withdraw-invitation",
            json!({ "invitation_id": invitation }),
        ),
    ] {
        let (status, body) =
            call_while_demoted(&app, (marie, paul), account, endpoint, arguments).await;
        assert_eq!(status, 403, "{endpoint}: {body}");
    }

    // Nothing happened.
    let after = space(&app, &app.client).await;
    assert_eq!(collaborators(&app, &app.client).await, collaborators_before);
    assert_eq!(after["incoming_requests"], before["incoming_requests"]);
    assert_eq!(after["sent_invitations"], before["sent_invitations"]);
    assert_eq!(after["transfers"], json!([]));
    assert_eq!(history(&app, &app.client).await, history_before);
    assert_eq!(space(&app, &zoe).await["invitations"][0]["id"], invitation);
    let eve: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE email = 'eve@acme.fr'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(eve, 0);
}

// 6. The holder role.

#[tokio::test]
async fn every_step_of_the_holder_role_offer_is_in_the_history_and_access_ends_it() {
    let app = spawn_app().await;
    let (paul, paul_id) = holder_with_collaborator(&app, false).await;
    let account = account_id(&app).await;
    let offer = |user: Value| app.call("collaborators/transfer", json!({ "user_id": user }));

    clear_mail(&app).await;
    ok(offer(json!(paul_id)).await).await;
    let mail = app.wait_for_mail("paul@acme.fr").await;
    assert!(
        mail.contains("Marie Curie vous propose de devenir titulaire du compte Acme"),
        "{mail}"
    );
    ok(offer(NONE).await).await;
    assert_eq!(space(&app, &paul).await["transfers"], json!([]));
    ok(offer(json!(paul_id)).await).await;
    let declined = answer(&app, &paul, Offer::HolderRole(&account), false).await;
    assert_eq!(declined, (200, json!("Declined")));

    // Deactivated or removed, the offered person loses the offer.
    ok(offer(json!(paul_id)).await).await;
    ok(app
        .call("collaborators/deactivate", json!({ "user_id": paul_id }))
        .await)
    .await;
    assert_eq!(space(&app, &app.client).await["transfers"], json!([]));
    ok(app
        .call(
            "collaborators/reactivate",
            json!({ "user_id": paul_id, "permissions": no_permissions() }),
        )
        .await)
    .await;
    assert_eq!(space(&app, &paul).await["transfers"], json!([]));
    let (status, _) = answer(&app, &paul, Offer::HolderRole(&account), true).await;
    assert_eq!(status, 404, "an offer ended by the deactivation");
    ok(offer(json!(paul_id)).await).await;
    ok(app
        .call("collaborators/remove", json!({ "user_id": paul_id }))
        .await)
    .await;
    assert_eq!(space(&app, &app.client).await["transfers"], json!([]));

    assert_eq!(
        actions(&history(&app, &app.client).await),
        [
            "removed",
            "holder_offer_withdrawn",
            "holder_offered",
            "reactivated",
            "deactivated",
            "holder_offer_withdrawn",
            "holder_offered",
            "holder_declined",
            "holder_offered",
            "holder_offer_withdrawn",
            "holder_offered",
            "created"
        ]
    );
}

#[tokio::test]
async fn a_deactivated_member_asking_to_join_again_shows_as_such() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let (luc, luc_id) = created_person(&app, "luc@acme.fr", "fr").await;
    prove_address(&app, "luc@acme.fr").await;
    ok(app
        .call("collaborators/deactivate", json!({ "user_id": luc_id }))
        .await)
    .await;
    let jean = other_holder(&app).await;
    for client in [&luc, &jean] {
        let outcome = ask_to_join(&app, client, "73282932000074", true).await;
        assert_eq!(outcome, (200, json!("Sent")));
    }
    let incoming = space(&app, &app.client).await["incoming_requests"].clone();
    let flags: Vec<(&str, bool)> = incoming
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["email"].as_str().unwrap(),
                r["deactivated_member"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(flags, [("luc@acme.fr", true), ("jean@autre.fr", false)]);
}

// 7. E-mails.

#[tokio::test]
async fn a_collaborator_is_told_each_change_in_their_language() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let (_ada, ada) = created_person(&app, "ada@acme.fr", "en").await;
    let all = json!({ "can_buy": true, "can_see_all_orders": true });
    for (endpoint, arguments, expected) in [
        (
            "collaborators/permissions",
            json!({ "user_id": ada, "permissions": all }),
            "The holder of the account Acme Électronique changed your permissions. They apply right away:\n\nCan they buy? yes · Can they see all orders? yes",
        ),
        (
            "collaborators/deactivate",
            json!({ "user_id": ada }),
            "The holder of the account Acme Électronique deactivated your access",
        ),
        (
            "collaborators/reactivate",
            json!({ "user_id": ada, "permissions": no_permissions() }),
            "reactivated your access, with these permissions:\n\nCan they buy? no · Can they see all orders? no",
        ),
        (
            "collaborators/remove",
            json!({ "user_id": ada }),
            "The holder of the account Acme Électronique removed you from this account.",
        ),
    ] {
        clear_mail(&app).await;
        ok(app.call(endpoint, arguments).await).await;
        let mail = app.wait_for_mail("ada@acme.fr").await.replace("\r\n", "\n");
        assert!(mail.contains(expected), "{endpoint}: {mail}");
    }
}

#[tokio::test]
async fn the_holder_is_told_when_an_invitation_is_accepted() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let jean = other_holder(&app).await;
    invite(&app, "jean@autre.fr").await;
    let invitation = space(&app, &jean).await["invitations"][0]["id"].clone();
    clear_mail(&app).await;
    let accepted = answer(&app, &jean, Offer::Invitation(&invitation), true).await;
    assert_eq!(accepted, (200, json!("Accepted")));
    let mail = app.wait_for_mail("marie@acme.fr").await;
    assert!(
        mail.contains("Marie Curie <jean@autre.fr> a accepté votre invitation"),
        "{mail}"
    );
    assert!(mail.contains("compte Acme Électronique"), "{mail}");
}

// 8. Words.

#[tokio::test]
async fn an_active_member_is_already_a_member_of_the_holders_account() {
    let app = spawn_app().await;
    let (_paul, _) = holder_with_collaborator(&app, false).await;
    let outcome = status_and_body(
        app.call(
            "collaborators/create",
            new_collaborator("PAUL@acme.fr", false, false),
        )
        .await,
    )
    .await;
    expect_conflict(outcome, "person_already_member", "creating");
    let outcome = status_and_body(
        app.call(
            "collaborators/invite",
            json!({ "email": "paul@acme.fr", "permissions": no_permissions() }),
        )
        .await,
    )
    .await;
    expect_conflict(outcome, "person_already_member", "inviting");
}
