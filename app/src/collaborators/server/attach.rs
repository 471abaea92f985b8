//! Option 2: a person asks to be attached to an account, by its SIRET or its holder's e-mail;
//! the holder accepts or declines.
use super::{
    add_member, expire_overdue,
    history::{record, Event},
    lock_holder,
    notify::{name_and_address, send, send_to_holder, Mail},
    ONE_PENDING, ONE_PENDING_EMAIL,
};
use crate::{
    collaborators::{
        forms::{parse_message, parse_reference},
        types::RequestOutcome,
    },
    error::{AppError, ConflictCode},
    server::{
        session::{self, CurrentUser},
        state, OnConstraint,
    },
};
use shared::{AccountReference, Email, MembershipAction, Permissions, Siret};
use sqlx::PgConnection;
use uuid::Uuid;

/// Whose requests a caller may see: their own, or (a holder) their account's.
pub(super) enum Seer {
    Person(Uuid),
    Account(Uuid),
}

/// A request that is no longer pending (decided, withdrawn or expired) is "already decided" for
/// whoever may see it; anything else answers like an unknown id.
pub(super) async fn already_decided_or_unknown(
    tx: &mut PgConnection,
    request_id: Uuid,
    seer: Seer,
) -> Result<AppError, AppError> {
    let (person, account) = match seer {
        Seer::Person(user_id) => (Some(user_id), None),
        Seer::Account(account_id) => (None, Some(account_id)),
    };
    let visible = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM collaboration_requests
                          WHERE id = $1 AND (user_id = $2 OR account_id = $3)) AS "visible!""#,
        request_id,
        person,
        account,
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(if visible {
        AppError::conflict("request", ConflictCode::AlreadyDecided)
    } else {
        AppError::NotFound
    })
}

pub async fn request_attachment(
    reference: String,
    confirmed: bool,
) -> Result<RequestOutcome, AppError> {
    let user = session::require_customer().await?;
    session::require_verified(&user)?;
    let reference = parse_reference(&reference)?;
    state()
        .limits
        .collaboration_requests
        .check(&user.id)
        .await?;
    match reference {
        AccountReference::Siret(siret) => request_by_siret(&user, &siret, confirmed).await,
        AccountReference::Email(email) => request_by_email(&user, &email).await,
    }
}

/// A SIRET names a company, which the person sees (with whether staff verified its SIRET) and
/// confirms before the request leaves.
async fn request_by_siret(
    user: &CurrentUser,
    siret: &Siret,
    confirmed: bool,
) -> Result<RequestOutcome, AppError> {
    let pool = &state().pool;
    let found = sqlx::query!(
        r#"SELECT id, company_name, siret_verified_at IS NOT NULL AS "siret_verified!"
           FROM customer_accounts WHERE siret = $1"#,
        siret.as_str()
    )
    .fetch_optional(pool)
    .await?;
    let Some(account) = found else {
        return Err(AppError::conflict(
            "reference",
            ConflictCode::NoAccountForSiret,
        ));
    };
    refuse_if_member_or_pending(account.id, user.id).await?;
    if !confirmed {
        return Ok(RequestOutcome::Confirm {
            company_name: account.company_name,
            siret_verified: account.siret_verified,
        });
    }
    let mut tx = pool.begin().await?;
    expire_overdue(&mut tx, user.id).await?;
    sqlx::query!(
        "INSERT INTO collaboration_requests (id, account_id, user_id, kind, created_by, expires_at)
         VALUES ($1, $2, $3, 'request', $3, now() + interval '30 days')",
        Uuid::new_v4(),
        account.id,
        user.id,
    )
    .execute(&mut *tx)
    .await
    .on_constraint(ONE_PENDING, || {
        AppError::conflict("reference", ConflictCode::RequestPending)
    })?;
    tell_holder(&mut tx, account.id, user).await?;
    tx.commit().await?;
    Ok(RequestOutcome::Sent)
}

/// A request by e-mail reveals nothing: whether or not the address is a holder's, a row keeps
/// the address typed, the answer is `Sent`, and a second one to the same address is
/// `request_pending`. The row names the holder's account only when there is something for the
/// holder to decide (the person is not in it already, and has nothing waiting there).
async fn request_by_email(user: &CurrentUser, email: &Email) -> Result<RequestOutcome, AppError> {
    let mut tx = state().pool.begin().await?;
    expire_overdue(&mut tx, user.id).await?;
    let account_id = sqlx::query_scalar!(
        "SELECT m.account_id FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE lower(u.email) = lower($1) AND m.role = 'holder'
           AND NOT EXISTS (SELECT 1 FROM memberships mine
                           WHERE mine.account_id = m.account_id AND mine.user_id = $2
                             AND mine.status = 'active')
           AND NOT EXISTS (SELECT 1 FROM collaboration_requests r
                           WHERE r.account_id = m.account_id AND r.user_id = $2
                             AND r.status = 'pending')",
        email.as_str(),
        user.id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO collaboration_requests
             (id, account_id, user_id, kind, created_by, requested_email, expires_at)
         VALUES ($1, $2, $3, 'request', $3, $4, now() + interval '30 days')",
        Uuid::new_v4(),
        account_id,
        user.id,
        email.as_str(),
    )
    .execute(&mut *tx)
    .await
    .on_constraint(ONE_PENDING_EMAIL, || {
        AppError::conflict("reference", ConflictCode::RequestPending)
    })?;
    if let Some(account_id) = account_id {
        tell_holder(&mut tx, account_id, user).await?;
    }
    tx.commit().await?;
    Ok(RequestOutcome::Sent)
}

