//! Who is logged in. The session (stored in PostgreSQL by tower-sessions) holds the user's id,
//! the user's session epoch and when the login happened; every request re-reads the user, so a
//! password change (which bumps the epoch) ends the other sessions at their next request.
//! Staff sessions end sooner (idle and absolute limits of [`SessionRules`]), and a login with
//! two-factor authentication is pending until its code is checked ([`PendingLogin`]).
//! Who is asking (the person, their accounts, what each kind of caller may do) is [`who`].
use super::{state, AppState, OrInternal};
use crate::error::{AppError, TwoFactorIssue};
use serde::{Deserialize, Serialize};
use sqlx::{pool::PoolConnection, Postgres};
use time::{Duration, OffsetDateTime};
use tower_sessions::Session;
use uuid::Uuid;

mod preload;
mod who;
pub use preload::SessionPreloads;
pub use who::*;

const SESSION_KEY: &str = "login";
/// The customer account the person acts for (their choice in the switcher).
const ACCOUNT_KEY: &str = "account";
/// A right password whose second factor is still to check: nobody is logged in yet.
const PENDING_KEY: &str = "pending_login";
/// A session ends this long after login, however active (inactivity: 7 days, in the layer).
pub const ABSOLUTE_LIFETIME: Duration = Duration::days(30);

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Login {
    user_id: Uuid,
    epoch: i32,
    #[serde(with = "time::serde::timestamp")]
    started_at: OffsetDateTime,
    /// The last request seen, for the staff's idle limit (written at most once a minute).
    #[serde(default, with = "time::serde::timestamp::option")]
    last_seen: Option<OffsetDateTime>,
    /// When this session last checked a second-factor code (login, enrolment or re-check).
    #[serde(default, with = "time::serde::timestamp::option")]
    code_checked_at: Option<OffsetDateTime>,
}

/// The first step of a login with two-factor authentication: the password was right.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingLogin {
    pub user_id: Uuid,
    pub epoch: i32,
    #[serde(with = "time::serde::timestamp")]
    pub at: OffsetDateTime,
}

/// How long a right password waits for its code.
pub const PENDING_LIFETIME: Duration = Duration::minutes(5);

/// The limits of staff sessions and of the code re-check (`STAFF_IDLE_MINUTES`,
/// `STAFF_SESSION_HOURS`, `CODE_RECHECK_MINUTES`).
#[derive(Clone, Copy, Debug)]
pub struct SessionRules {
    /// A staff session ends after this long without a request (30 minutes).
    pub staff_idle: Duration,
    /// A staff session ends this long after login, however active (12 hours).
    pub staff_lifetime: Duration,
    /// Recording a payment and switching payment on account need a code checked this recently
    /// (10 minutes).
    pub code_recheck: Duration,
}

impl Default for SessionRules {
    fn default() -> Self {
        Self {
            staff_idle: Duration::minutes(30),
            staff_lifetime: Duration::hours(12),
            code_recheck: Duration::minutes(10),
        }
    }
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.or_internal()
}

/// Who the session says is logged in, read from the session alone: the caller checks it
/// against the database (user, epoch, membership) in its own statement.
#[derive(Clone, Copy, Debug)]
pub struct Claim {
    pub user_id: Uuid,
    pub epoch: i32,
    /// The account chosen in the switcher, if any.
    pub chosen_account: Option<Uuid>,
}

/// The session's [`Claim`], or `None` when nobody is logged in or the login is too old.
pub async fn claim() -> Result<Option<Claim>, AppError> {
    claim_of(&session().await?).await
}

/// [`claim`], with a pool connection that read the session's row, for the caller's statement
/// next: one connection given back to the pool, not two (sqlx pings every connection it takes
/// back, a round trip to the database). Without a session cookie nobody is logged in and no
/// connection is taken, so an anonymous call is refused as such even when the database is
/// down. A page's render, whose session was read before it began, reads no row here.
pub async fn claim_with_connection() -> Result<Option<(Claim, PoolConnection<Postgres>)>, AppError>
{
    let session = session().await?;
    let Some(id) = session.id() else {
        return Ok(None);
    };
    let state = state();
    let mut connection = state.pool.acquire().await?;
    let record = match looked_up_caller() {
        Some(_) => None,
        None => preload::read_row(&mut connection, &id)
            .await?
            .as_deref()
            .and_then(preload::decode),
    };
    let held = record.map(|record| state.session_preloads.hold(record));
    let claim = claim_of(&session).await;
    drop(held);
    Ok(claim?.map(|claim| (claim, connection)))
}

