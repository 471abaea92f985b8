//! Getting in: sign-up, login, and who the header shows before a page is rendered.
use super::address::send_verification_link;
use crate::{
    auth::{forms::*, types::LoginStep, Visitor},
    error::AppError,
    issues::Form,
    server::{
        breached, check_both, client_address,
        db::{
            accounts::open_account,
            users::{insert_user, locale_or_default, NewUser},
        },
        email_key, passwords, security_events, session, state, AddressKey, Refused,
    },
};
use shared::SecurityEvent;
use uuid::Uuid;

pub async fn sign_up(form: SignUpForm) -> Result<(), AppError> {
    let limits = &state().limits;
    let per_ip = limits
        .new_passwords_per_ip
        .check(&client_address().await?.into())
        .await;
    security_events::limited(per_ip, None).await?;
    let valid = form.parse()?;
    let per_email = limits
        .sign_ups_per_email
        .check(&valid.email.normalized())
        .await;
    security_events::limited(per_email, None).await?;
    let details = [
        &*form.email,
        &form.first_name,
        &form.last_name,
        &form.company_name,
    ];
    breached::refuse(&valid.password, &details)?;
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
    let client: AddressKey = client_address().await?.into();
    let limits = &state.limits;
    let per_ip = (&limits.login_per_ip, &client);
    let per_account = (&limits.login_per_account, &email_key(&form.email));
    match check_both(per_ip, per_account).await {
        Ok(()) => {}
        Err(Refused::First(limited)) => {
            security_events::note_limit(None).await;
            return Err(limited);
        }
        Err(Refused::Second(limited)) => {
            let person = sqlx::query_scalar!(
                "SELECT id FROM users WHERE lower(email) = lower($1)",
                form.email.trim()
            )
            .fetch_optional(&state.pool)
            .await?;
            security_events::note_limit(person).await;
            return Err(limited);
        }
    }

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
        .await?;
    match credentials {
        // The second factor is asked only after the right password, so that unknown e-mails
        // and wrong passwords still get the same answer.
        Some(credentials) if verified && credentials.two_factor => {
            session::start_pending(credentials.id, credentials.session_epoch).await?;
            Ok(LoginStep::CodeNeeded)
        }
        Some(credentials) if verified => {
            session::start(credentials.id, credentials.session_epoch, false).await?;
            security_events::note(SecurityEvent::LoginSucceeded, Some(credentials.id)).await;
            if credentials.is_staff || credentials.required_by_account {
                Ok(LoginStep::EnrolmentNeeded)
            } else {
                Ok(LoginStep::Done)
            }
        }
        // An unknown address is kept too (without a person): the same work either way.
        credentials => {
            let person = credentials.map(|credentials| credentials.id);
            security_events::note(SecurityEvent::LoginFailed, person).await;
            Err(AppError::InvalidCredentials)
        }
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
    let in_backoffice = path == "/backoffice" || path.starts_with("/backoffice/");
    if let (true, Some(session)) = (renders_a_page, session) {
        let visitor = match session::caller_in(&session, &state).await {
            Ok(caller) => {
                // A plain form sent back to its page: the page shows the answer, or the refusal
                // with what was typed. Read once the session is (the database answered: an
                // outage costs one wait).
                if let Some(post) = crate::plain_forms::server::take_plain_post(&session).await {
                    request.extensions_mut().insert(post);
                }
                // The back-office's gate, decided before the render: the browser goes where it
                // belongs whether or not the page's WASM runs (the page's own gate follows
                // client-side navigation).
                let user = caller.as_ref().map(|caller| &caller.user);
                if in_backoffice {
                    if let Some(place) = backoffice_refusal(user) {
                        use axum::response::IntoResponse;
                        return axum::response::Redirect::to(place).into_response();
                    }
                }
                let visitor = match user {
                    Some(user) if user.is_staff => Visitor::Staff,
                    Some(_) => Visitor::Customer,
                    None => Visitor::Anonymous,
                };
                let zone = user.map(|user| user.time_zone).unwrap_or_default();
                request
                    .extensions_mut()
                    .insert(crate::components::format::PageTimeZone(zone));
                request
                    .extensions_mut()
                    .insert(session::LookedUpCaller(caller));
                visitor
            }
            // Every lookup of the page would wait for the database in turn, then show nothing.
            Err(AppError::Unavailable) => return unavailable_page(request.headers()),
            // Logged where it happened; the page shows the way to log in, and its own lookups
            // try again.
            Err(_) => Visitor::Anonymous,
        };
        request.extensions_mut().insert(visitor);
    }
    next.run(request).await
}

/// Where someone who may not see the back-office goes instead: the login page, their account,
/// or enrolling the second factor staff must have; `None` for staff ready to work.
fn backoffice_refusal(user: Option<&session::CurrentUser>) -> Option<&'static str> {
    match user {
        None => Some("/login"),
        Some(user) if !user.is_staff => Some("/account"),
        Some(user) if user.must_enrol() => Some("/two-factor"),
        Some(_) => None,
    }
}

/// The answer to a page asked for while the database is out of reach: 503 (a load balancer may
/// try another process), the reason in the person's language, and when to come back.
fn unavailable_page(headers: &axum::http::HeaderMap) -> axum::response::Response {
    use axum::{http::header, response::IntoResponse};
    let locale = crate::locale::page_locale(headers);
    let reason = crate::components::errors::form_error_text(locale, &AppError::Unavailable);
    let page = format!(
        "<!DOCTYPE html><html lang=\"{locale}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>EMS PROTO</title></head><body><main><h1>EMS PROTO</h1><p role=\"alert\">{reason}</p>\
         </main></body></html>"
    );
    (
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::RETRY_AFTER, "2"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        page,
    )
        .into_response()
}
