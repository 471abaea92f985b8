//! Identities, over HTTP: proven e-mail addresses (sign-up's link, sent again on request), a
//! change of address through a link to the new one, the company's name and SIRET (one account
//! per SIRET, checked by staff), a company account opened by a person who has a login, and the
//! first-password rule over every function of the accounts.
use crate::{
    helpers::{browser, TestApp},
    world::{ok, staff_client, status_and_body},
};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery staple";
const GIVEN_PASSWORD: &str = "given by the holder 2026";
const ACME_SIRET: &str = "73282932000074";
/// La Poste's SIREN follows its own rule; a valid SIRET all the same.
const OTHER_SIRET: &str = "35600000049837";

/// The token of the newest link to `page` (`verify-email`, `confirm-email`) e-mailed to
/// `recipient` as an e-mail of `kind`, once it differs from `previous`.
async fn link_token(
    app: &TestApp,
    recipient: &str,
    kind: &str,
    page: &str,
    previous: &str,
) -> String {
    let marker = format!("/{page}?token=");
    for _ in 0..100 {
        let mail = app.wait_for_mail_of_kind(recipient, kind).await;
        let start = mail
            .find(&marker)
            .unwrap_or_else(|| panic!("a link to /{page} in {mail}"))
            + marker.len();
        let token: String = mail[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if token != previous {
            return token;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no new link to /{page} for {recipient}");
}

async fn verification_token(app: &TestApp, recipient: &str) -> String {
    link_token(app, recipient, "verify_email", "verify-email", "").await
}

/// Proves `recipient`'s address with the newest link sent to it, as someone not logged in.
async fn verify(app: &TestApp, recipient: &str) {
    let token = verification_token(app, recipient).await;
    ok(app
        .call_as(
            &browser(),
            "account/verify-email",
            json!({ "token": token }),
        )
        .await)
    .await;
}

async fn verified_at_is_set(app: &TestApp, email: &str) -> bool {
    sqlx::query_scalar("SELECT email_verified_at IS NOT NULL FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn outbox_count(app: &TestApp, recipient: &str, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM outbox WHERE recipient = $1 AND kind = $2")
        .bind(recipient)
        .bind(kind)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// A collaborator the holder logged in as `holder` creates (option 1), logged in with the
/// password the holder chose: they must still choose their own.
async fn created_by_holder(
    app: &TestApp,
    holder: &reqwest::Client,
    email: &str,
) -> reqwest::Client {
    ok(app
        .call_as(
            holder,
            "collaborators/create",
            json!({ "form": {
                "first_name": "Paul", "last_name": "Martin", "email": email,
                "phone": "06 98 76 54 32",
                "permissions": { "can_buy": false, "can_see_all_orders": false },
                "password": GIVEN_PASSWORD, "confirmation": GIVEN_PASSWORD, "locale": "fr"
            }}),
        )
        .await)
    .await;
    let client = browser();
    ok(app.log_in_as(&client, email, GIVEN_PASSWORD).await).await;
    client
}

async fn choose_password(app: &TestApp, client: &reqwest::Client) {
    ok(app
        .call_as(
            client,
            "account/first-password",
            json!({ "password": PASSWORD, "confirmation": PASSWORD }),
        )
        .await)
    .await;
}

async fn mark(
    app: &TestApp,
    client: &reqwest::Client,
    account: Uuid,
    verified: bool,
) -> reqwest::Response {
    app.call_as(
        client,
        "backoffice/verify-siret",
        json!({ "account_id": account, "verified": verified }),
    )
    .await
}

async fn open(app: &TestApp, client: &reqwest::Client, siret: &str) -> reqwest::Response {
    app.call_as(
        client,
        "account/new-company",
        json!({ "form": { "company_name": "Paul Conseil", "siret": siret } }),
    )
    .await
}

fn conflict(field: &str, code: &str) -> (u16, Value) {
    (409, json!({ "Conflict": { "field": field, "code": code } }))
}

fn invalid(field: &str, code: &str) -> (u16, Value) {
    (
        400,
        json!({ "Validation": [{ "field": field, "code": code }] }),
    )
}

#[tokio::test]
async fn sign_up_stores_the_address_unproven_and_its_link_proves_it_once() {
    let app = crate::helpers::spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    assert_eq!(app.me(&app.client).await["email_verified"], false);
    assert!(!verified_at_is_set(&app, "marie@acme.fr").await);

    let token = verification_token(&app, "marie@acme.fr").await;
    assert_eq!(token.len(), 43);
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM email_tokens
         WHERE token_hash = sha256($1::bytea) AND purpose = 'verify_email'
           AND expires_at BETWEEN now() + interval '23 hours' AND now() + interval '25 hours'",
    )
    .bind(token.as_bytes())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(stored, 1, "only the token's hash is stored, for 24 hours");

    // Whoever holds the link, logged in or not.
    let elsewhere = browser();
    let form = json!({ "token": token });
    ok(app
        .call_as(&elsewhere, "account/verify-email", form.clone())
        .await)
    .await;
    assert_eq!(app.me(&app.client).await["email_verified"], true);
    assert_eq!(
        app.me(&elsewhere).await,
        Value::Null,
        "the link logs nobody in"
    );
    let again = status_and_body(app.call_as(&elsewhere, "account/verify-email", form).await).await;
    assert_eq!(again, (400, json!("InvalidToken")));
    // A link of the other purpose is no proof either.
    let wrong_page = app
        .call("account/confirm-email", json!({ "token": token }))
        .await;
    assert_eq!(
        status_and_body(wrong_page).await,
        (400, json!("InvalidToken"))
    );
}

#[tokio::test]
async fn a_new_link_supersedes_the_last_and_a_link_expires() {
    let app = crate::helpers::spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let first = verification_token(&app, "marie@acme.fr").await;
    ok(app.call("account/resend-verification", json!({})).await).await;
    let second = link_token(
        &app,
        "marie@acme.fr",
        "verify_email",
        "verify-email",
        &first,
    )
    .await;

    let used = app
        .call("account/verify-email", json!({ "token": first }))
        .await;
    assert_eq!(status_and_body(used).await, (400, json!("InvalidToken")));
    sqlx::query("UPDATE email_tokens SET expires_at = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    let expired = app
        .call("account/verify-email", json!({ "token": second }))
        .await;
    assert_eq!(status_and_body(expired).await, (400, json!("InvalidToken")));
    assert!(!verified_at_is_set(&app, "marie@acme.fr").await);
}

#[tokio::test]
async fn resending_the_link_is_limited_and_sends_nothing_once_the_address_is_proven() {
    let app = crate::helpers::spawn_app().await;
    let anonymous = app
        .call_as(&browser(), "account/resend-verification", json!({}))
        .await;
    assert_eq!(anonymous.status(), 401);

    app.sign_up_as(&app.client, json!({})).await;
    for _ in 0..3 {
        ok(app.call("account/resend-verification", json!({})).await).await;
    }
    let over = app.call("account/resend-verification", json!({})).await;
    assert_eq!(over.status(), 429);
    let retry_after: u64 = over.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    assert_eq!(outbox_count(&app, "marie@acme.fr", "verify_email").await, 4);

    // Another person's quota is their own; once proven, the same answer and nothing sent.
    let jean = browser();
    app.sign_up_as(&jean, json!({ "email": "jean@autre.fr", "siret": "" }))
        .await;
    verify(&app, "jean@autre.fr").await;
    let answer = app
        .call_as(&jean, "account/resend-verification", json!({}))
        .await;
    assert_eq!(status_and_body(answer).await, (200, Value::Null));
    assert_eq!(outbox_count(&app, "jean@autre.fr", "verify_email").await, 1);
}

#[tokio::test]
async fn the_account_area_says_what_is_pending_until_the_address_is_proven() {
    let app = crate::helpers::spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let page = app.get("/account/projects").await.text().await.unwrap();
    assert!(page.contains("Confirmez votre adresse e-mail"), "{page}");
    assert!(page.contains("Recevoir un nouvel e-mail"), "{page}");
    verify(&app, "marie@acme.fr").await;
    let page = app.get("/account/projects").await.text().await.unwrap();
    assert!(!page.contains("Confirmez votre adresse e-mail"), "{page}");

    // The links' pages are public pages, in the forms' part of the site.
    for (path, title) in [
        (
            "/verify-email?token=x",
            "Confirmation de votre adresse e-mail",
        ),
        ("/confirm-email?token=x", "adresse e-mail"),
    ] {
        let response = browser()
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("{title} · EMS PROTO</title>")),
            "{path}: {html}"
        );
    }
    let company = app.get("/account/company").await;
    assert_eq!(company.status(), 200);
    let html = company.text().await.unwrap();
    assert!(
        html.contains("<title>Mon entreprise · EMS PROTO</title>"),
        "{html}"
    );
}

#[tokio::test]
async fn a_new_address_needs_the_password_and_changes_nothing_until_its_link_is_followed() {
    let app = crate::helpers::spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    app.sign_up_as(&browser(), json!({ "email": "jean@autre.fr", "siret": "" }))
        .await;
    let anonymous = app
        .call_as(
            &browser(),
            "account/email",
            json!({ "new_email": "x@y.fr", "password": PASSWORD }),
        )
        .await;
    assert_eq!(anonymous.status(), 401);

    let change = |new_email: &str, password: &str| {
        app.call(
            "account/email",
            json!({ "new_email": new_email, "password": password }),
        )
    };
    assert_eq!(
        status_and_body(change("marie@curie.fr", "not my password").await).await,
        conflict("password", "wrong_password")
    );
    assert_eq!(
        status_and_body(change("marie@", PASSWORD).await).await,
        invalid("new_email", "invalid_email")
    );
    assert_eq!(
        status_and_body(change("Jean@Autre.fr", PASSWORD).await).await,
        conflict("new_email", "email_taken")
    );
    ok(change("marie@curie.fr", PASSWORD).await).await;

    // The old address is told, without the link; nothing has changed yet.
    let notice = app
        .wait_for_mail_of_kind("marie@acme.fr", "email_change_notice")
        .await;
    assert!(notice.contains("marie@curie.fr"), "{notice}");
    assert!(!notice.contains("token"), "{notice}");
    assert_eq!(app.me(&app.client).await["email"], "marie@acme.fr");
    // A reset link sent to the old address meanwhile...
    ok(app
        .call("auth/forgot-password", json!({ "email": "marie@acme.fr" }))
        .await)
    .await;
    let reset_mail = app
        .wait_for_mail_of_kind("marie@acme.fr", "password_reset")
        .await;
    assert!(reset_mail.contains("/reset-password?token="));
    let reset_token: String = reset_mail[reset_mail.find("token=").unwrap() + "token=".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();

    let token = link_token(&app, "marie@curie.fr", "change_email", "confirm-email", "").await;
    let form = json!({ "token": token });
    ok(app
        .call_as(&browser(), "account/confirm-email", form.clone())
        .await)
    .await;
    let me = app.me(&app.client).await;
    assert_eq!(
        (me["email"].clone(), me["email_verified"].clone()),
        (json!("marie@curie.fr"), json!(true))
    );
    let again = app.call_as(&browser(), "account/confirm-email", form).await;
    assert_eq!(status_and_body(again).await, (400, json!("InvalidToken")));
    assert_eq!(
        app.log_in_as(&browser(), "marie@curie.fr", PASSWORD)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.log_in_as(&browser(), "marie@acme.fr", PASSWORD)
            .await
            .status(),
        401
    );
    // ...no longer opens the account.
    let password = "a brand new password for me";
    let reset = app
        .call(
            "auth/reset-password",
            json!({ "form": { "token": reset_token, "password": password, "confirmation": password } }),
        )
        .await;
    assert_eq!(status_and_body(reset).await, (400, json!("InvalidToken")));
}

#[tokio::test]
async fn a_change_link_is_refused_when_someone_took_the_address_meanwhile() {
    let app = crate::helpers::spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    ok(app
        .call(
            "account/email",
            json!({ "new_email": "jean@autre.fr", "password": PASSWORD }),
        )
        .await)
    .await;
    let token = link_token(&app, "jean@autre.fr", "change_email", "confirm-email", "").await;
    app.sign_up_as(&browser(), json!({ "email": "JEAN@autre.fr", "siret": "" }))
        .await;
    let taken = app
        .call("account/confirm-email", json!({ "token": token }))
        .await;
    assert_eq!(
        status_and_body(taken).await,
        conflict("email", "email_taken")
    );
    assert_eq!(app.me(&app.client).await["email"], "marie@acme.fr");
}

#[tokio::test]
async fn the_holder_adds_and_corrects_the_company_one_account_per_siret() {
    let app = crate::helpers::spawn_app().await;
    // A SIRET skipped at sign-up…
    app.sign_up_as(&app.client, json!({ "siret": "" })).await;
    app.sign_up_as(
        &browser(),
        json!({ "email": "jean@autre.fr", "siret": OTHER_SIRET }),
    )
    .await;
    let save = |company_name: &str, siret: &str| {
        app.call(
            "account/company",
            json!({ "form": { "company_name": company_name, "siret": siret } }),
        )
    };
    assert_eq!(
        status_and_body(save("Acme SA", "73282932000075").await).await,
        invalid("siret", "invalid_siret")
    );
    assert_eq!(
        status_and_body(save("Acme SA", OTHER_SIRET).await).await,
        conflict("siret", "siret_taken")
    );
    // …is added later.
    ok(save("Acme SA", "732 829 320 00074").await).await;
    let active = app.me(&app.client).await["active"].clone();
    assert_eq!(
        (
            active["name"].clone(),
            active["siret"].clone(),
            active["siret_verified"].clone()
        ),
        (json!("Acme SA"), json!(ACME_SIRET), json!(false))
    );

    // The account can now be found by its SIRET.
    let lea = browser();
    app.sign_up_as(&lea, json!({ "email": "lea@ailleurs.fr", "siret": "" }))
        .await;
    verify(&app, "lea@ailleurs.fr").await;
    let found = ok(app
        .call_as(
            &lea,
            "collaborators/request",
            json!({ "reference": ACME_SIRET, "confirmed": false }),
        )
        .await)
    .await;
    assert_eq!(found["Confirm"]["company_name"], "Acme SA");

    // Only the holder.
    let paul = created_by_holder(&app, &app.client, "paul@acme.fr").await;
    choose_password(&app, &paul).await;
    let form = json!({ "form": { "company_name": "Paul SA", "siret": "" } });
    assert_eq!(
        app.call_as(&paul, "account/company", form.clone())
            .await
            .status(),
        403
    );
    assert_eq!(
        app.call_as(&browser(), "account/company", form)
            .await
            .status(),
        401
    );
    let stored: String =
        sqlx::query_scalar("SELECT company_name FROM customer_accounts WHERE siret = $1")
            .bind(ACME_SIRET)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored, "Acme SA");
}

#[tokio::test]
async fn staff_mark_a_siret_checked_and_a_change_of_company_undoes_it() {
    let app = crate::helpers::spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let staff = staff_client(&app).await;
    let account: Uuid = sqlx::query_scalar("SELECT id FROM customer_accounts")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(mark(&app, &browser(), account, true).await.status(), 401);
    assert_eq!(mark(&app, &app.client, account, true).await.status(), 403);
    assert_eq!(mark(&app, &staff, Uuid::new_v4(), true).await.status(), 404);

    ok(mark(&app, &staff, account, true).await).await;
    let listed =
        ok(app.call_as(&staff, "backoffice/accounts", json!({})).await).await["items"].clone();
    assert_eq!(
        (
            listed[0]["siret"].clone(),
            listed[0]["siret_verified"].clone(),
            listed[0]["siret_verified_by"].clone()
        ),
        (json!(ACME_SIRET), json!(true), json!("Anne Atelier"))
    );
    let recorded: bool = sqlx::query_scalar(
        "SELECT siret_verified_by = (SELECT id FROM users WHERE is_staff) FROM customer_accounts",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(recorded, "who checked it is recorded");
    assert_eq!(app.me(&app.client).await["active"]["siret_verified"], true);

    // Saving the same company keeps the check; another name or SIRET needs a new one.
    let save = |company_name: &str, siret: &str| {
        app.call(
            "account/company",
            json!({ "form": { "company_name": company_name, "siret": siret } }),
        )
    };
    ok(save("Acme Électronique", ACME_SIRET).await).await;
    assert_eq!(app.me(&app.client).await["active"]["siret_verified"], true);
    ok(save("Acme Électronique", OTHER_SIRET).await).await;
    assert_eq!(app.me(&app.client).await["active"]["siret_verified"], false);
    ok(mark(&app, &staff, account, true).await).await;
    ok(save("Airbus", OTHER_SIRET).await).await;
    assert_eq!(app.me(&app.client).await["active"]["siret_verified"], false);

    // Unmarked on demand; an account without a SIRET has nothing to check.
    ok(mark(&app, &staff, account, true).await).await;
    ok(mark(&app, &staff, account, false).await).await;
    let listed =
        ok(app.call_as(&staff, "backoffice/accounts", json!({})).await).await["items"].clone();
    assert_eq!(
        (
            listed[0]["siret_verified"].clone(),
            listed[0]["siret_verified_by"].clone()
        ),
        (json!(false), Value::Null)
    );
    ok(save("Airbus", "").await).await;
    assert_eq!(
        status_and_body(mark(&app, &staff, account, true).await).await,
        invalid("siret", "required")
    );
}

#[tokio::test]
async fn a_person_created_by_a_holder_opens_a_company_account_of_their_own() {
    let app = crate::helpers::spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let paul = created_by_holder(&app, &app.client, "paul@acme.fr").await;
    choose_password(&app, &paul).await;
    // Sign-up refuses the address: the account area is the way.
    let signup = app
        .call(
            "auth/signup",
            json!({ "form": crate::helpers::sign_up_form(json!({ "email": "paul@acme.fr", "siret": "" })) }),
        )
        .await;
    assert_eq!(
        status_and_body(signup).await,
        conflict("email", "email_taken")
    );

    // The holder's password proves nothing about the address: first the link.
    assert_eq!(
        status_and_body(open(&app, &paul, "").await).await,
        (403, json!("Unverified"))
    );
    ok(app
        .call_as(&paul, "account/resend-verification", json!({}))
        .await)
    .await;
    verify(&app, "paul@acme.fr").await;
    assert_eq!(
        status_and_body(open(&app, &paul, ACME_SIRET).await).await,
        conflict("siret", "siret_taken")
    );
    let created = ok(open(&app, &paul, OTHER_SIRET).await).await;

    // Paul acts for it at once, and the switcher shows both accounts.
    let me = app.me(&paul).await;
    assert_eq!(me["active"]["id"], created);
    assert_eq!(me["active"]["role"], "holder");
    let accounts: BTreeSet<(String, String)> = me["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().into(),
                a["role"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        accounts,
        BTreeSet::from([
            ("Acme Électronique".into(), "collaborator".into()),
            ("Paul Conseil".into(), "holder".into()),
        ])
    );
    let acme = me["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["role"] == "collaborator")
        .unwrap()["id"]
        .clone();
    ok(app
        .call_as(&paul, "account/switch", json!({ "account_id": acme }))
        .await)
    .await;
    assert_eq!(app.me(&paul).await["active"]["name"], "Acme Électronique");

    assert_eq!(open(&app, &browser(), "").await.status(), 401);
    let staff = staff_client(&app).await;
    assert_eq!(open(&app, &staff, "").await.status(), 403);
}

/// How the walk below calls each function of the accounts; `None`: not refused (the person
/// is still let in, or the function does not act as the session's person).
fn account_functions() -> Vec<(&'static str, Value, Option<u16>)> {
    let password = json!({ "current_password": GIVEN_PASSWORD, "password": PASSWORD, "confirmation": PASSWORD });
    let company = json!({ "company_name": "Paul SA", "siret": "" });
    vec![
        (
            "account/profile",
            json!({ "form": { "first_name": "Paul", "last_name": "M", "phone": "0612345678" } }),
            Some(403),
        ),
        ("account/language", json!({ "locale": "en" }), Some(403)),
        (
            "account/time-zone",
            json!({ "time_zone": "Europe/London" }),
            Some(403),
        ),
        ("account/home", json!({}), Some(403)),
        ("account/password", json!({ "form": password }), Some(403)),
        (
            "account/switch",
            json!({ "account_id": Uuid::new_v4() }),
            Some(403),
        ),
        ("account/resend-verification", json!({}), Some(403)),
        (
            "account/email",
            json!({ "new_email": "paul@ailleurs.fr", "password": GIVEN_PASSWORD }),
            Some(403),
        ),
        ("account/company", json!({ "form": company }), Some(403)),
        ("account/billing/get", json!({}), Some(403)),
        (
            "account/delete",
            json!({ "password": GIVEN_PASSWORD }),
            Some(403),
        ),
        ("account/addresses", json!({}), Some(403)),
        (
            "account/addresses/add",
            json!({ "form": { "label": "Quai", "recipient": "Paul SA", "line1": "1 quai",
                "line2": "", "postal_code": "44000", "city": "Nantes", "country": "FR" } }),
            Some(403),
        ),
        (
            "account/addresses/update",
            json!({ "address_id": Uuid::new_v4(), "form": { "label": "Quai", "recipient": "Paul SA",
                "line1": "1 quai", "line2": "", "postal_code": "44000", "city": "Nantes",
                "country": "FR" } }),
            Some(403),
        ),
        (
            "account/addresses/default",
            json!({ "address_id": Uuid::new_v4() }),
            Some(403),
        ),
        (
            "account/addresses/delete",
            json!({ "address_id": Uuid::new_v4() }),
            Some(403),
        ),
        (
            "account/billing",
            json!({ "form": { "vat_number": "", "billing_recipient": "", "billing_line1": "",
                "billing_line2": "", "billing_postal_code": "", "billing_city": "",
                "billing_country": "FR" } }),
            Some(403),
        ),
        ("account/activity", json!({}), Some(403)),
        ("account/end-other-sessions", json!({}), Some(403)),
        ("account/new-company", json!({ "form": company }), Some(403)),
        // Two-factor authentication comes after the password of one's own.
        ("account/two-factor/status", json!({}), Some(403)),
        ("account/two-factor/start", json!({}), Some(403)),
        (
            "account/two-factor/confirm",
            json!({ "code": "000000" }),
            Some(403),
        ),
        (
            "account/two-factor/disable",
            json!({ "code": "000000" }),
            Some(403),
        ),
        (
            "account/two-factor/verify",
            json!({ "code": "000000" }),
            Some(403),
        ),
        // No password was typed in this browser: a code alone logs nobody in.
        ("auth/login-code", json!({ "code": "000000" }), Some(401)),
        // Who is logged in: the account area shows the way to choose the password with it.
        ("auth/me", json!({}), Some(200)),
        // Anyone's, and the links' (the welcome e-mail's link proves the address before the
        // person chose a password): the session's person is not who acts.
        ("auth/signup", Value::Null, None),
        ("auth/login", Value::Null, None),
        ("auth/forgot-password", Value::Null, None),
        ("auth/reset-password", Value::Null, None),
        ("account/verify-email", Value::Null, None),
        ("account/confirm-email", Value::Null, None),
        // The two ways out, called last.
        ("account/first-password", Value::Null, None),
        ("auth/logout", Value::Null, None),
    ]
}

#[tokio::test]
async fn until_the_first_password_is_chosen_every_function_of_the_accounts_refuses() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .filter(|path| path.starts_with("/api/account/") || path.starts_with("/api/auth/"))
        .collect();
    let walked: BTreeSet<String> = account_functions()
        .iter()
        .map(|(endpoint, _, _)| format!("/api/{endpoint}"))
        .collect();
    assert_eq!(
        registered, walked,
        "every function of the accounts has its line"
    );

    let app = crate::helpers::spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let paul = created_by_holder(&app, &app.client, "paul@acme.fr").await;
    let mut wrong = Vec::new();
    for (endpoint, arguments, expected) in account_functions() {
        let Some(expected) = expected else { continue };
        let response = app.call_as(&paul, endpoint, arguments).await;
        let status = response.status().as_u16();
        if status != expected {
            let body = response.text().await.unwrap_or_default();
            wrong.push(format!(
                "{endpoint}: expected {expected}, got {status} {body}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let unchanged: (String, String, i64) = sqlx::query_as(
        "SELECT locale, last_name, (SELECT count(*) FROM customer_accounts)
         FROM users WHERE email = 'paul@acme.fr'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(unchanged, ("fr".into(), "Martin".into(), 1));
    assert_eq!(outbox_count(&app, "paul@acme.fr", "verify_email").await, 0);

    // Choosing the password opens the rest; logging out works either way.
    choose_password(&app, &paul).await;
    ok(app
        .call_as(&paul, "account/language", json!({ "locale": "en" }))
        .await)
    .await;
    let other = created_by_holder(&app, &app.client, "lea@acme.fr").await;
    ok(app.call_as(&other, "auth/logout", json!({})).await).await;
    assert_eq!(app.me(&other).await, Value::Null);
}
