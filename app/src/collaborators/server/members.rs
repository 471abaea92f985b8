//! The list's actions: permissions, deactivation, reactivation, removal, leaving, and handing
//! the holder role over. Each holder's action is checked again on the holder's membership
//! locked inside its transaction ([`lock_holder`]), and the collaborator is told by e-mail.
use super::{
    history::{record, Event},
    lock_holder,
    notify::{full_name, send, Mail},
};
use crate::{
    error::{AppError, ConflictCode},
    server::{
        session::{self, Member},
        state,
    },
};
use shared::{MembershipAction, MembershipStatus, Permissions, Role};
use sqlx::PgConnection;
use uuid::Uuid;

/// What the holder changes in a collaborator's membership.
#[derive(Clone, Copy)]
enum Change {
    Permissions(Permissions),
    Deactivate,
    Reactivate(Permissions),
}

impl Change {
    fn status(self) -> Option<MembershipStatus> {
        match self {
            Change::Permissions(_) => None,
            Change::Deactivate => Some(MembershipStatus::Deactivated),
            Change::Reactivate(_) => Some(MembershipStatus::Active),
        }
    }

    fn permissions(self) -> Option<Permissions> {
        match self {
            Change::Permissions(permissions) | Change::Reactivate(permissions) => Some(permissions),
            Change::Deactivate => None,
        }
    }

    fn action(self) -> MembershipAction {
        match self {
            Change::Permissions(_) => MembershipAction::PermissionsChanged,
            Change::Deactivate => MembershipAction::Deactivated,
            Change::Reactivate(_) => MembershipAction::Reactivated,
        }
    }

    /// The e-mail that tells the collaborator.
    fn mail(self, account: &str) -> Mail<'_> {
        match self {
            Change::Permissions(permissions) => Mail::PermissionsChanged {
                account,
                permissions,
            },
            Change::Deactivate => Mail::Deactivated { account },
            Change::Reactivate(permissions) => Mail::Reactivated {
                account,
                permissions,
            },
        }
    }
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
    let holder = lock_holder(&mut tx, holder).await?;
    let permissions = change.permissions();
    let changed = sqlx::query!(
        "UPDATE memberships
         SET status = coalesce($3, status),
             can_buy = coalesce($4, can_buy),
             can_see_all_orders = coalesce($5, can_see_all_orders),
             updated_at = now()
         WHERE account_id = $1 AND user_id = $2 AND role = 'collaborator'",
        holder.account_id,
        user_id,
        change.status() as Option<MembershipStatus>,
        permissions.map(|p| p.can_buy),
        permissions.map(|p| p.can_see_all_orders),
    )
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    if let Change::Deactivate = change {
        withdraw_offer_to(&mut tx, &holder, user_id).await?;
    }
    let event = Event {
        account_id: holder.account_id,
        actor: holder.user.id,
        subject: user_id,
        action: change.action(),
        permissions,
    };
    record(&mut tx, event).await?;
    send(&mut tx, user_id, change.mail(&holder.account_name), None).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_permissions(user_id: Uuid, permissions: Permissions) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    change_collaborator(&holder, user_id, Change::Permissions(permissions)).await
}

pub async fn deactivate(user_id: Uuid) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    change_collaborator(&holder, user_id, Change::Deactivate).await
}

pub async fn reactivate(user_id: Uuid, permissions: Permissions) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    change_collaborator(&holder, user_id, Change::Reactivate(permissions)).await
}

pub async fn remove(user_id: Uuid) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    if user_id == holder.user.id {
        return Err(AppError::conflict("member", ConflictCode::HolderStays));
    }
    let mut tx = state().pool.begin().await?;
    let holder = lock_holder(&mut tx, &holder).await?;
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
    withdraw_offer_to(&mut tx, &holder, user_id).await?;
    let event = Event::by_holder(&holder, user_id, MembershipAction::Removed);
    record(&mut tx, event).await?;
    let removed = Mail::Removed {
        account: &holder.account_name,
    };
    send(&mut tx, user_id, removed, None).await?;
    tx.commit().await?;
    Ok(())
}

