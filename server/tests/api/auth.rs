//! Customer accounts and sessions, over HTTP.
use crate::helpers::{browser, session_cookie, sign_up_form, spawn_app, spawn_app_with, TestApp};
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery staple";

async fn error_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.expect("errors are JSON"))
}

fn field_codes(error: &Value) -> Vec<(String, String)> {
    error["Validation"]
        .as_array()
        .unwrap_or_else(|| panic!("not a validation error: {error}"))
        .iter()
        .map(|issue| {
            (
                issue["field"].as_str().unwrap().to_string(),
                issue["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn sign_up_creates_the_account_its_holder_and_a_session() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;

    let me = app.me(&app.client).await;
    assert_eq!(me["email"], "marie@acme.fr");
    assert_eq!(me["first_name"], "Marie");
    let (company, siret, role): (String, String, String) = sqlx::query_as(
        "SELECT a.company_name, a.siret, m.role FROM customer_accounts a JOIN memberships m ON m.account_id = a.id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (company.as_str(), siret.as_str(), role.as_str()),
        ("Acme Électronique", "73282932000074", "holder")
    );
    let (phone, hash): (String, String) = sqlx::query_as("SELECT phone, password_hash FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(phone, "+33612345678");
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
}

#[tokio::test]
async fn sign_up_reports_each_invalid_field_and_creates_nothing() {
    let app = spawn_app().await;
    let form = sign_up_form(json!({
        "company_name": "  ",
        "siret": "73282932000075",
        "first_name": "Ma\trie",
        "email": "marie@",
        "phone": "06 12",
        "password": "too short",
        "confirmation": "different"
    }));
    let (status, error) = error_of(app.call("auth/signup", json!({ "form": form })).await).await;
    assert_eq!(status, 400);
    let codes = field_codes(&error);
    for expected in [
        ("company_name", "required"),
        ("siret", "invalid_siret"),
        ("first_name", "control_characters"),
        ("email", "invalid_email"),
        ("phone", "invalid_phone"),
        ("password", "password_too_short"),
        ("confirmation", "password_mismatch"),
    ] {
        assert!(
            codes.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {codes:?}"
        );
    }
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(users, 0);
}

#[tokio::test]
async fn a_common_password_is_refused() {
    let app = spawn_app().await;
    let form =
        sign_up_form(json!({ "password": "Motdepasse123", "confirmation": "Motdepasse123" }));
    let (status, error) = error_of(app.call("auth/signup", json!({ "form": form })).await).await;
    assert_eq!(status, 400);
    assert_eq!(
        field_codes(&error),
        vec![("password".to_string(), "password_too_common".to_string())]
    );
}

#[tokio::test]
async fn an_email_is_taken_whatever_its_case_and_a_siret_once() {
    let app = spawn_app().await;
    app.sign_up_as(&browser(), json!({})).await;

    let form = sign_up_form(json!({ "email": "MARIE@Acme.FR", "siret": "" }));
    let (status, error) = error_of(app.call("auth/signup", json!({ "form": form })).await).await;
    assert_eq!(status, 409);
    assert_eq!(
        error,
        json!({ "Conflict": { "field": "email", "code": "email_taken" } })
    );

    let form = sign_up_form(json!({ "email": "pierre@acme.fr", "siret": "73282932000074" }));
    let (status, error) = error_of(app.call("auth/signup", json!({ "form": form })).await).await;
    assert_eq!(status, 409);
    assert_eq!(
        error,
        json!({ "Conflict": { "field": "siret", "code": "siret_taken" } })
    );

    // Without a SIRET, any number of accounts.
    app.sign_up_as(&browser(), json!({ "email": "a@b.fr", "siret": "" }))
        .await;
    app.sign_up_as(&browser(), json!({ "email": "c@d.fr", "siret": "" }))
        .await;
}

#[tokio::test]
async fn a_wrong_email_and_a_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    app.sign_up_as(&browser(), json!({})).await;

    let wrong_password = app
        .log_in_as(&browser(), "marie@acme.fr", "not the right password")
        .await;
    let unknown_email = app.log_in_as(&browser(), "nobody@acme.fr", PASSWORD).await;
    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown_email.status(), 401);
    assert_eq!(
        wrong_password.text().await.unwrap(),
        unknown_email.text().await.unwrap()
    );

    let right = app.log_in_as(&browser(), "Marie@Acme.fr", PASSWORD).await;
    assert_eq!(right.status(), 200);
}

#[tokio::test]
async fn login_gives_a_new_session_id_and_logout_kills_the_old_cookie() {
    let app = spawn_app().await;
    app.sign_up_as(&browser(), json!({})).await;
    let client = browser();

    let first = session_cookie(&app.log_in_as(&client, "marie@acme.fr", PASSWORD).await)
        .expect("a session cookie");
    let second = session_cookie(&app.log_in_as(&client, "marie@acme.fr", PASSWORD).await)
        .expect("a session cookie");
    assert_ne!(first, second, "the session id changes at login");

    // The old id is worthless; the new one works until logout.
    let with_cookie = |cookie: String| {
        let app = &app;
        async move {
            app.client
                .post(format!("{}/api/auth/me", app.address))
                .header("Cookie", cookie)
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(with_cookie(first.clone()).await, Value::Null);
    assert_eq!(with_cookie(second.clone()).await["email"], "marie@acme.fr");

    assert_eq!(
        app.call_as(&client, "auth/logout", json!({}))
            .await
            .status(),
        200
    );
    assert_eq!(with_cookie(second).await, Value::Null);
    assert_eq!(app.me(&client).await, Value::Null);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax() {
    let app = spawn_app().await;
    let response = app
        .call("auth/signup", json!({ "form": sign_up_form(json!({})) }))
        .await;
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.starts_with("session="))
        .expect("a session cookie")
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let app = spawn_app().await;
    let form = json!({ "form": sign_up_form(json!({})) });
    let from_evil = app
        .client
        .post(format!("{}/api/auth/signup", app.address))
        .header("Origin", "https://evil.example")
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(from_evil.status(), 403);
    let cross_site = app
        .client
        .post(format!("{}/api/auth/signup", app.address))
        .header("Sec-Fetch-Site", "cross-site")
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(users, 0);

    let same_origin = app
        .client
        .post(format!("{}/api/auth/signup", app.address))
        .header("Origin", &app.address)
        .header("Sec-Fetch-Site", "same-origin")
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 200);
}

#[tokio::test]
async fn too_many_logins_get_429_with_retry_after() {
    let app = spawn_app().await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let response = app
            .log_in_as(&browser(), "someone@acme.fr", "whatever it may be")
            .await;
        if response.status() == 429 {
            let retry_after: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(retry_after >= 1);
            let (_, error) = error_of(response).await;
            assert!(
                error["TooManyRequests"]["retry_after_secs"]
                    .as_u64()
                    .unwrap()
                    >= 1
            );
            statuses.push(429);
        } else {
            statuses.push(response.status().as_u16());
        }
    }
    assert_eq!(&statuses[..10], &[401; 10]);
    assert_eq!(&statuses[10..], &[429, 429]);
}

/// Ten failed logins from one client address, each for another e-mail (so that the
/// per-account limit stays out of the way), sent with `X-Forwarded-For: forwarded_for`.
async fn statuses_of_logins(app: &TestApp, forwarded_for: &str, count: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for attempt in 0..count {
        let response = browser()
            .post(format!("{}/api/auth/login", app.address))
            .header("X-Forwarded-For", forwarded_for)
            .json(&json!({ "form": { "email": format!("p{attempt}-{forwarded_for}@acme.fr"), "password": "whatever it may be" } }))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_login_limit_is_per_forwarded_client() {
    let app = spawn_app_with(&[("TRUSTED_PROXIES", "127.0.0.1")]).await;
    assert_eq!(statuses_of_logins(&app, "203.0.113.1", 11).await[10], 429);
    // Another client behind the same proxy is not held back.
    assert_eq!(statuses_of_logins(&app, "203.0.113.2", 1).await, [401]);
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forwarded_for_header_changes_nothing() {
    let app = spawn_app().await;
    assert_eq!(statuses_of_logins(&app, "203.0.113.1", 11).await[10], 429);
    assert_eq!(statuses_of_logins(&app, "203.0.113.2", 1).await, [429]);
}

async fn reset_token(app: &TestApp, email: &str) -> String {
    let response = app
        .call("auth/forgot-password", json!({ "email": email }))
        .await;
    assert_eq!(response.status(), 200);
    let mail = app.wait_for_mail(email).await;
    let start =
        mail.find("/reset-password?token=").expect("a reset link") + "/reset-password?token=".len();
    mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[tokio::test]
async fn a_reset_link_works_once_and_ends_the_sessions() {
    let app = spawn_app().await;
    let holder = browser();
    app.sign_up_as(&holder, json!({})).await;
    let token = reset_token(&app, "marie@acme.fr").await;
    assert_eq!(token.len(), 43);
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM password_reset_tokens WHERE token_hash = sha256($1::bytea)",
    )
    .bind(token.as_bytes())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(stored, 1, "only the token's hash is stored");

    let new_password = "a brand new password for me";
    let form = json!({ "form": { "token": token, "password": new_password, "confirmation": new_password } });
    assert_eq!(
        app.call("auth/reset-password", form.clone()).await.status(),
        200
    );
    let (status, error) = error_of(app.call("auth/reset-password", form).await).await;
    assert_eq!((status, error), (400, json!("InvalidToken")));

    assert_eq!(app.me(&holder).await, Value::Null, "the old session ended");
    assert_eq!(
        app.log_in_as(&browser(), "marie@acme.fr", PASSWORD)
            .await
            .status(),
        401
    );
    assert_eq!(
        app.log_in_as(&browser(), "marie@acme.fr", new_password)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_reset_link_expires_after_an_hour() {
    let app = spawn_app().await;
    app.sign_up_as(&browser(), json!({})).await;
    let token = reset_token(&app, "marie@acme.fr").await;
    sqlx::query("UPDATE password_reset_tokens SET expires_at = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    let password = "a brand new password for me";
    let form =
        json!({ "form": { "token": token, "password": password, "confirmation": password } });
    let (status, error) = error_of(app.call("auth/reset-password", form).await).await;
    assert_eq!((status, error), (400, json!("InvalidToken")));
}

#[tokio::test]
async fn a_reset_request_answers_the_same_for_an_unknown_email() {
    let app = spawn_app().await;
    app.sign_up_as(&browser(), json!({})).await;
    let known = app
        .call("auth/forgot-password", json!({ "email": "marie@acme.fr" }))
        .await;
    let unknown = app
        .call("auth/forgot-password", json!({ "email": "nobody@acme.fr" }))
        .await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    let mail = app.wait_for_mail("marie@acme.fr").await;
    assert!(mail.contains("Subject:"), "{mail}");
    assert!(
        mail.contains("lien"),
        "the e-mail is in the holder's language (French): {mail}"
    );
    let queued: i64 =
        sqlx::query_scalar("SELECT count(*) FROM outbox WHERE kind = 'password_reset'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(queued, 1, "nothing is sent to an unknown address");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = spawn_app().await;
    let here = browser();
    let elsewhere = browser();
    app.sign_up_as(&here, json!({})).await;
    assert_eq!(
        app.log_in_as(&elsewhere, "marie@acme.fr", PASSWORD)
            .await
            .status(),
        200
    );

    let new_password = "another long password";
    let wrong = json!({ "form": { "current_password": "not it at all", "password": new_password, "confirmation": new_password } });
    let (status, error) = error_of(app.call_as(&here, "account/password", wrong).await).await;
    assert_eq!(
        (status, error),
        (
            409,
            json!({ "Conflict": { "field": "current_password", "code": "wrong_password" } })
        )
    );

    let right = json!({ "form": { "current_password": PASSWORD, "password": new_password, "confirmation": new_password } });
    assert_eq!(
        app.call_as(&here, "account/password", right).await.status(),
        200
    );
    assert_eq!(
        app.me(&here).await["email"],
        "marie@acme.fr",
        "this session stays"
    );
    assert_eq!(app.me(&elsewhere).await, Value::Null, "the other one ends");
}

#[tokio::test]
async fn the_profile_and_the_language_change_for_the_logged_in_person_only() {
    let app = spawn_app().await;
    let anonymous = browser();
    let profile = json!({ "form": { "first_name": "Marie", "last_name": "Skłodowska", "phone": "0692 12 34 56" } });
    assert_eq!(
        app.call_as(&anonymous, "account/profile", profile.clone())
            .await
            .status(),
        401
    );
    assert_eq!(
        app.call_as(&anonymous, "account/language", json!({ "locale": "en" }))
            .await
            .status(),
        401
    );

    app.sign_up_as(&app.client, json!({})).await;
    assert_eq!(app.call("account/profile", profile).await.status(), 200);
    assert_eq!(
        app.call("account/language", json!({ "locale": "en" }))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.call("account/language", json!({ "locale": "de" }))
            .await
            .status(),
        400
    );
    let me = app.me(&app.client).await;
    assert_eq!(me["last_name"], "Skłodowska");
    assert_eq!(me["locale"], "en");
    let phone: String = sqlx::query_scalar("SELECT phone FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(phone, "+262692123456", "Réunion mobiles are +262, not +33");
}

#[tokio::test]
async fn malformed_arguments_are_a_400_not_a_500() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}/api/auth/login", app.address))
        .header("Content-Type", "application/json")
        .body("{ not json")
        .send()
        .await
        .unwrap();
    let status = response.status();
    let headers = format!("{:?}", response.headers());
    assert_eq!(status, 400, "{headers} {}", response.text().await.unwrap());
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let response = app
        .call(
            "auth/login",
            json!({ "form": { "email": huge, "password": "x" } }),
        )
        .await;
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn pages_carry_security_headers_with_a_nonce() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    let headers = response.headers().clone();
    let policy = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let html = response.text().await.unwrap();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    assert!(policy.contains("frame-ancestors 'none'"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
}

#[tokio::test]
async fn the_account_area_sends_anonymous_visitors_to_the_login_page() {
    let app = spawn_app().await;
    let response = app.get("/account/profile").await;
    let html = response.text().await.unwrap();
    assert!(
        !html.contains("Mes coordonnées"),
        "no account content for anonymous visitors"
    );
}
