//! Who is asking: the person as stored now, the accounts they act for, and the rules each kind
//! of server function checks (`require_*`), read in one statement ([`read_caller`]).
use super::{
    caller, caller_in, current_user, looked_up_caller, request_span, session, state, ACCOUNT_KEY,
};
use crate::{
    error::{AppError, TwoFactorIssue},
    server::AppState,
};
use shared::{Permissions, Role, TimeZoneName};
use sqlx::{PgConnection, PgPool};
use tower_sessions::Session;
use uuid::Uuid;

/// The logged-in person, as stored now.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub locale: String,
    pub session_epoch: i32,
    pub must_change_password: bool,
    /// The manufacturer's staff: the back-office, never a customer account.
    pub is_staff: bool,
    /// The person followed a link sent to their address (`users.email_verified_at`).
    pub email_verified: bool,
    /// The person enrolled an authenticator (`users.two_factor_enabled_at`).
    pub two_factor_enabled: bool,
    /// Their recovery codes not used yet (0 without an authenticator): read with the person,
    /// since the profile's and the company's pages both show it.
    pub recovery_codes_left: i64,
    /// The time zone their pages show dates and times in.
    pub time_zone: TimeZoneName,
}

/// The logged-in person acting for their active customer account, with their membership as
/// stored now: a permission changed by the holder applies from this very request.
#[derive(Clone, Debug)]
pub struct Member {
    pub user: CurrentUser,
    pub account_id: Uuid,
    pub account_name: String,
    pub role: Role,
    pub permissions: Permissions,
    /// The holder requires two-factor authentication of every member of the account.
    pub account_requires_two_factor: bool,
}

impl Member {
    pub fn is_holder(&self) -> bool {
        self.role == Role::Holder
    }

    /// The account requires a second factor that the person has not enrolled yet.
    pub fn must_enrol(&self) -> bool {
        self.account_requires_two_factor && !self.user.two_factor_enabled
    }
}

impl CurrentUser {
    /// Staff without a second factor: they must enrol before anything else.
    pub fn must_enrol(&self) -> bool {
        self.is_staff && !self.two_factor_enabled
    }
}

/// One of the person's active memberships, with what the header shows of its account.
#[derive(Clone, Debug)]
pub struct Membership {
    pub account_id: Uuid,
    pub company_name: String,
    pub role: Role,
    can_buy: bool,
    can_see_all_orders: bool,
    require_two_factor: bool,
    pub siret: Option<String>,
    pub siret_verified: bool,
    /// Requests to join waiting for the holder's decision (0 unless the person holds it).
    pub pending_requests: i64,
    /// Its place in the account switcher's list: held accounts first, then by name.
    pub listed_at: i64,
}

impl Membership {
    /// The account's holder requires a second factor of every member.
    pub fn requires_two_factor(&self) -> bool {
        self.require_two_factor
    }

    /// What the person may do in this account.
    pub fn permissions(&self) -> Permissions {
        permissions_of(self.role, self.can_buy, self.can_see_all_orders)
    }
}

/// The logged-in person and every customer account they are active in, as stored now.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user: CurrentUser,
    /// The active one first: the account chosen in the switcher if they are still active there,
    /// else the one they hold, else the oldest ([`Caller::chosen_first`]); none for staff.
    pub memberships: Vec<Membership>,
}

/// Who is asking, as looked up for this request before its page was rendered: every server
/// function the page's parts call shares it (a change re-reads the membership in its own
/// transaction, [`lock_membership`]).
#[derive(Clone, Debug)]
pub struct LookedUpCaller(pub Option<Caller>);

/// What [`read_caller`] finds: the session's row when it was asked by session, and the person
/// that row (or the id asked for) logs in, with their memberships.
pub(super) struct CallerRead {
    pub session_row: Option<Vec<u8>>,
    pub caller: Option<Caller>,
}

/// Where [`read_caller`] starts from.
pub(super) enum CallerKey<'a> {
    /// The session's id: its row (unless expired) and the person whose login it holds.
    Session(&'a str),
    /// The person, when their session was read already.
    User(Uuid),
}

