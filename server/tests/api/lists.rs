//! Lists over HTTP: pages read by keyset forward and back, search, filters and sorting, for the
//! orders, the projects and the back-office; and the same lists rendered from the address
//! alone, as a browser without the WASM gets them.
use crate::world::{ok, order_form, project_form, uuid, world, World};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

/// A new order of the world's project by `client`, with its purchase-order reference.
async fn place_order(world: &World, client: &reqwest::Client, po_reference: &str) -> Uuid {
    let version = world.project_version().await;
    let mut form = order_form();
    form["po_reference"] = json!(po_reference);
    uuid(
        &ok(world
            .app
            .call_as(
                client,
                "orders/place",
                json!({ "project_id": world.project, "project_version": version,
                    "form": form, "idempotency_key": Uuid::new_v4() }),
            )
            .await)
        .await,
    )
}

pub async fn call_list(
    world: &World,
    client: &reqwest::Client,
    endpoint: &str,
    query: Value,
) -> Value {
    ok(world
        .app
        .call_as(client, endpoint, json!({ "query": query }))
        .await)
    .await
}

/// A page of the orders `client` sees.
async fn orders(world: &World, client: &reqwest::Client, query: Value) -> Value {
    call_list(world, client, "orders/list", query).await["orders"].clone()
}

/// A page as a browser without the WASM gets it: its status and HTML.
pub async fn page_html(world: &World, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client
        .get(format!("{}{path}", world.app.address))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn ids(page: &Value) -> Vec<Uuid> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| uuid(&line["id"]))
        .collect()
}

/// The world's two orders and five more by the holder, oldest first.
async fn seven_orders(world: &World) -> Vec<Uuid> {
    let mut placed = vec![world.buyer_order, world.holder_order];
    for n in 1..=5 {
        placed.push(place_order(world, &world.holder, &format!("PO-A{n}")).await);
    }
    placed
}

#[tokio::test]
async fn orders_are_read_a_page_at_a_time_forward_and_back() {
    let world = world().await;
    let mut newest_first = seven_orders(&world).await;
    newest_first.reverse();
    let holder = &world.holder;
    assert_eq!(ids(&orders(&world, holder, json!({})).await), newest_first);

    let first = orders(&world, holder, json!({ "size": 3 })).await;
    assert_eq!(ids(&first), newest_first[0..3]);
    assert_eq!(first["previous"], Value::Null);
    let second = orders(
        &world,
        holder,
        json!({ "size": 3, "start": { "after": first["next"] } }),
    )
    .await;
    assert_eq!(ids(&second), newest_first[3..6]);
    let third = orders(
        &world,
        holder,
        json!({ "size": 3, "start": { "after": second["next"] } }),
    )
    .await;
    assert_eq!(ids(&third), newest_first[6..]);
    assert_eq!(third["next"], Value::Null);

    // Back from the last page, then to the first, which has nothing before it.
    let back = orders(
        &world,
        holder,
        json!({ "size": 3, "start": { "before": third["previous"] } }),
    )
    .await;
    assert_eq!(ids(&back), newest_first[3..6]);
    let top = orders(
        &world,
        holder,
        json!({ "size": 3, "start": { "before": back["previous"] } }),
    )
    .await;
    assert_eq!(ids(&top), newest_first[0..3]);
    assert_eq!(top["previous"], Value::Null);

    // An order placed meanwhile goes to the top: the next page neither repeats nor skips a line.
    let newer = place_order(&world, holder, "PO-NEW").await;
    let again = orders(
        &world,
        holder,
        json!({ "size": 3, "start": { "after": first["next"] } }),
    )
    .await;
    assert_eq!(ids(&again), newest_first[3..6]);
    assert_eq!(
        ids(&orders(&world, holder, json!({ "size": 1 })).await),
        vec![newer]
    );

    // Oldest first, a page at a time.
    let mut oldest_first = newest_first.clone();
    oldest_first.reverse();
    oldest_first.push(newer);
    let mut read = Vec::new();
    let mut start = json!("first");
    loop {
        let page = orders(
            &world,
            holder,
            json!({ "size": 2, "sort": "oldest", "start": start }),
        )
        .await;
        read.extend(ids(&page));
        if page["next"].is_null() {
            break;
        }
        start = json!({ "after": page["next"] });
    }
    assert_eq!(read, oldest_first);
}

