//! Orders, purchase requests and payment: public endpoints under `/api/orders/…` and
//! `/api/purchase-requests/…`. Placing needs "can buy"; anyone active may ask a buyer. Whose
//! orders a member sees is the `order_readers` view's rule; an order one may not see answers 404.
use super::types::{OrderDetail, OrderList, OrdersPageOverview, PersonChoice, RequestsOverview};
#[cfg(feature = "ssr")]
use crate::plain_forms::server::then_show;
use crate::plain_forms::JsonOrForm;
use crate::{error::AppError, projects::forms::OrderForm};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::list::{ListQuery, OrderFilter, RequestFilter};
use shared::PaymentMethod;
use uuid::Uuid;

/// A page of the orders the person may see: searched, filtered, sorted (`shared::list`); the
/// whole list's first page without a query.
#[server(prefix = "/api", endpoint = "orders/list", input = Json)]
pub async fn list_orders(
    #[server(default)] query: ListQuery<OrderFilter>,
) -> Result<OrderList, AppError> {
    super::server::list_orders(query).await
}

/// A page of the purchase requests the person made, or decides (holder and buyers), or sees
/// (members who see all orders), searched and filtered.
#[server(prefix = "/api", endpoint = "purchase-requests/list", input = Json)]
pub async fn list_purchase_requests(
    #[server(default)] query: ListQuery<RequestFilter>,
) -> Result<RequestsOverview, AppError> {
    super::server::list_purchase_requests(query).await
}

/// The people the purchase requests can be narrowed to: the account's members, for buyers and
/// those who see every order (none for the others). Read once for a page, not with each page of
/// the list.
#[server(prefix = "/api", endpoint = "purchase-requests/people", input = Json)]
pub async fn request_people() -> Result<Vec<PersonChoice>, AppError> {
    super::server::request_people().await
}

/// What the orders page shows beside its list: the first page of the purchase requests still
/// pending that the person sees, the newest first, and the people the orders can be narrowed to
/// (the account's members, for those who see others' orders). One statement, read once for the
/// page (and after a decision), not with each page of the list.
#[server(prefix = "/api", endpoint = "orders/overview", input = Json)]
pub async fn orders_overview() -> Result<OrdersPageOverview, AppError> {
    super::server::orders_overview().await
}

/// One order the person may see.
#[server(prefix = "/api", endpoint = "orders/get", input = Json)]
pub async fn load_order(order_id: Uuid) -> Result<OrderDetail, AppError> {
    super::server::load_order(order_id).await
}

/// A buyer orders the project as saved at `project_version`, its design files included.
/// `idempotency_key` is chosen by the client once per form: a retry, a double click or a second
/// tab answer the same order. Someone who may not buy: `NotAllowedToBuy`.
#[server(prefix = "/api", endpoint = "orders/place", input = JsonOrForm)]
pub async fn place_order(
    project_id: Uuid,
    project_version: i32,
    form: OrderForm,
    idempotency_key: Uuid,
) -> Result<Uuid, AppError> {
    let id = super::server::place_order(project_id, project_version, form, idempotency_key).await?;
    then_show(&format!("/account/orders/{id}"));
    Ok(id)
}

/// The holder or a buyer chooses how the order is paid (once).
#[server(prefix = "/api", endpoint = "orders/payment", input = JsonOrForm)]
pub async fn choose_payment(order_id: Uuid, method: PaymentMethod) -> Result<(), AppError> {
    super::server::choose_payment(order_id, method).await
}

/// The holder or a buyer who sees the order cancels it, before production (received or files
/// being checked); `reason` is optional. A paid order is then to be refunded (`refund_due_at`).
#[server(prefix = "/api", endpoint = "orders/cancel", input = JsonOrForm)]
pub async fn cancel_order(order_id: Uuid, reason: String) -> Result<(), AppError> {
    super::server::cancel_order(order_id, reason).await
}

/// A member who cannot buy asks the account's buyers to order the project.
#[server(prefix = "/api", endpoint = "purchase-requests/create", input = JsonOrForm)]
pub async fn request_purchase(
    project_id: Uuid,
    project_version: i32,
    form: OrderForm,
    idempotency_key: Uuid,
) -> Result<Uuid, AppError> {
    let id =
        super::server::request_purchase(project_id, project_version, form, idempotency_key).await?;
    then_show("/account/purchase-requests");
    Ok(id)
}

/// A buyer approves a request, which orders the version of the project the requester saw (its
/// snapshot, files and price). If the project changed since, `ProjectChanged` until
/// `confirmed_version` names its current version; if the price list changed since,
/// `PriceChanged` until `confirmed_net_cents` names the price today.
#[server(prefix = "/api", endpoint = "purchase-requests/approve", input = JsonOrForm)]
pub async fn approve_purchase(
    request_id: Uuid,
    #[server(default)] confirmed_version: Option<i32>,
    #[server(default)] confirmed_net_cents: Option<i64>,
) -> Result<Uuid, AppError> {
    super::server::approve_purchase(request_id, confirmed_version, confirmed_net_cents).await
}

/// A buyer declines a request, with an optional message to the requester.
#[server(prefix = "/api", endpoint = "purchase-requests/decline", input = JsonOrForm)]
pub async fn decline_purchase(request_id: Uuid, message: String) -> Result<(), AppError> {
    super::server::decline_purchase(request_id, message).await
}

/// The requester withdraws a request still waiting.
#[server(prefix = "/api", endpoint = "purchase-requests/cancel", input = JsonOrForm)]
pub async fn cancel_purchase(request_id: Uuid) -> Result<(), AppError> {
    super::server::cancel_purchase(request_id).await
}

/// A buyer orders again what a past order they see made (its project as then, design files,
/// quantity, lead time and delivery address), priced today; `confirmed_net_cents` accepts
/// today's price when it differs from the past order's (409 `PriceChanged` until then). The
/// terms of sale in force are accepted again; `idempotency_key` as for `orders/place`.
#[server(prefix = "/api", endpoint = "orders/reorder", input = JsonOrForm)]
pub async fn reorder(
    order_id: Uuid,
    #[server(default)] confirmed_net_cents: Option<i64>,
    #[server(default)] terms_accepted: bool,
    idempotency_key: Uuid,
) -> Result<Uuid, AppError> {
    let id = super::server::reorder(
        order_id,
        confirmed_net_cents,
        terms_accepted,
        idempotency_key,
    )
    .await?;
    then_show(&format!("/account/orders/{id}"));
    Ok(id)
}
