//! Approvals that order the version requested (changes since confirmed first), and uploads
//! that are edits made against a version.
use super::*;

/// The purchase request `request`'s files, and its project's version, as stored.
async fn request_row(world: &World, request: Uuid) -> (Option<i32>, Vec<Uuid>) {
    let version: Option<i32> =
        sqlx::query_scalar("SELECT project_version FROM purchase_requests WHERE id = $1")
            .bind(request)
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
    let files = sqlx::query_scalar(
        "SELECT file_id FROM purchase_request_files WHERE request_id = $1 ORDER BY file_id",
    )
    .bind(request)
    .fetch_all(&world.app.pool)
    .await
    .unwrap();
    (version, files)
}

async fn approve(
    world: &World,
    client: &reqwest::Client,
    request: Uuid,
    confirmed_version: Option<i32>,
) -> (u16, Value) {
    status_and_body(
        world
            .app
            .call_as(
                client,
                "purchase-requests/approve",
                json!({ "request_id": request, "confirmed_version": confirmed_version }),
            )
            .await,
    )
    .await
}

#[tokio::test]
async fn an_approval_orders_the_version_requested_once_the_changes_since_are_confirmed() {
    let world = world().await;
    let request = world.requests[0];
    let requested_version = world.project_version().await;
    // The request keeps the version the requester saw and its Gerber file.
    assert_eq!(
        request_row(&world, request).await,
        (Some(requested_version), vec![world.file])
    );
    let requested_cents: i64 =
        sqlx::query_scalar("SELECT net_cents FROM purchase_requests WHERE id = $1")
            .bind(request)
            .fetch_one(&world.app.pool)
            .await
            .unwrap();

    // Since then: a new Gerber file, a new name and a bigger board.
    let mut gerber_v2 = gerber_zip();
    gerber_v2.extend_from_slice(b"v2");
    ok(world
        .upload(
            &world.buyer,
            world.project,
            "gerber",
            "carte v2.zip",
            gerber_v2,
        )
        .await)
    .await;
    let mut form = project_form("Carte capteur v2");
    form["width_mm"] = json!("160");
    ok(world
        .app
        .call_as(
            &world.non_buyer,
            "projects/save",
            json!({ "project_id": world.project, "version": requested_version + 1, "form": form }),
        )
        .await)
    .await;
    let current = world.project_version().await;
    let (status, body) = approve(&world, &world.holder, request, None).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        body["ProjectChanged"],
        json!({ "current_version": current,
                "changes": ["name", "board", { "file": "gerber" }] })
    );
    // Confirming a version that is no longer the project's asks again.
    let (status, body) = approve(&world, &world.holder, request, Some(current - 1)).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.get("ProjectChanged").is_some(), "{body}");
    let (status, order) = approve(&world, &world.holder, request, Some(current)).await;
    assert_eq!(status, 200, "{order}");
    let order = uuid(&order);

    // The order is the version requested: its name, its board, its file, its price.
    let detail = ok(world
        .app
        .call_as(&world.non_buyer, "orders/get", json!({ "order_id": order }))
        .await)
    .await;
    assert_eq!(detail["project"]["name"], json!("Carte capteur"));
    assert_eq!(detail["project"]["board"]["width"], json!(100));
    assert_eq!(detail["project_version"], json!(requested_version));
    assert_eq!(detail["net_cents"], json!(requested_cents));
    let files: Vec<Uuid> = detail["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| uuid(&file["id"]))
        .collect();
    assert_eq!(files, vec![world.file]);
    let keyed: Option<Uuid> =
        sqlx::query_scalar("SELECT purchase_request_id FROM orders WHERE id = $1")
            .bind(order)
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
    assert_eq!(keyed, Some(request));
    // The requester is told it is the version they asked for, and what changed since.
    let body: String = sqlx::query_scalar(
        "SELECT body FROM outbox WHERE kind = 'purchase_approved' AND recipient = 'nonbuyer@acme.fr'",
    )
    .fetch_one(&world.app.pool)
    .await
    .unwrap();
    assert!(
        body.contains("la version du projet que vous aviez demandée")
            && body.contains("nom, caractéristiques de la carte, Gerber"),
        "{body}"
    );

    // A request whose project did not change is approved at once, with its own version.
    let second = world.requests[1];
    ok(world
        .app
        .call_as(
            &world.non_buyer,
            "purchase-requests/cancel",
            json!({ "request_id": world.requests[2] }),
        )
        .await)
    .await;
    let fresh = uuid(&ok(world.request(&world.non_buyer).await).await);
    let (status, order) = approve(&world, &world.buyer, fresh, None).await;
    assert_eq!(status, 200, "{order}");
    let version: Option<i32> =
        sqlx::query_scalar("SELECT project_version FROM orders WHERE id = $1")
            .bind(uuid(&order))
            .fetch_one(&world.app.pool)
            .await
            .unwrap();
    assert_eq!(version, Some(current));
    // The older request still asks for a confirmation.
    let (status, _) = approve(&world, &world.buyer, second, None).await;
    assert_eq!(status, 409);

    // The orders page's block of open requests: the pending ones only.
    let overview = ok(world
        .app
        .call_as(&world.buyer, "orders/overview", json!({}))
        .await)
    .await;
    let open = &overview["open_requests"];
    let open_ids: Vec<_> = open["requests"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    assert!(open_ids.contains(&json!(second)), "{open}");
    for decided in [fresh, world.requests[2]] {
        assert!(!open_ids.contains(&json!(decided)), "{open}");
    }
    assert_eq!(open["can_decide"], json!(true));
}

#[tokio::test]
async fn a_change_of_the_price_list_since_the_request_is_confirmed_at_the_new_price() {
    let world = world().await;
    let request = world.requests[0];
    // The requester saw another price: the price list changed since.
    let seen: i64 = sqlx::query_scalar(
        "UPDATE purchase_requests SET net_cents = net_cents - 500 WHERE id = $1
         RETURNING net_cents",
    )
    .bind(request)
    .fetch_one(&world.app.pool)
    .await
    .unwrap();
    let overview = ok(world
        .app
        .call_as(&world.buyer, "purchase-requests/list", json!({}))
        .await)
    .await;
    let listed = overview["requests"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == json!(request))
        .unwrap()
        .clone();
    assert_eq!(listed["net_cents"], json!(seen));
    assert_eq!(listed["current_net_cents"], json!(seen + 500));
    let (status, body) = approve(&world, &world.buyer, request, None).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        body["PriceChanged"],
        json!({ "old_cents": seen, "new_cents": seen + 500 })
    );
    let order = uuid(
        &ok(world
            .app
            .call_as(
                &world.buyer,
                "purchase-requests/approve",
                json!({ "request_id": request, "confirmed_net_cents": seen + 500 }),
            )
            .await)
        .await,
    );
    let detail = ok(world
        .app
        .call_as(&world.buyer, "orders/get", json!({ "order_id": order }))
        .await)
    .await;
    assert_eq!(detail["net_cents"], json!(seen + 500));
}

