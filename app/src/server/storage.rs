//! Where design files are kept. The portal only sees [`FileStore`]; [`DiskStore`] keeps them
//! in a folder (`FILES_DIR`), and an object store (S3 and the like) can implement the same trait.
use std::{future::Future, io, path::PathBuf, pin::Pin};

/// A boxed future, so that the trait can be used as `dyn FileStore`.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send + 'a>>;

/// Keeps bytes under keys made by the portal (never by the browser).
pub trait FileStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` under `key`, replacing nothing: keys are new ids.
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> StoreFuture<'a, ()>;
    /// The bytes stored under `key`.
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Vec<u8>>;
    /// Forgets `key` (an upload whose database row could not be written).
    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()>;
}

/// Files in a folder of the server's disk, one per key.
#[derive(Debug, Clone)]
pub struct DiskStore {
    root: PathBuf,
}

impl DiskStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// Keys are `<uuid>/<uuid>`: anything else is refused rather than joined to a path.
    fn path(&self, key: &str) -> io::Result<PathBuf> {
        let safe = !key.is_empty()
            && key.split('/').count() <= 2
            && key.split('/').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
            });
        if safe {
            Ok(self.root.join(key))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "invalid storage key",
            ))
        }
    }
}

impl FileStore for DiskStore {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let path = self.path(key)?;
            if let Some(folder) = path.parent() {
                tokio::fs::create_dir_all(folder).await?;
            }
            // Written under a temporary name, then renamed: a reader never sees half a file.
            let partial = path.with_extension("partial");
            tokio::fs::write(&partial, bytes).await?;
            tokio::fs::rename(&partial, &path).await
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Vec<u8>> {
        Box::pin(async move { tokio::fs::read(self.path(key)?).await })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            match tokio::fs::remove_file(self.path(key)?).await {
                Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
                _ => Ok(()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stores_reads_and_deletes() {
        let root = std::env::temp_dir().join(format!("store-{}", uuid::Uuid::new_v4()));
        let store = DiskStore::new(&root);
        let key = format!("{}/{}", uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
        store.put(&key, b"PK\x03\x04".to_vec()).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap(), b"PK\x03\x04");
        store.delete(&key).await.unwrap();
        assert!(store.get(&key).await.is_err());
        store.delete(&key).await.unwrap();
        let _ = std::fs::remove_dir_all(root);
    }

    #[tokio::test]
    async fn refuses_keys_that_are_paths() {
        let store = DiskStore::new(std::env::temp_dir());
        for key in ["../etc/passwd", "/etc/passwd", "a/b/c", "", "abc/", "x.zip"] {
            assert!(store.get(key).await.is_err(), "{key}");
        }
    }
}
