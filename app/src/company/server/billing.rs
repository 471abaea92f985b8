//! The holder's billing details: the company's VAT number and billing address.
use crate::{
    company::forms::BillingForm,
    error::AppError,
    issues::Form,
    server::{session, state, OrInternal},
};
use shared::{DeliveryAddress, FieldError, Siret, VatNumber};
use sqlx::types::Json;

pub async fn load_billing() -> Result<BillingForm, AppError> {
    let holder = session::require_holder().await?;
    let saved = sqlx::query!(
        r#"SELECT vat_number, billing_address AS "billing_address: Json<DeliveryAddress>"
           FROM customer_accounts WHERE id = $1"#,
        holder.account_id
    )
    .fetch_one(&state().pool)
    .await?;
    let vat_number = saved
        .vat_number
        .map(|number| VatNumber::parse(&number))
        .transpose()
        .or_internal()?;
    Ok(BillingForm::saved(
        vat_number,
        saved.billing_address.map(|Json(address)| address),
    ))
}

pub async fn save_billing(form: BillingForm) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let valid = form.parse()?;
    let mut tx = state().pool.begin().await?;
    session::lock_holder(&mut tx, &holder).await?;
    // A French VAT number names the company's SIREN: checked against the SIRET as it is now.
    let siret = sqlx::query_scalar!(
        "SELECT siret FROM customer_accounts WHERE id = $1 FOR UPDATE",
        holder.account_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if let (Some(number), Some(siret)) = (&valid.vat_number, siret) {
        let siret = Siret::parse(&siret).or_internal()?;
        number
            .check_siret(&siret)
            .map_err(|code: FieldError| AppError::field("vat_number", code))?;
    }
    sqlx::query!(
        "UPDATE customer_accounts SET vat_number = $2, billing_address = $3 WHERE id = $1",
        holder.account_id,
        valid.vat_number.as_ref().map(VatNumber::as_str),
        valid.address.map(Json) as Option<Json<DeliveryAddress>>,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
