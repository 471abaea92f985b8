//! The company feature's server functions: public endpoints under `/api/account/…`, each
//! checking its own input and permissions on the server.
use super::forms::{BillingForm, CompanyForm, SavedAddressForm};
use super::types::SavedAddress;
use crate::error::AppError;
use crate::plain_forms::JsonOrForm;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

/// The holder adds or corrects the company's name and SIRET; a change asks staff to check it
/// again. A SIRET another account has is `siret_taken`.
#[server(prefix = "/api", endpoint = "account/company", input = JsonOrForm)]
pub async fn save_company(form: CompanyForm) -> Result<(), AppError> {
    super::server::save_company(form).await
}

/// Opens a customer account that the logged-in person holds (their address proven), and acts
/// for it from now on; answers its id.
#[server(prefix = "/api", endpoint = "account/new-company", input = JsonOrForm)]
pub async fn open_company_account(form: CompanyForm) -> Result<Uuid, AppError> {
    super::server::open_company_account(form).await
}

/// The company's billing details as saved (the holder only).
#[server(prefix = "/api", endpoint = "account/billing/get", input = Json)]
pub async fn load_billing() -> Result<BillingForm, AppError> {
    super::server::load_billing().await
}

/// The holder saves the company's VAT number and billing address (both optional). A French
/// VAT number must name the SIREN of the account's SIRET: `vat_not_of_siret` otherwise.
#[server(prefix = "/api", endpoint = "account/billing", input = JsonOrForm)]
pub async fn save_billing(form: BillingForm) -> Result<(), AppError> {
    super::server::save_billing(form).await
}

/// The account's address book, the default address first (every member: the order form
/// offers them).
#[server(prefix = "/api", endpoint = "account/addresses", input = Json)]
pub async fn list_addresses() -> Result<Vec<SavedAddress>, AppError> {
    super::server::list_addresses().await
}

/// The holder or a buyer adds a delivery address; the first one, or one asked so, becomes the
/// default. Answers its id.
#[server(prefix = "/api", endpoint = "account/addresses/add", input = JsonOrForm)]
pub async fn save_address(form: SavedAddressForm) -> Result<Uuid, AppError> {
    super::server::save_address(form).await
}

/// The holder or a buyer changes an address (its name, the address, and with `is_default` makes
/// it the default; the default stays so until another is chosen).
#[server(prefix = "/api", endpoint = "account/addresses/update", input = JsonOrForm)]
pub async fn update_address(address_id: Uuid, form: SavedAddressForm) -> Result<(), AppError> {
    super::server::update_address(address_id, form).await
}

/// The holder or a buyer makes an address the default.
#[server(prefix = "/api", endpoint = "account/addresses/default", input = JsonOrForm)]
pub async fn set_default_address(address_id: Uuid) -> Result<(), AppError> {
    super::server::set_default_address(address_id).await
}

/// The holder or a buyer deletes an address (orders keep theirs); if it was the default, the
/// latest added becomes it.
#[server(prefix = "/api", endpoint = "account/addresses/delete", input = JsonOrForm)]
pub async fn delete_address(address_id: Uuid) -> Result<(), AppError> {
    super::server::delete_address(address_id).await
}
