//! Getting in: sign-up, login, and who the header shows before a page is rendered.
use super::address::send_verification_link;
use crate::{
    auth::{forms::*, types::LoginStep, Visitor},
    error::AppError,
    issues::Form,
    server::{
        client_ip,
        db::{
            accounts::open_account,
            users::{insert_user, locale_or_default, NewUser},
        },
        passwords, session, state, OrInternal,
    },
};
use axum::extract::ConnectInfo;
use std::net::SocketAddr;
use uuid::Uuid;

pub async fn sign_up(form: SignUpForm) -> Result<(), AppError> {
    let valid = form.parse()?;
    passwords::refuse_common(&valid.password)?;
    let password_hash = passwords::hash_new(&valid.password).await?;
    let user_id = Uuid::new_v4();
    let locale = locale_or_default(&form.locale);

    let mut tx = state().pool.begin().await?;
    let person = NewUser {
        email: &valid.email,
        first_name: &valid.first_name,
        last_name: &valid.last_name,
        phone: &valid.phone,
        password_hash: &password_hash,
        locale,
        must_change_password: false,
        is_staff: false,
    };
    // Stored unproven: the link e-mailed now proves the address.
    insert_user(&mut tx, user_id, &person).await?;
    open_account(&mut tx, user_id, &valid.company).await?;
    send_verification_link(&mut tx, user_id, valid.email.as_str(), locale).await?;
    tx.commit().await?;

    session::start(user_id, 0, false).await
}

pub async fn log_in(form: LoginForm) -> Result<LoginStep, AppError> {
    form.parse()?;
    let state = state();
    let ConnectInfo(peer) = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .or_internal()?;
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .or_internal()?;
    let client = client_ip(peer.ip(), &headers, &state.config.trusted_proxies);
    state.limits.login_per_ip.check(&client)?;
    state
        .limits
        .login_per_account
        .check(&form.email.trim().to_lowercase())?;

    let credentials = sqlx::query!(
        r#"SELECT u.id, u.password_hash, u.session_epoch, u.is_staff,
                  u.two_factor_enabled_at IS NOT NULL AS "two_factor!",
                  EXISTS (SELECT 1 FROM memberships m
                          JOIN customer_accounts a ON a.id = m.account_id
                          WHERE m.user_id = u.id AND m.status = 'active'
                            AND a.require_two_factor) AS "required_by_account!"
           FROM users u WHERE lower(u.email) = lower($1)"#,
        form.email.trim()
    )
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
        // The second factor is asked only after the right password, so that unknown e-mails
        // and wrong passwords still get the same answer.
        Some(credentials) if verified && credentials.two_factor => {
            session::start_pending(credentials.id, credentials.session_epoch).await?;
            Ok(LoginStep::CodeNeeded)
        }
        Some(credentials) if verified => {
            session::start(credentials.id, credentials.session_epoch, false).await?;
            if credentials.is_staff || credentials.required_by_account {
                Ok(LoginStep::EnrolmentNeeded)
            } else {
                Ok(LoginStep::Done)
            }
        }
        _ => Err(AppError::InvalidCredentials),
    }
}

/// Looks up who is logged in before a page is rendered, for its header ([`Visitor`]): the
/// header reads it synchronously, without a resource. The render reuses the user it found
/// (`session::current_user`). Server functions (`/api/`) and the client's files (`pkg_prefix`,
/// `/pkg/`) skip the lookup.
pub async fn look_up_visitor(
    state: crate::server::AppState,
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
        let rules = &state.config.sessions;
        let visitor = match session::current_user_in(&session, &state.pool, rules).await {
            Ok(user) => {
                let visitor = match &user {
                    Some(user) if user.is_staff => Visitor::Staff,
                    Some(_) => Visitor::Customer,
                    None => Visitor::Anonymous,
                };
                request.extensions_mut().insert(session::LookedUpUser(user));
                visitor
            }
            // Logged where it happened; the page shows the way to log in, and its own lookups
            // try again.
            Err(_) => Visitor::Anonymous,
        };
        request.extensions_mut().insert(visitor);
    }
    next.run(request).await
}
