//! People: creating one, their language, their e-mail address.
use crate::{
    error::{AppError, ConflictCode},
    i18n::{I18nLocaleTrait, Locale},
    server::OnConstraint,
};
use shared::{Email, PersonName, PhoneNumber};
use sqlx::PgConnection;
use uuid::Uuid;

/// `fr` or `en`; anything else falls back to French, the site's default.
pub fn locale_or_default(locale: &str) -> Locale {
    match locale {
        "en" => Locale::en,
        _ => Locale::fr,
    }
}

/// A stored phone number (E.164) as people read it ("06 12 34 56 78"); one that no longer parses
/// as it is stored.
pub fn readable_phone(stored: String) -> String {
    PhoneNumber::parse(&stored)
        .map(|number| number.display())
        .unwrap_or(stored)
}

/// A person's account as it is first stored (sign-up, a holder creating a collaborator, staff).
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub first_name: &'a PersonName,
    pub last_name: &'a PersonName,
    pub phone: &'a PhoneNumber,
    pub password_hash: &'a str,
    pub locale: Locale,
    pub must_change_password: bool,
    pub is_staff: bool,
}

/// Stores a new person; an e-mail address someone already has (whatever its case) is
/// `email_taken`.
pub async fn insert_user(
    tx: &mut PgConnection,
    id: Uuid,
    person: &NewUser<'_>,
) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, phone, locale,
                            must_change_password, is_staff)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        id,
        person.email.as_str(),
        person.password_hash,
        person.first_name.as_str(),
        person.last_name.as_str(),
        person.phone.as_e164(),
        person.locale.as_str(),
        person.must_change_password,
        person.is_staff,
    )
    .execute(tx)
    .await
    .on_constraint("users_email_key", || {
        AppError::conflict("email", ConflictCode::EmailTaken)
    })?;
    Ok(())
}

/// The customer with this e-mail, whatever its case (staff never join a customer account).
pub async fn customer_by_email(
    executor: impl sqlx::PgExecutor<'_>,
    email: &Email,
) -> Result<Option<Uuid>, AppError> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM users WHERE lower(email) = lower($1) AND NOT is_staff",
        email.as_str()
    )
    .fetch_optional(executor)
    .await?)
}
