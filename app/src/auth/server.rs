//! What the auth server functions do, on the server only.
use super::{
    api::{AccountChoice, ActiveAccount, Me},
    forms::{
        new_password, ChangePasswordForm, LoginForm, ProfileForm, ResetPasswordForm, SignUpForm,
    },
};
use crate::{
    error::AppError,
    i18n::{td_string, I18nLocaleTrait, Locale},
    server::{client_ip, internal, is_common_password, mail, session, state},
};
use axum::extract::ConnectInfo;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};
use shared::{Email, FieldError, Password, PersonName, PhoneNumber, Role};
use std::net::SocketAddr;
use uuid::Uuid;

const RESET_LINK_LIFETIME_MINUTES: i32 = 60;

/// `fr` or `en`; anything else falls back to French, the site's default.
pub fn locale_or_default(locale: &str) -> Locale {
    match locale {
        "en" => Locale::en,
        _ => Locale::fr,
    }
}

pub(crate) fn refuse_common(password: &Password) -> Result<(), AppError> {
    if is_common_password(password.expose()) {
        return Err(AppError::field("password", FieldError::PasswordTooCommon));
    }
    Ok(())
}

/// Hashes a new password on the bounded blocking pool.
pub(crate) async fn hash_password(password: &Password) -> Result<String, AppError> {
    state()
        .passwords
        .hash(password.expose())
        .await
        .map_err(internal)
}

/// A person's account as it is first stored (sign-up, or a holder creating a collaborator).
pub(crate) struct NewUser<'a> {
    pub email: &'a Email,
    pub first_name: &'a PersonName,
    pub last_name: &'a PersonName,
    pub phone: &'a PhoneNumber,
    pub password_hash: &'a str,
    pub locale: Locale,
    pub must_change_password: bool,
}

pub(crate) async fn insert_user(
    tx: &mut sqlx::PgConnection,
    id: Uuid,
    person: &NewUser<'_>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, phone, locale, must_change_password)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(person.email.as_str())
    .bind(person.password_hash)
    .bind(person.first_name.as_str())
    .bind(person.last_name.as_str())
    .bind(person.phone.as_e164())
    .bind(person.locale.as_str())
    .bind(person.must_change_password)
    .execute(tx)
    .await?;
    Ok(())
}

pub async fn sign_up(form: SignUpForm) -> Result<(), AppError> {
    let valid = form.parse()?;
    refuse_common(&valid.password)?;
    let state = state();
    let password_hash = hash_password(&valid.password).await?;
    let locale = locale_or_default(&form.locale);
    let user_id = Uuid::new_v4();
    let account_id = Uuid::new_v4();

    let mut tx = state.pool.begin().await?;
    let person = NewUser {
        email: &valid.email,
        first_name: &valid.first_name,
        last_name: &valid.last_name,
        phone: &valid.phone,
        password_hash: &password_hash,
        locale,
        must_change_password: false,
    };
    insert_user(&mut tx, user_id, &person).await?;
    sqlx::query("INSERT INTO customer_accounts (id, company_name, siret) VALUES ($1, $2, $3)")
        .bind(account_id)
        .bind(valid.company_name.as_str())
        .bind(valid.siret.as_ref().map(|siret| siret.as_str()))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO memberships (account_id, user_id, role, can_buy, can_see_all_orders, added_by)
         VALUES ($1, $2, 'holder', true, true, $2)",
    )
    .bind(account_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;

    session::start(user_id, 0).await
}

#[derive(sqlx::FromRow)]
struct Credentials {
    id: Uuid,
    password_hash: String,
    session_epoch: i32,
}

pub async fn log_in(form: LoginForm) -> Result<(), AppError> {
    form.parse()?;
    let state = state();
    let ConnectInfo(peer) = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map_err(internal)?;
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .map_err(internal)?;
    let client = client_ip(peer.ip(), &headers, &state.config.trusted_proxies);
    state.limits.login_per_ip.check(&client)?;
    state
        .limits
        .login_per_account
        .check(&form.email.trim().to_lowercase())?;

    let credentials = sqlx::query_as::<_, Credentials>(
        "SELECT id, password_hash, session_epoch FROM users WHERE lower(email) = lower($1)",
    )
    .bind(form.email.trim())
    .fetch_optional(&state.pool)
    .await?;
    // Unknown e-mail or wrong password: the same work, the same answer.
    let verified = state
        .passwords
        .verify(
            &form.password,
            credentials.as_ref().map(|c| c.password_hash.as_str()),
        )
        .await;
    match credentials {
        Some(credentials) if verified => {
            session::start(credentials.id, credentials.session_epoch).await
        }
        _ => Err(AppError::InvalidCredentials),
    }
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: Uuid,
    name: String,
    role: String,
}

pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    let Some(user) = session::current_user().await? else {
        return Ok(None);
    };
    let pool = &state().pool;
    let accounts = sqlx::query_as::<_, AccountRow>(
        "SELECT a.id, a.company_name AS name, m.role
         FROM memberships m JOIN customer_accounts a ON a.id = m.account_id
         WHERE m.user_id = $1 AND m.status = 'active'
         ORDER BY m.role = 'holder' DESC, a.company_name",
    )
    .bind(user.id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| AccountChoice {
        id: row.id,
        name: row.name,
        role: Role::parse(&row.role).unwrap_or(Role::Collaborator),
    })
    .collect();
    let member = session::member_of(user.clone()).await?;
    let active = match member {
        Some(member) => {
            let pending_requests: i64 = if member.is_holder() {
                sqlx::query_scalar(
                    "SELECT count(*) FROM collaboration_requests
                     WHERE account_id = $1 AND kind = 'request' AND status = 'pending'",
                )
                .bind(member.account_id)
                .fetch_one(pool)
                .await?
            } else {
                0
            };
            Some(ActiveAccount {
                id: member.account_id,
                name: member.account_name,
                role: member.role,
                permissions: member.permissions,
                pending_requests,
            })
        }
        None => None,
    };
    Ok(Some(Me {
        phone: PhoneNumber::parse(&user.phone)
            .map(|p| p.to_string())
            .unwrap_or(user.phone),
        first_name: user.first_name,
        last_name: user.last_name,
        email: user.email,
        locale: user.locale,
        must_change_password: user.must_change_password,
        staff: user.is_staff,
        active,
        accounts,
    }))
}

pub async fn switch_account(account_id: Uuid) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let member: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM memberships
                        WHERE account_id = $1 AND user_id = $2 AND status = 'active')",
    )
    .bind(account_id)
    .bind(user.id)
    .fetch_one(&state().pool)
    .await?;
    // Someone else's account answers like one that does not exist.
    if !member {
        return Err(AppError::NotFound);
    }
    session::choose_account(account_id).await
}

