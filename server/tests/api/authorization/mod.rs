//! Who may call which server function, kept as data: every row names a function, the object it
//! is called on, and the answer each kind of caller gets (`orders.rs`: projects, files, orders,
//! purchase requests, the back-office; `accounts.rs`: the collaborator space, "Mon compte", the
//! session, two-factor authentication). A server function under the covered prefixes without a
//! row fails `every_function_has_a_row`. Not covered: logging in, signing up and the forgotten
//! password (`/api/auth/` but `me`, `logout` and `login-code`), which answer the same to every
//! caller by design and have tests of their own (`auth.rs`, `identity.rs`, `two_factor.rs`).
mod accounts;
mod orders;

use crate::world::{gerber_zip, ok, world, World};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

/// What a caller gets: allowed (the function ran: 200, or a business answer such as 409 when
/// an earlier caller already did the thing, or a wrong second-factor code), or refused with
/// 401, 403 (`Enrol` when a second factor must be enrolled first) or 404; or, for a
/// single-use link, refused as invalid (400) whoever brings it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    Allowed,
    Unauthorized,
    Forbidden,
    Enrol,
    NotFound,
    Invalid,
}

impl Answer {
    fn of(status: u16, body: &str) -> Self {
        let two_factor = serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|body| body.get("TwoFactor").cloned());
        match status {
            // The code was read and checked: the caller may call the function.
            401 if two_factor == Some(json!("wrong_code")) => Answer::Allowed,
            401 => Answer::Unauthorized,
            403 if two_factor == Some(json!("enrolment_required")) => Answer::Enrol,
            403 => Answer::Forbidden,
            404 => Answer::NotFound,
            // A malformed call elsewhere in this table: it must not count as allowed.
            400 => Answer::Invalid,
            200 | 409 => Answer::Allowed,
            other => panic!("unexpected status {other}"),
        }
    }
}

/// The callers, in the order of each row's answers.
const ACTORS: [&str; 11] = [
    "anonymous",
    "holder",
    "buyer",
    "non-buyer",
    "sees-all",
    "deactivated",
    "other account",
    "staff",
    "first password",
    "unverified",
    "staff without 2FA",
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
        "staff" => &world.staff,
        "first password" => &world.first_password,
        "unverified" => &world.unverified,
        _ => &world.staff_without_two_factor,
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
    /// The PDF of the buyer's order's pro-forma invoice (`/api/documents/{id}`).
    DownloadDocument,
}

pub(crate) struct Row {
    pub(crate) call: Call,
    /// The object the call is about, for the failure message.
    object: &'static str,
    answers: [Answer; 11],
}

/// Every row, in the order they are called.
pub(crate) fn rows() -> Vec<Row> {
    let mut rows = orders::rows();
    rows.extend(accounts::rows());
    rows
}

/// The prefixes whose every server function must have a row.
const COVERED: [&str; 10] = [
    "/api/projects/",
    "/api/documents/",
    "/api/orders/",
    "/api/purchase-requests/",
    "/api/backoffice/",
    "/api/collaborators/",
    "/api/account/",
    "/api/auth/me",
    "/api/auth/logout",
    "/api/auth/login-code",
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
            Call::DownloadDocument => "/api/documents/{id}".to_string(),
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
                Call::DownloadDocument => {
                    let document: Uuid = sqlx::query_scalar(
                        "SELECT id FROM documents WHERE order_id = $1 AND kind = 'pro_forma'",
                    )
                    .bind(world.buyer_order)
                    .fetch_one(&world.app.pool)
                    .await
                    .unwrap();
                    client
                        .get(format!("{}/api/documents/{document}", world.app.address))
                        .send()
                        .await
                        .unwrap()
                }
            };
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            let got = Answer::of(status, &body);
            if got != expected {
                let name = match row.call {
                    Call::Json(endpoint, _) => endpoint,
                    Call::Upload => "projects/upload",
                    Call::DownloadCurrent | Call::DownloadOrdered => "files/{id}",
                    Call::DownloadDocument => "documents/{id}",
                };
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
