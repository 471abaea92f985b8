//! Forms posted by the browser itself (before the WASM, or without JavaScript): the same server
//! functions, answered `303 See Other` to the next page, or back to the form with the refusal
//! and what was typed, for that page only.
use crate::helpers::{browser, encoded, location, sign_up_form, spawn_app};
use reqwest::{header, StatusCode};
use serde_json::json;

/// The sign-up form's fields, `form[…]`, from the JSON helper's valid form.
fn sign_up_fields(overrides: serde_json::Value) -> Vec<(String, String)> {
    sign_up_form(overrides)
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, value)| (format!("form[{name}]"), value.as_str().unwrap().to_string()))
        .collect()
}

fn borrowed(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

#[tokio::test]
async fn a_refused_form_comes_back_once_with_its_reason_and_what_was_typed_but_no_password() {
    let app = spawn_app().await;
    let person = browser();
    let fields =
        sign_up_fields(json!({ "email": "pas-une-adresse", "company_name": "Cartes & Fils" }));
    let response = app
        .post_form(
            &person,
            "/api/auth/signup",
            "/signup?from=home",
            &borrowed(&fields),
        )
        .await;
    assert_eq!(location(&response), "/signup?from=home");

    let page = app.page(&person, "/signup?from=home").await;
    assert!(
        page.contains("Saisissez une adresse e-mail valide"),
        "{page}"
    );
    assert!(
        page.contains("value=\"pas-une-adresse\""),
        "the e-mail as typed"
    );
    assert!(page.contains("Cartes &amp; Fils"), "the company as typed");
    assert!(
        !page.contains("correct horse battery staple"),
        "never a password"
    );
    // Shown once: the next visit is a blank form.
    let again = app.page(&person, "/signup").await;
    assert!(!again.contains("pas-une-adresse"));
    let created: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(created, 0);
}

#[tokio::test]
async fn a_form_that_works_leads_to_the_next_page_logged_in() {
    let app = spawn_app().await;
    let person = browser();
    let fields = sign_up_fields(json!({}));
    let response = app
        .post_form(&person, "/api/auth/signup", "/signup", &borrowed(&fields))
        .await;
    assert_eq!(location(&response), "/account");
    assert_eq!(app.me(&person).await["email"], "marie@acme.fr");

    // A project made by a plain form opens on its own page.
    let project = app
        .post_form(
            &person,
            "/api/projects/create",
            "/account/projects/new",
            &[
                ("form[name]", "Carte simple"),
                ("form[service]", "fabrication"),
                ("form[quantity]", "10"),
                ("form[layers]", "2"),
                ("form[width_mm]", "100"),
                ("form[height_mm]", "80"),
                ("form[thickness]", "1.6"),
                ("form[finish]", "hasl"),
                ("form[mask]", "green"),
                ("form[notes]", "Sans script"),
            ],
        )
        .await;
    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM projects")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(location(&project), format!("/account/projects/{id}"));
}

#[tokio::test]
async fn the_login_form_goes_where_the_person_was_going_and_a_wrong_password_comes_back() {
    let app = spawn_app().await;
    app.sign_up_as(&browser(), json!({})).await;
    let person = browser();
    let wrong = app
        .post_form(
            &person,
            "/api/auth/login",
            "/login?next=%2Faccount%2Forders",
            &[
                ("form[email]", "marie@acme.fr"),
                ("form[password]", "not the password"),
            ],
        )
        .await;
    assert_eq!(location(&wrong), "/login?next=%2Faccount%2Forders");
    let page = app.page(&person, "/login?next=%2Faccount%2Forders").await;
    assert!(page.contains("E-mail ou mot de passe incorrect."));
    assert!(page.contains("value=\"marie@acme.fr\""));

    let right = app
        .post_form(
            &person,
            "/api/auth/login",
            "/login?next=%2Faccount%2Forders",
            &[
                ("form[email]", "marie@acme.fr"),
                ("form[password]", "correct horse battery staple"),
            ],
        )
        .await;
    assert_eq!(location(&right), "/account/orders");
    // A `next` of another site is not followed.
    let elsewhere = app
        .post_form(
            &browser(),
            "/api/auth/login",
            "/login?next=https%3A%2F%2Fevil.example%2F",
            &[
                ("form[email]", "marie@acme.fr"),
                ("form[password]", "correct horse battery staple"),
            ],
        )
        .await;
    assert_eq!(location(&elsewhere), "/account");
}

#[tokio::test]
async fn a_form_of_another_site_is_refused_before_anything_runs() {
    let app = spawn_app().await;
    let fields = sign_up_fields(json!({}));
    let response = browser()
        .post(format!("{}/api/auth/signup", app.address))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://evil.example")
        .body(encoded(&borrowed(&fields)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Nor without Origin: only JSON may come without one.
    let response = browser()
        .post(format!("{}/api/auth/signup", app.address))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(encoded(&borrowed(&fields)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(users, 0);
}

#[tokio::test]
async fn the_language_switch_posts_the_choice_and_comes_back_to_the_page() {
    let app = spawn_app().await;
    let person = browser();
    let response = app
        .post_form(
            &person,
            "/language",
            "/faq",
            &[("locale", "en"), ("back", "/faq?x=1")],
        )
        .await;
    assert_eq!(location(&response), "/faq?x=1");
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(
        app.page(&person, "/faq").await.contains("Contact us"),
        "the page in English"
    );

    // Never sent to another site; an unknown language changes nothing.
    let response = app
        .post_form(
            &person,
            "/language",
            "/",
            &[("locale", "de"), ("back", "https://evil.example/")],
        )
        .await;
    assert_eq!(location(&response), "/");
    assert!(response.headers().get(header::SET_COOKIE).is_none());
}
