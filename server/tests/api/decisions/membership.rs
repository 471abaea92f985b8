//! "Can buy" and membership decided on the membership as it stands when an order, a request
//! or a project is written, and what a member who may not buy is told.
use super::*;

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