/// A person who loses access cannot be offered the holder role any more: the holder's offer to
/// them ends, and the history says so.
async fn withdraw_offer_to(
    tx: &mut PgConnection,
    holder: &Member,
    user_id: Uuid,
) -> Result<(), AppError> {
    if delete_offer_to(tx, holder.account_id, user_id).await? {
        record_offer_withdrawn(tx, holder, user_id).await?;
    }
    Ok(())
}

/// Deletes the offer of the holder role to `user_id`; answers whether there was one.
async fn delete_offer_to(
    tx: &mut PgConnection,
    account_id: Uuid,
    user_id: Uuid,
) -> Result<bool, AppError> {
    let deleted = sqlx::query!(
        "DELETE FROM holder_transfers WHERE account_id = $1 AND to_user_id = $2",
        account_id,
        user_id,
    )
    .execute(tx)
    .await?;
    Ok(deleted.rows_affected() > 0)
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
    // The "left" line says it all: an offer made to them ends with their membership.
    delete_offer_to(&mut tx, account_id, user.id).await?;
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

/// Offers the holder role to `user_id`, an active collaborator whose address is proven, in
/// place of any earlier offer; `None` withdraws the offer.
pub async fn offer_holder_role(user_id: Option<Uuid>) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let mut tx = state().pool.begin().await?;
    let holder = lock_holder(&mut tx, &holder).await?;
    let Some(user_id) = user_id else {
        let withdrawn = sqlx::query_scalar!(
            "DELETE FROM holder_transfers WHERE account_id = $1 RETURNING to_user_id",
            holder.account_id
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(offered) = withdrawn {
            record_offer_withdrawn(&mut tx, &holder, offered).await?;
        }
        tx.commit().await?;
        return Ok(());
    };
    // Locked for share: a deactivation or removal (which ends the offer) waits for this one.
    let offered = sqlx::query_scalar!(
        r#"SELECT u.email_verified_at IS NOT NULL AS "verified!"
           FROM memberships m JOIN users u ON u.id = m.user_id
           WHERE m.account_id = $1 AND m.user_id = $2
             AND m.role = 'collaborator' AND m.status = 'active'
           FOR SHARE OF m"#,
        holder.account_id,
        user_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    match offered {
        None => return Err(AppError::NotFound),
        Some(false) => return Err(AppError::Unverified),
        Some(true) => {}
    }
    let previous = sqlx::query_scalar!(
        "SELECT to_user_id FROM holder_transfers WHERE account_id = $1 FOR UPDATE",
        holder.account_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO holder_transfers (account_id, to_user_id, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE
         SET to_user_id = $2, created_by = $3, created_at = now()",
        holder.account_id,
        user_id,
        holder.user.id,
    )
    .execute(&mut *tx)
    .await?;
    if previous != Some(user_id) {
        if let Some(previous) = previous {
            record_offer_withdrawn(&mut tx, &holder, previous).await?;
        }
        let event = Event::by_holder(&holder, user_id, MembershipAction::HolderOffered);
        record(&mut tx, event).await?;
        let holder_name = full_name(&holder.user);
        let offer = Mail::HolderOffered {
            account: &holder.account_name,
            holder: &holder_name,
        };
        send(&mut tx, user_id, offer, None).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The history's line for an offer of the holder role that the holder withdrew, or that ended
/// with the offered person's access.
async fn record_offer_withdrawn(
    tx: &mut PgConnection,
    holder: &Member,
    offered: Uuid,
) -> Result<(), AppError> {
    let event = Event::by_holder(holder, offered, MembershipAction::HolderOfferWithdrawn);
    record(tx, event).await
}

pub async fn answer_holder_role(account_id: Uuid, accept: bool) -> Result<(), AppError> {
    let user = session::require_customer().await?;
    if accept {
        session::require_verified(&user)?;
    }
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
    if !accept {
        let event = Event {
            account_id,
            actor: user.id,
            subject: user.id,
            action: MembershipAction::HolderDeclined,
            permissions: None,
        };
        record(&mut tx, event).await?;
        tx.commit().await?;
        return Ok(());
    }
    // Still an active collaborator? Then the roles swap in one transaction, so the account has
    // exactly one holder at every moment another transaction can see.
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
    tx.commit().await?;
    Ok(())
}
