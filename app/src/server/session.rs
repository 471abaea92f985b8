//! Who is logged in. The session (stored in PostgreSQL by tower-sessions) holds the user's id,
//! the user's session epoch and when the login happened; every request re-reads the user, so a
//! password change (which bumps the epoch) ends the other sessions at their next request.
use super::state;
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use tower_sessions::Session;
use uuid::Uuid;

const SESSION_KEY: &str = "login";
/// A session ends this long after login, however active (inactivity: 7 days, in the layer).
pub const ABSOLUTE_LIFETIME: Duration = Duration::days(30);

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Login {
    user_id: Uuid,
    epoch: i32,
    #[serde(with = "time::serde::timestamp")]
    started_at: OffsetDateTime,
}

/// The logged-in person, as stored now.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CurrentUser {
    pub id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub locale: String,
    pub session_epoch: i32,
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(super::internal)
}

/// The logged-in user, or `None` (and the session is cleared if it is no longer valid).
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let session = session().await?;
    let Some(login) = session.get::<Login>(SESSION_KEY).await? else {
        return Ok(None);
    };
    if OffsetDateTime::now_utc() - login.started_at > ABSOLUTE_LIFETIME {
        session.flush().await?;
        return Ok(None);
    }
    let user = sqlx::query_as::<_, CurrentUser>(
        "SELECT id, email, first_name, last_name, phone, locale, session_epoch FROM users WHERE id = $1",
    )
    .bind(login.user_id)
    .fetch_optional(&state().pool)
    .await?;
    match user {
        Some(user) if user.session_epoch == login.epoch => Ok(Some(user)),
        _ => {
            session.flush().await?;
            Ok(None)
        }
    }
}

/// The logged-in user, or `Unauthorized`.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// Logs `user_id` in: a new session id (no fixation), then the login record.
pub async fn start(user_id: Uuid, epoch: i32) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await?;
    let login = Login {
        user_id,
        epoch,
        started_at: OffsetDateTime::now_utc(),
    };
    session.insert(SESSION_KEY, login).await?;
    Ok(())
}

/// Keeps the current session valid after the user's epoch moved (password change).
pub async fn renew_epoch(epoch: i32) -> Result<(), AppError> {
    let session = session().await?;
    if let Some(mut login) = session.get::<Login>(SESSION_KEY).await? {
        login.epoch = epoch;
        session.cycle_id().await?;
        session.insert(SESSION_KEY, login).await?;
    }
    Ok(())
}

/// Logs out: the session is deleted from the store, its cookie is worthless.
pub async fn end() -> Result<(), AppError> {
    session().await?.flush().await?;
    Ok(())
}
