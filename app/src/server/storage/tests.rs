//! The store over a real folder (`file://`); the S3 path is tested against a local S3 server in
//! `server/tests/api/object_store.rs`.
use super::*;
use std::path::PathBuf;

fn store() -> (ObjectFiles, PathBuf) {
    let root = std::env::temp_dir().join(format!("store-{}", uuid::Uuid::new_v4()));
    let url = url::Url::from_directory_path(&root).unwrap();
    (ObjectFiles::from_url(url.as_str(), []).unwrap(), root)
}

fn key() -> String {
    format!("{}/{}", uuid::Uuid::new_v4(), uuid::Uuid::new_v4())
}

async fn read(store: &ObjectFiles, key: &str) -> Result<Vec<u8>, StoreError> {
    let stored = store.open(key).await?;
    let chunks: Vec<Bytes> = stored.chunks.try_collect().await.unwrap();
    let bytes = chunks.concat();
    assert_eq!(stored.size_bytes, bytes.len() as u64);
    Ok(bytes)
}

/// Every file under `root`, staging files included.
fn files_under(root: &std::path::Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
            if entry.path().is_dir() {
                folders.push(entry.path());
            } else {
                found.push(entry.path());
            }
        }
    }
    found
}

/// Polls `done` for a few seconds: the abort of a dropped upload runs on a task of its own.
async fn eventually(mut done: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while std::time::Instant::now() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    done()
}

#[tokio::test]
async fn stores_in_chunks_reads_and_deletes() {
    let (store, root) = store();
    let key = key();
    let mut file = store.create(&key).await.unwrap();
    file.write(b"PK\x03").await.unwrap();
    // Not readable before it is finished.
    assert!(matches!(store.open(&key).await, Err(StoreError::NotFound)));
    // More than a part: the upload is made of several.
    let big = vec![7u8; PART_BYTES + 1000];
    file.write(&big).await.unwrap();
    file.write(b"\x04").await.unwrap();
    file.finish().await.unwrap();
    let bytes = read(&store, &key).await.unwrap();
    assert_eq!(bytes.len(), 3 + big.len() + 1);
    assert_eq!(&bytes[..3], b"PK\x03");
    assert_eq!(bytes.last(), Some(&4));
    store.delete(&key).await.unwrap();
    assert!(matches!(store.open(&key).await, Err(StoreError::NotFound)));
    // Deleting what is gone already is no error (two sweeps at once).
    store.delete(&key).await.unwrap();
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
async fn a_file_dropped_unfinished_leaves_nothing() {
    let (store, root) = store();
    let key = key();
    let mut file = store.create(&key).await.unwrap();
    file.write(&vec![1; PART_BYTES + 100]).await.unwrap();
    assert!(!files_under(&root).is_empty(), "the parts are on disk");
    drop(file);
    assert!(
        eventually(|| files_under(&root).is_empty()).await,
        "left behind: {:?}",
        files_under(&root)
    );
    assert!(matches!(store.open(&key).await, Err(StoreError::NotFound)));
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
async fn refuses_keys_that_are_paths() {
    let (store, root) = store();
    for key in [
        "../etc/passwd",
        "/etc/passwd",
        "a/b/c",
        "",
        "abc/",
        "x.zip",
        "a#1/b",
    ] {
        assert!(
            matches!(store.open(key).await, Err(StoreError::InvalidKey)),
            "{key}"
        );
        assert!(store.create(key).await.is_err(), "{key}");
        assert!(store.delete(key).await.is_err(), "{key}");
    }
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn refuses_urls_it_cannot_store_in() {
    for url in ["ftp://host/x", "not a url", "gs://bucket"] {
        assert!(ObjectFiles::from_url(url, []).is_err(), "{url}");
    }
}

#[tokio::test]
async fn a_store_that_refuses_connections_fails_within_seconds() {
    // A port nobody listens on: the connection is refused at once, and retried twice.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let store = ObjectFiles::from_url(
        "s3://bucket/files",
        [
            (
                "AWS_ENDPOINT_URL",
                format!("http://127.0.0.1:{port}").as_str(),
            ),
            ("AWS_ALLOW_HTTP", "true"),
            ("AWS_ACCESS_KEY_ID", "key"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_REGION", "us-east-1"),
        ],
    )
    .unwrap();
    let started = std::time::Instant::now();
    assert!(matches!(
        store.open(&key()).await,
        Err(StoreError::Unavailable(_))
    ));
    assert!(matches!(
        store.create(&key()).await.map(|_| ()),
        Err(StoreError::Unavailable(_))
    ));
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
}
