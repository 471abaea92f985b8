//! Two-factor authentication: enrolment, the login's second step, codes that work once,
//! recovery codes, the requirement for staff and by a holder, the staff's session limits and
//! the code re-check before payment actions. Codes are computed here from the secret the
//! enrolment shows, with the same crate as the server; times are moved in the stored session
//! and the stored last step rather than waited for.
use crate::{
    helpers::{browser, spawn_app, TestApp},
    world::{ok, staff_client, status_and_body, world, PASSWORD, STAFF_EMAIL},
};
use serde_json::{json, Value};
use server::sessions::Sessions;
use std::time::{SystemTime, UNIX_EPOCH};
use totp_rs::{Builder, Secret};
use tower_sessions::{session::Id, SessionStore};
use uuid::Uuid;

const HOLDER_EMAIL: &str = "marie@acme.fr";
const HOLDER_PASSWORD: &str = "correct horse battery staple";

pub fn current_step() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 30
}

/// The authenticator's code for a 30-second step, from the secret shown as text.
pub fn code_at(secret: &str, step: u64) -> String {
    let secret = Secret::try_from_base32(secret).expect("a base32 secret");
    let totp = Builder::new().with_secret(secret).build().expect("a TOTP");
    totp.generate(step * 30).to_string()
}

/// A code the server takes now: the current step's, once the person's last accepted step is
/// moved back as if a minute and a half had passed (tests do not sleep).
pub async fn fresh_code(app: &TestApp, email: &str, secret: &str) -> String {
    sqlx::query(
        "UPDATE users SET two_factor_last_step = two_factor_last_step - 3
         WHERE lower(email) = lower($1)",
    )
    .bind(email)
    .execute(&app.pool)
    .await
    .unwrap();
    code_at(secret, current_step())
}

