//! The account's other lists over HTTP, read a page at a time like the orders (`lists.rs`): the
//! collaborators, the membership history, the purchase requests, and the back-office's customer
//! accounts; searched, filtered, and rendered from the address alone as a browser without the
//! WASM gets them.
use crate::lists::{call_list, page_html};
use crate::world::{ok, uuid, world, World};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

fn field_of(page: &Value, field: &str) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line[field].as_str().unwrap().to_owned())
        .collect()
}

/// The page in a list's answer: `purchase-requests/list` answers it beside the people to narrow
/// it to.
fn page_in(answer: &Value) -> &Value {
    answer.get("requests").unwrap_or(answer)
}

/// Every line of a list, read `size` lines at a time to its end, and the pages read.
async fn read_to_the_end(
    world: &World,
    client: &reqwest::Client,
    endpoint: &str,
    size: u16,
    field: &str,
) -> (Vec<String>, Vec<Value>) {
    let mut lines = Vec::new();
    let mut pages = Vec::new();
    let mut after = Value::Null;
    loop {
        let mut query = json!({ "size": size });
        if !after.is_null() {
            query["start"] = json!({ "after": after });
        }
        let answer = call_list(world, client, endpoint, query).await;
        let page = page_in(&answer).clone();
        lines.extend(field_of(&page, field));
        after = page["next"].clone();
        pages.push(answer);
        if after.is_null() {
            return (lines, pages);
        }
    }
}

#[tokio::test]
async fn collaborators_are_paged_searched_and_filtered_by_state() {
    let world = world().await;
    // The holder sees the six collaborators of the world, the deactivated one too, newest first.
    let (emails, pages) =
        read_to_the_end(&world, &world.holder, "collaborators/list", 2, "email").await;
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert_eq!(emails.len(), 6);
    assert_eq!(
        emails.iter().collect::<BTreeSet<_>>().len(),
        6,
        "no line twice"
    );
    assert_eq!(
        emails.last().unwrap(),
        "buyer@acme.fr",
        "the first to join comes last"
    );
    // Back from the last page is the page before it.
    let back = call_list(
        &world,
        &world.holder,
        "collaborators/list",
        json!({ "size": 2, "start": { "before": pages[2]["previous"] } }),
    )
    .await;
    assert_eq!(field_of(&back, "email"), field_of(&pages[1], "email"));
    // Oldest first is the same list the other way round.
    let oldest = call_list(
        &world,
        &world.holder,
        "collaborators/list",
        json!({ "sort": "oldest" }),
    )
    .await;
    let mut reversed = emails.clone();
    reversed.reverse();
    assert_eq!(field_of(&oldest, "email"), reversed);

    // By e-mail, by name (any case), and by state.
    let found = call_list(
        &world,
        &world.holder,
        "collaborators/list",
        json!({ "search": "SEESALL@" }),
    )
    .await;
    assert_eq!(field_of(&found, "email"), ["seesall@acme.fr"]);
    let found = call_list(
        &world,
        &world.holder,
        "collaborators/list",
        json!({ "search": "membre non" }),
    )
    .await;
    assert_eq!(field_of(&found, "email"), ["nonbuyer@acme.fr"]);
    let deactivated = json!({ "filter": { "status": "deactivated" } });
    let found = call_list(
        &world,
        &world.holder,
        "collaborators/list",
        deactivated.clone(),
    )
    .await;
    assert_eq!(field_of(&found, "email"), ["gone@acme.fr"]);
    // A collaborator sees the active ones only, whatever they ask.
    let (seen, _) = read_to_the_end(&world, &world.buyer, "collaborators/list", 25, "email").await;
    assert_eq!(seen.len(), 5);
    assert!(!seen.contains(&"gone@acme.fr".to_owned()));
    let found = call_list(&world, &world.buyer, "collaborators/list", deactivated).await;
    assert_eq!(found["items"], json!([]));
}

