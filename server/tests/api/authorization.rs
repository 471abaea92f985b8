//! Who may call which server function of projects, orders, purchase requests, payment and the
//! back-office, kept as data: every row names a function, the object it is called on, and the
//! answer each kind of caller gets. A server function under those prefixes without a row fails
//! `every_function_has_a_row`.
use crate::world::{gerber_zip, ok, order_form, project_form, world, World};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

/// What a caller gets: allowed (the function ran: 200, or a business answer such as 409 when
/// an earlier caller already did the thing), or refused with 401, 403 or 404.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    Allowed,
    Unauthorized,
    Forbidden,
    NotFound,
}
use Answer::{Allowed as A, Forbidden as F, NotFound as N, Unauthorized as U};

impl Answer {
    fn of(status: u16) -> Self {
        match status {
            401 => U,
            403 => F,
            404 => N,
            // 400 would be a malformed call in this table: it must not count as allowed.
            200 | 409 => A,
            other => panic!("unexpected status {other}"),
        }
    }
}

/// The callers, in the order of each row's answers.
const ACTORS: [&str; 8] = [
    "anonymous",
    "holder",
    "buyer",
    "non-buyer",
    "sees-all",
    "deactivated",
    "other account",
    "staff",
];

fn client<'a>(world: &'a World, actor: &str) -> &'a reqwest::Client {
    match actor {
        "anonymous" => &world.anonymous,
        "holder" => &world.holder,
        "buyer" => &world.buyer,
        "non-buyer" => &world.non_buyer,
        "sees-all" => &world.sees_all,
        "deactivated" => &world.deactivated,
        "other account" => &world.other,
        _ => &world.staff,
    }
}

/// How a row calls its function.
pub(crate) enum Call {
    /// A server function with JSON arguments.
    Json(&'static str, fn(&World, i32) -> Value),
    /// The design-file upload (multipart).
    Upload,
    /// The design-file download (GET) of the project's current Gerber file.
    DownloadCurrent,
    /// The design-file download of a file only the buyer's and the holder's orders have.
    DownloadOrdered,
}

pub(crate) struct Row {
    pub(crate) call: Call,
    /// The object the call is about, for the failure message.
    object: &'static str,
    answers: [Answer; 8],
}

pub(crate) fn rows() -> Vec<Row> {
    use Call::Json;
    let row = |call, object, answers| Row {
        call,
        object,
        answers,
    };
    vec![
        //                                                           anon hold buy  non  all  deac othr staff
        row(
            Json("projects/list", |_, _| json!({})),
            "-",
            [U, A, A, A, A, F, A, F],
        ),
        row(
            Json("projects/get", |w, _| json!({ "project_id": w.project })),
            "the project",
            [U, A, A, A, A, F, N, F],
        ),
        row(
            Json(
                "projects/create",
                |_, _| json!({ "form": project_form("Nouveau") }),
            ),
            "-",
            [U, A, A, A, A, F, A, F],
        ),
        row(
            Json(
                "projects/save",
                |w, v| json!({ "project_id": w.project, "version": v, "form": project_form("Renommé") }),
            ),
            "the project",
            [U, A, A, A, A, F, N, F],
        ),
        row(Call::Upload, "the project", [U, A, A, A, A, F, N, F]),
        row(
            Call::DownloadCurrent,
            "the project's Gerber file",
            [U, A, A, A, A, F, N, A],
        ),
        row(
            Call::DownloadOrdered,
            "a file the orders kept",
            [U, A, A, N, A, F, N, A],
        ),
        row(
            Json("orders/list", |_, _| json!({})),
            "-",
            [U, A, A, A, A, F, A, F],
        ),
        row(
            Json("orders/get", |w, _| json!({ "order_id": w.buyer_order })),
            "the buyer's order",
            [U, A, A, N, A, F, N, F],
        ),
        row(
            Json("orders/get", |w, _| json!({ "order_id": w.holder_order })),
            "the holder's order",
            [U, A, N, N, A, F, N, F],
        ),
        row(
            Json(
                "orders/place",
                |w, v| json!({ "project_id": w.project, "project_version": v, "form": order_form(), "idempotency_key": Uuid::new_v4() }),
            ),
            "the project",
            [U, A, A, F, F, F, N, F],
        ),
        row(
            Json(
                "orders/payment",
                |w, _| json!({ "order_id": w.buyer_order, "method": "bank_transfer" }),
            ),
            "the buyer's order",
            [U, A, A, F, F, F, N, F],
        ),
        row(
            Json(
                "orders/payment",
                |w, _| json!({ "order_id": w.holder_order, "method": "bank_transfer" }),
            ),
            "the holder's order",
            [U, A, N, F, F, F, N, F],
        ),
        row(
            Json(
                "purchase-requests/create",
                |w, v| json!({ "project_id": w.project, "project_version": v, "form": order_form(), "idempotency_key": Uuid::new_v4() }),
            ),
            "the project",
            [U, A, A, A, A, F, N, F],
        ),
        row(
            Json(
                "purchase-requests/approve",
                |w, _| json!({ "request_id": w.requests[0], "confirmed_net_cents": null }),
            ),
            "a request",
            [U, A, A, F, F, F, N, F],
        ),
        row(
            Json(
                "purchase-requests/decline",
                |w, _| json!({ "request_id": w.requests[1], "message": "" }),
            ),
            "a request",
            [U, A, A, F, F, F, N, F],
        ),
        row(
            Json(
                "purchase-requests/cancel",
                |w, _| json!({ "request_id": w.requests[2] }),
            ),
            "the non-buyer's request",
            [U, N, N, A, N, F, N, F],
        ),
        row(
            Json("backoffice/orders", |_, _| json!({ "status": null })),
            "-",
            [U, F, F, F, F, F, F, A],
        ),
        row(
            Json(
                "backoffice/order",
                |w, _| json!({ "order_id": w.buyer_order }),
            ),
            "an order",
            [U, F, F, F, F, F, F, A],
        ),
        row(
            Json(
                "backoffice/record-payment",
                |w, _| json!({ "order_id": w.buyer_order }),
            ),
            "an order",
            [U, F, F, F, F, F, F, A],
        ),
        row(
            Json(
                "backoffice/advance",
                |w, _| json!({ "order_id": w.buyer_order, "tracking_number": "" }),
            ),
            "an order",
            [U, F, F, F, F, F, F, A],
        ),
        row(
            Json(
                "backoffice/cancel",
                |w, _| json!({ "order_id": w.holder_order, "reason": "Fichiers illisibles" }),
            ),
            "an order",
            [U, F, F, F, F, F, F, A],
        ),
        row(
            Json("backoffice/accounts", |_, _| json!({})),
            "-",
            [U, F, F, F, F, F, F, A],
        ),
        row(
            Json(
                "backoffice/payment-on-account",
                |w, _| json!({ "account_id": w.account_id, "enabled": true }),
            ),
            "an account",
            [U, F, F, F, F, F, F, A],
        ),
    ]
}

/// The prefixes whose every server function must have a row.
const COVERED: [&str; 4] = [
    "/api/projects/",
    "/api/orders/",
    "/api/purchase-requests/",
    "/api/backoffice/",
];

#[test]
fn every_function_has_a_row() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .filter(|path| COVERED.iter().any(|prefix| path.starts_with(prefix)))
        .collect();
    assert!(
        registered.len() >= 20,
        "the server functions are not registered in this binary: {registered:?}"
    );
    let in_table: BTreeSet<String> = rows()
        .iter()
        .map(|row| match row.call {
            Call::Json(endpoint, _) => format!("/api/{endpoint}"),
            Call::Upload => "/api/projects/upload".to_string(),
            Call::DownloadCurrent | Call::DownloadOrdered => "/api/files/{id}".to_string(),
        })
        .collect();
    let missing: Vec<_> = registered.difference(&in_table).collect();
    assert!(
        missing.is_empty(),
        "server functions without a row: {missing:?}"
    );
}