async fn claim_of(session: &Session) -> Result<Option<Claim>, AppError> {
    let Some(login) = session.get::<Login>(SESSION_KEY).await? else {
        return Ok(None);
    };
    if OffsetDateTime::now_utc() - login.started_at > ABSOLUTE_LIFETIME {
        return Ok(None);
    }
    Ok(Some(Claim {
        user_id: login.user_id,
        epoch: login.epoch,
        chosen_account: session.get::<Uuid>(ACCOUNT_KEY).await?,
    }))
}

/// The logged-in user, or `None` (and the session is cleared if it is no longer valid).
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(caller().await?.map(|caller| caller.user))
}

/// The logged-in person with their memberships: a page's render reuses the lookup made before
/// it (`auth::server::look_up_visitor`); a server function called on its own reads them now.
async fn caller() -> Result<Option<Caller>, AppError> {
    if let Some(LookedUpCaller(caller)) = looked_up_caller() {
        return Ok(caller);
    }
    caller_in(&session().await?, &state()).await
}

fn looked_up_caller() -> Option<LookedUpCaller> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<LookedUpCaller>().cloned())
}

/// The span of the request being answered (the server's trace layer opens it, with fields for
/// the caller's ids that the session fills in), kept with the request: Leptos runs a server
/// function inside spans of its own, where `Span::current()` is not that one.
#[derive(Clone, Debug)]
pub struct RequestSpan(pub tracing::Span);

pub(crate) fn request_span() -> tracing::Span {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestSpan>().cloned())
        .map_or_else(tracing::Span::current, |RequestSpan(span)| span)
}

/// [`current_user`] for plain axum handlers, which have the session and the state at hand.
pub async fn current_user_in(
    session: &Session,
    state: &AppState,
) -> Result<Option<CurrentUser>, AppError> {
    Ok(caller_in(session, state).await?.map(|caller| caller.user))
}

/// The logged-in person and their memberships (`None`, and the session cleared, when the login
/// is too old or the password changed since). One statement reads the session's row with the
/// person its login names; tower-sessions' load then takes that row ([`SessionPreloads`])
/// rather than reading it again.
pub async fn caller_in(session: &Session, state: &AppState) -> Result<Option<Caller>, AppError> {
    let read = match session.id() {
        Some(id) => Some(read_caller(&state.pool, CallerKey::Session(&id.to_string())).await?),
        None => None,
    };
    let (record, preread) = match read {
        Some(CallerRead {
            session_row,
            caller,
        }) => (session_row.as_deref().and_then(preload::decode), caller),
        None => (None, None),
    };
    let held = record.map(|record| state.session_preloads.hold(record));
    let login = session.get::<Login>(SESSION_KEY).await?;
    drop(held);
    let Some(mut login) = login else {
        return Ok(None);
    };
    if OffsetDateTime::now_utc() - login.started_at > ABSOLUTE_LIFETIME {
        session.flush().await?;
        return Ok(None);
    }
    let chosen = session.get::<Uuid>(ACCOUNT_KEY).await?;
    // The row read ahead names the person of the login as stored; this request may have
    // changed it since (a login started before the page was rendered): then read them by id.
    let caller = match preread {
        Some(caller) if caller.user.id == login.user_id => Some(caller),
        _ => {
            read_caller(&state.pool, CallerKey::User(login.user_id))
                .await?
                .caller
        }
    };
    match caller {
        Some(caller) if caller.user.session_epoch == login.epoch => {
            request_span().record("user_id", tracing::field::display(caller.user.id));
            let rules = &state.config.sessions;
            if caller.user.is_staff && !staff_session_goes_on(session, &mut login, rules).await? {
                session.flush().await?;
                return Ok(None);
            }
            Ok(Some(caller.chosen_first(chosen)))
        }
        _ => {
            session.flush().await?;
            Ok(None)
        }
    }
}