/// The request in the account's history, and the holder's e-mail.
async fn tell_holder(
    tx: &mut PgConnection,
    account_id: Uuid,
    requester: &CurrentUser,
) -> Result<(), AppError> {
    let event = Event {
        account_id,
        actor: requester.id,
        subject: requester.id,
        action: MembershipAction::Requested,
        permissions: None,
    };
    record(tx, event).await?;
    let requester = name_and_address(requester);
    let received = Mail::RequestReceived {
        requester: &requester,
    };
    send_to_holder(tx, account_id, received).await
}

async fn refuse_if_member_or_pending(account_id: Uuid, user_id: Uuid) -> Result<(), AppError> {
    let found = sqlx::query!(
        r#"SELECT EXISTS (SELECT 1 FROM memberships
                          WHERE account_id = $1 AND user_id = $2 AND status = 'active')
                  AS "member!",
                  EXISTS (SELECT 1 FROM collaboration_requests
                          WHERE account_id = $1 AND user_id = $2 AND status = 'pending'
                            AND expires_at > now())
                  AS "pending!""#,
        account_id,
        user_id,
    )
    .fetch_one(&state().pool)
    .await?;
    if found.member {
        Err(AppError::conflict("reference", ConflictCode::AlreadyMember))
    } else if found.pending {
        Err(AppError::conflict(
            "reference",
            ConflictCode::RequestPending,
        ))
    } else {
        Ok(())
    }
}

pub async fn cancel_request(request_id: Uuid) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let mut tx = state().pool.begin().await?;
    let cancelled = sqlx::query!(
        "UPDATE collaboration_requests SET status = 'cancelled', decided_by = $2, decided_at = now()
         WHERE id = $1 AND user_id = $2 AND kind = 'request' AND status = 'pending'
           AND expires_at > now()",
        request_id,
        user.id,
    )
    .execute(&mut *tx)
    .await?;
    if cancelled.rows_affected() == 0 {
        let seer = Seer::Person(user.id);
        return Err(already_decided_or_unknown(&mut tx, request_id, seer).await?);
    }
    tx.commit().await?;
    Ok(())
}

pub async fn decide_request(
    request_id: Uuid,
    accept: bool,
    permissions: Permissions,
    message: String,
) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let message = parse_message(&message)?;
    let mut tx = state().pool.begin().await?;
    let holder = lock_holder(&mut tx, &holder).await?;
    // Two holders' tabs racing: the first update wins, the other finds nothing pending.
    let requester = sqlx::query_scalar!(
        "UPDATE collaboration_requests
         SET status = CASE WHEN $3 THEN 'accepted' ELSE 'declined' END,
             decided_by = $4, decided_at = now(), message = $5,
             can_buy = $6, can_see_all_orders = $7
         WHERE id = $1 AND account_id = $2 AND kind = 'request' AND status = 'pending'
           AND expires_at > now()
         RETURNING user_id",
        request_id,
        holder.account_id,
        accept,
        holder.user.id,
        message.as_deref(),
        permissions.can_buy,
        permissions.can_see_all_orders,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(requester) = requester else {
        let seer = Seer::Account(holder.account_id);
        return Err(already_decided_or_unknown(&mut tx, request_id, seer).await?);
    };
    if accept {
        add_member(
            &mut tx,
            holder.account_id,
            requester,
            permissions,
            holder.user.id,
        )
        .await?;
    }
    let event = Event {
        account_id: holder.account_id,
        actor: holder.user.id,
        subject: requester,
        action: if accept {
            MembershipAction::Attached
        } else {
            MembershipAction::Declined
        },
        permissions: accept.then_some(permissions),
    };
    record(&mut tx, event).await?;
    let message = message.unwrap_or_default();
    let answer = if accept {
        Mail::RequestAccepted {
            account: &holder.account_name,
        }
    } else {
        Mail::RequestDeclined {
            account: &holder.account_name,
            message: &message,
        }
    };
    send(&mut tx, requester, answer, None).await?;
    tx.commit().await?;
    Ok(())
}