#[tokio::test]
async fn every_caller_gets_the_answer_of_the_table() {
    let world = world().await;
    // The world's first Gerber file, replaced: only the orders placed with it keep it.
    let ordered_file = world.file;
    ok(world
        .upload(
            &world.holder,
            world.project,
            "gerber",
            "v1b.zip",
            gerber_zip(),
        )
        .await)
    .await;
    let mut wrong = Vec::new();
    for row in rows() {
        for (actor, expected) in ACTORS.iter().zip(row.answers) {
            let client = client(&world, actor);
            let response = match &row.call {
                Call::Json(endpoint, arguments) => {
                    let version = world.project_version().await;
                    world
                        .app
                        .call_as(client, endpoint, arguments(&world, version))
                        .await
                }
                Call::Upload => {
                    world
                        .upload(client, world.project, "gerber", "v2.zip", gerber_zip())
                        .await
                }
                Call::DownloadCurrent | Call::DownloadOrdered => {
                    let file: Uuid = if matches!(row.call, Call::DownloadOrdered) {
                        ordered_file
                    } else {
                        sqlx::query_scalar(
                            "SELECT id FROM project_files WHERE project_id = $1 AND current",
                        )
                        .bind(world.project)
                        .fetch_one(&world.app.pool)
                        .await
                        .unwrap()
                    };
                    client
                        .get(format!("{}/api/files/{file}", world.app.address))
                        .send()
                        .await
                        .unwrap()
                }
            };
            let status = response.status().as_u16();
            let got = Answer::of(status);
            if got != expected {
                let name = match row.call {
                    Call::Json(endpoint, _) => endpoint,
                    Call::Upload => "projects/upload",
                    Call::DownloadCurrent | Call::DownloadOrdered => "files/{id}",
                };
                let body = response.text().await.unwrap_or_default();
                wrong.push(format!(
                    "{name} on {} as {actor}: expected {expected:?}, got {status} {body}",
                    row.object
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "answers that differ from the table:\n{}",
        wrong.join("\n")
    );
}