#[tokio::test]
async fn the_history_is_paged_and_searched_by_its_holder_only() {
    let world = world().await;
    let (actions, pages) =
        read_to_the_end(&world, &world.holder, "collaborators/history", 3, "action").await;
    let (all_at_once, _) = read_to_the_end(
        &world,
        &world.holder,
        "collaborators/history",
        100,
        "action",
    )
    .await;
    assert!(all_at_once.len() > 3, "{all_at_once:?}");
    assert_eq!(pages.len(), all_at_once.len().div_ceil(3));
    assert_eq!(
        actions, all_at_once,
        "the pages follow each other without a gap"
    );
    // The deactivation of gone@acme.fr was the last change the world made to the members.
    let found = call_list(
        &world,
        &world.holder,
        "collaborators/history",
        json!({ "search": "Membre gone" }),
    )
    .await;
    assert_eq!(field_of(&found, "action").first().unwrap(), "deactivated");
    assert!(field_of(&found, "subject")
        .iter()
        .all(|name| name == "Membre gone"));
    // A cursor is a time and a sequence number.
    let next = pages[0]["next"].as_object().unwrap();
    assert!(next["id"].is_i64(), "{next:?}");

    let refused = world
        .app
        .call_as(&world.sees_all, "collaborators/history", json!({}))
        .await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn purchase_requests_are_paged_searched_and_filtered() {
    let world = world().await;
    // The world's three requests by the non-buyer, then one by the member who sees all.
    let mut requested = world.requests.to_vec();
    requested.push(uuid(&ok(world.request(&world.sees_all).await).await));
    // The non-buyer withdraws the first of theirs.
    ok(world
        .app
        .call_as(
            &world.non_buyer,
            "purchase-requests/cancel",
            json!({ "request_id": requested[0] }),
        )
        .await)
    .await;

    let (ids, pages) =
        read_to_the_end(&world, &world.holder, "purchase-requests/list", 2, "id").await;
    assert_eq!(pages.len(), 2);
    let newest_first: Vec<String> = requested.iter().rev().map(Uuid::to_string).collect();
    assert_eq!(ids, newest_first);
    assert!(pages.iter().all(|page| page["can_decide"] == json!(true)));
    let people = ok(world
        .app
        .call_as(&world.holder, "purchase-requests/people", json!({}))
        .await)
    .await;
    let people = people.as_array().unwrap();
    assert!(people.iter().any(|p| p["name"] == json!("Membre nonbuyer")));

    let pending = call_list(
        &world,
        &world.holder,
        "purchase-requests/list",
        json!({ "filter": { "status": "pending" } }),
    )
    .await;
    assert_eq!(field_of(&pending["requests"], "id"), newest_first[0..3]);
    let non_buyer: Uuid =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'nonbuyer@acme.fr'")
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
    let theirs = call_list(
        &world,
        &world.holder,
        "purchase-requests/list",
        json!({ "filter": { "requested_by": non_buyer } }),
    )
    .await;
    assert_eq!(field_of(&theirs["requests"], "id"), newest_first[1..4]);
    let by_name = call_list(
        &world,
        &world.holder,
        "purchase-requests/list",
        json!({ "search": "seesall" }),
    )
    .await;
    assert_eq!(field_of(&by_name["requests"], "id"), newest_first[0..1]);

    // The non-buyer sees their own requests only, and nobody to narrow them to.
    let own = call_list(
        &world,
        &world.non_buyer,
        "purchase-requests/list",
        json!({}),
    )
    .await;
    assert_eq!(field_of(&own["requests"], "id"), newest_first[1..4]);
    let nobody = ok(world
        .app
        .call_as(&world.non_buyer, "purchase-requests/people", json!({}))
        .await)
    .await;
    assert_eq!(nobody, json!([]));
}

#[tokio::test]
async fn staff_page_and_search_the_customer_accounts() {
    let world = world().await;
    let staff = &world.staff;
    let (names, _) = read_to_the_end(&world, staff, "backoffice/accounts", 1, "company_name").await;
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.contains(&"Acme Électronique".to_owned()) && names.contains(&"Autre SA".to_owned())
    );

    let found = call_list(
        &world,
        staff,
        "backoffice/accounts",
        json!({ "search": "jean@autre" }),
    )
    .await;
    assert_eq!(field_of(&found, "company_name"), ["Autre SA"]);
    let unverified = json!({ "filter": { "siret": "unverified" } });
    let found = call_list(&world, staff, "backoffice/accounts", unverified.clone()).await;
    assert_eq!(found["items"].as_array().unwrap().len(), 2);
    ok(world
        .app
        .call_as(
            staff,
            "backoffice/verify-siret",
            json!({ "account_id": world.account_id, "verified": true }),
        )
        .await)
    .await;
    let found = call_list(&world, staff, "backoffice/accounts", unverified).await;
    assert_eq!(field_of(&found, "company_name"), ["Autre SA"]);
    let found = call_list(
        &world,
        staff,
        "backoffice/accounts",
        json!({ "filter": { "siret": "verified" } }),
    )
    .await;
    assert_eq!(field_of(&found, "company_name"), ["Acme Électronique"]);
}

