//! Option 1: the holder creates a collaborator's account; or, when the person already has one,
//! invites them, and they accept or decline.
use super::{
    add_member,
    attach::{already_decided_or_unknown, Seer},
    expire_overdue,
    history::{record, Event},
    lock_holder,
    notify::{full_name, name_and_address, send, send_to_holder, Mail},
    ONE_PENDING,
};
use crate::{
    collaborators::forms::NewCollaboratorForm,
    error::{AppError, ConflictCode},
    issues::Form,
    server::{
        breached,
        db::users::{customer_by_email, insert_user, locale_or_default, NewUser},
        email_tokens::{self, Purpose},
        passwords,
        session::{self, CurrentUser},
        state, OnConstraint,
    },
};
use shared::{Email, MembershipAction, MembershipStatus, Permissions};
use sqlx::PgConnection;
use uuid::Uuid;

pub async fn create_collaborator(form: NewCollaboratorForm) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let valid = form.parse()?;
    let details = [
        &*form.email,
        &form.first_name,
        &form.last_name,
        &holder.account_name,
    ];
    breached::refuse(&valid.password, &details)?;
    let pool = &state().pool;
    // An existing person is never overwritten: the holder may invite them instead.
    if let Some(existing) = customer_by_email(pool, &valid.email).await? {
        return Err(AppError::conflict(
            "email",
            existing_person_conflict(holder.account_id, existing).await?,
        ));
    }
    let password_hash = passwords::hash_new(&valid.password).await?;
    let locale = locale_or_default(&form.locale);
    let user_id = Uuid::new_v4();
    let mut tx = pool.begin().await?;
    let holder = lock_holder(&mut tx, &holder).await?;
    let person = NewUser {
        email: &valid.email,
        first_name: &valid.first_name,
        last_name: &valid.last_name,
        phone: &valid.phone,
        password_hash: &password_hash,
        locale,
        // The holder chose it: it works for the first login only.
        must_change_password: true,
        is_staff: false,
    };
    // Stored unproven: the holder's word proves nothing about the address. The welcome e-mail's
    // link proves it.
    insert_user(&mut tx, user_id, &person).await?;
    add_member(
        &mut tx,
        holder.account_id,
        user_id,
        valid.permissions,
        holder.user.id,
    )
    .await?;
    let event = Event {
        account_id: holder.account_id,
        actor: holder.user.id,
        subject: user_id,
        action: MembershipAction::Created,
        permissions: Some(valid.permissions),
    };
    record(&mut tx, event).await?;
    let verify_link = email_tokens::issue(&mut tx, user_id, Purpose::VerifyEmail, None).await?;
    let welcome = Mail::Welcome {
        account: &holder.account_name,
        verify_link: &verify_link,
    };
    send(&mut tx, user_id, welcome, Some(locale)).await?;
    tx.commit().await?;
    Ok(())
}

/// Why an e-mail that already has an account cannot get a new one in this account.
async fn existing_person_conflict(
    account_id: Uuid,
    user_id: Uuid,
) -> Result<ConflictCode, AppError> {
    let status = sqlx::query_scalar!(
        r#"SELECT status AS "status: MembershipStatus" FROM memberships
           WHERE account_id = $1 AND user_id = $2"#,
        account_id,
        user_id,
    )
    .fetch_optional(&state().pool)
    .await?;
    Ok(match status {
        Some(MembershipStatus::Active) => ConflictCode::PersonAlreadyMember,
        Some(MembershipStatus::Deactivated) => ConflictCode::DeactivatedMember,
        None => ConflictCode::EmailHasAccount,
    })
}

