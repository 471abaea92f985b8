//! Projects, design files, orders, purchase requests, payment, progress and the back-office,
//! over HTTP against the real server and database.
use crate::world::{gerber_zip, ok, order_form, project_form, status_and_body, uuid, world, World};
use futures::future::join_all;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

async fn orders_of(world: &World, client: &reqwest::Client) -> BTreeSet<Uuid> {
    let overview = ok(world.app.call_as(client, "orders/list", json!({})).await).await;
    overview["orders"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|order| uuid(&order["id"]))
        .collect()
}

/// Who the e-mails of `kind` went to (the outbox, sent or not).
async fn recipients(world: &World, kind: &str) -> BTreeSet<String> {
    sqlx::query_scalar::<_, String>("SELECT recipient FROM outbox WHERE kind = $1")
        .bind(kind)
        .fetch_all(&world.app.pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|item| item.to_string()).collect()
}

#[tokio::test]
async fn twenty_identical_placements_make_one_order() {
    let world = world().await;
    let key = Uuid::new_v4();
    let answers = join_all((0..20).map(|_| world.place(&world.buyer, key))).await;
    let mut ids = BTreeSet::new();
    for answer in answers {
        ids.insert(uuid(&ok(answer).await));
    }
    assert_eq!(ids.len(), 1, "one order for one key: {ids:?}");
    let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM orders WHERE idempotency_key = $1")
        .bind(key)
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert_eq!(orders, 1);
    let id = ids.into_iter().next().unwrap();
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM order_events WHERE order_id = $1")
        .bind(id)
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert_eq!(events, 1, "one 'received' step");
}

#[tokio::test]
async fn of_two_saves_from_one_version_one_wins_and_the_other_learns_who() {
    let world = world().await;
    let version = world.project_version().await;
    let save = |client, name| {
        world.app.call_as(
            client,
            "projects/save",
            json!({ "project_id": world.project, "version": version, "form": project_form(name) }),
        )
    };
    let (first, second) = tokio::join!(
        save(&world.holder, "Version titulaire"),
        save(&world.buyer, "Version acheteur")
    );
    let mut answers = vec![status_and_body(first).await, status_and_body(second).await];
    answers.sort_by_key(|(status, _)| *status);
    assert_eq!(answers[0].0, 200, "{:?}", answers);
    assert_eq!(answers[0].1, json!(version + 1));
    assert_eq!(answers[1].0, 409, "{:?}", answers);
    let conflict = &answers[1].1["EditConflict"];
    let by = conflict["by"].as_str().unwrap();
    assert!(by == "Marie Curie" || by == "Membre buyer", "{conflict}");
    assert!(conflict["at"].as_i64().unwrap() > 0);
    let detail = ok(world
        .app
        .call_as(
            &world.non_buyer,
            "projects/get",
            json!({ "project_id": world.project }),
        )
        .await)
    .await;
    assert_eq!(detail["version"], json!(version + 1));
    assert_eq!(detail["updated_by"], json!(by));
}