#[tokio::test]
async fn a_buyer_cannot_take_an_approval_s_place_with_the_request_s_id_as_key() {
    let world = world().await;
    let version = world.project_version().await;
    for (approver, request) in [
        (&world.buyer, world.requests[0]),
        (&world.holder, world.requests[1]),
    ] {
        // The buyer places an order of their own under the request's id.
        let own = uuid(&ok(place_with(&world, version, request).await).await);
        let (status, body) = approve(&world, approver, request, None).await;
        assert_eq!(status, 200, "{body}");
        let order = uuid(&body);
        assert_ne!(order, own, "the approval placed an order of its own");
        let (requested_by, keyed): (Option<Uuid>, Option<Uuid>) =
            sqlx::query_as("SELECT requested_by, purchase_request_id FROM orders WHERE id = $1")
                .bind(order)
                .fetch_one(&world.app.pool)
                .await
                .unwrap();
        assert_eq!(
            requested_by,
            Some(user_id(&world, "nonbuyer@acme.fr").await)
        );
        assert_eq!(keyed, Some(request));
        let linked: Option<Uuid> =
            sqlx::query_scalar("SELECT order_id FROM purchase_requests WHERE id = $1")
                .bind(request)
                .fetch_one(&world.app.pool)
                .await
                .unwrap();
        assert_eq!(linked, Some(order));
    }
}