pub async fn invite(email: String, permissions: Permissions) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let email = Email::parse(&email).map_err(|code| AppError::field("email", code))?;
    let pool = &state().pool;
    let Some(invitee) = customer_by_email(pool, &email).await? else {
        return Err(AppError::conflict("email", ConflictCode::NoAccount));
    };
    match existing_person_conflict(holder.account_id, invitee).await? {
        ConflictCode::EmailHasAccount => {}
        conflict => return Err(AppError::conflict("email", conflict)),
    }
    let mut tx = pool.begin().await?;
    let holder = lock_holder(&mut tx, &holder).await?;
    expire_overdue(&mut tx, invitee).await?;
    sqlx::query!(
        "INSERT INTO collaboration_requests
             (id, account_id, user_id, kind, can_buy, can_see_all_orders, created_by, expires_at)
         VALUES ($1, $2, $3, 'invitation', $4, $5, $6, now() + interval '14 days')",
        Uuid::new_v4(),
        holder.account_id,
        invitee,
        permissions.can_buy,
        permissions.can_see_all_orders,
        holder.user.id,
    )
    .execute(&mut *tx)
    .await
    .on_constraint(ONE_PENDING, || {
        AppError::conflict("email", ConflictCode::RequestPending)
    })?;
    let event = Event {
        account_id: holder.account_id,
        actor: holder.user.id,
        subject: invitee,
        action: MembershipAction::Invited,
        permissions: Some(permissions),
    };
    record(&mut tx, event).await?;
    let holder_name = full_name(&holder.user);
    let invitation = Mail::Invitation {
        account: &holder.account_name,
        holder: &holder_name,
    };
    send(&mut tx, invitee, invitation, None).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn answer_invitation(invitation_id: Uuid, accept: bool) -> Result<(), AppError> {
    let user = session::require_customer().await?;
    // Joining needs a proven address; declining does not.
    if accept {
        session::require_verified(&user)?;
    }
    let mut tx = state().pool.begin().await?;
    // Only the invited person, only once, only in time: the conditional update decides races.
    let decided = sqlx::query!(
        r#"UPDATE collaboration_requests
         SET status = CASE WHEN $3 THEN 'accepted' ELSE 'declined' END,
             decided_by = $2, decided_at = now()
         WHERE id = $1 AND user_id = $2 AND kind = 'invitation' AND status = 'pending'
           AND expires_at > now()
         RETURNING account_id AS "account_id!", can_buy, can_see_all_orders, created_by"#,
        invitation_id,
        user.id,
        accept,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(invitation) = decided else {
        let seer = Seer::Person(user.id);
        return Err(already_decided_or_unknown(&mut tx, invitation_id, seer).await?);
    };
    let permissions = Permissions {
        can_buy: invitation.can_buy,
        can_see_all_orders: invitation.can_see_all_orders,
    };
    let account_id = invitation.account_id;
    if accept {
        let added_by = invitation.created_by.unwrap_or(user.id);
        add_member(&mut tx, account_id, user.id, permissions, added_by).await?;
    }
    let event = Event {
        account_id,
        actor: user.id,
        subject: user.id,
        action: if accept {
            MembershipAction::Attached
        } else {
            MembershipAction::Declined
        },
        permissions: accept.then_some(permissions),
    };
    record(&mut tx, event).await?;
    if accept {
        tell_holder_invitation_accepted(&mut tx, account_id, &user).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The account's holder (today's, whoever sent the invitation) learns that the person joined.
async fn tell_holder_invitation_accepted(
    tx: &mut PgConnection,
    account_id: Uuid,
    person: &CurrentUser,
) -> Result<(), AppError> {
    let account = sqlx::query_scalar!(
        "SELECT company_name FROM customer_accounts WHERE id = $1",
        account_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let person = name_and_address(person);
    let accepted = Mail::InvitationAccepted {
        account: &account,
        person: &person,
    };
    send_to_holder(tx, account_id, accepted).await
}

/// The holder withdraws an invitation not answered yet; one already answered, withdrawn or
/// expired is `already_decided`.
pub async fn withdraw_invitation(invitation_id: Uuid) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let mut tx = state().pool.begin().await?;
    let holder = lock_holder(&mut tx, &holder).await?;
    let withdrawn = sqlx::query_scalar!(
        "UPDATE collaboration_requests
         SET status = 'cancelled', decided_by = $3, decided_at = now()
         WHERE id = $1 AND account_id = $2 AND kind = 'invitation' AND status = 'pending'
           AND expires_at > now()
         RETURNING user_id",
        invitation_id,
        holder.account_id,
        holder.user.id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(invitee) = withdrawn else {
        let seer = Seer::Account(holder.account_id);
        return Err(already_decided_or_unknown(&mut tx, invitation_id, seer).await?);
    };
    let event = Event::by_holder(&holder, invitee, MembershipAction::InvitationWithdrawn);
    record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}