#[tokio::test]
async fn orders_are_found_by_number_project_or_reference_and_filtered() {
    let world = world().await;
    let placed = seven_orders(&world).await;
    let holder = &world.holder;
    let all = orders(&world, holder, json!({})).await;
    let line = |id: Uuid| {
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|line| uuid(&line["id"]) == id)
            .unwrap()
            .clone()
    };

    // By number, as people write it.
    let number = line(placed[4])["number"].as_i64().unwrap();
    for written in [
        format!("{number}"),
        format!("#{number}"),
        format!("n° {number}"),
    ] {
        let found = orders(&world, holder, json!({ "search": written })).await;
        assert!(ids(&found).contains(&placed[4]), "{written}");
        assert!(found["items"].as_array().unwrap().iter().all(|line| {
            line["number"] == json!(number)
                || line["po_reference"]
                    .as_str()
                    .unwrap()
                    .contains(&number.to_string())
        }));
    }
    // By purchase-order reference, whatever the case; by project name.
    let found = orders(&world, holder, json!({ "search": "po-a2" })).await;
    assert_eq!(ids(&found), vec![placed[3]]);
    let by_project = orders(&world, holder, json!({ "search": "CARTE" })).await;
    assert_eq!(ids(&by_project).len(), placed.len());
    // A search's own % and _ are literal.
    assert!(ids(&orders(&world, holder, json!({ "search": "PO-%" })).await).is_empty());
    assert!(ids(&orders(&world, holder, json!({ "search": "PO_A" })).await).is_empty());

    // One cancelled: the step filter finds it, and its payment is not due.
    ok(world
        .app
        .call_as(
            holder,
            "orders/cancel",
            json!({ "order_id": placed[6], "reason": "" }),
        )
        .await)
    .await;
    let cancelled = orders(
        &world,
        holder,
        json!({ "filter": { "status": "cancelled" } }),
    )
    .await;
    assert_eq!(ids(&cancelled), vec![placed[6]]);
    // The payment filter agrees with the state each line shows, and every order has one.
    let mut seen = BTreeSet::new();
    for state in ["paid", "awaiting", "on_account", "not_due"] {
        let page = orders(&world, holder, json!({ "filter": { "payment": state } })).await;
        for item in page["items"].as_array().unwrap() {
            assert_eq!(item["payment"], json!(state), "{item}");
            assert!(seen.insert(uuid(&item["id"])));
        }
    }
    assert_eq!(seen, placed.iter().copied().collect());

    // Placed by: the holder picks the buyer among the account's people.
    let overview = ok(world
        .app
        .call_as(holder, "orders/overview", json!({}))
        .await)
    .await;
    let buyer = overview["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|person| person["name"] == json!("Membre buyer"))
        .map(|person| uuid(&person["id"]))
        .unwrap();
    let by_buyer = orders(&world, holder, json!({ "filter": { "placed_by": buyer } })).await;
    assert_eq!(ids(&by_buyer), vec![world.buyer_order]);

    // A member who sees only their own orders gets no people to pick, and a search never shows
    // them others' orders.
    let own = call_list(
        &world,
        &world.non_buyer,
        "orders/list",
        json!({ "search": "PO" }),
    )
    .await;
    assert!(ids(&own["orders"]).is_empty());
    let nobody = ok(world
        .app
        .call_as(&world.non_buyer, "orders/overview", json!({}))
        .await)
    .await;
    assert_eq!(nobody["people"], json!([]));
}

#[tokio::test]
async fn projects_are_paged_searched_and_filtered_by_service() {
    let world = world().await;
    let holder = &world.holder;
    let mut assembly = project_form("Module gamma");
    assembly["service"] = json!("assembly");
    let gamma = uuid(
        &ok(world
            .app
            .call_as(holder, "projects/create", json!({ "form": assembly }))
            .await)
        .await,
    );
    let alpha = world.create_project(holder, "Carte alpha").await;
    let beta = world.create_project(holder, "Carte beta").await;

    let projects = |query: Value| call_list(&world, holder, "projects/list", query);
    let found = projects(json!({ "search": "carte" })).await;
    assert_eq!(ids(&found)[..2], [beta, alpha]);
    assert!(!ids(&found).contains(&gamma));
    let assembled = projects(json!({ "filter": { "service": "assembly" } })).await;
    assert_eq!(ids(&assembled), vec![gamma]);

    // One per page, oldest change first: the world's project, then the three in order.
    let mut read = Vec::new();
    let mut start = json!("first");
    loop {
        let page = projects(json!({ "size": 1, "sort": "oldest", "start": start })).await;
        read.extend(ids(&page));
        if page["next"].is_null() {
            break;
        }
        start = json!({ "after": page["next"] });
    }
    assert_eq!(read, vec![world.project, gamma, alpha, beta]);
    // Another account's projects are never found.
    let other = call_list(
        &world,
        &world.other,
        "projects/list",
        json!({ "search": "carte" }),
    )
    .await;
    assert!(ids(&other).is_empty());
}

