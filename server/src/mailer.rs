//! Sends the e-mails queued in `outbox`: over SMTP when `SMTP_URL` is set, otherwise as `.eml`
//! files in the mail folder (for developers and tests). Rows are claimed one at a time with
//! `FOR UPDATE SKIP LOCKED`, so several server processes share the work without sending twice;
//! a file is named after its row, so a retry overwrites rather than duplicates. An e-mail's
//! single-use link is made as it is sent (`app::server::links`): its token is in the message,
//! never in the outbox.
use crate::config::MailSettings;
use app::server::links::{self, Link};
use lettre::{
    message::{
        header::{ContentTransferEncoding, ContentType},
        Body, Mailbox,
    },
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use secrecy::ExposeSecret;
use sqlx::PgPool;
use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::sync::watch;

/// How long an e-mail being sent is left alone by the other workers; after a crash mid-send
/// it is retried then.
const SENDING_CLAIM: Duration = Duration::from_secs(300);

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

pub struct Mailer {
    pool: PgPool,
    transport: Transport,
    from: Mailbox,
    /// The site's address, which links in e-mails start with.
    public_url: String,
    /// The e-mail being sent, claimed for `SENDING_CLAIM`: released if the process must stop
    /// before its outcome is written, rather than left to the others for minutes.
    claimed: Claimed,
}

/// The outbox row a mailer has claimed and not yet settled, if any.
#[derive(Clone, Debug, Default)]
pub struct Claimed(Arc<Mutex<Option<i64>>>);

impl Claimed {
    fn set(&self, id: Option<i64>) {
        if let Ok(mut claimed) = self.0.lock() {
            *claimed = id;
        }
    }

    fn get(&self) -> Option<i64> {
        self.0.lock().ok().and_then(|claimed| *claimed)
    }

    /// Makes the claimed e-mail, if any, due again at once (for another process), when the
    /// mailer was stopped in the middle of sending it: it may then be sent twice, never lost.
    pub async fn release(&self, pool: &PgPool) {
        let Some(id) = self.get() else {
            return;
        };
        let released = sqlx::query!(
            "UPDATE outbox SET next_attempt_at = now() WHERE id = $1 AND sent_at IS NULL",
            id
        )
        .execute(pool)
        .await;
        match released {
            Ok(_) => tracing::info!(id, "outbox: claim released at shutdown"),
            Err(error) => tracing::warn!(id, %error, "outbox: cannot release the claim"),
        }
    }
}

struct Queued {
    id: i64,
    recipient: String,
    kind: String,
    subject: String,
    body: String,
    link: Option<Link>,
    link_token_hash: Option<Vec<u8>>,
}

impl Mailer {
    pub fn new(pool: PgPool, settings: &MailSettings, public_url: &str) -> Result<Self, String> {
        let transport = match &settings.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .map_err(|e| format!("SMTP_URL: {e}"))?
                    .build(),
            ),
            None => Transport::Files(settings.mail_dir.clone()),
        };
        let from = settings
            .from
            .parse()
            .map_err(|e| format!("MAIL_FROM: {e}"))?;
        Ok(Self {
            pool,
            transport,
            from,
            public_url: public_url.to_string(),
            claimed: Claimed::default(),
        })
    }

    /// What this mailer has claimed, for the shutdown to release.
    pub fn claimed(&self) -> Claimed {
        self.claimed.clone()
    }

    /// Delivers what is due until `stop` turns true; started once at start-up. An e-mail being
    /// sent is finished first: a stop is only heard between two e-mails.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        while !*stop.borrow() {
            let pause = match self.deliver_next().await {
                Ok(false) => Duration::from_millis(500),
                Ok(true) => continue,
                Err(error) => {
                    tracing::error!(%error, "outbox: cannot read the queue");
                    Duration::from_secs(5)
                }
            };
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Sends the next e-mail due, if any. A first transaction claims it for the time of sending
    /// (another worker skips it until then) and makes its link, so that the link works before
    /// the message can arrive; the outcome is written after. Answers whether there was one.
    async fn deliver_next(&self) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let due = sqlx::query_as!(
            Queued,
            r#"SELECT id, recipient, kind, subject, body, link AS "link: Link", link_token_hash
               FROM outbox
               WHERE sent_at IS NULL AND next_attempt_at <= now()
               ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"#
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(mut mail) = due else {
            return Ok(false);
        };
        if let (Some(link), Some(pending)) = (mail.link, mail.link_token_hash.take()) {
            let url = links::make(&mut tx, mail.id, link, &pending, &self.public_url).await?;
            mail.body = mail.body.replace(links::PLACEHOLDER, &url);
        }
        sqlx::query!(
            "UPDATE outbox SET next_attempt_at = now() + make_interval(secs => $2) WHERE id = $1",
            mail.id,
            SENDING_CLAIM.as_secs_f64(),
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.claimed.set(Some(mail.id));
        match self.send(&mail).await {
            Ok(()) => {
                // Sent: the token's hash is forgotten here too (the link's own row keeps it).
                sqlx::query!(
                    "UPDATE outbox SET sent_at = now(), attempts = attempts + 1,
                            last_error = NULL, link_token_hash = NULL
                     WHERE id = $1",
                    mail.id
                )
                .execute(&self.pool)
                .await?;
            }
            Err(error) => {
                tracing::warn!(id = mail.id, %error, "outbox: sending failed, will retry");
                // Backoff: 30 s, 1 min, 2 min… up to one hour between attempts.
                sqlx::query!(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                        next_attempt_at = now() + least(interval '1 hour',
                                                        interval '30 seconds' * power(2, attempts))
                     WHERE id = $1",
                    mail.id,
                    error,
                )
                .execute(&self.pool)
                .await?;
            }
        }
        self.claimed.set(None);
        Ok(true)
    }

    async fn send(&self, mail: &Queued) -> Result<(), String> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN)
            // Quoted-printable: always valid, and still readable in the `.eml` files.
            .body(
                Body::new_with_encoding(
                    mail.body.clone(),
                    ContentTransferEncoding::QuotedPrintable,
                )
                .map_err(|_| "the body cannot be encoded".to_string())?,
            )
            .map_err(|e| e.to_string())?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| e.to_string())?;
                let path = dir.join(format!("{:08}-{}.eml", mail.id, mail.kind));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| e.to_string())?;
                tracing::info!(to = %mail.recipient, kind = %mail.kind, path = %path.display(), "e-mail written");
                Ok(())
            }
        }
    }
}