/// Enrols `client`'s person: the secret shown, then the recovery codes.
pub async fn enrol(app: &TestApp, client: &reqwest::Client) -> (String, Vec<String>) {
    let started = ok(app
        .call_as(client, "account/two-factor/start", json!({}))
        .await)
    .await;
    let secret = started["secret"].as_str().expect("the secret").to_string();
    assert!(started["qr_code"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    assert!(started["otpauth_url"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/"));
    let code = code_at(&secret, current_step());
    let codes = ok(app
        .call_as(
            client,
            "account/two-factor/confirm",
            json!({ "code": code }),
        )
        .await)
    .await;
    let codes = serde_json::from_value(codes).expect("recovery codes");
    (secret, codes)
}

/// Logs `email` in with a browser of its own: the password, then a fresh code.
pub async fn log_in_with_code(
    app: &TestApp,
    email: &str,
    password: &str,
    secret: &str,
) -> reqwest::Client {
    let client = browser();
    let step = ok(app.log_in_as(&client, email, password).await).await;
    assert_eq!(step, "code_needed");
    let code = fresh_code(app, email, secret).await;
    ok(app
        .call_as(&client, "auth/login-code", json!({ "code": code }))
        .await)
    .await;
    client
}

fn two_factor(issue: &str) -> Value {
    json!({ "TwoFactor": issue })
}

async fn user_id(app: &TestApp, email: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM users WHERE lower(email) = lower($1)")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Sets a time of `user`'s stored logins (`started_at`, `last_seen`, `code_checked_at`) to
/// `seconds_ago`: the clock moved on, as far as the server can tell.
pub async fn set_login_time(app: &TestApp, user: Uuid, field: &str, seconds_ago: i64) {
    let store = Sessions::new(app.pool.clone(), Default::default());
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM tower_sessions.session")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let at = time::OffsetDateTime::now_utc().unix_timestamp() - seconds_ago;
    let mut changed = 0;
    for id in ids {
        let id: Id = id.parse().unwrap();
        let Some(mut record) = store.load(&id).await.unwrap() else {
            continue;
        };
        let Some(login) = record.data.get_mut("login") else {
            continue;
        };
        if login["user_id"] == json!(user) {
            login[field] = json!(at);
            store.save(&record).await.unwrap();
            changed += 1;
        }
    }
    assert!(changed > 0, "no stored login of {user}");
}

#[tokio::test]
async fn enrolment_shows_the_secret_once_and_a_first_code_turns_it_on() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let status = ok(app.call("account/two-factor/status", json!({})).await).await;
    assert_eq!(status["enabled"], false);
    assert_eq!(status["mandatory"], false);

    let started = ok(app.call("account/two-factor/start", json!({})).await).await;
    let secret = started["secret"].as_str().unwrap().to_string();
    let right = code_at(&secret, current_step());
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    let refused = app
        .call("account/two-factor/confirm", json!({ "code": wrong }))
        .await;
    assert_eq!(
        status_and_body(refused).await,
        (401, two_factor("wrong_code"))
    );
    assert_eq!(
        ok(app.call("account/two-factor/status", json!({})).await).await["enabled"],
        false
    );
    let codes = ok(app
        .call("account/two-factor/confirm", json!({ "code": right }))
        .await)
    .await;
    assert_eq!(codes.as_array().unwrap().len(), 10);

    let status = ok(app.call("account/two-factor/status", json!({})).await).await;
    assert_eq!(status["enabled"], true);
    assert_eq!(status["recovery_codes_left"], 10);
    assert!(!status.to_string().contains(&secret));
    // Never shown again: starting over is refused.
    let again = app.call("account/two-factor/start", json!({})).await;
    assert_eq!(
        status_and_body(again).await,
        (409, two_factor("already_enabled"))
    );
}

#[tokio::test]
async fn the_login_asks_a_code_after_the_right_password() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let (secret, _) = enrol(&app, &app.client).await;

    let client = browser();
    let step = ok(app.log_in_as(&client, HOLDER_EMAIL, HOLDER_PASSWORD).await).await;
    assert_eq!(step, "code_needed");
    // Nobody is logged in until the code is checked.
    assert_eq!(app.me(&client).await, Value::Null);
    let profile = app.call_as(&client, "projects/list", json!({})).await;
    assert_eq!(profile.status(), 401);

    let right = code_at(&secret, current_step() + 1);
    let wrong = if right == "123456" {
        "654321"
    } else {
        "123456"
    };
    let refused = app
        .call_as(&client, "auth/login-code", json!({ "code": wrong }))
        .await;
    assert_eq!(
        status_and_body(refused).await,
        (401, two_factor("wrong_code"))
    );
    assert_eq!(app.me(&client).await, Value::Null);

    ok(app
        .call_as(&client, "auth/login-code", json!({ "code": right }))
        .await)
    .await;
    assert_eq!(app.me(&client).await["email"], HOLDER_EMAIL);
    ok(app.call_as(&client, "projects/list", json!({})).await).await;

    // Without a password first, a code logs nobody in.
    let stranger = browser();
    let code = fresh_code(&app, HOLDER_EMAIL, &secret).await;
    let alone = app
        .call_as(&stranger, "auth/login-code", json!({ "code": code }))
        .await;
    assert_eq!(alone.status(), 401);
    assert_eq!(app.me(&stranger).await, Value::Null);
}

#[tokio::test]
async fn a_code_is_accepted_once() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let (secret, _) = enrol(&app, &app.client).await;
    let used_at_enrolment: i64 =
        sqlx::query_scalar("SELECT two_factor_last_step FROM users WHERE email = $1")
            .bind(HOLDER_EMAIL)
            .fetch_one(&app.pool)
            .await
            .unwrap();

    let client = browser();
    ok(app.log_in_as(&client, HOLDER_EMAIL, HOLDER_PASSWORD).await).await;
    // The code that confirmed the enrolment is spent.
    let replayed = code_at(&secret, used_at_enrolment as u64);
    let refused = app
        .call_as(&client, "auth/login-code", json!({ "code": replayed }))
        .await;
    assert_eq!(
        status_and_body(refused).await,
        (401, two_factor("wrong_code"))
    );
    // The next step's code works, once.
    let next = code_at(&secret, used_at_enrolment as u64 + 1);
    ok(app
        .call_as(&client, "auth/login-code", json!({ "code": next }))
        .await)
    .await;
    let other = browser();
    ok(app.log_in_as(&other, HOLDER_EMAIL, HOLDER_PASSWORD).await).await;
    let again = app
        .call_as(&other, "auth/login-code", json!({ "code": next }))
        .await;
    assert_eq!(
        status_and_body(again).await,
        (401, two_factor("wrong_code"))
    );
    assert_eq!(app.me(&other).await, Value::Null);
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let (_, codes) = enrol(&app, &app.client).await;
    assert_eq!(codes.len(), 10);
    let stored: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT code_hash FROM two_factor_recovery_codes")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert!(stored
        .iter()
        .all(|hash| !codes.iter().any(|c| c.as_bytes() == hash.as_slice())));

    let client = browser();
    ok(app.log_in_as(&client, HOLDER_EMAIL, HOLDER_PASSWORD).await).await;
    // However it is typed.
    let typed = codes[3].to_uppercase().replace('-', " ");
    ok(app
        .call_as(&client, "auth/login-code", json!({ "code": typed }))
        .await)
    .await;
    assert_eq!(app.me(&client).await["email"], HOLDER_EMAIL);
    let status = ok(app
        .call_as(&client, "account/two-factor/status", json!({}))
        .await)
    .await;
    assert_eq!(status["recovery_codes_left"], 9);

    let other = browser();
    ok(app.log_in_as(&other, HOLDER_EMAIL, HOLDER_PASSWORD).await).await;
    let again = app
        .call_as(&other, "auth/login-code", json!({ "code": codes[3] }))
        .await;
    assert_eq!(
        status_and_body(again).await,
        (401, two_factor("wrong_code"))
    );
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer_with_two_factor_on() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    enrol(&app, &app.client).await;

    let wrong_password = app
        .log_in_as(&browser(), HOLDER_EMAIL, "not the password at all")
        .await;
    let unknown = app
        .log_in_as(&browser(), "personne@acme.fr", "not the password at all")
        .await;
    let wrong_password = status_and_body(wrong_password).await;
    assert_eq!(wrong_password, (401, json!("InvalidCredentials")));
    assert_eq!(status_and_body(unknown).await, wrong_password);
}

#[tokio::test]
async fn code_attempts_are_rate_limited() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let (secret, _) = enrol(&app, &app.client).await;
    let client = browser();
    ok(app.log_in_as(&client, HOLDER_EMAIL, HOLDER_PASSWORD).await).await;
    let right = code_at(&secret, current_step());
    let wrong = if right == "111111" {
        "222222"
    } else {
        "111111"
    };
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let response = app
            .call_as(&client, "auth/login-code", json!({ "code": wrong }))
            .await;
        statuses.push(response.status().as_u16());
    }
    // Five codes a minute per person: the enrolment's was the first.
    assert_eq!(statuses, [401, 401, 401, 401, 429]);
    // Even the right code waits, and nobody is logged in meanwhile.
    let right = fresh_code(&app, HOLDER_EMAIL, &secret).await;
    let limited = app
        .call_as(&client, "auth/login-code", json!({ "code": right }))
        .await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(app.me(&client).await, Value::Null);
}