/// Whether a staff session is within its idle and absolute limits; if so, the request counts as
/// activity (stored at most once a minute, or a tenth of the idle limit when that is shorter).
async fn staff_session_goes_on(
    session: &Session,
    login: &mut Login,
    rules: &SessionRules,
) -> Result<bool, AppError> {
    let now = OffsetDateTime::now_utc();
    let idle = now - login.last_seen.unwrap_or(login.started_at);
    let ended = if now - login.started_at > rules.staff_lifetime {
        Some("lifetime")
    } else if idle > rules.staff_idle {
        Some("idle")
    } else {
        None
    };
    if let Some(reason) = ended {
        let details = serde_json::json!({ "reason": reason });
        super::security_events::record_with(
            &state().pool,
            shared::SecurityEvent::SessionExpired,
            Some(login.user_id),
            &super::security_events::RequestContext::current(),
            Some(details),
        )
        .await?;
        return Ok(false);
    }
    if idle >= Duration::minutes(1).min(rules.staff_idle / 10) {
        login.last_seen = Some(now);
        session.insert(SESSION_KEY, login.clone()).await?;
    }
    Ok(true)
}

/// Acts for `account_id` from now on (the caller checked the membership).
pub async fn choose_account(account_id: Uuid) -> Result<(), AppError> {
    session().await?.insert(ACCOUNT_KEY, account_id).await?;
    Ok(())
}

/// Gives a session that a login starts in a new id, so that an id someone else planted in the
/// browser (fixation) logs nobody in. A browser without a session yet gets its first id when the
/// session is saved: there is then no stored id to replace, and no statement to spend on it.
async fn new_id(session: &Session) -> Result<(), AppError> {
    if session.id().is_some() {
        session.cycle_id().await?;
    }
    Ok(())
}

/// Logs `user_id` in: a new session id (no fixation), then the login record. `code_checked`:
/// a second-factor code was checked for this login.
pub async fn start(user_id: Uuid, epoch: i32, code_checked: bool) -> Result<(), AppError> {
    let session = session().await?;
    new_id(&session).await?;
    session.remove_value(ACCOUNT_KEY).await?;
    session.remove_value(PENDING_KEY).await?;
    let now = OffsetDateTime::now_utc();
    let login = Login {
        user_id,
        epoch,
        started_at: now,
        last_seen: Some(now),
        code_checked_at: code_checked.then_some(now),
    };
    session.insert(SESSION_KEY, login).await?;
    Ok(())
}

/// The password was right and a code is still to check: nobody is logged in meanwhile (any
/// earlier login of this browser ends).
pub async fn start_pending(user_id: Uuid, epoch: i32) -> Result<(), AppError> {
    let session = session().await?;
    new_id(&session).await?;
    session.remove_value(SESSION_KEY).await?;
    session.remove_value(ACCOUNT_KEY).await?;
    let pending = PendingLogin {
        user_id,
        epoch,
        at: OffsetDateTime::now_utc(),
    };
    session.insert(PENDING_KEY, pending).await?;
    Ok(())
}

/// The pending login of this browser, if its password was typed in the last minutes.
pub async fn pending_login() -> Result<Option<PendingLogin>, AppError> {
    let pending = session().await?.get::<PendingLogin>(PENDING_KEY).await?;
    Ok(pending.filter(|p| OffsetDateTime::now_utc() - p.at <= PENDING_LIFETIME))
}

/// This session checked a second-factor code just now (enrolment or re-check).
pub async fn code_checked() -> Result<(), AppError> {
    let session = session().await?;
    if let Some(mut login) = session.get::<Login>(SESSION_KEY).await? {
        login.code_checked_at = Some(OffsetDateTime::now_utc());
        session.insert(SESSION_KEY, login).await?;
    }
    Ok(())
}

/// For the actions that need a fresh second factor (recording a payment, payment on account):
/// a code checked by this session within [`SessionRules::code_recheck`], else
/// `TwoFactor(CodeRequired)`.
pub async fn require_recent_code() -> Result<(), AppError> {
    let login = session().await?.get::<Login>(SESSION_KEY).await?;
    let checked = login.and_then(|login| login.code_checked_at);
    let limit = state().config.sessions.code_recheck;
    match checked {
        Some(at) if OffsetDateTime::now_utc() - at <= limit => Ok(()),
        _ => Err(AppError::TwoFactor(TwoFactorIssue::CodeRequired)),
    }
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

/// Whose login a stored session holds, read from its data (the session store keeps it beside
/// the session, so that a person's other sessions can be found and ended).
pub fn user_of(data: &std::collections::HashMap<String, serde_json::Value>) -> Option<Uuid> {
    let login = Login::deserialize(data.get(SESSION_KEY)?).ok()?;
    Some(login.user_id)
}

/// Logs out: the session is deleted from the store, its cookie is worthless.
pub async fn end() -> Result<(), AppError> {
    session().await?.flush().await?;
    Ok(())
}
