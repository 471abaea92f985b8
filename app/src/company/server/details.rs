//! The holder corrects the company: its name and SIRET, checked again by staff after a change
//! (and against the SIREN of its French VAT number, if saved).
use crate::{
    company::forms::CompanyForm,
    error::AppError,
    issues::Form,
    server::{db::accounts::siret_taken, session, state, OnConstraint, OrInternal},
};
use shared::VatNumber;

pub async fn save_company(form: CompanyForm) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let valid = form.parse()?;
    let mut tx = state().pool.begin().await?;
    // Checked where it is written: the holder role may have passed on meanwhile.
    session::lock_holder(&mut tx, &holder).await?;
    // Staff checked this name with this SIRET: a change of either needs a new check.
    sqlx::query!(
        "UPDATE customer_accounts
         SET company_name = $2, siret = $3,
             siret_verified_at = CASE WHEN company_name = $2 AND siret IS NOT DISTINCT FROM $3
                                      THEN siret_verified_at END,
             siret_verified_by = CASE WHEN company_name = $2 AND siret IS NOT DISTINCT FROM $3
                                      THEN siret_verified_by END
         WHERE id = $1",
        holder.account_id,
        valid.company_name.as_str(),
        valid.siret(),
    )
    .execute(&mut *tx)
    .await
    .on_constraint("customer_accounts_siret_key", siret_taken)?;
    // A French VAT number saved names a SIREN: the SIRET must be one of that company's.
    let vat_number = sqlx::query_scalar!(
        "SELECT vat_number FROM customer_accounts WHERE id = $1",
        holder.account_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if let (Some(number), Some(siret)) = (vat_number, &valid.siret) {
        VatNumber::parse(&number)
            .or_internal()?
            .check_siret(siret)
            .map_err(|code| AppError::field("siret", code))?;
    }
    tx.commit().await?;
    Ok(())
}
