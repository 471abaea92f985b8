//! The company's billing details over HTTP: the VAT number (French key and SIREN checked) and
//! the billing address, the holder's only.
use crate::world::{ok, status_and_body, world};
use serde_json::{json, Value};

fn billing(vat_number: &str, line1: &str, city: &str) -> Value {
    json!({
        "vat_number": vat_number, "billing_recipient": "Acme, service comptable",
        "billing_line1": line1, "billing_line2": "", "billing_postal_code": "44000",
        "billing_city": city, "billing_country": "FR"
    })
}

fn field_codes(error: &Value) -> Vec<(String, String)> {
    error["Validation"]
        .as_array()
        .unwrap_or_else(|| panic!("not a validation error: {error}"))
        .iter()
        .map(|issue| {
            let text = |key: &str| issue[key].as_str().unwrap().to_string();
            (text("field"), text("code"))
        })
        .collect()
}

#[tokio::test]
async fn the_holder_saves_the_vat_number_and_billing_address() {
    let world = world().await;
    let (app, holder) = (&world.app, &world.holder);
    let empty = ok(app.call_as(holder, "account/billing/get", json!({})).await).await;
    assert_eq!(empty["vat_number"], json!(""));
    assert_eq!(empty["billing_country"], json!("FR"));
    let company =
        json!({ "form": { "company_name": "Acme Électronique", "siret": "73282932000074" } });
    ok(app.call_as(holder, "account/company", company).await).await;

    ok(app
        .call_as(
            holder,
            "account/billing",
            json!({ "form": billing("fr 44 732 829 320", "12 rue des Forges", "Nantes") }),
        )
        .await)
    .await;
    let saved = ok(app.call_as(holder, "account/billing/get", json!({})).await).await;
    assert_eq!(saved["vat_number"], json!("FR44732829320"));
    assert_eq!(saved["billing_line1"], json!("12 rue des Forges"));
    assert_eq!(saved["billing_city"], json!("Nantes"));

    // Every problem at once, each on its field; nothing saved.
    let (status, body) = status_and_body(
        app.call_as(
            holder,
            "account/billing",
            json!({ "form": billing("FR45732829320", "", "Nantes") }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let codes = field_codes(&body);
    assert!(
        codes.contains(&("vat_number".into(), "invalid_vat_number".into())),
        "{body}"
    );
    assert!(
        codes.contains(&("billing_line1".into(), "required".into())),
        "{body}"
    );
    let unchanged = ok(app.call_as(holder, "account/billing/get", json!({})).await).await;
    assert_eq!(unchanged, saved);

    // Emptied: none of either.
    let cleared = json!({ "vat_number": "", "billing_recipient": "", "billing_line1": "",
        "billing_line2": "", "billing_postal_code": "", "billing_city": "", "billing_country": "FR" });
    ok(app
        .call_as(holder, "account/billing", json!({ "form": cleared }))
        .await)
    .await;
    let none = sqlx::query_as::<_, (Option<String>, Option<Value>)>(
        "SELECT vat_number, billing_address FROM customer_accounts WHERE id = $1",
    )
    .bind(world.account_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(none, (None, None));
}

#[tokio::test]
async fn a_french_vat_number_names_the_siren_of_the_siret() {
    let world = world().await;
    let (app, holder) = (&world.app, &world.holder);
    let company =
        |siret: &str| json!({ "form": { "company_name": "Acme Électronique", "siret": siret } });
    ok(app
        .call_as(holder, "account/company", company("73282932000074"))
        .await)
    .await;

    let (status, body) = status_and_body(
        app.call_as(
            holder,
            "account/billing",
            json!({ "form": billing("FR40303265045", "1 rue", "Nantes") }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        field_codes(&body),
        vec![("vat_number".into(), "vat_not_of_siret".into())]
    );
    ok(app
        .call_as(
            holder,
            "account/billing",
            json!({ "form": billing("FR44732829320", "1 rue", "Nantes") }),
        )
        .await)
    .await;
    // Other member states' numbers have no SIREN to compare.
    ok(app
        .call_as(
            holder,
            "account/billing",
            json!({ "form": billing("DE123456789", "1 rue", "Nantes") }),
        )
        .await)
    .await;
    ok(app
        .call_as(
            holder,
            "account/billing",
            json!({ "form": billing("FR44732829320", "1 rue", "Nantes") }),
        )
        .await)
    .await;

    // The SIRET of another company no longer matches the VAT number saved: refused.
    let (status, body) = status_and_body(
        app.call_as(holder, "account/company", company("35600000000048"))
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        field_codes(&body),
        vec![("siret".into(), "vat_not_of_siret".into())]
    );
}

#[tokio::test]
async fn only_the_holder_reads_and_writes_the_billing_details() {
    let world = world().await;
    let app = &world.app;
    let form = json!({ "form": billing("", "1 rue", "Nantes") });
    for (client, expected) in [
        (&world.anonymous, 401),
        (&world.buyer, 403),
        (&world.sees_all, 403),
        (&world.staff, 403),
    ] {
        let (read, _) =
            status_and_body(app.call_as(client, "account/billing/get", json!({})).await).await;
        let (write, _) =
            status_and_body(app.call_as(client, "account/billing", form.clone()).await).await;
        assert_eq!((read, write), (expected, expected));
    }
}