#[tokio::test]
async fn staff_without_two_factor_are_refused_until_they_enrol() {
    let app = spawn_app().await;
    app::backoffice::create_staff(
        &app.pool,
        &app::backoffice::NewStaff {
            email: STAFF_EMAIL.into(),
            first_name: "Anne".into(),
            last_name: "Atelier".into(),
            phone: "02 40 00 00 00".into(),
            password: PASSWORD.into(),
        },
    )
    .await
    .unwrap();
    let staff = browser();
    let step = ok(app.log_in_as(&staff, STAFF_EMAIL, PASSWORD).await).await;
    assert_eq!(step, "enrolment_needed");
    assert_eq!(app.me(&staff).await["must_enrol_two_factor"], true);
    for endpoint in [
        "backoffice/orders",
        "backoffice/accounts",
        "account/profile",
    ] {
        let arguments = match endpoint {
            "backoffice/orders" => json!({}),
            "account/profile" => json!({ "form": { "first_name": "Anne",
                "last_name": "Atelier", "phone": "02 40 00 00 00" } }),
            _ => json!({}),
        };
        let refused = app.call_as(&staff, endpoint, arguments).await;
        assert_eq!(
            status_and_body(refused).await,
            (403, two_factor("enrolment_required")),
            "{endpoint}"
        );
    }
    let status = ok(app
        .call_as(&staff, "account/two-factor/status", json!({}))
        .await)
    .await;
    assert_eq!(status["mandatory"], true);

    let (secret, _) = enrol(&app, &staff).await;
    assert_eq!(app.me(&staff).await["must_enrol_two_factor"], false);
    ok(app.call_as(&staff, "backoffice/orders", json!({})).await).await;
    // Staff cannot turn it off.
    let code = fresh_code(&app, STAFF_EMAIL, &secret).await;
    let off = app
        .call_as(
            &staff,
            "account/two-factor/disable",
            json!({ "code": code }),
        )
        .await;
    assert_eq!(status_and_body(off).await, (409, two_factor("mandatory")));
    // The next login asks the code.
    log_in_with_code(&app, STAFF_EMAIL, PASSWORD, &secret).await;
}

