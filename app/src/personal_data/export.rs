//! The personal data export: one statement builds the whole document in PostgreSQL, so that it
//! is one consistent snapshot, and never includes a secret (password hash, second-factor
//! secret, token hashes).
use crate::{
    error::AppError,
    server::{session, AppState},
};
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use tower_sessions::Session;
use uuid::Uuid;

/// The route, to merge into the server's router.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/api/account/personal-data", get(export))
        .with_state(state)
}

async fn export(State(state): State<AppState>, session: Session, headers: HeaderMap) -> Response {
    let person = match session::current_user_in(&session, &state).await {
        Ok(Some(user)) => user.id,
        Ok(None) => return refusal(&headers, AppError::Unauthorized),
        Err(error) => return refusal(&headers, error),
    };
    match document(&state, person).await {
        Ok(document) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"ems-proto-personal-data.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            document.to_string(),
        )
            .into_response(),
        Err(error) => refusal(&headers, error),
    }
}

/// The reason, in the person's language for a browser, as the error's code for scripts.
fn refusal(headers: &HeaderMap, error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if wants_html {
        let locale = crate::locale::page_locale(headers);
        let text = crate::components::errors::form_error_text(locale, &error);
        let plain = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
        (status, plain, text).into_response()
    } else {
        (status, axum::Json(error)).into_response()
    }
}

async fn document(state: &AppState, person: Uuid) -> Result<serde_json::Value, AppError> {
    let document = sqlx::query_scalar!(
        r#"SELECT jsonb_build_object(
             'exported_at', now(),
             'person', (SELECT jsonb_build_object(
                 'first_name', u.first_name, 'last_name', u.last_name, 'email', u.email,
                 'phone', u.phone, 'language', u.locale, 'time_zone', u.time_zone,
                 'created_at', u.created_at, 'email_verified_at', u.email_verified_at,
                 'two_factor_enabled_at', u.two_factor_enabled_at, 'staff', u.is_staff)
               FROM users u WHERE u.id = $1),
             'memberships', coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'account', a.company_name, 'siret', a.siret, 'role', m.role,
                 'can_buy', m.can_buy, 'can_see_all_orders', m.can_see_all_orders,
                 'status', m.status, 'since', m.created_at) ORDER BY m.created_at)
               FROM memberships m JOIN customer_accounts a ON a.id = m.account_id
               WHERE m.user_id = $1), '[]'::jsonb),
             'requests_and_invitations', coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'kind', r.kind, 'account', a.company_name, 'status', r.status,
                 'created_at', r.created_at, 'expires_at', r.expires_at) ORDER BY r.created_at)
               FROM collaboration_requests r JOIN customer_accounts a ON a.id = r.account_id
               WHERE r.user_id = $1), '[]'::jsonb),
             'history', coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'account', a.company_name, 'action', e.action, 'by_you', e.actor_id = $1,
                 'about_you', e.subject_id = $1, 'at', e.created_at) ORDER BY e.id)
               FROM membership_events e JOIN customer_accounts a ON a.id = e.account_id
               WHERE e.actor_id = $1 OR e.subject_id = $1), '[]'::jsonb),
             'projects_created', coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'name', p.name, 'account', a.company_name, 'created_at', p.created_at)
                 ORDER BY p.created_at)
               FROM projects p JOIN customer_accounts a ON a.id = p.account_id
               WHERE p.created_by = $1), '[]'::jsonb),
             'orders', coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'number', o.number, 'account', a.company_name,
                 'placed_by_you', o.placed_by IS NOT DISTINCT FROM $1,
                 'requested_by_you', o.requested_by IS NOT DISTINCT FROM $1,
                 'project', o.project_snapshot, 'quantity', o.quantity,
                 'total_cents', o.total_cents, 'status', o.status,
                 'delivery_address', o.delivery_address, 'po_reference', o.po_reference,
                 'terms_version', o.terms_version, 'created_at', o.created_at)
                 ORDER BY o.created_at)
               FROM orders o JOIN customer_accounts a ON a.id = o.account_id
               WHERE o.placed_by = $1 OR o.requested_by = $1), '[]'::jsonb),
             'purchase_requests', coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'account', a.company_name, 'project', r.project_snapshot,
                 'quantity', r.quantity, 'status', r.status,
                 'delivery_address', r.delivery_address, 'created_at', r.created_at)
                 ORDER BY r.created_at)
               FROM purchase_requests r JOIN customer_accounts a ON a.id = r.account_id
               WHERE r.requested_by = $1), '[]'::jsonb),
             'security_events', coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'kind', e.kind, 'ip', host(e.ip), 'browser', e.user_agent,
                 'at', e.created_at) ORDER BY e.id)
               FROM security_events e WHERE e.user_id = $1), '[]'::jsonb),
             'emails', coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'kind', m.kind, 'subject', m.subject, 'created_at', m.created_at,
                 'sent_at', m.sent_at) ORDER BY m.id)
               FROM outbox m, users u
               WHERE u.id = $1 AND lower(m.recipient) = lower(u.email)), '[]'::jsonb),
             'contact_messages', coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'subject', c.subject, 'message', c.message, 'created_at', c.created_at)
                 ORDER BY c.created_at)
               FROM contact_messages c, users u
               WHERE u.id = $1 AND lower(c.email) = lower(u.email)), '[]'::jsonb)
           ) AS "document!""#,
        person,
    )
    .fetch_one(&state.pool)
    .await?;
    Ok(document)
}
