//! Limits and floods (issue 18): the bounded password hashing queue, and the rate limits of the
//! endpoints that hash a new password, per client address and per account.
use crate::helpers::{browser, sign_up_form, spawn_app_with, TestApp};
use serde_json::{json, Value};
use std::time::Duration;
use uuid::Uuid;

/// A new password of ours that every rule accepts.
const NEW_PASSWORD: &str = "Quartz lanterns drift over 7 harbours";

/// Calls a server function as `client`, from `forwarded_for` behind the trusted proxy
/// (the test's server trusts 127.0.0.1, so `X-Forwarded-For` names the client).
async fn call_from(
    app: &TestApp,
    client: &reqwest::Client,
    forwarded_for: &str,
    endpoint: &str,
    arguments: Value,
) -> reqwest::Response {
    client
        .post(format!("{}/api/{endpoint}", app.address))
        .header("X-Forwarded-For", forwarded_for)
        .json(&arguments)
        .send()
        .await
        .expect("the request reaches the server")
}

/// A server behind a trusted proxy (127.0.0.1), allowing two new passwords a minute per client
/// address and per account.
async fn two_a_minute() -> TestApp {
    spawn_app_with(&[
        ("TRUSTED_PROXIES", "127.0.0.1"),
        ("PASSWORD_CHANGES_PER_MINUTE", "2"),
    ])
    .await
}

/// The status of each response, with a check that a 429 says when to come back.
async fn statuses(responses: Vec<reqwest::Response>) -> Vec<u16> {
    let mut statuses = Vec::new();
    for response in responses {
        let status = response.status().as_u16();
        if status == 429 {
            assert!(response.headers().contains_key("retry-after"));
            let error: Value = response.json().await.unwrap();
            assert!(
                error["TooManyRequests"]["retry_after_secs"]
                    .as_u64()
                    .unwrap()
                    >= 1
            );
        }
        statuses.push(status);
    }
    statuses
}