#[tokio::test]
async fn a_holder_requirement_makes_every_member_enrol() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    ok(app
        .call(
            "collaborators/create",
            json!({ "form": {
                "first_name": "Paul", "last_name": "Martin", "email": "paul@acme.fr",
                "phone": "06 98 76 54 32",
                "permissions": { "can_buy": false, "can_see_all_orders": false },
                "password": "given by the holder 2026", "confirmation": "given by the holder 2026",
                "locale": "fr"
            }}),
        )
        .await)
    .await;
    let member = browser();
    ok(app
        .log_in_as(&member, "paul@acme.fr", "given by the holder 2026")
        .await)
    .await;
    ok(app
        .call_as(
            &member,
            "account/first-password",
            json!({ "password": PASSWORD, "confirmation": PASSWORD }),
        )
        .await)
    .await;
    ok(app.call_as(&member, "projects/list", json!({})).await).await;

    // Only a holder who has it may require it.
    let too_soon = app
        .call(
            "collaborators/require-two-factor",
            json!({ "required": true }),
        )
        .await;
    assert_eq!(
        status_and_body(too_soon).await,
        (409, two_factor("not_enabled"))
    );
    let (holder_secret, _) = enrol(&app, &app.client).await;
    let by_member = app
        .call_as(
            &member,
            "collaborators/require-two-factor",
            json!({ "required": true }),
        )
        .await;
    assert_eq!(by_member.status(), 403);
    ok(app
        .call(
            "collaborators/require-two-factor",
            json!({ "required": true }),
        )
        .await)
    .await;
    let status = ok(app.call("account/two-factor/status", json!({})).await).await;
    assert_eq!(status["holder_requires"], true);

    // The member's open session: the account's functions refuse them until they enrol.
    for endpoint in ["projects/list", "collaborators/list", "orders/list"] {
        let refused = app.call_as(&member, endpoint, json!({})).await;
        assert_eq!(
            status_and_body(refused).await,
            (403, two_factor("enrolment_required")),
            "{endpoint}"
        );
    }
    assert_eq!(app.me(&member).await["must_enrol_two_factor"], true);
    // Their next login says so.
    let again = browser();
    let step = ok(app.log_in_as(&again, "paul@acme.fr", PASSWORD).await).await;
    assert_eq!(step, "enrolment_needed");
    let (member_secret, _) = enrol(&app, &again).await;
    ok(app.call_as(&again, "projects/list", json!({})).await).await;
    ok(app.call_as(&member, "collaborators/list", json!({})).await).await;

    // Neither the member nor the holder may turn it off while it is required.
    let code = fresh_code(&app, "paul@acme.fr", &member_secret).await;
    let off = app
        .call_as(
            &again,
            "account/two-factor/disable",
            json!({ "code": code }),
        )
        .await;
    assert_eq!(status_and_body(off).await, (409, two_factor("mandatory")));
    ok(app
        .call(
            "collaborators/require-two-factor",
            json!({ "required": false }),
        )
        .await)
    .await;
    let code = fresh_code(&app, HOLDER_EMAIL, &holder_secret).await;
    ok(app
        .call("account/two-factor/disable", json!({ "code": code }))
        .await)
    .await;
    let status = ok(app.call("account/two-factor/status", json!({})).await).await;
    assert_eq!(status["enabled"], false);
}

#[tokio::test]
async fn staff_sessions_end_when_idle_and_after_their_lifetime() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let staff = staff_client(&app).await;
    let staff_id = user_id(&app, STAFF_EMAIL).await;
    let list = |client| app.call_as(client, "backoffice/orders", json!({}));
    ok(list(&staff).await).await;

    // 29 minutes idle: still on, and this request counts as activity.
    set_login_time(&app, staff_id, "last_seen", 29 * 60).await;
    ok(list(&staff).await).await;
    ok(list(&staff).await).await;
    // 31 minutes idle: ended.
    set_login_time(&app, staff_id, "last_seen", 31 * 60).await;
    assert_eq!(list(&staff).await.status(), 401);
    assert_eq!(app.me(&staff).await, Value::Null);

    // Active all along, but logged in 12 hours and a minute ago: ended.
    let secret: Vec<u8> = sqlx::query_scalar("SELECT two_factor_secret FROM users WHERE id = $1")
        .bind(staff_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let secret = Secret::from(secret).to_base32();
    let staff = log_in_with_code(&app, STAFF_EMAIL, PASSWORD, &secret).await;
    set_login_time(&app, staff_id, "started_at", 11 * 3600).await;
    ok(list(&staff).await).await;
    set_login_time(&app, staff_id, "started_at", 12 * 3600 + 60).await;
    assert_eq!(list(&staff).await.status(), 401);

    // A customer idle for hours keeps their session (7 days of inactivity).
    let holder = user_id(&app, HOLDER_EMAIL).await;
    set_login_time(&app, holder, "last_seen", 5 * 3600).await;
    ok(app.call("projects/list", json!({})).await).await;
}

