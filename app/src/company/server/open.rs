//! A person who has a login opens a customer account of their own, which they hold.
use crate::{
    company::forms::CompanyForm,
    error::AppError,
    issues::Form,
    server::{db::accounts::open_account, session, state},
};
use uuid::Uuid;

pub async fn open_company_account(form: CompanyForm) -> Result<Uuid, AppError> {
    let user = session::require_customer().await?;
    session::require_verified(&user)?;
    let valid = form.parse()?;
    let mut tx = state().pool.begin().await?;
    let account_id = open_account(&mut tx, user.id, &valid).await?;
    tx.commit().await?;
    session::choose_account(account_id).await?;
    Ok(account_id)
}