/// Signs a holder up from `forwarded_for` with `email`; the client is then logged in.
async fn holder(app: &TestApp, email: &str, forwarded_for: &str) -> reqwest::Client {
    let client = browser();
    let form = sign_up_form(json!({ "email": email, "siret": "" }));
    let response = call_from(
        app,
        &client,
        forwarded_for,
        "auth/signup",
        json!({ "form": form }),
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    client
}

#[tokio::test]
async fn sign_ups_are_limited_per_address_and_per_email() {
    let app = two_a_minute().await;
    let mut from_one_address = Vec::new();
    for index in 1..=3 {
        let form = sign_up_form(json!({ "email": format!("p{index}@acme.fr"), "siret": "" }));
        from_one_address.push(
            call_from(
                &app,
                &browser(),
                "198.51.100.1",
                "auth/signup",
                json!({ "form": form }),
            )
            .await,
        );
    }
    assert_eq!(statuses(from_one_address).await, [200, 200, 429]);

    let mut one_email = Vec::new();
    for index in 2..=4 {
        let form = sign_up_form(json!({ "email": "same@acme.fr", "siret": "" }));
        let address = format!("198.51.100.{index}");
        one_email.push(
            call_from(
                &app,
                &browser(),
                &address,
                "auth/signup",
                json!({ "form": form }),
            )
            .await,
        );
    }
    // The second is refused for the address taken, after its hash; the third not even hashed.
    assert_eq!(statuses(one_email).await, [200, 409, 429]);
}

/// A reset link for `user`, stored as `auth/forgot-password` stores it (only its SHA-256).
async fn reset_token(app: &TestApp, user: Uuid) -> String {
    let token = Uuid::new_v4().simple().to_string();
    sqlx::query(
        "INSERT INTO password_reset_tokens (token_hash, user_id, expires_at)
         VALUES (sha256(convert_to($1, 'UTF8')), $2, now() + interval '1 hour')",
    )
    .bind(&token)
    .bind(user)
    .execute(&app.pool)
    .await
    .unwrap();
    token
}

async fn user_id(app: &TestApp, email: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

fn reset_form(token: &str) -> Value {
    json!({ "form": { "token": token, "password": NEW_PASSWORD, "confirmation": NEW_PASSWORD } })
}

#[tokio::test]
async fn password_resets_are_limited_per_address_and_per_person() {
    let app = two_a_minute().await;
    let mut guesses = Vec::new();
    for guess in ["not-a-token", "nor-this-one", "nor-that-one"] {
        guesses.push(
            call_from(
                &app,
                &browser(),
                "198.51.100.1",
                "auth/reset-password",
                reset_form(guess),
            )
            .await,
        );
    }
    assert_eq!(statuses(guesses).await, [400, 400, 429]);

    holder(&app, "marie@acme.fr", "198.51.100.9").await;
    let marie = user_id(&app, "marie@acme.fr").await;
    let mut resets = Vec::new();
    for index in 2..=4 {
        // Each reset ends the links sent before it: a new one each time.
        let token = reset_token(&app, marie).await;
        let address = format!("198.51.100.{index}");
        resets.push(
            call_from(
                &app,
                &browser(),
                &address,
                "auth/reset-password",
                reset_form(&token),
            )
            .await,
        );
    }
    assert_eq!(statuses(resets).await, [200, 200, 429]);
}

/// A collaborator created by `holder`, logged in (from `forwarded_for`) with the password the
/// holder chose: their first password is still to choose.
async fn newcomer(
    app: &TestApp,
    holder: &reqwest::Client,
    email: &str,
    forwarded_for: &str,
) -> reqwest::Client {
    let given = "Given by the holder 2026, once";
    let created = app
        .call_as(
            holder,
            "collaborators/create",
            json!({ "form": {
                "first_name": "Léa", "last_name": "Martin", "email": email,
                "phone": "06 98 76 54 32",
                "permissions": { "can_buy": false, "can_see_all_orders": false },
                "password": given, "confirmation": given, "locale": "fr"
            }}),
        )
        .await;
    assert_eq!(created.status(), 200, "{}", created.text().await.unwrap());
    let client = browser();
    let login = call_from(
        app,
        &client,
        forwarded_for,
        "auth/login",
        json!({ "form": { "email": email, "password": given } }),
    )
    .await;
    assert_eq!(login.status(), 200);
    client
}

#[tokio::test]
async fn first_passwords_are_limited_per_address_and_per_person() {
    let app = two_a_minute().await;
    let holder = holder(&app, "marie@acme.fr", "198.51.100.9").await;
    let mut from_one_address = Vec::new();
    for index in 1..=3 {
        let client = newcomer(&app, &holder, &format!("n{index}@acme.fr"), "203.0.113.1").await;
        let chosen = json!({ "password": NEW_PASSWORD, "confirmation": NEW_PASSWORD });
        from_one_address.push(
            call_from(
                &app,
                &client,
                "198.51.100.1",
                "account/first-password",
                chosen,
            )
            .await,
        );
    }
    assert_eq!(statuses(from_one_address).await, [200, 200, 429]);

    let client = newcomer(&app, &holder, "n4@acme.fr", "203.0.113.1").await;
    let mut one_person = Vec::new();
    for index in 2..=4 {
        // Typed wrong each time: every attempt counts, valid or not.
        let chosen = json!({ "password": NEW_PASSWORD, "confirmation": "something else" });
        let address = format!("198.51.100.{index}");
        one_person.push(call_from(&app, &client, &address, "account/first-password", chosen).await);
    }
    assert_eq!(statuses(one_person).await, [400, 400, 429]);
}

fn change_form(current: &str) -> Value {
    json!({ "form": { "current_password": current, "password": NEW_PASSWORD, "confirmation": NEW_PASSWORD } })
}

#[tokio::test]
async fn password_changes_are_limited_per_address_and_per_person() {
    let app = two_a_minute().await;
    let mut from_one_address = Vec::new();
    for index in 1..=3 {
        // Signed up from addresses of their own, not to spend the one measured.
        let client = holder(
            &app,
            &format!("h{index}@acme.fr"),
            &format!("203.0.113.{index}"),
        )
        .await;
        from_one_address.push(
            call_from(
                &app,
                &client,
                "198.51.100.1",
                "account/password",
                change_form("a wrong guess"),
            )
            .await,
        );
    }
    assert_eq!(statuses(from_one_address).await, [409, 409, 429]);

    let client = holder(&app, "h4@acme.fr", "203.0.113.4").await;
    let mut guesses = Vec::new();
    for index in 2..=4 {
        let address = format!("198.51.100.{index}");
        guesses.push(
            call_from(
                &app,
                &client,
                &address,
                "account/password",
                change_form("a wrong guess"),
            )
            .await,
        );
    }
    // The current password is guessed no faster than the quota either.
    assert_eq!(statuses(guesses).await, [409, 409, 429]);
}

/// An argon2id hash whose verification takes seconds (3,000 passes over the usual memory): a
/// login against it holds a hashing thread that long.
const SLOW_HASH: &str = "$argon2id$v=19$m=19456,t=3000,p=1$bGltaXRzLXRlc3Qtc2FsdA$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

/// A server with one hashing thread and room for one check and one new password in its
/// queues, and a holder
/// (`marie@acme.fr`) whose password is the sign-up form's.
async fn one_thread_one_seat() -> TestApp {
    let app = spawn_app_with(&[
        ("PASSWORD_HASHING_THREADS", "1"),
        ("PASSWORD_HASHING_QUEUE", "1"),
    ])
    .await;
    app.sign_up_as(&browser(), json!({})).await;
    app.sign_up_as(&browser(), json!({ "email": "slow@acme.fr", "siret": "" }))
        .await;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE email = 'slow@acme.fr'")
        .bind(SLOW_HASH)
        .execute(&app.pool)
        .await
        .unwrap();
    app
}

/// Two logins against the slow hash: one holds the thread, the other the only seat of the
/// checks' queue, for seconds; then a sign-up takes the only seat of the new passwords' queue
/// (checks go first: it waits for both). The tasks are left running (they answer long after the
/// test's checks).
async fn fill_the_hashing_queue(app: &TestApp) -> Vec<tokio::task::JoinHandle<()>> {
    let mut requests = Vec::new();
    for _ in 0..2 {
        requests.push(
            browser()
                .post(format!("{}/api/auth/login", app.address))
                .json(
                    &json!({ "form": { "email": "slow@acme.fr", "password": "anything at all" } }),
                ),
        );
    }
    let form = sign_up_form(json!({ "email": "waiting@acme.fr", "siret": "" }));
    requests.push(
        browser()
            .post(format!("{}/api/auth/signup", app.address))
            .json(&json!({ "form": form })),
    );
    let mut running = Vec::new();
    for request in requests {
        running.push(tokio::spawn(async move {
            let _ = request.send().await;
        }));
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    running
}

#[tokio::test]
async fn a_full_hashing_queue_answers_503_with_retry_after() {
    let app = one_thread_one_seat().await;
    let logins = fill_the_hashing_queue(&app).await;

    let login = app
        .log_in_as(&browser(), "marie@acme.fr", "correct horse battery staple")
        .await;
    assert_eq!(login.status(), 503);
    assert_eq!(login.headers()["retry-after"], "1");
    let error: Value = login.json().await.unwrap();
    assert_eq!(error, json!({ "Busy": { "retry_after_secs": 1 } }));

    let form = sign_up_form(json!({ "email": "late@acme.fr", "siret": "" }));
    let sign_up = app
        .call_as(&browser(), "auth/signup", json!({ "form": form }))
        .await;
    assert_eq!(sign_up.status(), 503);
    assert!(sign_up.headers().contains_key("retry-after"));
    logins.iter().for_each(|login| login.abort());
}

#[tokio::test]
async fn a_reset_with_a_bad_token_hashes_nothing() {
    let app = one_thread_one_seat().await;
    let logins = fill_the_hashing_queue(&app).await;
    // Were it hashed first, the full queue would answer 503.
    let reset = app
        .call_as(
            &browser(),
            "auth/reset-password",
            reset_form("a guessed token"),
        )
        .await;
    assert_eq!(reset.status(), 400);
    assert_eq!(reset.json::<Value>().await.unwrap(), json!("InvalidToken"));
    logins.iter().for_each(|login| login.abort());
}