#[tokio::test]
async fn payment_actions_ask_the_code_again_after_ten_minutes() {
    let world = world().await;
    let app = &world.app;
    let staff_id = user_id(app, STAFF_EMAIL).await;
    let record = || {
        app.call_as(
            &world.staff,
            "backoffice/record-payment",
            json!({ "order_id": world.buyer_order }),
        )
    };
    let on_account = || {
        app.call_as(
            &world.staff,
            "backoffice/payment-on-account",
            json!({ "account_id": world.account_id, "enabled": true }),
        )
    };
    set_login_time(app, staff_id, "code_checked_at", 11 * 60).await;
    assert_eq!(
        status_and_body(record().await).await,
        (403, two_factor("code_required"))
    );
    assert_eq!(
        status_and_body(on_account().await).await,
        (403, two_factor("code_required"))
    );
    // Other steps need no fresh code.
    ok(app
        .call_as(&world.staff, "backoffice/accounts", json!({}))
        .await)
    .await;
    let paid: bool = sqlx::query_scalar("SELECT paid_at IS NOT NULL FROM orders WHERE id = $1")
        .bind(world.buyer_order)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(!paid);

    let secret: Vec<u8> = sqlx::query_scalar("SELECT two_factor_secret FROM users WHERE id = $1")
        .bind(staff_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let secret = Secret::from(secret).to_base32();
    let wrong = app
        .call_as(
            &world.staff,
            "account/two-factor/verify",
            json!({ "code": "abcdef" }),
        )
        .await;
    assert_eq!(
        status_and_body(wrong).await,
        (401, two_factor("wrong_code"))
    );
    let code = fresh_code(app, STAFF_EMAIL, &secret).await;
    ok(app
        .call_as(
            &world.staff,
            "account/two-factor/verify",
            json!({ "code": code }),
        )
        .await)
    .await;
    ok(record().await).await;
    ok(on_account().await).await;
    // Nine minutes later, still fresh enough.
    set_login_time(app, staff_id, "code_checked_at", 9 * 60).await;
    ok(on_account().await).await;
}

/// The enrolment page shows staff without a second factor the way to enrol (the back-office and
/// the account area send them there once the browser has their `must_enrol_two_factor`).
#[tokio::test]
async fn the_enrolment_page_offers_staff_to_enrol() {
    let app = spawn_app().await;
    let staff = crate::world::new_staff_client(&app, STAFF_EMAIL).await;
    let enrolment = staff
        .get(format!("{}/two-factor", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for text in [
        "Activer l'authentification à deux facteurs",
        "elle est obligatoire pour votre compte",
    ] {
        assert!(enrolment.contains(text), "{text}: {enrolment}");
    }
}

/// The kinds of `client`'s person's recent activity, newest first.
async fn activity_kinds(app: &TestApp, client: &reqwest::Client) -> Vec<String> {
    let entries = ok(app.call_as(client, "account/activity", json!({})).await).await;
    entries
        .as_array()
        .expect("a list")
        .iter()
        .map(|entry| entry["kind"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn each_step_of_the_second_factor_is_in_the_persons_activity() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let (secret, codes) = enrol(&app, &app.client).await;

    let client = browser();
    ok(app.log_in_as(&client, HOLDER_EMAIL, HOLDER_PASSWORD).await).await;
    let wrong = app
        .call_as(&client, "auth/login-code", json!({ "code": "000000" }))
        .await;
    assert_eq!(status_and_body(wrong).await.0, 401);
    ok(app
        .call_as(&client, "auth/login-code", json!({ "code": codes[0] }))
        .await)
    .await;
    let code = fresh_code(&app, HOLDER_EMAIL, &secret).await;
    ok(app
        .call_as(
            &client,
            "account/two-factor/disable",
            json!({ "code": code }),
        )
        .await)
    .await;

    let kinds = activity_kinds(&app, &client).await;
    let newest_first = [
        "two_factor_disabled",
        "login_succeeded",
        "recovery_code_used",
        "two_factor_failed",
    ];
    assert_eq!(&kinds[..4], newest_first, "{kinds:?}");
    assert!(
        kinds.contains(&"two_factor_enrolled".to_string()),
        "{kinds:?}"
    );
}
