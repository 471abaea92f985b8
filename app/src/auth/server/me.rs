//! "Mon compte": who the person is, the accounts they act for, their names and language.
use crate::{
    auth::{forms::ProfileForm, types::*},
    error::AppError,
    issues::Form,
    server::{db::users::readable_phone, session, state},
};
use shared::{FieldError, TimeZoneName};
use uuid::Uuid;

pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    let Some(user) = session::current_user().await? else {
        return Ok(None);
    };
    // Every account the person acts for, the active one first with what the header shows of it,
    // in one statement (read once for a page's render).
    let mut memberships = session::memberships_of(&user).await?;
    let mut must_enrol_two_factor = user.must_enrol();
    let active = session::active_member(user.clone(), &memberships)
        .zip(memberships.first())
        .map(|(member, account)| {
            must_enrol_two_factor |= member.must_enrol();
            ActiveAccount {
                id: member.account_id,
                name: member.account_name,
                role: member.role,
                permissions: member.permissions,
                siret: account.siret.clone(),
                siret_verified: account.siret_verified,
                pending_requests: account.pending_requests,
            }
        });
    memberships.sort_by_key(|membership| membership.listed_at);
    let accounts = memberships
        .into_iter()
        .map(|membership| AccountChoice {
            id: membership.account_id,
            name: membership.company_name,
            role: membership.role,
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
