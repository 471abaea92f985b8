//! The orders' and the back-office's forms posted by the browser itself (before the WASM, or
//! without JavaScript): payment, cancelling, ordering again, purchase requests, quotes, and the
//! design files a project's page uploads.
use crate::helpers::location;
use crate::world::{gerber_zip, ok, project_form, world, World};
use serde_json::json;
use uuid::Uuid;

/// How many times `text` is on `page`.
fn times(page: &str, text: &str) -> usize {
    page.matches(text).count()
}

async fn order_column(world: &World, order: Uuid, column: &str) -> Option<String> {
    sqlx::query_scalar(&format!("SELECT {column}::text FROM orders WHERE id = $1"))
        .bind(order)
        .fetch_one(&world.app.pool)
        .await
        .unwrap()
}

async fn request_status(world: &World, request: Uuid) -> String {
    sqlx::query_scalar("SELECT status::text FROM purchase_requests WHERE id = $1")
        .bind(request)
        .fetch_one(&world.app.pool)
        .await
        .unwrap()
}

async fn orders_count(world: &World) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&world.app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_payment_is_chosen_and_the_order_cancelled_by_plain_forms() {
    let world = world().await;
    let app = &world.app;
    let page = format!("/account/orders/{}", world.holder_order);
    let before = app.page(&world.holder, &page).await;
    assert!(
        before.contains(r#"action="/api/orders/payment""#),
        "a real form"
    );
    assert!(before.contains(r#"name="method""#));
    assert!(before.contains(r#"action="/api/orders/cancel""#));

    let chosen = app
        .post_form(
            &world.holder,
            "/api/orders/payment",
            &page,
            &[
                ("order_id", &world.holder_order.to_string()),
                ("method", "bank_transfer"),
            ],
        )
        .await;
    assert_eq!(location(&chosen), page);
    let after = app.page(&world.holder, &page).await;
    assert_eq!(times(&after, "Mode de paiement enregistré."), 1, "{after}");
    assert_eq!(
        order_column(&world, world.holder_order, "payment_method").await,
        Some("bank_transfer".into())
    );
    // Said once: the next visit is the order as it is.
    let again = app.page(&world.holder, &page).await;
    assert_eq!(times(&again, "Mode de paiement enregistré."), 0);

    let cancelled = app
        .post_form(
            &world.holder,
            "/api/orders/cancel",
            &page,
            &[
                ("order_id", &world.holder_order.to_string()),
                ("reason", "Commandée deux fois"),
            ],
        )
        .await;
    assert_eq!(location(&cancelled), page);
    let after = app.page(&world.holder, &page).await;
    assert_eq!(times(&after, "Commande annulée."), 1, "{after}");
    assert!(
        !after.contains(r#"action="/api/orders/cancel""#),
        "no cancelling a cancelled order"
    );
    assert_eq!(
        order_column(&world, world.holder_order, "status").await,
        Some("cancelled".into())
    );
    assert_eq!(
        order_column(&world, world.holder_order, "cancel_reason").await,
        Some("Commandée deux fois".into())
    );
}

#[tokio::test]
async fn a_cancellation_refused_because_the_order_moved_on_says_why_once() {
    let world = world().await;
    let app = &world.app;
    let page = format!("/account/orders/{}", world.buyer_order);
    // The page was open when the workshop started production.
    sqlx::query("UPDATE orders SET status = 'in_production' WHERE id = $1")
        .bind(world.buyer_order)
        .execute(&app.pool)
        .await
        .unwrap();
    let refused = app
        .post_form(
            &world.buyer,
            "/api/orders/cancel",
            &page,
            &[("order_id", &world.buyer_order.to_string()), ("reason", "")],
        )
        .await;
    assert_eq!(location(&refused), page);
    let after = app.page(&world.buyer, &page).await;
    assert_eq!(
        times(&after, "plus à cette étape"),
        1,
        "the refusal, once: {after}"
    );
    assert_eq!(times(&after, "Commande annulée."), 0);
    assert_eq!(
        order_column(&world, world.buyer_order, "status").await,
        Some("in_production".into())
    );
}

#[tokio::test]
async fn ordering_again_by_a_plain_form_opens_the_new_order_once_the_terms_are_accepted() {
    let world = world().await;
    let app = &world.app;
    let page = format!("/account/orders/{}", world.buyer_order);
    assert!(app
        .page(&world.buyer, &page)
        .await
        .contains(r#"action="/api/orders/reorder""#));
    let net_cents = order_column(&world, world.buyer_order, "net_cents")
        .await
        .unwrap();
    let order_id = world.buyer_order.to_string();
    let key = Uuid::new_v4().to_string();
    let orders = orders_count(&world).await;

    // The terms not accepted: back to the order, which says so, and no order.
    let refused = app
        .post_form(
            &world.buyer,
            "/api/orders/reorder",
            &page,
            &[
                ("order_id", &order_id),
                ("confirmed_net_cents", &net_cents),
                ("idempotency_key", &key),
            ],
        )
        .await;
    assert_eq!(location(&refused), page);
    let after = app.page(&world.buyer, &page).await;
    assert_eq!(
        times(
            &after,
            "Acceptez les conditions générales de vente pour commander."
        ),
        1,
        "{after}"
    );
    assert_eq!(orders_count(&world).await, orders);

    let ordered = app
        .post_form(
            &world.buyer,
            "/api/orders/reorder",
            &page,
            &[
                ("order_id", &order_id),
                ("confirmed_net_cents", &net_cents),
                ("terms_accepted", "true"),
                ("idempotency_key", &key),
            ],
        )
        .await;
    let new_order: Uuid = sqlx::query_scalar("SELECT id FROM orders ORDER BY number DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_ne!(new_order, world.buyer_order);
    assert_eq!(location(&ordered), format!("/account/orders/{new_order}"));
    assert_eq!(orders_count(&world).await, orders + 1);
}

#[tokio::test]
async fn purchase_requests_are_approved_declined_and_withdrawn_by_plain_forms() {
    let world = world().await;
    let app = &world.app;
    let orders_page = app.page(&world.holder, "/account/orders").await;
    assert!(orders_page.contains(r#"action="/api/purchase-requests/approve""#));
    assert!(orders_page.contains(r#"action="/api/purchase-requests/decline""#));
    let orders = orders_count(&world).await;

    let approved = app
        .post_form(
            &world.holder,
            "/api/purchase-requests/approve",
            "/account/orders",
            &[("request_id", &world.requests[0].to_string())],
        )
        .await;
    assert_eq!(location(&approved), "/account/orders");
    let after = app.page(&world.holder, "/account/orders").await;
    assert_eq!(
        times(&after, "Demande approuvée : la commande est passée."),
        1,
        "{after}"
    );
    let placed: Uuid = sqlx::query_scalar("SELECT order_id FROM purchase_requests WHERE id = $1")
        .bind(world.requests[0])
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        after.contains(&format!(r#"href="/account/orders/{placed}""#)),
        "the new order, one click away"
    );
    assert_eq!(request_status(&world, world.requests[0]).await, "approved");
    assert_eq!(orders_count(&world).await, orders + 1);

    let declined = app
        .post_form(
            &world.holder,
            "/api/purchase-requests/decline",
            "/account/purchase-requests",
            &[
                ("request_id", &world.requests[1].to_string()),
                ("message", "Pas ce mois-ci"),
            ],
        )
        .await;
    assert_eq!(location(&declined), "/account/purchase-requests");
    let after = app.page(&world.holder, "/account/purchase-requests").await;
    assert_eq!(times(&after, "Demande refusée"), 1, "{after}");
    assert_eq!(request_status(&world, world.requests[1]).await, "declined");
    let message: Option<String> =
        sqlx::query_scalar("SELECT message FROM purchase_requests WHERE id = $1")
            .bind(world.requests[1])
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(message.as_deref(), Some("Pas ce mois-ci"));

    // The requester withdraws the last one.
    let withdrawn = app
        .post_form(
            &world.non_buyer,
            "/api/purchase-requests/cancel",
            "/account/orders",
            &[("request_id", &world.requests[2].to_string())],
        )
        .await;
    assert_eq!(location(&withdrawn), "/account/orders");
    let after = app.page(&world.non_buyer, "/account/orders").await;
    assert_eq!(times(&after, "Demande annulée."), 1, "{after}");
    assert_eq!(request_status(&world, world.requests[2]).await, "cancelled");
}

#[tokio::test]
async fn a_project_changed_since_the_request_is_confirmed_by_a_second_plain_form() {
    let world = world().await;
    let app = &world.app;
    let request = world.requests[0].to_string();
    let version = world.project_version().await;
    ok(app
        .call_as(
            &world.non_buyer,
            "projects/save",
            json!({ "project_id": world.project, "version": version,
                    "form": project_form("Carte capteur v2") }),
        )
        .await)
    .await;
    let current = world.project_version().await;
    let page = "/account/purchase-requests";

    let refused = app
        .post_form(
            &world.holder,
            "/api/purchase-requests/approve",
            page,
            &[("request_id", &request)],
        )
        .await;
    assert_eq!(location(&refused), page);
    let after = app.page(&world.holder, page).await;
    assert_eq!(
        times(&after, "Le projet a changé depuis la demande"),
        1,
        "the refusal, once: {after}"
    );
    assert!(after.contains("Commander la version demandée"), "{after}");
    assert!(
        after.contains(&format!(r#"name="confirmed_version" value="{current}""#)),
        "the confirmation carries the version: {after}"
    );
    assert_eq!(request_status(&world, world.requests[0]).await, "pending");

    let confirmed = app
        .post_form(
            &world.holder,
            "/api/purchase-requests/approve",
            page,
            &[
                ("request_id", &request),
                ("confirmed_version", &current.to_string()),
            ],
        )
        .await;
    assert_eq!(location(&confirmed), page);
    let after = app.page(&world.holder, page).await;
    assert_eq!(
        times(&after, "Demande approuvée : la commande est passée."),
        1,
        "{after}"
    );
    assert_eq!(request_status(&world, world.requests[0]).await, "approved");
}

#[tokio::test]
async fn a_quote_is_asked_for_and_a_project_duplicated_by_plain_forms() {
    let world = world().await;
    let app = &world.app;
    let page = format!("/account/projects/{}", world.project);
    let project = world.project.to_string();
    assert!(app
        .page(&world.non_buyer, &page)
        .await
        .contains(r#"action="/api/documents/quote""#));
    let quotes = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM documents WHERE kind = 'quote'")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };

    // No company address yet: refused, said on the project's page, the lead time kept.
    let fields = [("project_id", project.as_str()), ("lead_time", "express")];
    let refused = app
        .post_form(&world.non_buyer, "/api/documents/quote", &page, &fields)
        .await;
    assert_eq!(location(&refused), page);
    let after = app.page(&world.non_buyer, &page).await;
    assert_eq!(
        times(
            &after,
            "Le formulaire contient des erreurs : corrigez les champs indiqués."
        ),
        1,
        "{after}"
    );
    assert_eq!(quotes().await, 0);

    world.add_company_address().await;
    let made = app
        .post_form(&world.non_buyer, "/api/documents/quote", &page, &fields)
        .await;
    assert_eq!(location(&made), page);
    assert_eq!(quotes().await, 1);
    let number: String = sqlx::query_scalar("SELECT number FROM documents WHERE kind = 'quote'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let after = app.page(&world.non_buyer, &page).await;
    assert_eq!(
        times(&after, &format!("Devis {number} établi.")),
        1,
        "{after}"
    );

    let duplicated = app
        .post_form(
            &world.non_buyer,
            "/api/projects/duplicate",
            &page,
            &[("project_id", &project)],
        )
        .await;
    let copy: Uuid = sqlx::query_scalar("SELECT id FROM projects WHERE id <> $1")
        .bind(world.project)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(location(&duplicated), format!("/account/projects/{copy}"));
}

#[tokio::test]
async fn staff_record_a_payment_move_an_order_on_and_check_a_siret_by_plain_forms() {
    let world = world().await;
    let app = &world.app;
    let page = format!("/backoffice/orders/{}", world.buyer_order);
    let order_id = world.buyer_order.to_string();
    let before = app.page(&world.staff, &page).await;
    assert!(before.contains(r#"action="/api/backoffice/record-payment""#));
    assert!(before.contains(r#"action="/api/backoffice/advance""#));

    let paid = app
        .post_form(
            &world.staff,
            "/api/backoffice/record-payment",
            &page,
            &[("order_id", &order_id)],
        )
        .await;
    assert_eq!(location(&paid), page);
    let after = app.page(&world.staff, &page).await;
    assert_eq!(times(&after, "Paiement enregistré"), 1, "{after}");
    assert!(order_column(&world, world.buyer_order, "paid_at")
        .await
        .is_some());

    let advanced = app
        .post_form(
            &world.staff,
            "/api/backoffice/advance",
            &page,
            &[("order_id", &order_id), ("tracking_number", "")],
        )
        .await;
    assert_eq!(location(&advanced), page);
    let after = app.page(&world.staff, &page).await;
    assert_eq!(times(&after, "Étape suivante enregistrée"), 1, "{after}");
    assert_eq!(
        order_column(&world, world.buyer_order, "status").await,
        Some("file_check".into())
    );

    // A customer posting the same form is refused, and nothing moves.
    let refused = app
        .post_form(
            &world.holder,
            "/api/backoffice/advance",
            &format!("/account/orders/{order_id}"),
            &[("order_id", &order_id), ("tracking_number", "")],
        )
        .await;
    assert_eq!(location(&refused), format!("/account/orders/{order_id}"));
    assert_eq!(
        order_column(&world, world.buyer_order, "status").await,
        Some("file_check".into())
    );

    let accounts = "/backoffice/accounts";
    assert!(app
        .page(&world.staff, accounts)
        .await
        .contains(r#"action="/api/backoffice/verify-siret""#));
    let verified = app
        .post_form(
            &world.staff,
            "/api/backoffice/verify-siret",
            accounts,
            &[
                ("account_id", &world.account_id.to_string()),
                ("verified", "true"),
            ],
        )
        .await;
    assert_eq!(location(&verified), accounts);
    let after = app.page(&world.staff, accounts).await;
    assert_eq!(times(&after, "SIRET marqué vérifié."), 1, "{after}");
    let checked: bool = sqlx::query_scalar(
        "SELECT siret_verified_at IS NOT NULL FROM customer_accounts WHERE id = $1",
    )
    .bind(world.account_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(checked);
}

/// A design file's form as the browser posts it: multipart, asking for a page back.
async fn post_upload(
    world: &World,
    page: &str,
    version: i32,
    file: reqwest::multipart::Part,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("project_id", world.project.to_string())
        .text("version", version.to_string())
        .text("kind", "gerber")
        .part("file", file);
    world
        .holder
        .post(format!(
            "{}/api/projects/upload?kind=gerber",
            world.app.address
        ))
        .header(reqwest::header::ACCEPT, "text/html,application/xhtml+xml")
        .header(reqwest::header::ORIGIN, &world.app.address)
        .header(
            reqwest::header::REFERER,
            format!("{}{page}", world.app.address),
        )
        .multipart(form)
        .send()
        .await
        .expect("the request reaches the server")
}

async fn stored_files(world: &World) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM project_files WHERE project_id = $1")
        .bind(world.project)
        .fetch_one(&world.app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_design_file_is_uploaded_by_a_plain_form() {
    let world = world().await;
    let app = &world.app;
    let page = format!("/account/projects/{}", world.project);
    let before = app.page(&world.holder, &page).await;
    assert!(
        before
            .contains(r#"enctype="multipart/form-data" action="/api/projects/upload?kind=gerber""#),
        "a real form per kind, naming its kind: {before}"
    );
    let files_before = stored_files(&world).await;
    let version = world.version_of(world.project).await;

    // No file chosen: the browser sends an empty part without a name.
    let empty = reqwest::multipart::Part::bytes(Vec::new()).file_name("");
    let refused = post_upload(&world, &page, version, empty).await;
    assert_eq!(location(&refused), page);
    let after = app.page(&world.holder, &page).await;
    assert_eq!(
        times(&after, "Ce champ est obligatoire."),
        1,
        "only the Gerber form says so"
    );
    assert_eq!(stored_files(&world).await, files_before);

    // Made against a version someone else moved on.
    let file = || reqwest::multipart::Part::bytes(gerber_zip()).file_name("carte.zip");
    let stale = post_upload(&world, &page, version - 1, file()).await;
    assert_eq!(location(&stale), page);
    let after = app.page(&world.holder, &page).await;
    assert_eq!(times(&after, "a modifié ce projet"), 1, "{after}");
    assert_eq!(stored_files(&world).await, files_before);

    let stored = post_upload(&world, &page, version, file()).await;
    assert_eq!(location(&stored), page);
    let after = app.page(&world.holder, &page).await;
    assert_eq!(times(&after, "« carte.zip » est enregistré."), 1, "{after}");
    assert_eq!(stored_files(&world).await, files_before + 1);
    assert_eq!(world.version_of(world.project).await, version + 1);
    // Said once.
    let again = app.page(&world.holder, &page).await;
    assert_eq!(times(&again, "est enregistré."), 0);
}
