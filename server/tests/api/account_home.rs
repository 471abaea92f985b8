//! The account home (`/api/account/home`, `/account`): each person sees what needs them, under
//! the rules of the full lists, and nothing of another account.
use crate::helpers::browser;
use crate::world::{gerber_zip, ok, project_form, uuid, world, World};
use serde_json::{json, Value};
use uuid::Uuid;

async fn home_of(world: &World, client: &reqwest::Client) -> Value {
    ok(world.app.call_as(client, "account/home", json!({})).await).await
}

fn ids(block: &Value) -> Vec<Uuid> {
    block
        .as_array()
        .expect("a block is a list")
        .iter()
        .map(|line| uuid(&line["id"]))
        .collect()
}

/// An assembly project with only its Gerber archive: the BOM and the placement file are missing.
async fn assembly_project_without_bom(world: &World) -> Uuid {
    let mut form = project_form("Carte moteur");
    form["service"] = json!("fabrication_assembly");
    let project = uuid(
        &ok(world
            .app
            .call_as(&world.holder, "projects/create", json!({ "form": form }))
            .await)
        .await,
    );
    ok(world
        .upload(&world.holder, project, "gerber", "moteur.zip", gerber_zip())
        .await)
    .await;
    project
}

/// A person of a third company, with a proven address, who asks to join Acme by its holder's
/// e-mail address.
async fn someone_asks_to_join(world: &World) {
    let third = browser();
    world
        .app
        .sign_up_as(
            &third,
            json!({ "email": "lea@tiers.fr", "company_name": "Tiers SARL", "siret": "" }),
        )
        .await;
    sqlx::query("UPDATE users SET email_verified_at = now() WHERE email = 'lea@tiers.fr'")
        .execute(&world.app.pool)
        .await
        .unwrap();
    ok(world
        .app
        .call_as(
            &third,
            "collaborators/request",
            json!({ "reference": "marie@acme.fr", "confirmed": true }),
        )
        .await)
    .await;
}

#[tokio::test]
async fn each_person_sees_what_needs_them_and_nothing_more() {
    let world = world().await;
    let assembly = assembly_project_without_bom(&world).await;
    someone_asks_to_join(&world).await;
    ok(world
        .app
        .call_as(
            &world.holder,
            "collaborators/invite",
            json!({ "email": "jean@autre.fr",
                    "permissions": { "can_buy": false, "can_see_all_orders": false } }),
        )
        .await)
    .await;
    let both_orders = {
        let mut both = vec![world.holder_order, world.buyer_order];
        both.sort();
        both
    };
    let sorted = |mut ids: Vec<Uuid>| {
        ids.sort();
        ids
    };

    // The holder: every block, and every order of the account.
    let home = home_of(&world, &world.holder).await;
    assert_eq!(home["account"]["name"], "Acme Électronique");
    assert_eq!(home["account"]["is_holder"], true);
    assert_eq!(sorted(ids(&home["requests_to_decide"])), {
        let mut requests = world.requests.to_vec();
        requests.sort();
        requests
    });
    let join = home["join_requests"].as_array().unwrap();
    assert_eq!(join.len(), 1, "{home}");
    assert_eq!(join[0]["email"], "lea@tiers.fr");
    assert_eq!(sorted(ids(&home["awaiting_payment"])), both_orders);
    assert_eq!(sorted(ids(&home["recent_orders"])), both_orders);
    assert_eq!(ids(&home["missing_files"]), [assembly]);
    assert_eq!(
        home["missing_files"][0]["missing"],
        json!(["bom", "pick_and_place"])
    );
    assert_eq!(ids(&home["recent_projects"]), [assembly, world.project]);

    // A buyer decides requests but sees only their own order, and no join request.
    let home = home_of(&world, &world.buyer).await;
    assert_eq!(home["account"]["is_holder"], false);
    assert_eq!(home["requests_to_decide"].as_array().unwrap().len(), 3);
    assert_eq!(home["join_requests"], json!([]));
    assert_eq!(ids(&home["awaiting_payment"]), [world.buyer_order]);
    assert_eq!(ids(&home["recent_orders"]), [world.buyer_order]);

    // A member who can neither buy nor see all orders: the projects, nothing to decide.
    let home = home_of(&world, &world.non_buyer).await;
    assert_eq!(home["account"]["can_buy"], false);
    for block in [
        "requests_to_decide",
        "join_requests",
        "awaiting_payment",
        "recent_orders",
    ] {
        assert_eq!(home[block], json!([]), "{block}: {home}");
    }
    assert_eq!(ids(&home["missing_files"]), [assembly]);

    // Seeing all orders is not deciding requests.
    let home = home_of(&world, &world.sees_all).await;
    assert_eq!(sorted(ids(&home["recent_orders"])), both_orders);
    assert_eq!(home["requests_to_decide"], json!([]));

    // Another account's holder: Acme's invitation, and nothing else of Acme.
    let home = home_of(&world, &world.other).await;
    assert_eq!(home["account"]["name"], "Autre SA");
    let invitations = home["invitations"].as_array().unwrap();
    assert_eq!(invitations.len(), 1, "{home}");
    assert_eq!(invitations[0]["account_name"], "Acme Électronique");
    let text = home.to_string();
    for acme in ["Carte capteur", "Carte moteur", "lea@tiers.fr"] {
        assert!(!text.contains(acme), "{acme} leaked: {text}");
    }
    assert_eq!(home["recent_orders"], json!([]));
    assert_eq!(home["recent_projects"], json!([]));
}

#[tokio::test]
async fn paid_and_cancelled_orders_no_longer_wait_for_payment() {
    let world = world().await;
    ok(world
        .app
        .call_as(
            &world.holder,
            "orders/payment",
            json!({ "order_id": world.buyer_order, "method": "bank_transfer" }),
        )
        .await)
    .await;
    let home = home_of(&world, &world.holder).await;
    assert_eq!(home["awaiting_payment"].as_array().unwrap().len(), 2);

    sqlx::query("UPDATE orders SET paid_at = now() WHERE id = $1")
        .bind(world.buyer_order)
        .execute(&world.app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE orders SET status = 'cancelled' WHERE id = $1")
        .bind(world.holder_order)
        .execute(&world.app.pool)
        .await
        .unwrap();
    let home = home_of(&world, &world.holder).await;
    assert_eq!(home["awaiting_payment"], json!([]), "{home}");
    assert_eq!(home["recent_orders"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_page_is_rendered_on_the_server_in_each_language() {
    let world = world().await;
    let page = |language: &'static str| {
        let url = format!("{}/account", world.app.address);
        let client = world.holder.clone();
        async move {
            let response = client
                .get(url)
                .header("Accept-Language", language)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.text().await.unwrap()
        }
    };
    let html = page("fr").await;
    for text in [
        "À faire",
        "Demandes d'achat à décider",
        "Commandes en attente de paiement",
        "Commandes récentes",
        "Projets récents",
        "Carte capteur",
        "Tous vos projets récents ont les fichiers nécessaires",
    ] {
        assert!(html.contains(text), "missing {text}: {html}");
    }
    assert!(!html.contains("bientôt disponible"));
    let html = page("en").await;
    for text in [
        "To do",
        "Purchase requests to decide",
        "Recent orders",
        "Recent projects",
    ] {
        assert!(html.contains(text), "missing {text}: {html}");
    }
}

#[tokio::test]
async fn someone_in_no_account_sees_their_invitations() {
    let world = world().await;
    // The deactivated member belongs to no active account.
    let home = home_of(&world, &world.deactivated).await;
    assert_eq!(home["account"], Value::Null);
    assert_eq!(home["recent_orders"], json!([]));
}
