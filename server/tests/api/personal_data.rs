//! The personal data export: everything about the person asking, nothing of anyone else, and
//! never a secret.
use crate::helpers::browser;
use crate::world::world;
use serde_json::Value;

#[tokio::test]
async fn a_person_downloads_their_own_data_and_only_theirs() {
    let world = world().await;
    let url = format!("{}/api/account/personal-data", world.app.address);

    let anonymous = browser().get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);

    let response = world.buyer.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let text = response.text().await.unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["person"]["email"], "buyer@acme.fr");
    assert_eq!(data["person"]["time_zone"], "Europe/Paris");
    assert_eq!(data["memberships"][0]["account"], "Acme Électronique");
    assert_eq!(data["memberships"][0]["can_buy"], true);
    let orders = data["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1, "the buyer placed one order: {data}");
    assert_eq!(orders[0]["placed_by_you"], true);
    assert!(
        !data["security_events"].as_array().unwrap().is_empty(),
        "{data}"
    );
    // Nobody else's details, and no secret.
    for other in [
        "marie@acme.fr",
        "nonbuyer@acme.fr",
        "jean@autre.fr",
        "$argon2",
        "password_hash",
    ] {
        assert!(!text.contains(other), "{other} in {text}");
    }
}