/// The person and their active memberships, held accounts first, then the oldest (the account
/// chosen in the switcher is put first by [`Caller::chosen_first`]); with what the header
/// shows of each account (its SIRET, a holder's pending requests to join, its place in the
/// switcher: held accounts, then by name). One statement, which also reads the session's row
/// when asked by session.
pub(super) async fn read_caller(pool: &PgPool, key: CallerKey<'_>) -> Result<CallerRead, AppError> {
    let (session_id, user_id) = match key {
        CallerKey::Session(id) => (Some(id), None),
        CallerKey::User(id) => (None, Some(id)),
    };
    let rows = sqlx::query!(
        r#"WITH s AS (SELECT data, user_id FROM tower_sessions.session
                      WHERE id = $1 AND expiry_date > now())
           SELECT (SELECT data FROM s) AS session_row,
                  u.id, u.email, u.first_name, u.last_name, u.phone, u.locale, u.session_epoch,
                  u.must_change_password, u.is_staff,
                  u.email_verified_at IS NOT NULL AS "email_verified!",
                  u.two_factor_enabled_at IS NOT NULL AS "two_factor_enabled!",
                  CASE WHEN u.two_factor_enabled_at IS NULL THEN 0 ELSE
                      (SELECT count(*) FROM two_factor_recovery_codes c
                       WHERE c.user_id = u.id AND c.used_at IS NULL)
                  END AS "recovery_codes_left!",
                  u.time_zone AS "time_zone: TimeZoneName",
                  m.account_id AS "account_id?", a.company_name AS "company_name?",
                  m.role AS "role?: Role", m.can_buy AS "can_buy?",
                  m.can_see_all_orders AS "can_see_all_orders?",
                  a.require_two_factor AS "require_two_factor?", a.siret,
                  a.siret_verified_at IS NOT NULL AS "siret_verified!",
                  CASE WHEN m.role = 'holder' THEN
                      (SELECT count(*) FROM collaboration_requests r
                       WHERE r.account_id = a.id AND r.kind = 'request'
                         AND r.status = 'pending' AND r.expires_at > now())
                  ELSE 0 END AS "pending_requests!",
                  row_number() OVER (ORDER BY m.role = 'holder' DESC, a.company_name)
                      AS "listed_at!"
           FROM users u
           LEFT JOIN memberships m ON m.user_id = u.id AND m.status = 'active'
           LEFT JOIN customer_accounts a ON a.id = m.account_id
           WHERE u.id = coalesce($2, (SELECT user_id FROM s))
           ORDER BY m.role = 'holder' DESC, m.created_at"#,
        session_id,
        user_id,
    )
    .fetch_all(pool)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(CallerRead {
            session_row: None,
            caller: None,
        });
    };
    let session_row = first.session_row.clone();
    let user = CurrentUser {
        id: first.id,
        email: first.email.clone(),
        first_name: first.first_name.clone(),
        last_name: first.last_name.clone(),
        phone: first.phone.clone(),
        locale: first.locale.clone(),
        session_epoch: first.session_epoch,
        must_change_password: first.must_change_password,
        is_staff: first.is_staff,
        email_verified: first.email_verified,
        two_factor_enabled: first.two_factor_enabled,
        recovery_codes_left: first.recovery_codes_left,
        time_zone: first.time_zone,
    };
    let memberships = rows
        .into_iter()
        .filter_map(|row| {
            Some(Membership {
                account_id: row.account_id?,
                company_name: row.company_name?,
                role: row.role?,
                can_buy: row.can_buy?,
                can_see_all_orders: row.can_see_all_orders?,
                require_two_factor: row.require_two_factor?,
                siret: row.siret,
                siret_verified: row.siret_verified,
                pending_requests: row.pending_requests,
                listed_at: row.listed_at,
            })
        })
        .collect();
    Ok(CallerRead {
        session_row,
        caller: Some(Caller { user, memberships }),
    })
}

impl Caller {
    /// The account chosen in the switcher first, if the person is still active there; the
    /// others keep their order (held, then oldest).
    pub(super) fn chosen_first(mut self, chosen: Option<Uuid>) -> Self {
        self.memberships
            .sort_by_key(|membership| Some(membership.account_id) != chosen);
        self
    }
}

/// The logged-in user, whatever their password: only for choosing the first one. Nobody:
/// `Unauthorized`.
pub async fn require_user_choosing_password() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// The logged-in person, once the password is their own, with or without the second factor
/// they must enrol: only for enrolling it and the settings of two-factor authentication.
pub async fn require_user_enrolling() -> Result<CurrentUser, AppError> {
    password_settled(require_user_choosing_password().await?)
}

/// The logged-in person, once the password is their own: until then (a holder chose it), every
/// server function but choosing it and logging out answers `Forbidden`. Staff must also have
/// enrolled a second factor (`TwoFactor(EnrolmentRequired)` until then). Nobody:
/// `Unauthorized`.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    enrolled(password_settled(require_user_choosing_password().await?)?)
}

