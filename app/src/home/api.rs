//! The account home's endpoint: `/api/account/home`.
use super::types::HomeOverview;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// What needs the logged-in person now, and their recent orders and projects (customers only).
#[server(prefix = "/api", endpoint = "account/home", input = Json)]
pub async fn account_home() -> Result<HomeOverview, AppError> {
    super::server::account_home().await
}
