//! The address book over HTTP: the holder and the buyers add delivery addresses, change them,
//! choose the default and delete them; every member reads them, and the order form opens with
//! the default.
use crate::world::{ok, status_and_body, uuid, world, World};
use serde_json::{json, Value};
use uuid::Uuid;

fn address(label: &str, city: &str, is_default: bool) -> Value {
    json!({ "form": {
        "label": label, "recipient": "Acme Électronique", "line1": "3 quai de la Fosse",
        "line2": "", "postal_code": "44000", "city": city, "country": "FR", "is_default": is_default
    } })
}

async fn add(world: &World, client: &reqwest::Client, form: Value) -> Uuid {
    uuid(
        &ok(world
            .app
            .call_as(client, "account/addresses/add", form)
            .await)
        .await,
    )
}

/// The book as `client` reads it: (label, default) in its order.
async fn book(world: &World, client: &reqwest::Client) -> Vec<(String, bool)> {
    ok(world
        .app
        .call_as(client, "account/addresses", json!({}))
        .await)
    .await
    .as_array()
    .unwrap()
    .iter()
    .map(|line| {
        (
            line["label"].as_str().unwrap().to_owned(),
            line["is_default"].as_bool().unwrap(),
        )
    })
    .collect()
}

#[tokio::test]
async fn the_first_address_is_the_default_and_the_order_form_opens_with_it() {
    let world = world().await;
    let holder = &world.holder;
    assert!(book(&world, holder).await.is_empty());
    let nantes = add(
        &world,
        holder,
        address("Atelier de Nantes", "Nantes", false),
    )
    .await;
    assert_eq!(
        book(&world, holder).await,
        vec![("Atelier de Nantes".into(), true)]
    );
    let angers = add(&world, holder, address("Bureau d'Angers", "Angers", true)).await;
    assert_eq!(
        book(&world, holder).await,
        vec![
            ("Bureau d'Angers".into(), true),
            ("Atelier de Nantes".into(), false)
        ]
    );

    // The order form of a project opens with the default, and offers the whole book.
    let project = ok(world
        .app
        .call_as(
            holder,
            "projects/get",
            json!({ "project_id": world.project }),
        )
        .await)
    .await;
    assert_eq!(project["last_delivery"]["city"], json!("Angers"));
    assert_eq!(project["address_book"].as_array().unwrap().len(), 2);

    ok(world
        .app
        .call_as(
            holder,
            "account/addresses/default",
            json!({ "address_id": nantes }),
        )
        .await)
    .await;
    assert_eq!(
        book(&world, holder).await[0],
        ("Atelier de Nantes".into(), true)
    );
    // Deleting the default makes the latest added the default.
    ok(world
        .app
        .call_as(
            holder,
            "account/addresses/delete",
            json!({ "address_id": nantes }),
        )
        .await)
    .await;
    assert_eq!(
        book(&world, holder).await,
        vec![("Bureau d'Angers".into(), true)]
    );
    let (status, _) = status_and_body(
        world
            .app
            .call_as(
                holder,
                "account/addresses/delete",
                json!({ "address_id": nantes }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let _ = angers;
}

#[tokio::test]
async fn buyers_keep_the_book_with_the_holder_and_everyone_else_reads_it() {
    let world = world().await;
    let app = &world.app;
    let saved = add(&world, &world.buyer, address("Quai", "Nantes", false)).await;
    assert_eq!(
        book(&world, &world.non_buyer).await,
        vec![("Quai".into(), true)]
    );
    for (endpoint, arguments) in [
        ("account/addresses/add", address("Autre", "Rennes", false)),
        ("account/addresses/default", json!({ "address_id": saved })),
        ("account/addresses/delete", json!({ "address_id": saved })),
    ] {
        let (status, _) = status_and_body(
            app.call_as(&world.non_buyer, endpoint, arguments.clone())
                .await,
        )
        .await;
        assert_eq!(status, 403, "{endpoint}");
        // Another account's address is unknown there.
        if endpoint != "account/addresses/add" {
            let (status, _) =
                status_and_body(app.call_as(&world.other, endpoint, arguments).await).await;
            assert_eq!(status, 404, "{endpoint}");
        }
    }
    assert!(book(&world, &world.other).await.is_empty());
    let (status, _) = status_and_body(
        app.call_as(&world.anonymous, "account/addresses", json!({}))
            .await,
    )
    .await;
    assert_eq!(status, 401);

    // Every problem at once, on its field.
    let (status, body) = status_and_body(
        app.call_as(
            &world.buyer,
            "account/addresses/add",
            json!({ "form": { "label": " ", "recipient": "Acme", "line1": "1 rue", "line2": "",
                              "postal_code": "4400", "city": "Nantes", "country": "FR" } }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    let fields: Vec<&str> = body["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["label", "postal_code"]);
    assert_eq!(book(&world, &world.buyer).await.len(), 1);
}

#[tokio::test]
async fn an_address_is_changed_in_place_and_the_book_keeps_one_default() {
    let world = world().await;
    let holder = &world.holder;
    let nantes = add(
        &world,
        holder,
        address("Atelier de Nantes", "Nantes", false),
    )
    .await;
    let angers = add(&world, holder, address("Bureau d'Angers", "Angers", false)).await;
    let update = |id: Uuid, form: Value| {
        let mut arguments = form;
        arguments["address_id"] = json!(id);
        world
            .app
            .call_as(holder, "account/addresses/update", arguments)
    };

    // A new name and city; unticking "default" on the default leaves it the default.
    ok(update(nantes, address("Atelier Rezé", "Rezé", false)).await).await;
    let saved = ok(world
        .app
        .call_as(holder, "account/addresses", json!({}))
        .await)
    .await;
    assert_eq!(saved[0]["id"], json!(nantes));
    assert_eq!(saved[0]["label"], "Atelier Rezé");
    assert_eq!(saved[0]["address"]["city"], "Rezé");
    assert_eq!(saved[0]["is_default"], true);
    // Ticking it on another moves the default there.
    ok(update(angers, address("Bureau d'Angers", "Angers", true)).await).await;
    assert_eq!(
        book(&world, holder).await,
        vec![
            ("Bureau d'Angers".into(), true),
            ("Atelier Rezé".into(), false)
        ]
    );

    // A mistake is told field by field and changes nothing.
    let (status, body) = status_and_body(update(angers, address("", "", false)).await).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.to_string().contains("label") && body.to_string().contains("city"),
        "{body}"
    );
    assert_eq!(book(&world, holder).await[0].0, "Bureau d'Angers");
    // Another account's address is nobody's here; a collaborator who cannot buy may not.
    let theirs = add(&world, &world.other, address("Ailleurs", "Lyon", false)).await;
    let (status, _) = status_and_body(update(theirs, address("Pris", "Lyon", false)).await).await;
    assert_eq!(status, 404);
    let refused = world
        .app
        .call_as(
            &world.non_buyer,
            "account/addresses/update",
            json!({ "address_id": angers, "form": address("X", "Y", false)["form"] }),
        )
        .await;
    assert_eq!(refused.status(), 403);
}
