//! Storing a contact message, e-mailing staff and the sender, and the back-office's list.
use super::{forms::ContactForm, types::StaffMessage};
use crate::{
    components::labels::contact_subject_text,
    error::AppError,
    i18n::*,
    issues::Form,
    server::{
        check_both, client_address,
        db::{
            list::{cursor_of, push_like_any, push_page, read_page, SortKey},
            unix,
            users::locale_or_default,
        },
        email_key, mail, session, state,
    },
};
use shared::list::{ListQuery, Page};
use shared::ContactSubject;
use sqlx::QueryBuilder;
use time::OffsetDateTime;
use uuid::Uuid;

pub async fn send_message(form: ContactForm) -> Result<(), AppError> {
    let message = form.parse()?;
    let state = state();
    // Checked before anything is written: a flood stores nothing and sends nothing.
    let client = client_address().await?;
    let limits = &state.limits;
    check_both(
        (&limits.contact_per_ip, &client.into()),
        (
            &limits.contact_per_email,
            &email_key(message.email.as_str()),
        ),
    )
    .await?;
    let id = Uuid::new_v4();
    let mut tx = state.pool.begin().await?;
    sqlx::query!(
        "INSERT INTO contact_messages (id, name, email, company, subject, message, locale)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        id,
        message.name.as_str(),
        message.email.as_str(),
        message.company.as_ref().map(|company| company.as_str()),
        message.subject as ContactSubject,
        message.message.as_str(),
        message.locale,
    )
    .execute(&mut *tx)
    .await?;
    let staff: Vec<Uuid> = sqlx::query_scalar!("SELECT id FROM users WHERE is_staff")
        .fetch_all(&mut *tx)
        .await?;
    let link = format!("{}/backoffice/messages", state.config.public_url);
    let company = message
        .company
        .as_ref()
        .map(|company| company.as_str().to_string())
        .unwrap_or_default();
    mail::enqueue_for_users(&mut tx, &staff, "contact_staff", |locale| {
        let subject = td_string!(
            locale,
            email.contact_staff_subject,
            subject = contact_subject_text(locale, message.subject),
            name = message.name.as_str()
        )
        .to_string();
        let body = td_string!(
            locale,
            email.contact_staff_body,
            name = message.name.as_str(),
            email = message.email.as_str(),
            company = company.as_str(),
            subject = contact_subject_text(locale, message.subject),
            message = message.message.as_str(),
            link = link.as_str()
        )
        .to_string();
        (subject, body)
    })
    .await?;
    // The acknowledgement does not repeat the message: the form must not send any text to any
    // address.
    let locale = locale_or_default(message.locale);
    let subject = td_string!(locale, email.contact_ack_subject).to_string();
    let body = td_string!(
        locale,
        email.contact_ack_body,
        name = message.name.as_str(),
        subject = contact_subject_text(locale, message.subject)
    )
    .to_string();
    mail::enqueue(
        &mut tx,
        message.email.as_str(),
        message.locale,
        "contact_ack",
        &subject,
        &body,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: Uuid,
    name: String,
    email: String,
    company: Option<String>,
    subject: ContactSubject,
    message: String,
    locale: String,
    created_at: OffsetDateTime,
}

/// A page of the contact messages, newest first unless sorted otherwise, searched in the
/// sender's name, e-mail, company and the message.
pub async fn staff_messages(query: ListQuery<()>) -> Result<Page<StaffMessage>, AppError> {
    session::require_staff().await?;
    let mut sql = QueryBuilder::new(
        "SELECT m.id, m.name, m.email, m.company, m.subject, m.message, m.locale, m.created_at
         FROM contact_messages m WHERE true",
    );
    if let Some(search) = &query.search {
        sql.push(" AND (");
        let columns = ["m.name", "m.email", "m.company", "m.message"];
        push_like_any(&mut sql, &search.like_pattern(), &columns);
        sql.push(")");
    }
    let by_date = SortKey {
        time: "m.created_at",
        id: "m.id",
    };
    push_page(&mut sql, &query, by_date);
    let rows: Vec<MessageRow> = read_page(&mut sql, query.search.is_some(), &state().pool).await?;
    let page = Page::from_read(rows, query.start, query.size, |row| {
        cursor_of(row.created_at, row.id)
    });
    page.try_map(|row| {
        Ok::<_, AppError>(StaffMessage {
            id: row.id,
            name: row.name,
            email: row.email,
            company: row.company,
            subject: row.subject,
            message: row.message,
            locale: row.locale,
            created_at: unix(row.created_at),
        })
    })
}
