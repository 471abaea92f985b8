//! "Mon compte": who the person is, the accounts they act for, their names and language.
use crate::{
    auth::{forms::ProfileForm, types::*},
    error::AppError,
    issues::Form,
    server::{db::users::readable_phone, session, state},
};
use shared::{FieldError, Role, TimeZoneName};
use uuid::Uuid;

pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    let Some(user) = session::current_user().await? else {
        return Ok(None);
    };
    let pool = &state().pool;
    // Every account the person acts for, with what the header shows of the active one (a
    // holder's pending requests: they wait for the holder only, until they expire), in one
    // statement; which one is active is `member_of`'s rule, looked up once for the page.
    let accounts = sqlx::query!(
        r#"SELECT a.id, a.company_name AS name, m.role AS "role: Role", a.siret,
                  a.siret_verified_at IS NOT NULL AS "siret_verified!",
                  CASE WHEN m.role = 'holder' THEN
                      (SELECT count(*) FROM collaboration_requests r
                       WHERE r.account_id = a.id AND r.kind = 'request'
                         AND r.status = 'pending' AND r.expires_at > now())
                  ELSE 0 END AS "pending_requests!"
           FROM memberships m JOIN customer_accounts a ON a.id = m.account_id
           WHERE m.user_id = $1 AND m.status = 'active'
           ORDER BY m.role = 'holder' DESC, a.company_name"#,
        user.id
    )
    .fetch_all(pool)
    .await?;
    let mut must_enrol_two_factor = user.must_enrol();
    let active = session::member_of(user.clone()).await?.and_then(|member| {
        must_enrol_two_factor |= member.must_enrol();
        let account = accounts
            .iter()
            .find(|account| account.id == member.account_id)?;
        Some(ActiveAccount {
            id: member.account_id,
            name: member.account_name,
            role: member.role,
            permissions: member.permissions,
            siret: account.siret.clone(),
            siret_verified: account.siret_verified,
            pending_requests: account.pending_requests,
        })
    });
    let accounts = accounts
        .into_iter()
        .map(|account| AccountChoice {
            id: account.id,
            name: account.name,
            role: account.role,
        })
        .collect();
    Ok(Some(Me {
        phone: readable_phone(user.phone),
        first_name: user.first_name,
        last_name: user.last_name,
        email: user.email,
        email_verified: user.email_verified,
        locale: user.locale,
        time_zone: user.time_zone,
        must_change_password: user.must_change_password,
        must_enrol_two_factor,
        staff: user.is_staff,
        active,
        accounts,
    }))
}

pub async fn switch_account(account_id: Uuid) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let member = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM memberships
                          WHERE account_id = $1 AND user_id = $2 AND status = 'active')
                  AS "member!""#,
        account_id,
        user.id,
    )
    .fetch_one(&state().pool)
    .await?;
    // Someone else's account answers like one that does not exist.
    if !member {
        return Err(AppError::NotFound);
    }
    session::choose_account(account_id).await
}

pub async fn update_profile(form: ProfileForm) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let valid = form.parse()?;
    sqlx::query!(
        "UPDATE users SET first_name = $2, last_name = $3, phone = $4, updated_at = now()
         WHERE id = $1",
        user.id,
        valid.first_name.as_str(),
        valid.last_name.as_str(),
        valid.phone.as_e164(),
    )
    .execute(&state().pool)
    .await?;
    Ok(())
}

pub async fn set_language(locale: String) -> Result<(), AppError> {
    let user = session::require_user().await?;
    if locale != "fr" && locale != "en" {
        return Err(AppError::field("locale", FieldError::Required));
    }
    sqlx::query!(
        "UPDATE users SET locale = $2, updated_at = now() WHERE id = $1",
        user.id,
        locale,
    )
    .execute(&state().pool)
    .await?;
    Ok(())
}

pub async fn set_time_zone(time_zone: String) -> Result<(), AppError> {
    let user = session::require_user().await?;
    let zone =
        TimeZoneName::parse(&time_zone).map_err(|code| AppError::field("time_zone", code))?;
    sqlx::query!(
        "UPDATE users SET time_zone = $2, updated_at = now() WHERE id = $1",
        user.id,
        zone.as_str(),
    )
    .execute(&state().pool)
    .await?;
    Ok(())
}
