//! The account's history, written in the transaction of each change ("who did what to whom").
use crate::{error::AppError, server::session::Member};
use shared::{MembershipAction, Permissions};
use sqlx::PgConnection;
use uuid::Uuid;

/// One line of a change to the account's members.
pub(super) struct Event {
    pub account_id: Uuid,
    pub actor: Uuid,
    pub subject: Uuid,
    pub action: MembershipAction,
    /// The permissions given, when the change gives some.
    pub permissions: Option<Permissions>,
}

impl Event {
    /// What the holder did to `subject`, giving no permissions.
    pub fn by_holder(holder: &Member, subject: Uuid, action: MembershipAction) -> Self {
        Event {
            account_id: holder.account_id,
            actor: holder.user.id,
            subject,
            action,
            permissions: None,
        }
    }
}

pub(super) async fn record(tx: &mut PgConnection, event: Event) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO membership_events
             (account_id, actor_id, subject_id, action, can_buy, can_see_all_orders)
         VALUES ($1, $2, $3, $4, $5, $6)",
        event.account_id,
        event.actor,
        event.subject,
        event.action as MembershipAction,
        event.permissions.map(|p| p.can_buy),
        event.permissions.map(|p| p.can_see_all_orders),
    )
    .execute(tx)
    .await?;
    Ok(())
}
