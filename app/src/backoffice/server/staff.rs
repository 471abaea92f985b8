//! Staff users: created from the command line only (`server staff create`), never a customer.
use crate::{
    error::AppError,
    i18n::Locale,
    issues::{all_parsed, Issues},
    server::{
        breached,
        db::users::{insert_user, NewUser},
        PasswordHasher,
    },
};
use shared::{Email, Password, PersonName, PhoneNumber};
use uuid::Uuid;

/// A staff member, as given on the command line (`server staff create`).
pub struct NewStaff {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub password: String,
}

/// Creates a staff user (never a customer): the same rules as sign-up for every field.
pub async fn create_staff(pool: &sqlx::PgPool, staff: &NewStaff) -> Result<Uuid, AppError> {
    let mut issues = Issues::default();
    let email = issues.check("email", Email::parse(&staff.email));
    let first_name = issues.check("first_name", PersonName::parse(&staff.first_name));
    let last_name = issues.check("last_name", PersonName::parse(&staff.last_name));
    let phone = issues.check("phone", PhoneNumber::parse(&staff.phone));
    let password = issues.check("password", Password::parse(&staff.password));
    let valid = all_parsed!(email, first_name, last_name, phone, password =>
        (email, first_name, last_name, phone, password));
    let (email, first_name, last_name, phone, password) = issues.finish(valid)?;
    let details = [email.as_str(), first_name.as_str(), last_name.as_str()];
    breached::refuse(&password, &details)?;
    // Run from the command line: no application state, a hasher of its own.
    let password_hash = PasswordHasher::new().hash(password.expose()).await?;
    let id = Uuid::new_v4();
    let mut tx = pool.begin().await?;
    let person = NewUser {
        email: &email,
        first_name: &first_name,
        last_name: &last_name,
        phone: &phone,
        password_hash: &password_hash,
        locale: Locale::fr,
        must_change_password: false,
        is_staff: true,
    };
    insert_user(&mut tx, id, &person).await?;
    tx.commit().await?;
    Ok(id)
}
