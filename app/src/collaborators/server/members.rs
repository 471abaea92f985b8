//! The list's actions: permissions, deactivation, reactivation, removal, leaving, and handing
//! the holder role over.
use super::history::{record, Event};
use crate::{
    error::{AppError, ConflictCode},
    server::{
        session::{self, Member},
        state,
    },
};
use shared::{MembershipAction, MembershipStatus, Permissions, Role};
use uuid::Uuid;

/// What the holder changes in a collaborator's membership (`None`: unchanged).
struct Change {
    status: Option<MembershipStatus>,
    permissions: Option<Permissions>,
    action: MembershipAction,
}

/// Changes one collaborator's membership of the holder's account; an id that is not one of
/// its collaborators answers 404.
async fn change_collaborator(
    holder: &Member,
    user_id: Uuid,
    change: Change,
) -> Result<(), AppError> {
    if user_id == holder.user.id {
        return Err(AppError::conflict("member", ConflictCode::HolderStays));
    }
    let mut tx = state().pool.begin().await?;
    let changed = sqlx::query!(
        "UPDATE memberships
         SET status = coalesce($3, status),
             can_buy = coalesce($4, can_buy),
             can_see_all_orders = coalesce($5, can_see_all_orders),
             updated_at = now()
         WHERE account_id = $1 AND user_id = $2 AND role = 'collaborator'",
        holder.account_id,
        user_id,
        change.status as Option<MembershipStatus>,
        change.permissions.map(|p| p.can_buy),
        change.permissions.map(|p| p.can_see_all_orders),
    )
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let event = Event {
        account_id: holder.account_id,
        actor: holder.user.id,
        subject: user_id,
        action: change.action,
        permissions: change.permissions,
    };
    record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_permissions(user_id: Uuid, permissions: Permissions) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let change = Change {
        status: None,
        permissions: Some(permissions),
        action: MembershipAction::PermissionsChanged,
    };
    change_collaborator(&holder, user_id, change).await
}

pub async fn deactivate(user_id: Uuid) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let change = Change {
        status: Some(MembershipStatus::Deactivated),
        permissions: None,
        action: MembershipAction::Deactivated,
    };
    change_collaborator(&holder, user_id, change).await
}

pub async fn reactivate(user_id: Uuid, permissions: Permissions) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let change = Change {
        status: Some(MembershipStatus::Active),
        permissions: Some(permissions),
        action: MembershipAction::Reactivated,
    };
    change_collaborator(&holder, user_id, change).await
}

pub async fn remove(user_id: Uuid) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    if user_id == holder.user.id {
        return Err(AppError::conflict("member", ConflictCode::HolderStays));
    }
    let mut tx = state().pool.begin().await?;
    let removed = sqlx::query!(
        "DELETE FROM memberships WHERE account_id = $1 AND user_id = $2 AND role = 'collaborator'",
        holder.account_id,
        user_id,
    )
    .execute(&mut *tx)
    .await?;
    if removed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    withdraw_offer_to(&mut tx, holder.account_id, user_id).await?;
    let event = Event {
        account_id: holder.account_id,
        actor: holder.user.id,
        subject: user_id,
        action: MembershipAction::Removed,
        permissions: None,
    };
    record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}

/// A person who is no longer a member cannot be offered the holder role any more.
async fn withdraw_offer_to(
    tx: &mut sqlx::PgConnection,
    account_id: Uuid,
    user_id: Uuid,
) -> Result<(), AppError> {
    sqlx::query!(
        "DELETE FROM holder_transfers WHERE account_id = $1 AND to_user_id = $2",
        account_id,
        user_id,
    )
    .execute(tx)
    .await?;
    Ok(())
}

pub async fn leave(account_id: Uuid) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let mut tx = state().pool.begin().await?;
    let role = sqlx::query_scalar!(
        r#"SELECT role AS "role: Role" FROM memberships
           WHERE account_id = $1 AND user_id = $2 AND status = 'active' FOR UPDATE"#,
        account_id,
        user.id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    match role {
        None => return Err(AppError::NotFound),
        Some(Role::Holder) => return Err(AppError::conflict("member", ConflictCode::HolderStays)),
        Some(Role::Collaborator) => {}
    }
    sqlx::query!(
        "DELETE FROM memberships WHERE account_id = $1 AND user_id = $2",
        account_id,
        user.id,
    )
    .execute(&mut *tx)
    .await?;
    withdraw_offer_to(&mut tx, account_id, user.id).await?;
    let event = Event {
        account_id,
        actor: user.id,
        subject: user.id,
        action: MembershipAction::Left,
        permissions: None,
    };
    record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn offer_holder_role(user_id: Option<Uuid>) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let pool = &state().pool;
    let Some(user_id) = user_id else {
        sqlx::query!(
            "DELETE FROM holder_transfers WHERE account_id = $1",
            holder.account_id
        )
        .execute(pool)
        .await?;
        return Ok(());
    };
    let active_collaborator = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM memberships WHERE account_id = $1 AND user_id = $2
                          AND role = 'collaborator' AND status = 'active') AS "found!""#,
        holder.account_id,
        user_id,
    )
    .fetch_one(pool)
    .await?;
    if !active_collaborator {
        return Err(AppError::NotFound);
    }
    sqlx::query!(
        "INSERT INTO holder_transfers (account_id, to_user_id, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE
         SET to_user_id = $2, created_by = $3, created_at = now()",
        holder.account_id,
        user_id,
        holder.user.id,
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn answer_holder_role(account_id: Uuid, accept: bool) -> Result<(), AppError> {
    let user = session::require_customer().await?;
    let mut tx = state().pool.begin().await?;
    let offered = sqlx::query_scalar!(
        "DELETE FROM holder_transfers WHERE account_id = $1 AND to_user_id = $2
         RETURNING created_by",
        account_id,
        user.id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if offered.is_none() {
        return Err(AppError::NotFound);
    }
    if accept {
        // Still an active collaborator? Then the roles swap in one transaction, so the account
        // has exactly one holder at every moment another transaction can see.
        let old_holder = sqlx::query_scalar!(
            "SELECT h.user_id FROM memberships h JOIN memberships c
               ON c.account_id = h.account_id AND c.user_id = $2
                  AND c.role = 'collaborator' AND c.status = 'active'
             WHERE h.account_id = $1 AND h.role = 'holder' FOR UPDATE",
            account_id,
            user.id,
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(old_holder) = old_holder else {
            return Err(AppError::NotFound);
        };
        for (person, role) in [(old_holder, Role::Collaborator), (user.id, Role::Holder)] {
            sqlx::query!(
                "UPDATE memberships SET role = $3, can_buy = true, can_see_all_orders = true,
                        updated_at = now()
                 WHERE account_id = $1 AND user_id = $2",
                account_id,
                person,
                role as Role,
            )
            .execute(&mut *tx)
            .await?;
        }
        let event = Event {
            account_id,
            actor: old_holder,
            subject: user.id,
            action: MembershipAction::HolderTransferred,
            permissions: None,
        };
        record(&mut tx, event).await?;
    }
    tx.commit().await?;
    Ok(())
}
