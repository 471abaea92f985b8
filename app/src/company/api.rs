//! The company feature's server functions: public endpoints under `/api/account/…`, each
//! checking its own input and permissions on the server.
use super::forms::CompanyForm;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

/// The holder adds or corrects the company's name and SIRET; a change asks staff to check it
/// again. A SIRET another account has is `siret_taken`.
#[server(prefix = "/api", endpoint = "account/company", input = Json)]
pub async fn save_company(form: CompanyForm) -> Result<(), AppError> {
    super::server::save_company(form).await
}

/// Opens a customer account that the logged-in person holds (their address proven), and acts
/// for it from now on; answers its id.
#[server(prefix = "/api", endpoint = "account/new-company", input = Json)]
pub async fn open_company_account(form: CompanyForm) -> Result<Uuid, AppError> {
    super::server::open_company_account(form).await
}
