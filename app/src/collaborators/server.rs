//! What the collaborator space's server functions do, on the server only. Every function
//! starts from the session (`require_user`, `require_member`, `require_holder`) and only ever
//! touches rows of the caller's own account or the caller's own requests.
use super::{
    api::*,
    forms::{parse_message, parse_reference, NewCollaboratorForm},
};
use crate::{
    auth::server::{hash_password, insert_user, locale_or_default, refuse_common, NewUser},
    error::AppError,
    i18n::{td_string, I18nLocaleTrait},
    server::{
        mail,
        session::{self, Member},
        state,
    },
};
use shared::{AccountReference, Email, Permissions, Role};
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

/// Adds a line to the account's audit trail (inside the change's transaction).
async fn record(
    tx: &mut PgConnection,
    account_id: Uuid,
    actor: Uuid,
    subject: Uuid,
    action: &str,
    permissions: Option<Permissions>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO membership_events (account_id, actor_id, subject_id, action, can_buy, can_see_all_orders)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(account_id)
    .bind(actor)
    .bind(subject)
    .bind(action)
    .bind(permissions.map(|p| p.can_buy))
    .bind(permissions.map(|p| p.can_see_all_orders))
    .execute(tx)
    .await?;
    Ok(())
}

/// The e-mails of this feature, in the recipient's language.
enum Mail<'a> {
    Welcome { account: &'a str },
    Invitation { account: &'a str, holder: &'a str },
    RequestReceived { requester: &'a str },
    RequestAccepted { account: &'a str },
    RequestDeclined { account: &'a str, message: &'a str },
}

/// Queues `mail` to `user_id` in their language (`locale` overrides it, for a new account).
async fn send(
    tx: &mut PgConnection,
    user_id: Uuid,
    mail: Mail<'_>,
    locale: Option<&str>,
) -> Result<(), AppError> {
    let (email, stored_locale): (String, String) =
        sqlx::query_as("SELECT email, locale FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?;
    let locale = locale_or_default(locale.unwrap_or(&stored_locale));
    let link = format!("{}/account/collaborators", state().config.public_url);
    let login = format!("{}/login", state().config.public_url);
    let link = link.as_str();
    let (kind, subject, body) = match mail {
        Mail::Welcome { account } => (
            "collaborator_welcome",
            td_string!(locale, email.welcome_subject, account = account).to_string(),
            td_string!(
                locale,
                email.welcome_body,
                account = account,
                email = email.as_str(),
                link = login.as_str()
            )
            .to_string(),
        ),
        Mail::Invitation { account, holder } => (
            "collaborator_invitation",
            td_string!(locale, email.invitation_subject, account = account).to_string(),
            td_string!(
                locale,
                email.invitation_body,
                account = account,
                holder = holder,
                link = link
            )
            .to_string(),
        ),
        Mail::RequestReceived { requester } => (
            "collaboration_request",
            td_string!(locale, email.request_subject, requester = requester).to_string(),
            td_string!(
                locale,
                email.request_body,
                requester = requester,
                link = link
            )
            .to_string(),
        ),
        Mail::RequestAccepted { account } => (
            "collaboration_accepted",
            td_string!(locale, email.accepted_subject, account = account).to_string(),
            td_string!(locale, email.accepted_body, account = account, link = link).to_string(),
        ),
        Mail::RequestDeclined { account, message } => (
            "collaboration_declined",
            td_string!(locale, email.declined_subject, account = account).to_string(),
            td_string!(
                locale,
                email.declined_body,
                account = account,
                message = message
            )
            .to_string(),
        ),
    };
    mail::enqueue(tx, &email, locale.as_str(), kind, &subject, &body).await?;
    Ok(())
}

fn full_name(member: &Member) -> String {
    format!("{} {}", member.user.first_name, member.user.last_name)
}

fn unix(at: OffsetDateTime) -> i64 {
    at.unix_timestamp()
}

// ---- Reading the page ------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct CollaboratorRow {
    user_id: Uuid,
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    can_buy: bool,
    can_see_all_orders: bool,
    status: String,
    created_at: OffsetDateTime,
}

impl CollaboratorRow {
    fn into_collaborator(self) -> Collaborator {
        Collaborator {
            user_id: self.user_id,
            phone: shared::PhoneNumber::parse(&self.phone)
                .map(|p| p.to_string())
                .unwrap_or(self.phone),
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            permissions: Permissions {
                can_buy: self.can_buy,
                can_see_all_orders: self.can_see_all_orders,
            },
            active: self.status == "active",
            since: unix(self.created_at),
        }
    }
}

/// The collaborators of account `$1`; `$2`: whether the holder asks (who also sees the
/// deactivated ones).
const COLLABORATORS_OF_ACCOUNT: &str =
    "SELECT u.id AS user_id, u.first_name, u.last_name, u.email, u.phone,
            m.can_buy, m.can_see_all_orders, m.status, m.created_at
     FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.account_id = $1 AND m.role = 'collaborator' AND ($2 OR m.status = 'active')
     ORDER BY m.status, u.last_name, u.first_name";

/// [`COLLABORATORS_OF_ACCOUNT`] for the person a session names, checked in the same statement
/// as [`session::require_member`] checks it (user id `$1` at session epoch `$2`, password their
/// own, not staff, active member; `$3` the account chosen in the session): one round trip
/// instead of three. No row: not a member (the slow path says why); one row of nulls: a member
/// without collaborators. `make bench` runs this very file with pgbench.
const COLLABORATORS_FOR_SESSION: &str = include_str!("collaborators_for_session.sql");

/// A row of [`COLLABORATORS_FOR_SESSION`]: all `None` when the member has no collaborators.
#[derive(sqlx::FromRow)]
struct CollaboratorForSessionRow {
    user_id: Option<Uuid>,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    can_buy: Option<bool>,
    can_see_all_orders: Option<bool>,
    status: Option<String>,
    created_at: Option<OffsetDateTime>,
}

impl CollaboratorForSessionRow {
    fn into_row(self) -> Option<CollaboratorRow> {
        Some(CollaboratorRow {
            user_id: self.user_id?,
            first_name: self.first_name?,
            last_name: self.last_name?,
            email: self.email?,
            phone: self.phone?,
            can_buy: self.can_buy?,
            can_see_all_orders: self.can_see_all_orders?,
            status: self.status?,
            created_at: self.created_at?,
        })
    }
}

/// The active account's collaborators, as [`CollaboratorSpace::collaborators`] lists them.
/// The most asked list of the space, so the session's checks and the list are one statement.
pub async fn collaborator_list() -> Result<Vec<Collaborator>, AppError> {
    if let Some(claim) = session::claim().await? {
        let rows = sqlx::query_as::<_, CollaboratorForSessionRow>(COLLABORATORS_FOR_SESSION)
            .bind(claim.user_id)
            .bind(claim.epoch)
            .bind(claim.chosen_account)
            .fetch_all(&state().pool)
            .await?;
        if !rows.is_empty() {
            return Ok(rows
                .into_iter()
                .filter_map(CollaboratorForSessionRow::into_row)
                .map(CollaboratorRow::into_collaborator)
                .collect());
        }
    }
    // Not a member by the fast check: the usual one says why (and ends a stale session).
    let member = session::require_member().await?;
    Ok(
        sqlx::query_as::<_, CollaboratorRow>(COLLABORATORS_OF_ACCOUNT)
            .bind(member.account_id)
            .bind(member.is_holder())
            .fetch_all(&state().pool)
            .await?
            .into_iter()
            .map(CollaboratorRow::into_collaborator)
            .collect(),
    )
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    created_at: OffsetDateTime,
    actor: Option<String>,
    subject: Option<String>,
    action: String,
    can_buy: Option<bool>,
    can_see_all_orders: Option<bool>,
}

pub async fn collaborator_space() -> Result<CollaboratorSpace, AppError> {
    let user = session::require_customer().await?;
    let pool = &state().pool;
    let member = session::member_of(user.clone()).await?;
    let mut space = CollaboratorSpace::default();

    if let Some(member) = &member {
        space.account = Some(AccountSummary {
            id: member.account_id,
            name: member.account_name.clone(),
            role: member.role,
        });
        let holder = member.is_holder();
        space.collaborators = sqlx::query_as::<_, CollaboratorRow>(COLLABORATORS_OF_ACCOUNT)
            .bind(member.account_id)
            .bind(holder)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(CollaboratorRow::into_collaborator)
            .collect();

        if holder {
            space.incoming_requests =
                sqlx::query_as::<_, (Uuid, String, String, String, OffsetDateTime)>(
                    "SELECT r.id, u.first_name, u.last_name, u.email, r.created_at
                 FROM collaboration_requests r JOIN users u ON u.id = r.user_id
                 WHERE r.account_id = $1 AND r.kind = 'request' AND r.status = 'pending'
                 ORDER BY r.created_at",
                )
                .bind(member.account_id)
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|(id, first_name, last_name, email, at)| IncomingRequest {
                    id,
                    first_name,
                    last_name,
                    email,
                    created_at: unix(at),
                })
                .collect();
            space.history = sqlx::query_as::<_, HistoryRow>(
                "SELECT e.created_at, e.action, e.can_buy, e.can_see_all_orders,
                        actor.first_name || ' ' || actor.last_name AS actor,
                        subject.first_name || ' ' || subject.last_name AS subject
                 FROM membership_events e
                 LEFT JOIN users actor ON actor.id = e.actor_id
                 LEFT JOIN users subject ON subject.id = e.subject_id
                 WHERE e.account_id = $1
                 ORDER BY e.created_at DESC, e.id DESC
                 LIMIT 100",
            )
            .bind(member.account_id)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|row| HistoryEntry {
                at: unix(row.created_at),
                actor: row.actor,
                subject: row.subject,
                action: row.action,
                permissions: row.can_buy.zip(row.can_see_all_orders).map(
                    |(can_buy, can_see_all_orders)| Permissions {
                        can_buy,
                        can_see_all_orders,
                    },
                ),
            })
            .collect();
        }
    }

    space.sent_requests = sqlx::query_as::<_, (Uuid, String, OffsetDateTime)>(
        "SELECT r.id, a.company_name, r.created_at
         FROM collaboration_requests r JOIN customer_accounts a ON a.id = r.account_id
         WHERE r.user_id = $1 AND r.kind = 'request' AND r.status = 'pending'
         ORDER BY r.created_at",
    )
    .bind(user.id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(id, account_name, at)| SentRequest {
        id,
        account_name,
        created_at: unix(at),
    })
    .collect();

    space.invitations =
        sqlx::query_as::<_, (Uuid, String, Option<String>, bool, bool, OffsetDateTime)>(
            "SELECT r.id, a.company_name, by.first_name || ' ' || by.last_name,
                r.can_buy, r.can_see_all_orders, r.created_at
         FROM collaboration_requests r
         JOIN customer_accounts a ON a.id = r.account_id
         LEFT JOIN users by ON by.id = r.created_by
         WHERE r.user_id = $1 AND r.kind = 'invitation' AND r.status = 'pending'
         ORDER BY r.created_at",
        )
        .bind(user.id)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(
            |(id, account_name, invited_by, can_buy, can_see_all_orders, at)| Invitation {
                id,
                account_name,
                invited_by: invited_by.unwrap_or_default(),
                permissions: Permissions {
                    can_buy,
                    can_see_all_orders,
                },
                created_at: unix(at),
            },
        )
        .collect();

    space.memberships = sqlx::query_as::<_, (Uuid, String, bool, bool)>(
        "SELECT a.id, a.company_name, m.can_buy, m.can_see_all_orders
         FROM memberships m JOIN customer_accounts a ON a.id = m.account_id
         WHERE m.user_id = $1 AND m.role = 'collaborator' AND m.status = 'active'
         ORDER BY a.company_name",
    )
    .bind(user.id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(
        |(account_id, account_name, can_buy, can_see_all_orders)| Membership {
            account_id,
            account_name,
            permissions: Permissions {
                can_buy,
                can_see_all_orders,
            },
        },
    )
    .collect();

    // Offers made to me, and the one my active account (if I hold it) has made.
    let holder_account = member
        .as_ref()
        .filter(|m| m.is_holder())
        .map(|m| m.account_id);
    space.transfers = sqlx::query_as::<_, (Uuid, String, String, bool)>(
        "SELECT t.account_id, a.company_name, u.first_name || ' ' || u.last_name, t.to_user_id = $1
         FROM holder_transfers t
         JOIN customer_accounts a ON a.id = t.account_id
         JOIN users u ON u.id = t.to_user_id
         WHERE t.to_user_id = $1 OR t.account_id = $2",
    )
    .bind(user.id)
    .bind(holder_account)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(
        |(account_id, account_name, to_name, for_me)| HolderTransfer {
            account_id,
            account_name,
            to_name,
            for_me,
        },
    )
    .collect();
    Ok(space)
}

// ---- Option 1: the holder creates the account, or invites an existing person -----------------

pub async fn create_collaborator(form: NewCollaboratorForm) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let valid = form.parse()?;
    refuse_common(&valid.password)?;
    let pool = &state().pool;
    // An existing person is never overwritten: the holder may invite them instead.
    let existing: Option<Uuid> = user_id_by_email(&valid.email).await?;
    if let Some(existing) = existing {
        return Err(existing_person_conflict(holder.account_id, existing).await?);
    }
    let password_hash = hash_password(&valid.password).await?;
    let locale = locale_or_default(&form.locale);
    let user_id = Uuid::new_v4();
    let mut tx = pool.begin().await?;
    let person = NewUser {
        email: &valid.email,
        first_name: &valid.first_name,
        last_name: &valid.last_name,
        phone: &valid.phone,
        password_hash: &password_hash,
        locale,
        // The holder chose it: it works for the first login only.
        must_change_password: true,
    };
    insert_user(&mut tx, user_id, &person).await?;
    add_member(
        &mut tx,
        holder.account_id,
        user_id,
        valid.permissions,
        holder.user.id,
    )
    .await?;
    record(
        &mut tx,
        holder.account_id,
        holder.user.id,
        user_id,
        "created",
        Some(valid.permissions),
    )
    .await?;
    send(
        &mut tx,
        user_id,
        Mail::Welcome {
            account: &holder.account_name,
        },
        Some(locale.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The customer with this e-mail, whatever its case (staff never join a customer account).
async fn user_id_by_email(email: &Email) -> Result<Option<Uuid>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM users WHERE lower(email) = lower($1) AND NOT is_staff")
            .bind(email.as_str())
            .fetch_optional(&state().pool)
            .await?,
    )
}

/// Why an e-mail that already has an account cannot get a new one.
async fn existing_person_conflict(account_id: Uuid, user_id: Uuid) -> Result<AppError, AppError> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM memberships WHERE account_id = $1 AND user_id = $2")
            .bind(account_id)
            .bind(user_id)
            .fetch_optional(&state().pool)
            .await?;
    Ok(match status.as_deref() {
        Some("active") => AppError::conflict("email", "already_member"),
        Some(_) => AppError::conflict("email", "deactivated_member"),
        None => AppError::conflict("email", "email_has_account"),
    })
}