#[tokio::test]
async fn these_lists_are_rendered_from_their_address_without_the_wasm() {
    let world = world().await;
    ok(world.request(&world.non_buyer).await).await;
    let holder = |path: &'static str| page_html(&world, &world.holder, path);

    let (status, html) = holder("/account/collaborators?q=seesall").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("seesall@acme.fr") && !html.contains("gone@acme.fr"),
        "{html}"
    );
    let (_, html) = holder("/account/collaborators?size=2").await;
    assert!(
        html.contains("Page suivante") && html.contains("size=2&amp;after="),
        "{html}"
    );
    let (_, html) = holder("/account/collaborators?status=deactivated").await;
    assert!(html.contains("gone@acme.fr") && !html.contains("seesall@acme.fr"));

    let (status, html) = holder("/account/collaborators/history?q=gone").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Membre gone") && !html.contains("Membre seesall"),
        "{html}"
    );

    let (status, html) = holder("/account/purchase-requests?status=pending").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Membre nonbuyer") && html.contains("Approuver"),
        "{html}"
    );
    let (_, html) = holder("/account/purchase-requests?q=introuvable").await;
    assert!(html.contains("Rien ne correspond à cette recherche ou à ces filtres."));

    let (status, html) = page_html(&world, &world.staff, "/backoffice/accounts?q=Autre").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Autre SA") && !html.contains("Acme Électronique"),
        "{html}"
    );
}

/// The orders and documents lists write out the rule of the view `order_readers` (for their
/// plans: `plans.rs`): every member reads in them exactly the orders the view gives them.
#[tokio::test]
async fn the_lists_give_each_member_the_orders_order_readers_gives() {
    let world = world().await;
    // An order the non-buyer asked for, approved by the holder: theirs by `requested_by`.
    ok(world
        .app
        .call_as(
            &world.holder,
            "purchase-requests/approve",
            json!({ "request_id": world.requests[0] }),
        )
        .await)
    .await;
    let members = [
        ("marie@acme.fr", &world.holder),
        ("buyer@acme.fr", &world.buyer),
        ("nonbuyer@acme.fr", &world.non_buyer),
        ("seesall@acme.fr", &world.sees_all),
    ];
    for (email, client) in members {
        let readable: BTreeSet<Uuid> = sqlx::query_scalar(
            "SELECT r.order_id FROM order_readers r JOIN users u ON u.id = r.user_id
             WHERE u.email = $1 AND r.account_id = $2",
        )
        .bind(email)
        .bind(world.account_id)
        .fetch_all(&world.app.pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
        assert!(!readable.is_empty(), "{email} reads no order");
        let answer = call_list(&world, client, "orders/list", json!({ "size": 100 })).await;
        let listed: BTreeSet<Uuid> = answer["orders"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|line| uuid(&line["id"]))
            .collect();
        assert_eq!(listed, readable, "orders/list of {email}");
        let documents = call_list(&world, client, "documents/list", json!({ "size": 100 })).await;
        let of_orders: BTreeSet<Uuid> = documents["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|line| line["order_id"].as_str())
            .map(|id| id.parse().unwrap())
            .collect();
        assert_eq!(of_orders, readable, "documents/list of {email}");
    }
}
