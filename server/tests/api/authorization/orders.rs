//! Rows of the authorization matrix: projects, design files, orders, purchase requests, payment
//! and the back-office.
use super::{
    Answer::{Allowed as A, Enrol as E, Forbidden as F, NotFound as N, Unauthorized as U},
    Call, Row,
};
use crate::world::{order_form, project_form};
use serde_json::json;
use uuid::Uuid;

/// Projects, design files, orders, purchase requests, payment and the back-office.
pub(super) fn rows() -> Vec<Row> {
    use Call::Json;
    let row = |call, object, answers| Row {
        call,
        object,
        answers,
    };
    vec![
        //                                                           anon hold buy  non  all  deac othr staf 1st  unvf s2fa
        row(
            Json("projects/list", |_, _| json!({})),
            "-",
            [U, A, A, A, A, F, A, F, F, A, E],
        ),
        row(
            Json("projects/get", |w, _| json!({ "project_id": w.project })),
            "the project",
            [U, A, A, A, A, F, N, F, F, A, E],
        ),
        row(
            Json(
                "projects/create",
                |_, _| json!({ "form": project_form("Nouveau") }),
            ),
            "-",
            [U, A, A, A, A, F, A, F, F, A, E],
        ),
        row(
            Json(
                "projects/save",
                |w, v| json!({ "project_id": w.project, "version": v, "form": project_form("Renommé") }),
            ),
            "the project",
            [U, A, A, A, A, F, N, F, F, A, E],
        ),
        row(
            Json(
                "projects/duplicate",
                |w, _| json!({ "project_id": w.project }),
            ),
            "the project",
            [U, A, A, A, A, F, N, F, F, A, E],
        ),
        row(
            Call::Upload,
            "the project",
            [U, A, A, A, A, F, N, F, F, A, E],
        ),
        row(
            Call::DownloadCurrent,
            "the project's Gerber file",
            [U, A, A, A, A, F, N, A, F, A, E],
        ),
        row(
            Call::DownloadOrdered,
            "a file the orders kept",
            [U, A, A, N, A, F, N, A, F, N, E],
        ),
        row(
            Json("orders/list", |_, _| json!({})),
            "-",
            [U, A, A, A, A, F, A, F, F, A, E],
        ),
        row(
            Json("purchase-requests/list", |_, _| json!({})),
            "-",
            [U, A, A, A, A, F, A, F, F, A, E],
        ),
        row(
            Json("orders/overview", |_, _| json!({})),
            "-",
            [U, A, A, A, A, F, A, F, F, A, E],
        ),
        row(
            Json("purchase-requests/people", |_, _| json!({})),
            "-",
            [U, A, A, A, A, F, A, F, F, A, E],
        ),
        row(
            Json("orders/get", |w, _| json!({ "order_id": w.buyer_order })),
            "the buyer's order",
            [U, A, A, N, A, F, N, F, F, N, E],
        ),
        row(
            Json("orders/get", |w, _| json!({ "order_id": w.holder_order })),
            "the holder's order",
            [U, A, N, N, A, F, N, F, F, N, E],
        ),
        row(
            Json(
                "orders/place",
                |w, v| json!({ "project_id": w.project, "project_version": v, "form": order_form(), "idempotency_key": Uuid::new_v4() }),
            ),
            "the project",
            [U, A, A, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "orders/reorder",
                |w, _| json!({ "order_id": w.buyer_order, "terms_accepted": true, "idempotency_key": Uuid::new_v4() }),
            ),
            "the buyer's order",
            [U, A, A, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "orders/payment",
                |w, _| json!({ "order_id": w.buyer_order, "method": "bank_transfer" }),
            ),
            "the buyer's order",
            [U, A, A, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "orders/payment",
                |w, _| json!({ "order_id": w.holder_order, "method": "bank_transfer" }),
            ),
            "the holder's order",
            [U, A, N, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "purchase-requests/create",
                |w, v| json!({ "project_id": w.project, "project_version": v, "form": order_form(), "idempotency_key": Uuid::new_v4() }),
            ),
            "the project",
            [U, A, A, A, A, F, N, F, F, A, E],
        ),
        row(
            Json(
                "purchase-requests/approve",
                |w, _| json!({ "request_id": w.requests[0], "confirmed_net_cents": null }),
            ),
            "a request",
            [U, A, A, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "purchase-requests/decline",
                |w, _| json!({ "request_id": w.requests[1], "message": "" }),
            ),
            "a request",
            [U, A, A, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "purchase-requests/cancel",
                |w, _| json!({ "request_id": w.requests[2] }),
            ),
            "the non-buyer's request",
            [U, N, N, A, N, F, N, F, F, N, E],
        ),
        row(
            Json("backoffice/orders", |_, _| json!({})),
            "-",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
        row(
            Json("backoffice/messages", |_, _| json!({})),
            "-",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
        row(
            Json(
                "backoffice/order",
                |w, _| json!({ "order_id": w.buyer_order }),
            ),
            "an order",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
        row(
            Json(
                "backoffice/record-payment",
                |w, _| json!({ "order_id": w.buyer_order }),
            ),
            "an order",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
        row(
            Json(
                "backoffice/advance",
                |w, _| json!({ "order_id": w.buyer_order, "tracking_number": "" }),
            ),
            "an order",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
        row(
            Json(
                "backoffice/cancel",
                |w, _| json!({ "order_id": w.holder_order, "reason": "Fichiers illisibles" }),
            ),
            "an order",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
        row(
            Json("documents/list", |_, _| json!({})),
            "-",
            [U, A, A, A, A, F, A, F, F, A, E],
        ),
        row(
            Json(
                "documents/project-quotes",
                |w, _| json!({ "project_id": w.project }),
            ),
            "the project",
            [U, A, A, A, A, F, A, F, F, A, E],
        ),
        row(
            Json(
                "documents/quote",
                |w, _| json!({ "project_id": w.project, "lead_time": "standard" }),
            ),
            "the project",
            [U, A, A, A, A, F, N, F, F, A, E],
        ),
        row(
            Call::DownloadDocument,
            "the buyer's order's pro-forma invoice",
            [U, A, A, N, A, F, N, A, F, N, E],
        ),
        row(
            Json("backoffice/documents", |_, _| json!({})),
            "-",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
        row(
            Json("backoffice/accounts", |_, _| json!({})),
            "-",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
        row(
            Json(
                "backoffice/payment-on-account",
                |w, _| json!({ "account_id": w.account_id, "enabled": true }),
            ),
            "an account",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
        row(
            Json(
                "backoffice/verify-siret",
                |w, _| json!({ "account_id": w.account_id, "verified": true }),
            ),
            "an account",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
        // Last: cancelling changes what the other rows' orders may do.
        row(
            Json(
                "orders/cancel",
                |w, _| json!({ "order_id": w.buyer_order, "reason": "" }),
            ),
            "the buyer's order",
            [U, A, A, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "backoffice/record-refund",
                |w, _| json!({ "order_id": w.buyer_order }),
            ),
            "an order",
            [U, F, F, F, F, F, F, A, F, F, E],
        ),
    ]
}