pub async fn choose_first_password(password: String, confirmation: String) -> Result<(), AppError> {
    let user = session::require_user().await?;
    if !user.must_change_password {
        return Err(AppError::Forbidden);
    }
    let password = new_password(&password, &confirmation)?;
    refuse_common(&password)?;
    let password_hash = hash_password(&password).await?;
    let mut tx = state().pool.begin().await?;
    let epoch = set_password(&mut tx, user.id, &password_hash).await?;
    tx.commit().await?;
    session::renew_epoch(epoch).await
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[derive(sqlx::FromRow)]
struct ResetTarget {
    id: Uuid,
    email: String,
    locale: String,
}

pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let email = shared::Email::parse(&email).map_err(|code| AppError::field("email", code))?;
    let state = state();
    state.limits.reset_per_email.check(&email.normalized())?;
    let mut tx = state.pool.begin().await?;
    let target = sqlx::query_as::<_, ResetTarget>(
        "SELECT id, email, locale FROM users WHERE lower(email) = lower($1)",
    )
    .bind(email.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(target) = target {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let token = URL_SAFE_NO_PAD.encode(bytes);
        sqlx::query(
            "INSERT INTO password_reset_tokens (token_hash, user_id, expires_at)
             VALUES ($1, $2, now() + make_interval(mins => $3))",
        )
        .bind(token_hash(&token))
        .bind(target.id)
        .bind(RESET_LINK_LIFETIME_MINUTES)
        .execute(&mut *tx)
        .await?;
        let locale = locale_or_default(&target.locale);
        let link = format!("{}/reset-password?token={token}", state.config.public_url);
        let subject = td_string!(locale, email.reset_subject).to_string();
        let body = td_string!(locale, email.reset_body, link = link.as_str()).to_string();
        mail::enqueue(
            &mut tx,
            &target.email,
            locale.as_str(),
            "password_reset",
            &subject,
            &body,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn reset_password(form: ResetPasswordForm) -> Result<(), AppError> {
    let password = form.parse()?;
    refuse_common(&password)?;
    let state = state();
    let password_hash = hash_password(&password).await?;
    let mut tx = state.pool.begin().await?;
    // Used once: the update only matches an unused, unexpired token.
    let user_id: Option<Uuid> = sqlx::query_scalar(
        "UPDATE password_reset_tokens SET used_at = now()
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
         RETURNING user_id",
    )
    .bind(token_hash(form.token.trim()))
    .fetch_optional(&mut *tx)
    .await?;
    let user_id = user_id.ok_or(AppError::InvalidToken)?;
    set_password(&mut tx, user_id, &password_hash).await?;
    // Any other link sent before is now worthless too.
    sqlx::query(
        "UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Stores a new password hash and ends every session of the user (their epoch moves on).
async fn set_password(
    tx: &mut sqlx::PgConnection,
    user_id: Uuid,
    password_hash: &str,
) -> Result<i32, AppError> {
    let epoch: i32 = sqlx::query_scalar(
        "UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1,
                must_change_password = false, updated_at = now()
         WHERE id = $1 RETURNING session_epoch",
    )
    .bind(user_id)
    .bind(password_hash)
    .fetch_one(tx)
    .await?;
    Ok(epoch)
}

pub async fn update_profile(form: ProfileForm) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let valid = form.parse()?;
    sqlx::query("UPDATE users SET first_name = $2, last_name = $3, phone = $4, updated_at = now() WHERE id = $1")
        .bind(user.id)
        .bind(valid.first_name.as_str())
        .bind(valid.last_name.as_str())
        .bind(valid.phone.as_e164())
        .execute(&state().pool)
        .await?;
    Ok(())
}

pub async fn change_password(form: ChangePasswordForm) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let password = form.parse()?;
    refuse_common(&password)?;
    let state = state();
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(&state.pool)
        .await?;
    if !state
        .passwords
        .verify(&form.current_password, Some(&stored))
        .await
    {
        return Err(AppError::conflict("current_password", "wrong_password"));
    }
    let password_hash = hash_password(&password).await?;
    let mut tx = state.pool.begin().await?;
    let epoch = set_password(&mut tx, user.id, &password_hash).await?;
    tx.commit().await?;
    // This session stays; the others end at their next request.
    session::renew_epoch(epoch).await
}

pub async fn set_language(locale: String) -> Result<(), AppError> {
    let user = session::require_user().await?;
    if locale != "fr" && locale != "en" {
        return Err(AppError::field("locale", FieldError::Required));
    }
    sqlx::query("UPDATE users SET locale = $2, updated_at = now() WHERE id = $1")
        .bind(user.id)
        .bind(&locale)
        .execute(&state().pool)
        .await?;
    Ok(())
}

/// Looks up who is logged in before a page is rendered, for its header (`Visitor`): the header
/// reads it synchronously, without a resource. The render reuses the user it found
/// (`session::current_user`). Server functions (`/api/`) and the client's files (`pkg_prefix`,
/// `/pkg/`) skip the lookup.
pub async fn look_up_visitor(
    pool: sqlx::PgPool,
    pkg_prefix: std::sync::Arc<str>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path();
    let renders_a_page = request.method() == axum::http::Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with(&*pkg_prefix);
    let session = request
        .extensions()
        .get::<tower_sessions::Session>()
        .cloned();
    if let (true, Some(session)) = (renders_a_page, session) {
        let visitor = match session::current_user_in(&session, &pool).await {
            Ok(user) => {
                let visitor = match &user {
                    Some(user) if user.is_staff => super::Visitor::Staff,
                    Some(_) => super::Visitor::Customer,
                    None => super::Visitor::Anonymous,
                };
                request.extensions_mut().insert(session::LookedUpUser(user));
                visitor
            }
            // Logged where it happened; the page shows the way to log in, and its own lookups
            // try again.
            Err(_) => super::Visitor::Anonymous,
        };
        request.extensions_mut().insert(visitor);
    }
    next.run(request).await
}
