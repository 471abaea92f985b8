//! The account area's forms posted by the browser itself (before the WASM, or without
//! JavaScript): company, billing, address book, profile settings, sessions, two-factor.
use crate::helpers::{browser, location, spawn_app, TestApp};
use crate::two_factor::{current_step, set_login_time};
use crate::world::{world, STAFF_EMAIL};
use serde_json::{json, Value};
use uuid::Uuid;

const COMPANY: &str = "/account/company";
const PROFILE: &str = "/account/profile";
const PASSWORD: &str = "correct horse battery staple";

/// The address book as the holder reads it: (label, default, id), the default first.
async fn book(app: &TestApp) -> Vec<(String, bool, String)> {
    let response = app.call("account/addresses", json!({})).await;
    let lines: Value = response.json().await.unwrap();
    lines
        .as_array()
        .unwrap()
        .iter()
        .map(|line| {
            (
                line["label"].as_str().unwrap().to_string(),
                line["is_default"] == true,
                line["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_company_details_come_back_as_typed_when_refused_then_are_saved() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let refused = app
        .post_form(
            &app.client,
            "/api/account/company",
            COMPANY,
            &[
                ("form[company_name]", "Acme Renommée"),
                ("form[siret]", "123"),
            ],
        )
        .await;
    assert_eq!(location(&refused), COMPANY);
    let page = app.page(&app.client, COMPANY).await;
    assert!(page.contains("Ce SIRET n'est pas valide"), "{page}");
    assert!(
        page.contains(r#"value="Acme Renommée""#),
        "the name as typed"
    );
    assert_eq!(
        app.me(&app.client).await["active"]["name"],
        "Acme Électronique"
    );

    let saved = app
        .post_form(
            &app.client,
            "/api/account/company",
            COMPANY,
            &[("form[company_name]", "Acme Renommée"), ("form[siret]", "")],
        )
        .await;
    assert_eq!(location(&saved), COMPANY);
    assert!(app.page(&app.client, COMPANY).await.contains("Enregistré."));
    assert_eq!(app.me(&app.client).await["active"]["name"], "Acme Renommée");
}

#[tokio::test]
async fn billing_details_and_the_address_book_work_as_plain_forms() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let billing = app
        .post_form(
            &app.client,
            "/api/account/billing",
            COMPANY,
            &[
                ("form[vat_number]", ""),
                ("form[billing_recipient]", "Acme Comptabilité"),
                ("form[billing_line1]", "1 rue du Port"),
                ("form[billing_line2]", ""),
                ("form[billing_postal_code]", "44000"),
                ("form[billing_city]", "Nantes"),
                ("form[billing_country]", "FR"),
            ],
        )
        .await;
    assert_eq!(location(&billing), COMPANY);
    assert!(app
        .page(&app.client, COMPANY)
        .await
        .contains("Facturation enregistrée."));
    let saved = app.call("account/billing/get", json!({})).await;
    assert_eq!(
        saved.json::<Value>().await.unwrap()["billing_city"],
        "Nantes"
    );

    // An address without its name is refused; what was typed comes back.
    let address = |label: &'static str| {
        [
            ("form[label]", label),
            ("form[recipient]", "Acme"),
            ("form[line1]", "12 rue des Forges"),
            ("form[line2]", ""),
            ("form[postal_code]", "69003"),
            ("form[city]", "Lyon"),
            ("form[country]", "FR"),
        ]
    };
    let refused = app
        .post_form(
            &app.client,
            "/api/account/addresses/add",
            COMPANY,
            &address(""),
        )
        .await;
    assert_eq!(location(&refused), COMPANY);
    let page = app.page(&app.client, COMPANY).await;
    assert!(page.contains(r#"id="label-error""#), "the name's problem");
    assert!(
        page.contains(r#"value="12 rue des Forges""#),
        "the address as typed"
    );

    for label in ["Atelier", "Entrepôt"] {
        let added = app
            .post_form(
                &app.client,
                "/api/account/addresses/add",
                COMPANY,
                &address(label),
            )
            .await;
        assert_eq!(location(&added), COMPANY);
    }
    assert!(app
        .page(&app.client, COMPANY)
        .await
        .contains("Adresse enregistrée."));
    let lines = book(&app).await;
    assert_eq!(lines.len(), 2);
    let warehouse = lines.iter().find(|l| l.0 == "Entrepôt").unwrap().2.clone();
    let page = app.page(&app.client, COMPANY).await;
    assert!(page.contains(&format!(r#"name="address_id" value="{warehouse}""#)));
    let made_default = app
        .post_form(
            &app.client,
            "/api/account/addresses/default",
            COMPANY,
            &[("address_id", &warehouse)],
        )
        .await;
    assert_eq!(location(&made_default), COMPANY);
    assert_eq!(book(&app).await[0].0, "Entrepôt");
    assert!(book(&app).await[0].1, "the default comes first");
    let deleted = app
        .post_form(
            &app.client,
            "/api/account/addresses/delete",
            COMPANY,
            &[("address_id", &warehouse)],
        )
        .await;
    assert_eq!(location(&deleted), COMPANY);
    let lines = book(&app).await;
    assert_eq!(
        lines.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(),
        ["Atelier"]
    );
}

#[tokio::test]
async fn the_profiles_settings_and_sessions_work_as_plain_forms() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let elsewhere = browser();
    app.log_in_as(&elsewhere, "marie@acme.fr", PASSWORD).await;

    let language = app
        .post_form(
            &app.client,
            "/api/account/language",
            PROFILE,
            &[("locale", "en")],
        )
        .await;
    assert_eq!(location(&language), PROFILE);
    assert_eq!(app.me(&app.client).await["locale"], "en");
    let zone = app
        .post_form(
            &app.client,
            "/api/account/time-zone",
            PROFILE,
            &[("time_zone", "Asia/Tokyo")],
        )
        .await;
    assert_eq!(location(&zone), PROFILE);
    assert_eq!(app.me(&app.client).await["time_zone"], "Asia/Tokyo");
    assert!(app.page(&app.client, PROFILE).await.contains("Enregistré."));

    assert_eq!(app.me(&elsewhere).await["email"], "marie@acme.fr");
    let ended = app
        .post_form(&app.client, "/api/account/end-other-sessions", PROFILE, &[])
        .await;
    assert_eq!(location(&ended), PROFILE);
    assert!(app
        .page(&app.client, PROFILE)
        .await
        .contains("Vos autres sessions sont fermées"));
    assert_eq!(app.me(&elsewhere).await, Value::Null);
    assert_eq!(app.me(&app.client).await["email"], "marie@acme.fr");
}

#[tokio::test]
async fn deleting_the_account_asks_the_password_again_then_leads_home_logged_out() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let refused = app
        .post_form(
            &app.client,
            "/api/account/delete",
            PROFILE,
            &[("password", "not the password")],
        )
        .await;
    assert_eq!(location(&refused), PROFILE);
    let page = app.page(&app.client, PROFILE).await;
    assert!(page.contains(r#"id="delete_password""#));
    assert!(
        page.contains(r#"aria-invalid="true""#),
        "the password's problem"
    );
    assert!(!page.contains("not the password"), "never a password");
    assert_eq!(app.me(&app.client).await["email"], "marie@acme.fr");

    let deleted = app
        .post_form(
            &app.client,
            "/api/account/delete",
            PROFILE,
            &[("password", PASSWORD)],
        )
        .await;
    assert_eq!(location(&deleted), "/");
    assert_eq!(app.me(&app.client).await, Value::Null);
}

/// The value of the hidden or text field `name` as the page shows it.
fn value_of(page: &str, name: &str) -> String {
    let start = format!(r#"name="{name}" value=""#);
    let from = page
        .find(&start)
        .unwrap_or_else(|| panic!("{name} in the page"))
        + start.len();
    let value = &page[from..from + page[from..].find('"').unwrap()];
    value.replace("&amp;", "&")
}

#[tokio::test]
async fn two_factor_is_enrolled_required_and_turned_off_with_plain_forms() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let page_path = "/two-factor";
    let started = app
        .post_form(&app.client, "/api/account/two-factor/start", page_path, &[])
        .await;
    assert_eq!(location(&started), page_path);
    let page = app.page(&app.client, page_path).await;
    let secret = value_of(&page, "secret");
    assert!(page.contains(&format!(r#"id="two-factor-secret">{secret}"#)));
    let enrolment = [
        ("qr_code", value_of(&page, "qr_code")),
        ("secret", secret.clone()),
        ("otpauth_url", value_of(&page, "otpauth_url")),
    ];
    let confirm = |code: String| {
        let mut fields = enrolment.to_vec();
        fields.push(("code", code));
        fields
    };
    let posted = |fields: &[(&'static str, String)]| {
        fields
            .iter()
            .map(|(name, value)| (*name, value.clone()))
            .collect::<Vec<_>>()
    };

    // A wrong first code: the same secret is shown again with the refusal.
    let wrong = posted(&confirm("000000".into()));
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let refused = app
        .post_form(
            &app.client,
            "/api/account/two-factor/confirm",
            page_path,
            &wrong,
        )
        .await;
    assert_eq!(location(&refused), page_path);
    let page = app.page(&app.client, page_path).await;
    assert!(page.contains(&format!(r#"id="two-factor-secret">{secret}"#)));
    assert!(page.contains("Ce code n'est pas valable"), "the refusal");

    let right = posted(&confirm(crate::two_factor::code_at(
        &secret,
        current_step(),
    )));
    let right: Vec<(&str, &str)> = right.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let confirmed = app
        .post_form(
            &app.client,
            "/api/account/two-factor/confirm",
            page_path,
            &right,
        )
        .await;
    assert_eq!(location(&confirmed), page_path);
    let page = app.page(&app.client, page_path).await;
    assert!(
        page.contains("two-factor__codes"),
        "the recovery codes, once"
    );
    assert!(!app
        .page(&app.client, page_path)
        .await
        .contains("two-factor__codes"));

    // The holder requires it of every member, then stops.
    for (required, said) in [
        ("true", "Exigée de tous les membres du compte."),
        ("false", "Non exigée."),
    ] {
        let set = app
            .post_form(
                &app.client,
                "/api/collaborators/require-two-factor",
                COMPANY,
                &[("required", required)],
            )
            .await;
        assert_eq!(location(&set), COMPANY);
        assert!(
            app.page(&app.client, COMPANY).await.contains(said),
            "{said}"
        );
    }

    let code = crate::two_factor::fresh_code(&app, "marie@acme.fr", &secret).await;
    let disabled = app
        .post_form(
            &app.client,
            "/api/account/two-factor/disable",
            page_path,
            &[("code", &code)],
        )
        .await;
    assert_eq!(location(&disabled), page_path);
    let page = app.page(&app.client, page_path).await;
    assert!(
        page.contains(r#"action="/api/account/two-factor/start""#),
        "off again"
    );
}

#[tokio::test]
async fn an_address_is_proven_by_its_link_without_javascript_and_a_link_is_sent_again() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let mail = app
        .wait_for_mail_of_kind("marie@acme.fr", "verify_email")
        .await;
    let marker = "/verify-email?token=";
    let start = mail.find(marker).expect("a verification link") + marker.len();
    let token: String = mail[start..].chars().take(43).collect();
    let link = format!("{marker}{token}");

    // Fetching the page uses nothing (a mail scanner may fetch it); its button follows the link.
    let visitor = browser();
    let page = app.page(&visitor, &link).await;
    assert!(page.contains(r#"action="/api/account/verify-email""#));
    assert_eq!(app.me(&app.client).await["email_verified"], false);
    let followed = app
        .post_form(
            &visitor,
            "/api/account/verify-email",
            &link,
            &[("token", &token)],
        )
        .await;
    assert_eq!(location(&followed), link);
    let page = app.page(&visitor, &link).await;
    assert!(
        page.contains("Votre adresse e-mail est confirmée."),
        "{page}"
    );
    assert!(!page.contains(r#"action="/api/account/verify-email""#));
    assert_eq!(app.me(&app.client).await["email_verified"], true);

    // Another person, still unproven, has the link sent again from the account area's banner.
    let jean = browser();
    app.sign_up_as(
        &jean,
        json!({ "email": "jean@autre.fr", "company_name": "Autre SA", "siret": "" }),
    )
    .await;
    let resent = app
        .post_form(&jean, "/api/account/resend-verification", "/account", &[])
        .await;
    assert_eq!(location(&resent), "/account");
    assert!(app
        .page(&jean, "/account")
        .await
        .contains("Un nouveau lien vous a été envoyé"));
}

/// The fields of the address form as a browser posts them.
fn address_fields<'a>(label: &'a str, line1: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("form[label]", label),
        ("form[recipient]", "Acme"),
        ("form[line1]", line1),
        ("form[line2]", ""),
        ("form[postal_code]", "69003"),
        ("form[city]", "Lyon"),
        ("form[country]", "FR"),
    ]
}

#[tokio::test]
async fn an_address_is_changed_from_its_line_without_javascript() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let added = app
        .post_form(
            &app.client,
            "/api/account/addresses/add",
            COMPANY,
            &address_fields("Atelier", "12 rue des Forges"),
        )
        .await;
    assert_eq!(location(&added), COMPANY);
    let id = book(&app).await[0].2.clone();

    // The line's "Modifier" asks for the page again, with the address to change.
    let page = app.page(&app.client, COMPANY).await;
    assert!(page.contains(r#"method="get" action="/account/company#address-form-title""#));
    assert!(page.contains(&format!(r#"name="edit" value="{id}""#)));
    assert!(page.contains(r#"action="/api/account/addresses/add""#));
    let editing = format!("{COMPANY}?edit={id}");
    let page = app.page(&app.client, &editing).await;
    assert!(page.contains("Modifier l'adresse « Atelier »"), "{page}");
    assert!(page.contains(r#"action="/api/account/addresses/update""#));
    assert!(!page.contains(r#"action="/api/account/addresses/add""#));
    assert!(page.contains(&format!(r#"name="address_id" value="{id}""#)));
    assert!(
        page.contains(r#"value="12 rue des Forges""#),
        "the address saved"
    );
    assert!(page.contains(r#"form="address-edit-cancel""#), "a way back");

    // Without its name: refused, the change typed comes back in the same form.
    let mut fields = vec![("address_id", id.as_str())];
    fields.extend(address_fields("", "3 quai Neuf"));
    let refused = app
        .post_form(
            &app.client,
            "/api/account/addresses/update",
            &editing,
            &fields,
        )
        .await;
    assert_eq!(location(&refused), editing);
    let page = app.page(&app.client, &editing).await;
    assert!(page.contains(r#"id="label-error""#), "the name's problem");
    assert!(
        page.contains(r#"value="3 quai Neuf""#),
        "the address as typed"
    );
    assert!(!page.contains(r#"value="12 rue des Forges""#));
    assert!(page.contains(r#"action="/api/account/addresses/update""#));
    assert_eq!(page.matches(r#"id="label-error""#).count(), 1);
    assert_eq!(book(&app).await[0].0, "Atelier", "nothing changed");

    let mut fields = vec![("address_id", id.as_str())];
    fields.extend(address_fields("Atelier Sud", "3 quai Neuf"));
    let saved = app
        .post_form(
            &app.client,
            "/api/account/addresses/update",
            &editing,
            &fields,
        )
        .await;
    assert_eq!(location(&saved), editing);
    let page = app.page(&app.client, &editing).await;
    assert!(page.contains("Adresse enregistrée."));
    assert!(
        page.contains(r#"action="/api/account/addresses/add""#),
        "the form is for a new address again"
    );
    let lines = book(&app).await;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].0, "Atelier Sud");
    assert_eq!(lines[0].2, id);
    assert!(
        page.contains("3 quai Neuf, 69003 Lyon"),
        "the line as saved"
    );
}

#[tokio::test]
async fn a_recent_code_is_typed_again_with_a_plain_form() {
    let world = world().await;
    let app = &world.app;
    let staff_id: Uuid = sqlx::query_scalar("SELECT id FROM users WHERE lower(email) = lower($1)")
        .bind(STAFF_EMAIL)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let secret: Vec<u8> = sqlx::query_scalar("SELECT two_factor_secret FROM users WHERE id = $1")
        .bind(staff_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let secret = totp_rs::Secret::from(secret).to_base32();
    set_login_time(app, staff_id, "code_checked_at", 11 * 60).await;
    let page = format!("/backoffice/orders/{}", world.buyer_order);
    let order = world.buyer_order.to_string();
    let paid = || async {
        sqlx::query_scalar::<_, bool>("SELECT paid_at IS NOT NULL FROM orders WHERE id = $1")
            .bind(world.buyer_order)
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let record = app
        .post_form(
            &world.staff,
            "/api/backoffice/record-payment",
            &page,
            &[("order_id", &order)],
        )
        .await;
    assert_eq!(location(&record), page);
    assert!(!paid().await, "a recent code first");

    // The prompt's form posts the code; a wrong one comes back with the prompt and its refusal.
    let wrong = app
        .post_form(
            &world.staff,
            "/api/account/two-factor/verify",
            &page,
            &[("code", "abcdef")],
        )
        .await;
    assert_eq!(location(&wrong), page);
    let shown = app.page(&world.staff, &page).await;
    assert!(shown.contains(r#"action="/api/account/two-factor/verify""#));
    assert!(shown.contains("Ce code n'est pas valable"), "the refusal");
    assert!(!shown.contains("abcdef"), "never a code");

    let code = crate::two_factor::fresh_code(app, STAFF_EMAIL, &secret).await;
    let checked = app
        .post_form(
            &world.staff,
            "/api/account/two-factor/verify",
            &page,
            &[("code", &code)],
        )
        .await;
    assert_eq!(location(&checked), page);
    let shown = app.page(&world.staff, &page).await;
    assert!(shown.contains("Code accepté : vous pouvez refaire l'action."));
    assert!(!shown.contains(r#"action="/api/account/two-factor/verify""#));

    // The same button again: the payment is recorded.
    let record = app
        .post_form(
            &world.staff,
            "/api/backoffice/record-payment",
            &page,
            &[("order_id", &order)],
        )
        .await;
    assert_eq!(location(&record), page);
    assert!(paid().await);
}