/// Makes `user_id` an active collaborator of `account_id` (a deactivated one comes back with
/// the permissions given now).
async fn add_member(
    tx: &mut PgConnection,
    account_id: Uuid,
    user_id: Uuid,
    permissions: Permissions,
    added_by: Uuid,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO memberships (account_id, user_id, role, can_buy, can_see_all_orders, added_by)
         VALUES ($1, $2, 'collaborator', $3, $4, $5)
         ON CONFLICT (account_id, user_id) DO UPDATE
         SET status = 'active', can_buy = $3, can_see_all_orders = $4, updated_at = now()
         WHERE memberships.role = 'collaborator'",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(permissions.can_buy)
    .bind(permissions.can_see_all_orders)
    .bind(added_by)
    .execute(tx)
    .await?;
    Ok(())
}

pub async fn invite(email: String, permissions: Permissions) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let email = Email::parse(&email).map_err(|code| AppError::field("email", code))?;
    let pool = &state().pool;
    let invitee: Option<Uuid> = user_id_by_email(&email).await?;
    let Some(invitee) = invitee else {
        return Err(AppError::conflict("email", "no_account"));
    };
    match existing_person_conflict(holder.account_id, invitee).await? {
        AppError::Conflict { code, .. } if code == "email_has_account" => {}
        conflict => return Err(conflict),
    }
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO collaboration_requests (id, account_id, user_id, kind, can_buy, can_see_all_orders, created_by)
         VALUES ($1, $2, $3, 'invitation', $4, $5, $6)",
    )
    .bind(Uuid::new_v4())
    .bind(holder.account_id)
    .bind(invitee)
    .bind(permissions.can_buy)
    .bind(permissions.can_see_all_orders)
    .bind(holder.user.id)
    .execute(&mut *tx)
    .await
    .map_err(|error| pending_conflict(error, "email"))?;
    record(
        &mut tx,
        holder.account_id,
        holder.user.id,
        invitee,
        "invited",
        Some(permissions),
    )
    .await?;
    send(
        &mut tx,
        invitee,
        Mail::Invitation {
            account: &holder.account_name,
            holder: &full_name(&holder),
        },
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A second open request or invitation for the same person and account.
fn pending_conflict(error: sqlx::Error, field: &str) -> AppError {
    let duplicate = error
        .as_database_error()
        .and_then(|e| e.constraint())
        .is_some_and(|name| name == "collaboration_requests_one_pending");
    if duplicate {
        AppError::conflict(field, "request_pending")
    } else {
        error.into()
    }
}

pub async fn answer_invitation(invitation_id: Uuid, accept: bool) -> Result<(), AppError> {
    let user = session::require_customer().await?;
    let mut tx = state().pool.begin().await?;
    // Only the invited person, only once: the conditional update decides races.
    let decided = sqlx::query_as::<_, (Uuid, bool, bool, Option<Uuid>)>(
        "UPDATE collaboration_requests
         SET status = CASE WHEN $3 THEN 'accepted' ELSE 'declined' END,
             decided_by = $2, decided_at = now()
         WHERE id = $1 AND user_id = $2 AND kind = 'invitation' AND status = 'pending'
         RETURNING account_id, can_buy, can_see_all_orders, created_by",
    )
    .bind(invitation_id)
    .bind(user.id)
    .bind(accept)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((account_id, can_buy, can_see_all_orders, invited_by)) = decided else {
        return Err(
            already_decided_or_unknown(&mut *tx, invitation_id, Seer::Person(user.id)).await?,
        );
    };
    let permissions = Permissions {
        can_buy,
        can_see_all_orders,
    };
    if accept {
        add_member(
            &mut tx,
            account_id,
            user.id,
            permissions,
            invited_by.unwrap_or(user.id),
        )
        .await?;
        record(
            &mut tx,
            account_id,
            user.id,
            user.id,
            "attached",
            Some(permissions),
        )
        .await?;
    } else {
        record(&mut tx, account_id, user.id, user.id, "declined", None).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Whose requests a caller may see: their own, or (a holder) their account's.
enum Seer {
    Person(Uuid),
    Account(Uuid),
}

/// A request that is no longer pending is "already decided" for whoever may see it; anything
/// else answers like an unknown id.
async fn already_decided_or_unknown(
    executor: impl sqlx::PgExecutor<'_>,
    request_id: Uuid,
    seer: Seer,
) -> Result<AppError, AppError> {
    let (query, owner) = match seer {
        Seer::Person(user_id) => (
            "SELECT EXISTS (SELECT 1 FROM collaboration_requests WHERE id = $1 AND user_id = $2)",
            user_id,
        ),
        Seer::Account(account_id) => (
            "SELECT EXISTS (SELECT 1 FROM collaboration_requests WHERE id = $1 AND account_id = $2)",
            account_id,
        ),
    };
    let visible: bool = sqlx::query_scalar(query)
        .bind(request_id)
        .bind(owner)
        .fetch_one(executor)
        .await?;
    Ok(if visible {
        AppError::conflict("request", "already_decided")
    } else {
        AppError::NotFound
    })
}

// ---- Option 2: a person asks to be attached --------------------------------------------------

pub async fn request_attachment(
    reference: String,
    confirmed: bool,
) -> Result<RequestOutcome, AppError> {
    let user = session::require_customer().await?;
    let reference = parse_reference(&reference)?;
    let state = state();
    state.limits.collaboration_requests.check(&user.id)?;
    let pool = &state.pool;
    let target = match &reference {
        AccountReference::Siret(siret) => {
            let found = sqlx::query_as::<_, (Uuid, String)>(
                "SELECT id, company_name FROM customer_accounts WHERE siret = $1",
            )
            .bind(siret.as_str())
            .fetch_optional(pool)
            .await?;
            let Some((account_id, company_name)) = found else {
                return Err(AppError::conflict("reference", "no_account_for_siret"));
            };
            if !confirmed {
                refuse_if_member_or_pending(account_id, user.id).await?;
                return Ok(RequestOutcome::Confirm { company_name });
            }
            Some(account_id)
        }
        // Only an account holder's e-mail counts; any other gets the same answer as unknown.
        AccountReference::Email(email) => {
            sqlx::query_scalar(
                "SELECT m.account_id FROM memberships m JOIN users u ON u.id = m.user_id
                 WHERE lower(u.email) = lower($1) AND m.role = 'holder'",
            )
            .bind(email.as_str())
            .fetch_optional(pool)
            .await?
        }
    };
    let Some(account_id) = target else {
        return Ok(RequestOutcome::Sent);
    };
    refuse_if_member_or_pending(account_id, user.id).await?;

    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO collaboration_requests (id, account_id, user_id, kind, created_by)
         VALUES ($1, $2, $3, 'request', $3)",
    )
    .bind(Uuid::new_v4())
    .bind(account_id)
    .bind(user.id)
    .execute(&mut *tx)
    .await
    .map_err(|error| pending_conflict(error, "reference"))?;
    record(&mut tx, account_id, user.id, user.id, "requested", None).await?;
    let holder: Uuid = sqlx::query_scalar(
        "SELECT user_id FROM memberships WHERE account_id = $1 AND role = 'holder'",
    )
    .bind(account_id)
    .fetch_one(&mut *tx)
    .await?;
    let requester = format!("{} {} <{}>", user.first_name, user.last_name, user.email);
    send(
        &mut tx,
        holder,
        Mail::RequestReceived {
            requester: &requester,
        },
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(RequestOutcome::Sent)
}

async fn refuse_if_member_or_pending(account_id: Uuid, user_id: Uuid) -> Result<(), AppError> {
    let (member, pending): (bool, bool) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM memberships
                        WHERE account_id = $1 AND user_id = $2 AND status = 'active'),
                EXISTS (SELECT 1 FROM collaboration_requests
                        WHERE account_id = $1 AND user_id = $2 AND status = 'pending')",
    )
    .bind(account_id)
    .bind(user_id)
    .fetch_one(&state().pool)
    .await?;
    if member {
        Err(AppError::conflict("reference", "already_member"))
    } else if pending {
        Err(AppError::conflict("reference", "request_pending"))
    } else {
        Ok(())
    }
}

pub async fn cancel_request(request_id: Uuid) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let cancelled = sqlx::query(
        "UPDATE collaboration_requests SET status = 'cancelled', decided_by = $2, decided_at = now()
         WHERE id = $1 AND user_id = $2 AND kind = 'request' AND status = 'pending'",
    )
    .bind(request_id)
    .bind(user.id)
    .execute(&state().pool)
    .await?;
    if cancelled.rows_affected() == 0 {
        return Err(
            already_decided_or_unknown(&state().pool, request_id, Seer::Person(user.id)).await?,
        );
    }
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
    // Two holders' tabs racing: the first update wins, the other finds nothing pending.
    let requester: Option<Uuid> = sqlx::query_scalar(
        "UPDATE collaboration_requests
         SET status = CASE WHEN $3 THEN 'accepted' ELSE 'declined' END,
             decided_by = $4, decided_at = now(), message = $5,
             can_buy = $6, can_see_all_orders = $7
         WHERE id = $1 AND account_id = $2 AND kind = 'request' AND status = 'pending'
         RETURNING user_id",
    )
    .bind(request_id)
    .bind(holder.account_id)
    .bind(accept)
    .bind(holder.user.id)
    .bind(message.as_deref())
    .bind(permissions.can_buy)
    .bind(permissions.can_see_all_orders)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(requester) = requester else {
        let seer = Seer::Account(holder.account_id);
        return Err(already_decided_or_unknown(&mut *tx, request_id, seer).await?);
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
        record(
            &mut tx,
            holder.account_id,
            holder.user.id,
            requester,
            "attached",
            Some(permissions),
        )
        .await?;
        send(
            &mut tx,
            requester,
            Mail::RequestAccepted {
                account: &holder.account_name,
            },
            None,
        )
        .await?;
    } else {
        record(
            &mut tx,
            holder.account_id,
            holder.user.id,
            requester,
            "declined",
            None,
        )
        .await?;
        let message = message.unwrap_or_default();
        send(
            &mut tx,
            requester,
            Mail::RequestDeclined {
                account: &holder.account_name,
                message: &message,
            },
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

// ---- The list: permissions, deactivation, removal, leaving, the holder role --------------------

/// What the holder changes in a collaborator's membership (`None`: unchanged).
struct Change {
    status: Option<&'static str>,
    permissions: Option<Permissions>,
    action: &'static str,
}

/// Changes one collaborator's membership of the holder's account; an id that is not one of
/// its collaborators answers 404.
async fn change_collaborator(
    holder: &Member,
    user_id: Uuid,
    change: Change,
) -> Result<(), AppError> {
    if user_id == holder.user.id {
        return Err(AppError::conflict("member", "holder_stays"));
    }
    let mut tx = state().pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE memberships
         SET status = coalesce($3, status),
             can_buy = coalesce($4, can_buy),
             can_see_all_orders = coalesce($5, can_see_all_orders),
             updated_at = now()
         WHERE account_id = $1 AND user_id = $2 AND role = 'collaborator'",
    )
    .bind(holder.account_id)
    .bind(user_id)
    .bind(change.status)
    .bind(change.permissions.map(|p| p.can_buy))
    .bind(change.permissions.map(|p| p.can_see_all_orders))
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    record(
        &mut tx,
        holder.account_id,
        holder.user.id,
        user_id,
        change.action,
        change.permissions,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_permissions(user_id: Uuid, permissions: Permissions) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let change = Change {
        status: None,
        permissions: Some(permissions),
        action: "permissions_changed",
    };
    change_collaborator(&holder, user_id, change).await
}

pub async fn deactivate(user_id: Uuid) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let change = Change {
        status: Some("deactivated"),
        permissions: None,
        action: "deactivated",
    };
    change_collaborator(&holder, user_id, change).await
}

pub async fn reactivate(user_id: Uuid, permissions: Permissions) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let change = Change {
        status: Some("active"),
        permissions: Some(permissions),
        action: "reactivated",
    };
    change_collaborator(&holder, user_id, change).await
}

pub async fn remove(user_id: Uuid) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    if user_id == holder.user.id {
        return Err(AppError::conflict("member", "holder_stays"));
    }
    let mut tx = state().pool.begin().await?;
    let removed = sqlx::query(
        "DELETE FROM memberships WHERE account_id = $1 AND user_id = $2 AND role = 'collaborator'",
    )
    .bind(holder.account_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    if removed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    sqlx::query("DELETE FROM holder_transfers WHERE account_id = $1 AND to_user_id = $2")
        .bind(holder.account_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        holder.account_id,
        holder.user.id,
        user_id,
        "removed",
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn leave(account_id: Uuid) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let mut tx = state().pool.begin().await?;
    let role: Option<String> = sqlx::query_scalar(
        "SELECT role FROM memberships WHERE account_id = $1 AND user_id = $2 AND status = 'active' FOR UPDATE",
    )
    .bind(account_id)
    .bind(user.id)
    .fetch_optional(&mut *tx)
    .await?;
    match role.as_deref().and_then(Role::parse) {
        None => return Err(AppError::NotFound),
        Some(Role::Holder) => return Err(AppError::conflict("member", "holder_stays")),
        Some(Role::Collaborator) => {}
    }
    sqlx::query("DELETE FROM memberships WHERE account_id = $1 AND user_id = $2")
        .bind(account_id)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM holder_transfers WHERE account_id = $1 AND to_user_id = $2")
        .bind(account_id)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, account_id, user.id, user.id, "left", None).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn offer_holder_role(user_id: Option<Uuid>) -> Result<(), AppError> {
    let holder = session::require_holder().await?;
    let pool = &state().pool;
    let Some(user_id) = user_id else {
        sqlx::query("DELETE FROM holder_transfers WHERE account_id = $1")
            .bind(holder.account_id)
            .execute(pool)
            .await?;
        return Ok(());
    };
    let active_collaborator: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM memberships WHERE account_id = $1 AND user_id = $2
                        AND role = 'collaborator' AND status = 'active')",
    )
    .bind(holder.account_id)
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    if !active_collaborator {
        return Err(AppError::NotFound);
    }
    sqlx::query(
        "INSERT INTO holder_transfers (account_id, to_user_id, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET to_user_id = $2, created_by = $3, created_at = now()",
    )
    .bind(holder.account_id)
    .bind(user_id)
    .bind(holder.user.id)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn answer_holder_role(account_id: Uuid, accept: bool) -> Result<(), AppError> {
    let user = session::require_customer().await?;
    let mut tx = state().pool.begin().await?;
    let offer: Option<Option<Uuid>> = sqlx::query_scalar(
        "DELETE FROM holder_transfers WHERE account_id = $1 AND to_user_id = $2 RETURNING created_by",
    )
    .bind(account_id)
    .bind(user.id)
    .fetch_optional(&mut *tx)
    .await?;
    if offer.is_none() {
        return Err(AppError::NotFound);
    }
    if accept {
        // Still an active collaborator? Then the roles swap in one transaction, so the account
        // has exactly one holder at every moment another transaction can see.
        let old_holder: Option<Uuid> = sqlx::query_scalar(
            "SELECT h.user_id FROM memberships h JOIN memberships c
               ON c.account_id = h.account_id AND c.user_id = $2
                  AND c.role = 'collaborator' AND c.status = 'active'
             WHERE h.account_id = $1 AND h.role = 'holder' FOR UPDATE",
        )
        .bind(account_id)
        .bind(user.id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(old_holder) = old_holder else {
            return Err(AppError::NotFound);
        };
        sqlx::query(
            "UPDATE memberships SET role = 'collaborator', can_buy = true, can_see_all_orders = true,
                    updated_at = now()
             WHERE account_id = $1 AND user_id = $2",
        )
        .bind(account_id)
        .bind(old_holder)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE memberships SET role = 'holder', can_buy = true, can_see_all_orders = true,
                    updated_at = now()
             WHERE account_id = $1 AND user_id = $2",
        )
        .bind(account_id)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            account_id,
            old_holder,
            user.id,
            "holder_transferred",
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