#[tokio::test]
async fn staff_search_every_customer_and_see_the_refunds_due() {
    let world = world().await;
    let staff = &world.staff;
    // The holder's order was paid, then cancelled: a refund is due.
    sqlx::query(
        "UPDATE orders SET paid_at = now(), payment_method = 'bank_transfer' WHERE id = $1",
    )
    .bind(world.holder_order)
    .execute(&world.app.pool)
    .await
    .unwrap();
    ok(world
        .app
        .call_as(
            &world.holder,
            "orders/cancel",
            json!({ "order_id": world.holder_order, "reason": "" }),
        )
        .await)
    .await;

    // More of the customer's lines, one also found by its own reference (found twice, listed
    // once).
    for reference in ["PO-S1", "PO-ACME-2", "PO-S3"] {
        place_order(&world, &world.holder, reference).await;
    }
    let by_customer = call_list(
        &world,
        staff,
        "backoffice/orders",
        json!({ "search": "acme" }),
    )
    .await;
    let found = ids(&by_customer);
    assert!(found.contains(&world.buyer_order) && found.contains(&world.holder_order));
    // Two lines a page, forward then back: the same lines as the whole search, in its order
    // (the customer's lines and those found in their own columns, merged for each page).
    let mut forward = Vec::new();
    let mut pages = Vec::new();
    let mut start = Value::Null;
    loop {
        let mut query = json!({ "search": "acme", "size": 2 });
        if !start.is_null() {
            query["start"] = json!({ "after": start });
        }
        let page = call_list(&world, staff, "backoffice/orders", query).await;
        forward.extend(ids(&page));
        start = page["next"].clone();
        pages.push(page);
        if start.is_null() {
            break;
        }
    }
    assert_eq!(forward, found);
    assert_eq!(found.len(), 5, "{found:?}");
    let last = pages.last().unwrap();
    let back = call_list(
        &world,
        staff,
        "backoffice/orders",
        json!({ "search": "acme", "size": 2, "start": { "before": last["previous"] } }),
    )
    .await;
    assert_eq!(back, pages[pages.len() - 2]);
    let nobody = call_list(
        &world,
        staff,
        "backoffice/orders",
        json!({ "search": "Nulle Part SARL" }),
    )
    .await;
    assert!(ids(&nobody).is_empty());
    let refunds = call_list(
        &world,
        staff,
        "backoffice/orders",
        json!({ "filter": { "status": "cancelled", "payment": "paid" } }),
    )
    .await;
    assert_eq!(ids(&refunds), vec![world.holder_order]);
    assert_eq!(refunds["items"][0]["refund_due"], json!(true));
    let awaiting = call_list(
        &world,
        staff,
        "backoffice/orders",
        json!({ "filter": { "payment": "awaiting" } }),
    )
    .await;
    assert!(awaiting["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|line| line["refund_due"] == json!(false)));
    // Customers cannot read it.
    assert_eq!(
        world
            .app
            .call_as(&world.holder, "backoffice/orders", json!({}))
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn a_list_page_is_rendered_from_its_address_without_the_wasm() {
    let world = world().await;
    seven_orders(&world).await;
    let page = |path: &'static str| page_html(&world, &world.holder, path);

    let (status, html) = page("/account/orders?q=PO-A2").await;
    assert_eq!(status, 200);
    assert!(html.contains("PO-A2") && !html.contains("PO-A3"), "{html}");
    // The search box keeps what was typed; the link to the whole list is there.
    assert!(html.contains(r#"value="PO-A2""#));
    assert!(html.contains("Tout afficher"));

    // A page of three links to the next one, by its cursor.
    let (_, html) = page("/account/orders?size=3").await;
    assert!(html.contains("Page suivante"));
    assert!(html.contains("size=3&amp;after="), "{html}");
    // What an address gets wrong is left at its default: the first page of everything.
    let (status, html) = page("/account/orders?after=hier&size=x&status=perdue&payment=%25").await;
    assert_eq!(status, 200);
    assert!(html.contains("PO-A5") && html.contains("PO-A1"));

    let (_, html) = page("/account/orders?q=introuvable").await;
    assert!(html.contains("Rien ne correspond à cette recherche ou à ces filtres."));
    let (_, html) = page("/account/projects?q=introuvable").await;
    assert!(html.contains("Rien ne correspond à cette recherche ou à ces filtres."));

    let (status, html) = page_html(&world, &world.staff, "/backoffice?q=PO-A4").await;
    assert_eq!(status, 200);
    assert!(html.contains("PO-A4") && !html.contains("PO-A5"));
}