#[tokio::test]
async fn an_order_from_a_stale_version_is_refused_with_who_changed_it() {
    let world = world().await;
    let version = world.project_version().await;
    ok(world
        .app
        .call_as(&world.non_buyer, "projects/save", json!({ "project_id": world.project, "version": version, "form": project_form("Changé") }))
        .await)
    .await;
    let (status, body) = status_and_body(
        world
            .app
            .call_as(
                &world.buyer,
                "orders/place",
                json!({ "project_id": world.project, "project_version": version,
                        "form": order_form(), "idempotency_key": Uuid::new_v4() }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["EditConflict"]["by"], json!("Membre nonbuyer"));
}

#[tokio::test]
async fn each_member_sees_the_orders_their_permissions_allow_in_lists_details_and_mail() {
    let world = world().await;
    let both = BTreeSet::from([world.buyer_order, world.holder_order]);
    assert_eq!(orders_of(&world, &world.holder).await, both);
    assert_eq!(orders_of(&world, &world.sees_all).await, both);
    assert_eq!(
        orders_of(&world, &world.buyer).await,
        BTreeSet::from([world.buyer_order])
    );
    assert!(orders_of(&world, &world.non_buyer).await.is_empty());
    assert!(orders_of(&world, &world.other).await.is_empty());
    let projects = ok(world
        .app
        .call_as(&world.other, "projects/list", json!({}))
        .await)
    .await;
    assert_eq!(projects["items"], json!([]));

    // The e-mails of both orders went to the people who may see them, and to them only.
    assert_eq!(
        recipients(&world, "order_received").await,
        set(&["marie@acme.fr", "buyer@acme.fr", "seesall@acme.fr"])
    );
    let per_order: Vec<(String, i64)> = sqlx::query_as(
        "SELECT recipient, count(*) FROM outbox WHERE kind = 'order_received' GROUP BY recipient ORDER BY recipient",
    )
    .fetch_all(&world.app.pool)
    .await
    .unwrap();
    assert_eq!(
        per_order,
        vec![
            ("buyer@acme.fr".to_string(), 1),
            ("marie@acme.fr".to_string(), 2),
            ("seesall@acme.fr".to_string(), 2)
        ]
    );

    // Granting "see all orders" shows them at the next request.
    let non_buyer: Uuid =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'nonbuyer@acme.fr'")
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
    ok(world
        .app
        .call_as(&world.holder, "collaborators/permissions", json!({ "user_id": non_buyer, "permissions": { "can_buy": false, "can_see_all_orders": true } }))
        .await)
    .await;
    assert_eq!(orders_of(&world, &world.non_buyer).await, both);
}

#[tokio::test]
async fn a_purchase_request_reaches_the_buyers_and_approval_places_the_order() {
    let world = world().await;
    // The world's three requests were announced to the holder and the buyer only.
    assert_eq!(
        recipients(&world, "purchase_request").await,
        set(&["marie@acme.fr", "buyer@acme.fr"])
    );
    let overview = ok(world
        .app
        .call_as(&world.buyer, "purchase-requests/list", json!({}))
        .await)
    .await;
    assert_eq!(overview["can_decide"], json!(true));
    assert_eq!(overview["requests"]["items"].as_array().unwrap().len(), 3);
    // The non-buyer sees their own requests, but cannot decide.
    let own = ok(world
        .app
        .call_as(&world.non_buyer, "purchase-requests/list", json!({}))
        .await)
    .await;
    assert_eq!(own["can_decide"], json!(false));
    assert!(own["requests"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["mine"] == json!(true)));

    // The board got bigger since the request: the approver is told, confirms, and orders the
    // board requested at the price the requester saw.
    let version = world.project_version().await;
    let bigger = json!({ "width_mm": "160" });
    let mut form = project_form("Carte capteur");
    form.as_object_mut()
        .unwrap()
        .extend(bigger.as_object().unwrap().clone());
    ok(world
        .app
        .call_as(
            &world.non_buyer,
            "projects/save",
            json!({ "project_id": world.project, "version": version, "form": form }),
        )
        .await)
    .await;
    let request = world.requests[0];
    let (status, body) = status_and_body(
        world
            .app
            .call_as(
                &world.holder,
                "purchase-requests/approve",
                json!({ "request_id": request, "confirmed_net_cents": null }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["ProjectChanged"]["changes"], json!(["board"]));
    let confirmed = body["ProjectChanged"]["current_version"].clone();
    assert_eq!(confirmed, json!(version + 1));
    let requested = overview["requests"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == json!(request))
        .unwrap()["net_cents"]
        .as_i64()
        .unwrap();
    let order = uuid(
        &ok(world
            .app
            .call_as(
                &world.holder,
                "purchase-requests/approve",
                json!({ "request_id": request, "confirmed_version": confirmed }),
            )
            .await)
        .await,
    );
    // Approving again changes nothing.
    let (again, _) = status_and_body(
        world
            .app
            .call_as(
                &world.buyer,
                "purchase-requests/approve",
                json!({ "request_id": request, "confirmed_version": confirmed }),
            )
            .await,
    )
    .await;
    assert_eq!(again, 409);
    // The requester now sees the order placed for them, and was told.
    assert!(orders_of(&world, &world.non_buyer).await.contains(&order));
    let detail = ok(world
        .app
        .call_as(&world.non_buyer, "orders/get", json!({ "order_id": order }))
        .await)
    .await;
    assert_eq!(detail["net_cents"], json!(requested));
    assert_eq!(detail["project"]["board"]["width"], json!(100));
    assert_eq!(detail["requested_by"], json!("Membre nonbuyer"));
    assert_eq!(detail["placed_by"], json!("Marie Curie"));
    assert_eq!(
        detail["files"].as_array().unwrap().len(),
        1,
        "the Gerber file goes with the order"
    );
    assert_eq!(
        recipients(&world, "purchase_approved").await,
        set(&["nonbuyer@acme.fr"])
    );

    // Declining tells the requester, with the message.
    ok(world
        .app
        .call_as(
            &world.buyer,
            "purchase-requests/decline",
            json!({ "request_id": world.requests[1], "message": "Budget épuisé ce mois-ci." }),
        )
        .await)
    .await;
    let body: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE kind = 'purchase_declined'")
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
    assert!(body.contains("Budget épuisé ce mois-ci."), "{body}");
}

async fn advance(world: &World, order: Uuid, tracking: &str) -> (u16, Value) {
    status_and_body(
        world
            .app
            .call_as(
                &world.staff,
                "backoffice/advance",
                json!({ "order_id": order, "tracking_number": tracking }),
            )
            .await,
    )
    .await
}

#[tokio::test]
async fn staff_record_the_payment_and_move_the_order_to_delivery() {
    let world = world().await;
    let order = world.buyer_order;
    // Bank transfer: the buyer chooses it once; production waits for the payment.
    ok(world
        .app
        .call_as(
            &world.buyer,
            "orders/payment",
            json!({ "order_id": order, "method": "bank_transfer" }),
        )
        .await)
    .await;
    let (status, body) = status_and_body(
        world
            .app
            .call_as(
                &world.buyer,
                "orders/payment",
                json!({ "order_id": order, "method": "bank_transfer" }),
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, body["Conflict"]["code"].clone()),
        (409, json!("payment_chosen"))
    );
    let (status, body) = advance(&world, order, "").await;
    assert_eq!(
        (status, body["Conflict"]["code"].clone()),
        (409, json!("not_paid"))
    );
    let detail = ok(world
        .app
        .call_as(&world.buyer, "orders/get", json!({ "order_id": order }))
        .await)
    .await;
    assert!(detail["payment_reference"]
        .as_str()
        .unwrap()
        .starts_with("EMS-"));
    assert_eq!(
        detail["bank"]["iban"],
        json!("FR76 3000 6000 0112 3456 7890 189")
    );

    ok(world
        .app
        .call_as(
            &world.staff,
            "backoffice/record-payment",
            json!({ "order_id": order }),
        )
        .await)
    .await;
    assert_eq!(advance(&world, order, "").await, (200, json!("file_check")));
    assert_eq!(
        advance(&world, order, "").await,
        (200, json!("in_production"))
    );
    // Shipping needs the tracking number.
    let (status, body) = advance(&world, order, "").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Validation"][0]["field"], json!("tracking_number"));
    assert_eq!(
        advance(&world, order, "6A12345678901").await,
        (200, json!("shipped"))
    );
    assert_eq!(advance(&world, order, "").await, (200, json!("delivered")));
    assert_eq!(
        advance(&world, order, "").await.0,
        409,
        "nothing after delivery"
    );

    let detail = ok(world
        .app
        .call_as(&world.buyer, "orders/get", json!({ "order_id": order }))
        .await)
    .await;
    let steps: Vec<&str> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "received",
            "payment_method",
            "paid",
            "file_check",
            "in_production",
            "shipped",
            "delivered"
        ]
    );
    assert_eq!(detail["tracking_number"], json!("6A12345678901"));
    // One e-mail per step to each person who sees the order (holder, buyer, sees-all).
    for step in [
        "paid",
        "file_check",
        "in_production",
        "shipped",
        "delivered",
    ] {
        assert_eq!(
            recipients(&world, &format!("order_{step}")).await,
            set(&["marie@acme.fr", "buyer@acme.fr", "seesall@acme.fr"]),
            "{step}"
        );
    }
    let shipped: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE kind = 'order_shipped' LIMIT 1")
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
    assert!(shipped.contains("6A12345678901"), "{shipped}");
}

#[tokio::test]
async fn payment_on_account_starts_production_at_once_once_staff_allow_it() {
    let world = world().await;
    let order = world.holder_order;
    let (status, body) = status_and_body(
        world
            .app
            .call_as(
                &world.holder,
                "orders/payment",
                json!({ "order_id": order, "method": "on_account" }),
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, body["Conflict"]["code"].clone()),
        (409, json!("on_account_not_allowed"))
    );
    ok(world
        .app
        .call_as(
            &world.staff,
            "backoffice/payment-on-account",
            json!({ "account_id": world.account_id, "enabled": true }),
        )
        .await)
    .await;
    let accounts = ok(world
        .app
        .call_as(&world.staff, "backoffice/accounts", json!({}))
        .await)
    .await;
    let acme = accounts["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["company_name"] == json!("Acme Électronique"))
        .unwrap();
    assert_eq!(acme["payment_on_account"], json!(true));
    ok(world
        .app
        .call_as(
            &world.holder,
            "orders/payment",
            json!({ "order_id": order, "method": "on_account" }),
        )
        .await)
    .await;
    assert_eq!(advance(&world, order, "").await, (200, json!("file_check")));
    // Cancelling needs a reason, which the customer reads.
    let (status, _) = status_and_body(
        world
            .app
            .call_as(
                &world.staff,
                "backoffice/cancel",
                json!({ "order_id": order, "reason": " " }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 400);
    ok(world
        .app
        .call_as(
            &world.staff,
            "backoffice/cancel",
            json!({ "order_id": order, "reason": "Fichiers Gerber incomplets." }),
        )
        .await)
    .await;
    let detail = ok(world
        .app
        .call_as(&world.holder, "orders/get", json!({ "order_id": order }))
        .await)
    .await;
    assert_eq!(detail["status"], json!("cancelled"));
    assert_eq!(
        detail["cancel_reason"],
        json!("Fichiers Gerber incomplets.")
    );
    let filtered = ok(world
        .app
        .call_as(
            &world.staff,
            "backoffice/orders",
            json!({ "query": { "filter": { "status": "cancelled" } } }),
        )
        .await)
    .await;
    let ids: Vec<Uuid> = filtered["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| uuid(&o["id"]))
        .collect();
    assert_eq!(ids, vec![order]);
}

#[tokio::test]
async fn design_files_are_checked_replaced_and_downloaded_by_those_who_may() {
    let world = world().await;
    let upload = |name: &'static str, bytes: Vec<u8>| {
        world.upload(&world.buyer, world.project, "gerber", name, bytes)
    };
    let (status, body) = status_and_body(upload("carte.exe", gerber_zip()).await).await;
    assert_eq!(
        (status, body["Validation"][0]["code"].clone()),
        (400, json!("file_type_not_allowed"))
    );
    let (status, body) =
        status_and_body(upload("carte.zip", b"not a zip at all".to_vec()).await).await;
    assert_eq!(
        (status, body["Validation"][0]["code"].clone()),
        (400, json!("file_type_not_allowed"))
    );
    let (status, body) = status_and_body(upload("carte.zip", Vec::new()).await).await;
    assert_eq!(
        (status, body["Validation"][0]["code"].clone()),
        (400, json!("file_empty"))
    );
    let mut too_big = gerber_zip();
    too_big.resize(20 * 1024 * 1024 + 1, 0);
    let (status, body) = status_and_body(upload("carte.zip", too_big).await).await;
    assert!(status == 413 || status == 400, "{status}");
    assert_eq!(body["Validation"][0]["code"], json!("file_too_large"));
    // A body that is not multipart is refused, not a crash.
    let response = world
        .buyer
        .post(format!("{}/api/projects/upload", world.app.address))
        .header("Origin", &world.app.address)
        .header("content-type", "multipart/form-data")
        .body("garbage")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);

    // A new Gerber replaces the current one; the old one stays for the orders placed with it.
    let mut v2 = gerber_zip();
    v2.extend_from_slice(b"version 2");
    let uploaded = ok(upload("carte v2 é.zip", v2.clone()).await).await;
    let new_file = uuid(&uploaded["id"]);
    let detail = ok(world
        .app
        .call_as(
            &world.non_buyer,
            "projects/get",
            json!({ "project_id": world.project }),
        )
        .await)
    .await;
    let files: Vec<Uuid> = detail["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| uuid(&f["id"]))
        .collect();
    assert_eq!(files, vec![new_file]);
    let response = world
        .non_buyer
        .get(format!("{}/api/files/{new_file}", world.app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("filename*=UTF-8''carte%20v2%20%C3%A9.zip"));
    assert_eq!(response.bytes().await.unwrap().to_vec(), v2);
    // The first file now belongs to the orders only: the non-buyer, who sees none, gets 404;
    // the buyer, whose order has it, gets it.
    let old = world
        .non_buyer
        .get(format!("{}/api/files/{}", world.app.address, world.file))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 404);
    let old = world
        .buyer
        .get(format!("{}/api/files/{}", world.app.address, world.file))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 200);
    assert_eq!(old.bytes().await.unwrap().to_vec(), gerber_zip());
}

#[tokio::test]
async fn an_unordered_file_that_is_replaced_is_deleted() {
    let world = world().await;
    let project = world.create_project(&world.buyer, "Autre carte").await;
    let bom = |csv| world.upload_bom(&world.buyer, project, csv);
    let first = uuid(&ok(bom("ref;qty\nR1;2\n").await).await["id"]);
    ok(bom("ref;qty\nR1;4\n").await).await;
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM project_files WHERE id = $1")
        .bind(first)
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let stored = walk(&world.app.files_dir);
    assert_eq!(stored, 2, "the world's Gerber file and the new BOM");
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| {
                    let path = entry.path();
                    if path.is_dir() {
                        walk(&path)
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn staff_have_no_place_in_a_customer_account() {
    let world = world().await;
    for (endpoint, arguments) in [
        ("collaborators/space", json!({})),
        (
            "collaborators/request",
            json!({ "reference": "marie@acme.fr", "confirmed": true }),
        ),
    ] {
        let (status, _) =
            status_and_body(world.app.call_as(&world.staff, endpoint, arguments).await).await;
        assert_eq!(status, 403, "{endpoint}");
    }
    // Nor can a holder invite them.
    let (status, body) = status_and_body(
        world.app.call_as(&world.holder, "collaborators/invite", json!({ "email": crate::world::STAFF_EMAIL, "permissions": { "can_buy": false, "can_see_all_orders": false } })).await,
    )
    .await;
    assert_eq!(
        (status, body["Conflict"]["code"].clone()),
        (409, json!("no_account"))
    );
    let me = world.app.me(&world.staff).await;
    assert_eq!(me["staff"], json!(true));
    assert_eq!(me["active"], Value::Null);
}

#[tokio::test]
async fn bad_order_forms_are_refused_field_by_field() {
    let world = world().await;
    let version = world.project_version().await;
    let mut form = order_form();
    form["postal_code"] = json!("4400");
    form["quantity"] = json!("0");
    form["country"] = json!("ZZ");
    let (status, body) = status_and_body(
        world.app.call_as(&world.buyer, "orders/place", json!({ "project_id": world.project, "project_version": version, "form": form, "idempotency_key": Uuid::new_v4() })).await,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let fields: BTreeSet<&str> = body["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, BTreeSet::from(["quantity", "country"]));
    let mut form = order_form();
    form["postal_code"] = json!("4400");
    let (status, body) = status_and_body(
        world.app.call_as(&world.buyer, "orders/place", json!({ "project_id": world.project, "project_version": version, "form": form, "idempotency_key": Uuid::new_v4() })).await,
    )
    .await;
    assert_eq!(
        (status, body["Validation"][0]["code"].clone()),
        (400, json!("invalid_postal_code"))
    );
}
