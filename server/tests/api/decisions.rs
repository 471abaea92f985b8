//! Decisions that guard orders, purchase requests and projects, made where they are written:
//! "can buy" and membership checked on the membership locked in the writing transaction,
//! approvals that order the version requested, uploads that are edits, and the explanation a
//! member who may not buy gets.
use crate::world::{
    gerber_zip, ok, order_form, project_form, status_and_body, uuid, world, world_with, World,
};
use futures::future::join_all;
use serde_json::{json, Value};
use sqlx::PgPool;
use std::{
    collections::BTreeSet,
    future::Future,
    sync::atomic::{AtomicBool, Ordering::SeqCst},
    time::Duration,
};
use time::OffsetDateTime;
use uuid::Uuid;

async fn user_id(world: &World, email: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&world.app.pool)
        .await
        .unwrap()
}

/// The account's orders that are committed now.
async fn committed_orders(world: &World) -> BTreeSet<Uuid> {
    sqlx::query_scalar::<_, Uuid>("SELECT id FROM orders WHERE account_id = $1")
        .bind(world.account_id)
        .fetch_all(&world.app.pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

/// Returns once `waiters` connections to the test's database wait for a lock, or once `done`
/// (a call that took no lock has answered). The database says who waits: no timing involved.
async fn until_waiting(pool: &PgPool, waiters: i64, done: &AtomicBool) {
    loop {
        if done.load(SeqCst) {
            return;
        }
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if waiting >= waiters {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The holder withdraws "can buy" from `member`, through the collaborators' page's function.
async fn withdraw_buying(world: &World, member: Uuid) {
    let permissions = json!({ "can_buy": false, "can_see_all_orders": false });
    let arguments = json!({ "user_id": member, "permissions": permissions });
    let call = world
        .app
        .call_as(&world.holder, "collaborators/permissions", arguments);
    ok(call.await).await;
}

async fn place_with(world: &World, version: i32, key: Uuid) -> reqwest::Response {
    world
        .app
        .call_as(
            &world.buyer,
            "orders/place",
            json!({ "project_id": world.project, "project_version": version,
                    "form": order_form(), "idempotency_key": key }),
        )
        .await
}

#[tokio::test]
async fn no_order_commits_after_the_holder_revokes_can_buy() {
    // Twenty placements hold a connection each while they wait.
    let world = world_with(&[("DATABASE_MAX_CONNECTIONS", "40")]).await;
    let pool = &world.app.pool;
    let buyer = user_id(&world, "buyer@acme.fr").await;
    let version = world.project_version().await;
    // The test holds the project's row: the twenty placements queue behind it, in flight.
    let mut gate = pool.begin().await.unwrap();
    sqlx::query("SELECT 1 FROM projects WHERE id = $1 FOR UPDATE")
        .bind(world.project)
        .execute(&mut *gate)
        .await
        .unwrap();
    let keys: Vec<Uuid> = (0..20).map(|_| Uuid::new_v4()).collect();
    let scene = &world;
    let placements = join_all(keys.iter().map(|key| async move {
        (
            *key,
            status_and_body(place_with(scene, version, *key).await).await,
        )
    }));
    let never = AtomicBool::new(false);
    let snapshot_taken = AtomicBool::new(false);
    let revocation = async {
        until_waiting(pool, 20, &never).await;
        let revoke = async {
            withdraw_buying(&world, buyer).await;
            // Right after the answer: when it was, and which orders were committed by then.
            let answered_at: OffsetDateTime = sqlx::query_scalar("SELECT clock_timestamp()")
                .fetch_one(pool)
                .await
                .unwrap();
            let committed = committed_orders(&world).await;
            snapshot_taken.store(true, SeqCst);
            (answered_at, committed)
        };
        // The placements go on once the revocation waits for their decisions (21 waiters);
        // a revocation that waits for nothing has answered, and been looked at, by then.
        let release = async {
            until_waiting(pool, 21, &snapshot_taken).await;
            gate.commit().await.unwrap();
        };
        let (revoked, ()) = tokio::join!(revoke, release);
        revoked
    };
    let (answers, (answered_at, committed_then)) = tokio::join!(placements, revocation);

    let mut placed = BTreeSet::new();
    for (key, (status, body)) in &answers {
        match status {
            200 => {
                placed.insert(uuid(body));
            }
            403 => assert_eq!(body, &json!("NotAllowedToBuy"), "{key}"),
            _ => panic!("placement {key}: {status} {body}"),
        }
    }
    assert!(
        !placed.is_empty(),
        "the placements decided first were placed"
    );
    // The orders in the database are exactly the placements answered 200 …
    let ordered: BTreeSet<Uuid> =
        sqlx::query_scalar::<_, Uuid>("SELECT id FROM orders WHERE idempotency_key = ANY($1)")
            .bind(&keys)
            .fetch_all(pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    assert_eq!(ordered, placed);
    // … all committed before the revocation answered, none created after.
    let late: Vec<&Uuid> = ordered.difference(&committed_then).collect();
    assert!(
        late.is_empty(),
        "orders committed after the revocation: {late:?}"
    );
    let created_after: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM orders WHERE account_id = $1 AND created_at >= $2",
    )
    .bind(world.account_id)
    .bind(answered_at)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(created_after, 0);
    // Placements sent after the revocation's answer are all refused, with the explanation.
    let after = join_all((0..5).map(|_| place_with(&world, version, Uuid::new_v4()))).await;
    for response in after {
        assert_eq!(
            status_and_body(response).await,
            (403, json!("NotAllowedToBuy"))
        );
    }
}

/// Calls `call` while the test holds `change` of the membership of `user` written but not
/// committed, as the holder's change is between its update and its commit; commits it once
/// the call waits for that row (or answered without waiting). Answers the call's answer.
async fn while_changing(
    world: &World,
    change: &str,
    user: Uuid,
    call: impl Future<Output = reqwest::Response>,
) -> (u16, Value) {
    let pool = &world.app.pool;
    let mut holder_change = pool.begin().await.unwrap();
    let changed = sqlx::query(change)
        .bind(world.account_id)
        .bind(user)
        .execute(&mut *holder_change)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 1, "{change}");
    let answered = AtomicBool::new(false);
    let call = async {
        let answer = status_and_body(call.await).await;
        answered.store(true, SeqCst);
        answer
    };
    let commit = async {
        until_waiting(pool, 1, &answered).await;
        holder_change.commit().await.unwrap();
    };
    let (answer, ()) = tokio::join!(call, commit);
    answer
}

/// A change of a membership the holder makes: `$1` the account, `$2` the member.
const REVOKE_BUYING: &str =
    "UPDATE memberships SET can_buy = false WHERE account_id = $1 AND user_id = $2";
const GIVE_BUYING_BACK: &str =
    "UPDATE memberships SET can_buy = true WHERE account_id = $1 AND user_id = $2";
const SHOW_ALL_ORDERS: &str =
    "UPDATE memberships SET can_see_all_orders = true WHERE account_id = $1 AND user_id = $2";
const HIDE_OTHERS_ORDERS: &str =
    "UPDATE memberships SET can_see_all_orders = false WHERE account_id = $1 AND user_id = $2";
const DEACTIVATE: &str =
    "UPDATE memberships SET status = 'deactivated' WHERE account_id = $1 AND user_id = $2";
const REACTIVATE: &str =
    "UPDATE memberships SET status = 'active' WHERE account_id = $1 AND user_id = $2";

/// A server function and how to make its arguments from the world and the project's version.
type Call = (&'static str, fn(&World, i32) -> Value);

/// Who writes what, while the holder makes which change (and undoes it after), and what the
/// writer is answered.
struct Case {
    what: &'static str,
    /// The buyer (`true`) or the non-buyer.
    by_buyer: bool,
    change: &'static str,
    undo: &'static str,
    /// A server function and its arguments; `None`: an upload.
    call: Option<Call>,
    answer: (u16, &'static str),
}

fn cases() -> Vec<Case> {
    let case = |what, by_buyer, (change, undo), call, answer| Case {
        what,
        by_buyer,
        change,
        undo,
        call,
        answer,
    };
    let buying = (REVOKE_BUYING, GIVE_BUYING_BACK);
    let others_orders = (HIDE_OTHERS_ORDERS, SHOW_ALL_ORDERS);
    let active = (DEACTIVATE, REACTIVATE);
    let forbidden = (403, "Forbidden");
    let place: fn(&World, i32) -> Value = |w, v| {
        json!({ "project_id": w.project, "project_version": v, "form": order_form(),
                "idempotency_key": Uuid::new_v4() })
    };
    vec![
        case(
            "placing",
            true,
            buying,
            Some(("orders/place", place)),
            (403, "NotAllowedToBuy"),
        ),
        case(
            "choosing the payment",
            true,
            buying,
            Some((
                "orders/payment",
                |w, _| json!({ "order_id": w.buyer_order, "method": "bank_transfer" }),
            )),
            forbidden,
        ),
        case(
            "approving",
            true,
            buying,
            Some((
                "purchase-requests/approve",
                |w, _| json!({ "request_id": w.requests[0] }),
            )),
            forbidden,
        ),
        case(
            "declining",
            true,
            buying,
            Some((
                "purchase-requests/decline",
                |w, _| json!({ "request_id": w.requests[1], "message": "" }),
            )),
            forbidden,
        ),
        case(
            "paying an order no longer seen",
            true,
            others_orders,
            Some((
                "orders/payment",
                |w, _| json!({ "order_id": w.holder_order, "method": "bank_transfer" }),
            )),
            (404, "NotFound"),
        ),
        case(
            "requesting",
            false,
            active,
            Some(("purchase-requests/create", place)),
            forbidden,
        ),
        case(
            "withdrawing a request",
            false,
            active,
            Some((
                "purchase-requests/cancel",
                |w, _| json!({ "request_id": w.requests[2] }),
            )),
            forbidden,
        ),
        case(
            "creating a project",
            false,
            active,
            Some((
                "projects/create",
                |_, _| json!({ "form": project_form("En partant") }),
            )),
            forbidden,
        ),
        case(
            "saving a project",
            false,
            active,
            Some((
                "projects/save",
                |w, v| json!({ "project_id": w.project, "version": v, "form": project_form("Renommé") }),
            )),
            forbidden,
        ),
        case("uploading", false, active, None, forbidden),
    ]
}

#[tokio::test]
async fn every_write_decides_on_the_membership_as_it_stands_when_written() {
    let world = world().await;
    let buyer = user_id(&world, "buyer@acme.fr").await;
    let non_buyer = user_id(&world, "nonbuyer@acme.fr").await;
    let version = world.project_version().await;
    // The buyer sees every order, until the holder changes it.
    change(&world, SHOW_ALL_ORDERS, buyer).await;
    let mut wrong = Vec::new();
    for case in cases() {
        let (client, user) = if case.by_buyer {
            (&world.buyer, buyer)
        } else {
            (&world.non_buyer, non_buyer)
        };
        let call = async {
            match case.call {
                Some((endpoint, arguments)) => {
                    let arguments = arguments(&world, version);
                    world.app.call_as(client, endpoint, arguments).await
                }
                None => {
                    let (project, name) = (world.project, "depart.zip");
                    world
                        .upload_at(client, project, version, "gerber", name, gerber_zip())
                        .await
                }
            }
        };
        let got = while_changing(&world, case.change, user, call).await;
        let (status, body) = case.answer;
        if got != (status, json!(body)) {
            wrong.push(format!(
                "{}: expected {status} {body}, got {got:?}",
                case.what
            ));
        }
        change(&world, case.undo, user).await;
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Nothing was written by the calls refused.
    assert_eq!(world.project_version().await, version);
    let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert_eq!(orders, 2, "the world's two orders only");
}

/// Makes a change of a membership at once (committed).
async fn change(world: &World, sql: &str, user: Uuid) {
    sqlx::query(sql)
        .bind(world.account_id)
        .bind(user)
        .execute(&world.app.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_member_who_may_not_buy_is_told_to_ask_a_buyer() {
    let world = world().await;
    let version = world.project_version().await;
    let place = |client, key: Uuid| {
        world.app.call_as(
            client,
            "orders/place",
            json!({ "project_id": world.project, "project_version": version,
                    "form": order_form(), "idempotency_key": key }),
        )
    };
    let answer = status_and_body(place(&world.non_buyer, Uuid::new_v4()).await).await;
    assert_eq!(answer, (403, json!("NotAllowedToBuy")));
    let answer = status_and_body(place(&world.sees_all, Uuid::new_v4()).await).await;
    assert_eq!(answer, (403, json!("NotAllowedToBuy")));

    // The buyer's page was open when the holder withdrew "can buy": the same form, sent as a
    // purchase request with the same key, reaches the buyers.
    withdraw_buying(&world, user_id(&world, "buyer@acme.fr").await).await;
    let key = Uuid::new_v4();
    let answer = status_and_body(place(&world.buyer, key).await).await;
    assert_eq!(answer, (403, json!("NotAllowedToBuy")));
    let request = uuid(
        &ok(world
            .app
            .call_as(
                &world.buyer,
                "purchase-requests/create",
                json!({ "project_id": world.project, "project_version": version,
                        "form": order_form(), "idempotency_key": key }),
            )
            .await)
        .await,
    );
    let overview = ok(world
        .app
        .call_as(&world.holder, "purchase-requests/list", json!({}))
        .await)
    .await;
    assert!(overview["requests"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == json!(request) && r["requested_by"] == json!("Membre buyer")));
}

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
