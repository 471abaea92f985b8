//! "Mon compte", recent activity: what happened to the person's access, from which device and
//! address; and ending their other sessions.
use crate::{
    auth::types::ActivityEntry,
    error::AppError,
    server::{
        security_events::{self, device_summary, RequestContext},
        session, state,
    },
};
use shared::SecurityEvent;

/// How many of the newest events the page shows.
const SHOWN: i64 = 50;

pub async fn my_activity() -> Result<Vec<ActivityEntry>, AppError> {
    let user = session::require_user().await?;
    let rows = sqlx::query!(
        r#"SELECT kind AS "kind: SecurityEvent", host(ip) AS ip, user_agent,
                  extract(epoch FROM created_at)::bigint AS "at!"
           FROM security_events WHERE user_id = $1
           ORDER BY created_at DESC, id DESC LIMIT $2"#,
        user.id,
        SHOWN,
    )
    .fetch_all(&state().pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ActivityEntry {
            kind: row.kind,
            ip: row.ip,
            device: row.user_agent.as_deref().map(device_summary),
            at: row.at,
        })
        .collect())
}

/// Deletes every other session of the person from the store; this one stays (with a new id).
/// Sessions stored before their owner was recorded beside them end through the epoch, as
/// after a change of password.
pub async fn end_other_sessions() -> Result<(), AppError> {
    let user = session::require_user().await?;
    let current = session::session().await?.id().map(|id| id.to_string());
    let mut tx = state().pool.begin().await?;
    let epoch = sqlx::query_scalar!(
        "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1
         RETURNING session_epoch",
        user.id,
    )
    .fetch_one(&mut *tx)
    .await?;
    let ended = sqlx::query!(
        "DELETE FROM tower_sessions.session WHERE user_id = $1 AND id IS DISTINCT FROM $2",
        user.id,
        current,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    security_events::record_with(
        &mut *tx,
        SecurityEvent::OtherSessionsEnded,
        Some(user.id),
        &RequestContext::current(),
        Some(serde_json::json!({ "sessions": ended })),
    )
    .await?;
    tx.commit().await?;
    session::renew_epoch(epoch).await
}

/// Logs out: the session is deleted, after the event is kept for the person it was.
pub async fn log_out() -> Result<(), AppError> {
    if let Some(claim) = session::claim().await? {
        let context = RequestContext::current();
        let event = SecurityEvent::LoggedOut;
        security_events::record(&state().pool, event, Some(claim.user_id), &context).await?;
    }
    session::end().await
}