fn password_settled(user: CurrentUser) -> Result<CurrentUser, AppError> {
    if user.must_change_password {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

fn enrolled(user: CurrentUser) -> Result<CurrentUser, AppError> {
    if user.must_enrol() {
        return Err(AppError::TwoFactor(TwoFactorIssue::EnrolmentRequired));
    }
    Ok(user)
}

/// [`require_customer`]'s rules, for a person already looked up.
fn customer(user: CurrentUser) -> Result<CurrentUser, AppError> {
    let user = enrolled(password_settled(user)?)?;
    if user.is_staff {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

/// A customer whose address is proven: what joining an account, answering an invitation and
/// taking the holder role need. Otherwise `Unverified`.
pub fn require_verified(user: &CurrentUser) -> Result<(), AppError> {
    if user.email_verified {
        Ok(())
    } else {
        Err(AppError::Unverified)
    }
}

/// Every active membership of the person, the active one first ([`Caller::memberships`]):
/// those looked up with the person for the page being rendered, else read now.
pub async fn memberships_of(user: &CurrentUser) -> Result<Vec<Membership>, AppError> {
    if let Some(LookedUpCaller(Some(caller))) = looked_up_caller() {
        if caller.user.id == user.id {
            return Ok(caller.memberships);
        }
    }
    let chosen = session().await?.get::<Uuid>(ACCOUNT_KEY).await?;
    let read = read_caller(&state().pool, CallerKey::User(user.id)).await?;
    Ok(read
        .caller
        .map(|caller| caller.chosen_first(chosen).memberships)
        .unwrap_or_default())
}

/// The person acting for the first of their memberships ([`memberships_of`]), the active one.
pub fn active_member(user: CurrentUser, memberships: &[Membership]) -> Option<Member> {
    let active = memberships.first()?;
    request_span().record("account_id", tracing::field::display(active.account_id));
    Some(Member {
        user,
        account_id: active.account_id,
        account_name: active.company_name.clone(),
        role: active.role,
        permissions: permissions_of(active.role, active.can_buy, active.can_see_all_orders),
        account_requires_two_factor: active.require_two_factor,
    })
}

/// A customer (not staff) whose password is their own: the collaborator space's callers.
pub async fn require_customer() -> Result<CurrentUser, AppError> {
    customer(require_user_choosing_password().await?)
}

/// [`require_customer`], with the person's memberships (read in the same statement).
pub async fn require_customer_caller() -> Result<Caller, AppError> {
    let Caller { user, memberships } = caller().await?.ok_or(AppError::Unauthorized)?;
    Ok(Caller {
        user: customer(user)?,
        memberships,
    })
}

/// The manufacturer's staff, password settled; anyone else: `Forbidden`.
pub async fn require_staff() -> Result<CurrentUser, AppError> {
    let user = require_user().await?;
    if !user.is_staff {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

/// The person acting for an account they are active in. Not logged in: `Unauthorized`; a
/// password chosen by someone else still to replace, or no account: `Forbidden`; the holder
/// requires a second factor the person has not enrolled: `TwoFactor(EnrolmentRequired)`.
pub async fn require_member() -> Result<Member, AppError> {
    member_in(caller().await?.ok_or(AppError::Unauthorized)?)
}

/// [`require_member`]'s rules, for a person already looked up with their memberships.
pub fn member_in(caller: Caller) -> Result<Member, AppError> {
    let Caller { user, memberships } = caller;
    let member = active_member(customer(user)?, &memberships).ok_or(AppError::Forbidden)?;
    if member.must_enrol() {
        return Err(AppError::TwoFactor(TwoFactorIssue::EnrolmentRequired));
    }
    Ok(member)
}

/// [`require_user`] for plain axum handlers, with the person's memberships.
pub async fn require_caller_in(session: &Session, state: &AppState) -> Result<Caller, AppError> {
    let Caller { user, memberships } = caller_in(session, state)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let user = enrolled(password_settled(user)?)?;
    Ok(Caller { user, memberships })
}

/// The holder of the active account; anyone else: `Forbidden`.
pub async fn require_holder() -> Result<Member, AppError> {
    let member = require_member().await?;
    if member.is_holder() {
        Ok(member)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The member's membership as it stands inside `tx`, locked for share until `tx` ends: a
/// decision made on it holds when `tx` commits, and the holder's change of it (permissions,
/// deactivation, removal) waits for `tx`. No longer an active member: `Forbidden`.
pub async fn lock_membership(tx: &mut PgConnection, member: &Member) -> Result<Member, AppError> {
    let locked = sqlx::query!(
        r#"SELECT m.role AS "role: Role", m.can_buy, m.can_see_all_orders
           FROM memberships m
           WHERE m.account_id = $1 AND m.user_id = $2 AND m.status = 'active'
           FOR SHARE"#,
        member.account_id,
        member.user.id,
    )
    .fetch_optional(tx)
    .await?
    .ok_or(AppError::Forbidden)?;
    Ok(Member {
        role: locked.role,
        permissions: permissions_of(locked.role, locked.can_buy, locked.can_see_all_orders),
        ..member.clone()
    })
}

/// [`lock_membership`] for a holder's decision: a holder demoted, deactivated or removed since
/// the session was read decides nothing (`Forbidden`), and a transfer of the role waits until
/// this decision is written.
pub async fn lock_holder(tx: &mut PgConnection, holder: &Member) -> Result<Member, AppError> {
    let locked = lock_membership(tx, holder).await?;
    if locked.is_holder() {
        Ok(locked)
    } else {
        Err(AppError::Forbidden)
    }
}

/// What a role and its stored answers allow: a holder may do everything, whatever is stored.
fn permissions_of(role: Role, can_buy: bool, can_see_all_orders: bool) -> Permissions {
    match role {
        Role::Holder => Permissions::HOLDER,
        Role::Collaborator => Permissions {
            can_buy,
            can_see_all_orders,
        },
    }
}
