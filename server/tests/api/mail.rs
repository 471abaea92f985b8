//! E-mails over SMTP: a tiny SMTP peer on loopback receives what the outbox worker sends.
use crate::helpers::spawn_app_with;
use serde_json::json;
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// Accepts every message and keeps its DATA; answers just enough SMTP for a client.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = Arc::clone(&received);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let store = Arc::clone(&store);
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
                    let reply: &[u8] = if command.starts_with("DATA") {
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
    let (port, received) = smtp_sink().await;
    let url = format!("smtp://127.0.0.1:{port}");
    let app = spawn_app_with(&[("SMTP_URL", url.as_str())]).await;
    app.sign_up_as(&app.client, json!({})).await;
    let response = app
        .call("auth/forgot-password", json!({ "email": "marie@acme.fr" }))
        .await;
    assert_eq!(response.status(), 200);

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
    assert!(delivered[0].contains("reset-password"), "{}", delivered[0]);

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