#[tokio::test]
async fn a_request_keeps_its_files_until_it_is_decided() {
    let world = world().await;
    let project = world.create_project(&world.non_buyer, "Carte BOM").await;
    let bom = |csv| world.upload_bom(&world.non_buyer, project, csv);
    let first = uuid(&ok(bom("ref;qty\nR1;2\n").await).await["id"]);
    let version = world.version_of(project).await;
    let ask = || {
        world.app.call_as(
            &world.non_buyer,
            "purchase-requests/create",
            json!({ "project_id": project, "project_version": version,
                    "form": order_form(), "idempotency_key": Uuid::new_v4() }),
        )
    };
    let declined = uuid(&ok(ask().await).await);
    let withdrawn = uuid(&ok(ask().await).await);
    // Replaced on the project, the first BOM stays for the requests.
    ok(bom("ref;qty\nR1;4\n").await).await;
    let pool = &world.app.pool;
    let exists = |file: Uuid| async move {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM project_files WHERE id = $1")
            .bind(file)
            .fetch_one(pool)
            .await
            .unwrap()
            == 1
    };
    assert!(exists(first).await);
    ok(world
        .app
        .call_as(
            &world.buyer,
            "purchase-requests/decline",
            json!({ "request_id": declined, "message": "" }),
        )
        .await)
    .await;
    assert!(exists(first).await, "the other request still keeps it");
    ok(world
        .app
        .call_as(
            &world.non_buyer,
            "purchase-requests/cancel",
            json!({ "request_id": withdrawn }),
        )
        .await)
    .await;
    assert!(!exists(first).await, "nothing keeps it any more");
    let key = format!("{}/{first}", world.account_id);
    assert!(!world.app.files_dir.join(key).exists());
}

#[tokio::test]
async fn an_upload_is_an_edit_made_against_a_version() {
    let world = world().await;
    let version = world.project_version().await;
    let uploaded = ok(world
        .upload_at(
            &world.buyer,
            world.project,
            version,
            "gerber",
            "carte v2.zip",
            gerber_zip(),
        )
        .await)
    .await;
    assert_eq!(uploaded["version"], json!(version + 1));
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
    assert_eq!(detail["version"], json!(version + 1));
    assert_eq!(detail["updated_by"], json!("Membre buyer"));

    // Made against the version before: the same answer as a stale save, and nothing stored.
    let (status, body) = status_and_body(
        world
            .upload_at(
                &world.holder,
                world.project,
                version,
                "gerber",
                "carte v1bis.zip",
                gerber_zip(),
            )
            .await,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["EditConflict"]["by"], json!("Membre buyer"));
    let (status, body) = status_and_body(
        world
            .app
            .call_as(
                &world.holder,
                "projects/save",
                json!({ "project_id": world.project, "version": version,
                        "form": project_form("Trop tard") }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["EditConflict"]["by"], json!("Membre buyer"));
    let current: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM project_files WHERE project_id = $1 AND current")
            .bind(world.project)
            .fetch_all(&world.app.pool)
            .await
            .unwrap();
    assert_eq!(current, vec![new_file]);

    // An upload names its version.
    let form = reqwest::multipart::Form::new()
        .text("project_id", world.project.to_string())
        .text("kind", "gerber")
        .part(
            "file",
            reqwest::multipart::Part::bytes(gerber_zip()).file_name("carte.zip"),
        );
    let (status, body) = status_and_body(world.app.upload_form(&world.buyer, form).await).await;
    assert_eq!(
        (status, body),
        (
            400,
            json!({ "Validation": [{ "field": "version", "code": "required" }] })
        )
    );

    // An order from the version before the upload is refused; from the new one, it names it
    // and has the new file.
    let stale = status_and_body(place_with(&world, version, Uuid::new_v4()).await).await;
    assert_eq!(stale.0, 409, "{}", stale.1);
    assert_eq!(stale.1["EditConflict"]["by"], json!("Membre buyer"));
    let order = uuid(&ok(place_with(&world, version + 1, Uuid::new_v4()).await).await);
    let detail = ok(world
        .app
        .call_as(&world.buyer, "orders/get", json!({ "order_id": order }))
        .await)
    .await;
    assert_eq!(detail["project_version"], json!(version + 1));
    assert_eq!(detail["files"][0]["id"], json!(new_file));
}
