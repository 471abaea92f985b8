//! E-mails over SMTP: a tiny SMTP peer on loopback receives what the outbox worker sends.
use crate::helpers::spawn_app_with;
use serde_json::json;
use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// Keeps the DATA of every message it accepts, after refusing the first `refusals` with a
/// temporary error; answers just enough SMTP for a client.
async fn smtp_sink(refusals: usize) -> (u16, Arc<Mutex<Vec<String>>>) {
    let refusals = Arc::new(AtomicUsize::new(refusals));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = Arc::clone(&received);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let store = Arc::clone(&store);
            let refusals = Arc::clone(&refusals);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ready\r\n").await?;
                let mut data: Option<String> = None;
                while let Some(line) = lines.next_line().await? {
                    if let Some(message) = data.as_mut() {
                        if line == "." {
                            store.lock().unwrap().push(data.take().unwrap());
                            write.write_all(b"250 queued\r\n").await?;
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let command = line.to_ascii_uppercase();
                    let refuse = command.starts_with("MAIL FROM")
                        && refusals
                            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                            .is_ok();
                    let reply: &[u8] = if refuse {
                        b"451 4.3.0 try again later\r\n"
                    } else if command.starts_with("DATA") {
                        data = Some(String::new());
                        b"354 go on\r\n"
                    } else if command.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await?;
                        break;
                    } else if command.starts_with("EHLO") || command.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await?;
                }
                Ok::<_, std::io::Error>(())
            });
        }
    });
    (port, received)
}

#[tokio::test]
async fn with_smtp_url_the_worker_sends_over_smtp_once() {
    let (port, received) = smtp_sink(0).await;
    let url = format!("smtp://127.0.0.1:{port}");
    let app = spawn_app_with(&[("SMTP_URL", url.as_str())]).await;
    // Sign-up e-mails the link that proves the holder's address.
    app.sign_up_as(&app.client, json!({})).await;

    let mut delivered = Vec::new();
    for _ in 0..100 {
        delivered = received.lock().unwrap().clone();
        if !delivered.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(delivered.len(), 1, "one e-mail over SMTP");
    assert!(
        delivered[0].contains("To: marie@acme.fr"),
        "{}",
        delivered[0]
    );
    assert!(delivered[0].contains("verify-email"), "{}", delivered[0]);

    // Marked sent, and not sent again by the next rounds of the worker.
    let mut sent = false;
    for _ in 0..50 {
        sent = sqlx::query_scalar("SELECT sent_at IS NOT NULL FROM outbox")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        if sent {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(sent);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(received.lock().unwrap().len(), 1);
    assert!(
        std::fs::read_dir(&app.mail_dir).is_err(),
        "no .eml file when SMTP is set"
    );
}

#[tokio::test]
async fn a_refused_email_is_retried_later_with_backoff() {
    let (port, received) = smtp_sink(1).await;
    let url = format!("smtp://127.0.0.1:{port}");
    let app = spawn_app_with(&[("SMTP_URL", url.as_str())]).await;
    // Sign-up e-mails the link that proves the holder's address.
    app.sign_up_as(&app.client, json!({})).await;

    // The first attempt fails: counted, the cause kept, the next attempt put off.
    let mut row: Option<(i32, Option<String>, bool)> = None;
    for _ in 0..100 {
        row = sqlx::query_as(
            "SELECT attempts, last_error, next_attempt_at > now() + interval '20 seconds'
             FROM outbox WHERE attempts > 0",
        )
        .fetch_optional(&app.pool)
        .await
        .unwrap();
        if row.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (attempts, last_error, put_off) = row.expect("a failed attempt is recorded");
    assert_eq!(attempts, 1);
    assert!(last_error.is_some_and(|e| e.contains("451")));
    assert!(put_off, "the next attempt waits (backoff)");
    assert!(received.lock().unwrap().is_empty());

    // When it is due again, it goes out, once.
    sqlx::query("UPDATE outbox SET next_attempt_at = now()")
        .execute(&app.pool)
        .await
        .unwrap();
    for _ in 0..100 {
        if !received.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(received.lock().unwrap().len(), 1);
    let (attempts, sent): (i32, bool) =
        sqlx::query_as("SELECT attempts, sent_at IS NOT NULL FROM outbox")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((attempts, sent), (2, true));
}
