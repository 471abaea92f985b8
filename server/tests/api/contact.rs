//! The contact form: anyone writes; the message is stored, e-mailed to every staff person and
//! acknowledged to its sender in the page's language; floods get 429; staff alone list them.
use crate::helpers::browser;
use crate::world::{ok, status_and_body, world, NEW_STAFF_EMAIL, STAFF_EMAIL};
use serde_json::{json, Value};

fn form(email: &str, locale: &str) -> Value {
    json!({ "form": {
        "name": "Paul Martin", "email": email, "company": "Drones de l'Ouest",
        "subject": "quote", "message": "Bonjour,\nun devis pour 500 cartes 6 couches ?",
        "locale": locale
    }})
}

#[tokio::test]
async fn a_message_reaches_staff_and_its_sender_is_answered_in_their_language() {
    let world = world().await;
    let visitor = browser();
    ok(world
        .app
        .call_as(&visitor, "contact/send", form("paul@drones.example", "en"))
        .await)
    .await;
    let stored: (String, String, Option<String>, String) =
        sqlx::query_as("SELECT email, subject, company, message FROM contact_messages")
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
    assert_eq!(stored.0, "paul@drones.example");
    assert_eq!(stored.1, "quote");
    assert_eq!(stored.2.as_deref(), Some("Drones de l'Ouest"));
    assert_eq!(stored.3, "Bonjour,\nun devis pour 500 cartes 6 couches ?");

    for staff in [STAFF_EMAIL, NEW_STAFF_EMAIL] {
        let mail = world
            .app
            .wait_for_mail_of_kind(staff, "contact_staff")
            .await;
        assert!(mail.contains("paul@drones.example"), "{mail}");
        assert!(
            mail.contains("un devis pour 500 cartes 6 couches"),
            "{mail}"
        );
        assert!(mail.contains("/backoffice/messages"), "{mail}");
    }
    let ack = world
        .app
        .wait_for_mail_of_kind("paul@drones.example", "contact_ack")
        .await;
    assert!(ack.contains("We received your message"), "{ack}");
    // The acknowledgement never carries the text typed: the form cannot send mail for others.
    assert!(!ack.contains("500 cartes"), "{ack}");

    // Staff read it in the back-office; customers and visitors may not.
    let messages = ok(world
        .app
        .call_as(&world.staff, "backoffice/messages", json!({}))
        .await)
    .await;
    assert_eq!(messages["items"][0]["email"], "paul@drones.example");
    assert_eq!(messages["items"][0]["locale"], "en");
    // Searched like every list.
    let found = ok(world
        .app
        .call_as(
            &world.staff,
            "backoffice/messages",
            json!({ "query": { "search": "DRONES" } }),
        )
        .await)
    .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let none = ok(world
        .app
        .call_as(
            &world.staff,
            "backoffice/messages",
            json!({ "query": { "search": "nulle part" } }),
        )
        .await)
    .await;
    assert_eq!(none["items"], json!([]));
    let (status, _) = status_and_body(
        world
            .app
            .call_as(&world.holder, "backoffice/messages", json!({}))
            .await,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = status_and_body(
        world
            .app
            .call_as(&visitor, "backoffice/messages", json!({}))
            .await,
    )
    .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn bad_fields_are_named_and_nothing_is_stored() {
    let world = world().await;
    let mut bad = form("not an address", "fr");
    bad["form"]["name"] = json!("  ");
    bad["form"]["message"] = json!("\n");
    bad["form"]["subject"] = json!("lottery");
    let (status, body) =
        status_and_body(world.app.call_as(&browser(), "contact/send", bad).await).await;
    assert_eq!(status, 400, "{body}");
    let fields: Vec<&str> = body["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem["field"].as_str().unwrap())
        .collect();
    for field in ["name", "email", "subject", "message"] {
        assert!(fields.contains(&field), "{field} missing: {body}");
    }
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM contact_messages")
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn floods_are_refused_per_address_and_per_client() {
    let world = world().await;
    let visitor = browser();
    let send = |email: &'static str| {
        let visitor = visitor.clone();
        let app = &world.app;
        async move {
            status_and_body(
                app.call_as(&visitor, "contact/send", form(email, "fr"))
                    .await,
            )
            .await
            .0
        }
    };
    // Three an hour per e-mail address given...
    for _ in 0..3 {
        assert_eq!(send("a@flood.example").await, 200);
    }
    assert_eq!(send("a@flood.example").await, 429);
    // ...and five an hour per client, whatever the address.
    assert_eq!(send("b@flood.example").await, 200);
    assert_eq!(send("c@flood.example").await, 429);
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM contact_messages")
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert_eq!(count, 4);
}
