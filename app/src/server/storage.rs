//! Where design files are kept. The portal only sees [`FileStore`]; [`DiskStore`] keeps them
//! in a folder (`FILES_DIR`), and an object store (S3 and the like) can implement the same trait
//! (a multipart upload, a streamed GET). Bytes come and go in chunks: no file is ever held
//! whole in memory.
use std::{future::Future, io, path::PathBuf, pin::Pin};
use tokio::io::{AsyncRead, AsyncWriteExt};

/// A boxed future, so that the trait can be used as `dyn FileStore`.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send + 'a>>;

/// Keeps bytes under keys made by the portal (never by the browser).
pub trait FileStore: Send + Sync + std::fmt::Debug {
    /// Starts a new file under `key` (keys are new ids: it replaces nothing). It exists once
    /// [`NewFile::finish`] succeeds; dropped before, it leaves nothing behind.
    fn create<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Box<dyn NewFile>>;
    /// The file stored under `key`, to be read as it is sent.
    fn open<'a>(&'a self, key: &'a str) -> StoreFuture<'a, StoredFile>;
    /// Forgets `key` (a file no row names any more).
    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()>;
}

/// A file being written, chunk by chunk.
pub trait NewFile: Send {
    fn write<'a>(&'a mut self, chunk: &'a [u8]) -> StoreFuture<'a, ()>;
    /// Makes the file readable under its key.
    fn finish(self: Box<Self>) -> StoreFuture<'static, ()>;
}

/// A stored file: its size and a reader of its bytes.
pub struct StoredFile {
    pub size_bytes: u64,
    pub reader: Pin<Box<dyn AsyncRead + Send>>,
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
    fn create<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Box<dyn NewFile>> {
        Box::pin(async move {
            let path = self.path(key)?;
            if let Some(folder) = path.parent() {
                tokio::fs::create_dir_all(folder).await?;
            }
            // Written under a temporary name, then renamed: a reader never sees half a file.
            let partial = path.with_extension("partial");
            let file = tokio::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&partial)
                .await?;
            Ok(Box::new(DiskFile {
                file,
                partial,
                path,
            }) as Box<dyn NewFile>)
        })
    }

    fn open<'a>(&'a self, key: &'a str) -> StoreFuture<'a, StoredFile> {
        Box::pin(async move {
            let file = tokio::fs::File::open(self.path(key)?).await?;
            let size_bytes = file.metadata().await?.len();
            Ok(StoredFile {
                size_bytes,
                reader: Box::pin(file),
            })
        })
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

/// A file of [`DiskStore`] being written, under its temporary name until it is finished.
struct DiskFile {
    file: tokio::fs::File,
    /// Emptied once the file is renamed to `path`: nothing is left for `drop` to remove.
    partial: PathBuf,
    path: PathBuf,
}

impl NewFile for DiskFile {
    fn write<'a>(&'a mut self, chunk: &'a [u8]) -> StoreFuture<'a, ()> {
        Box::pin(self.file.write_all(chunk))
    }

    fn finish(mut self: Box<Self>) -> StoreFuture<'static, ()> {
        Box::pin(async move {
            // tokio writes in the background: flushing waits for the last write.
            self.file.flush().await?;
            tokio::fs::rename(&self.partial, &self.path).await?;
            self.partial = PathBuf::new();
            Ok(())
        })
    }
}

impl Drop for DiskFile {
    /// An upload refused, failed or abandoned (the client went away) leaves no bytes behind.
    fn drop(&mut self) {
        if !self.partial.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    fn store() -> (DiskStore, PathBuf) {
        let root = std::env::temp_dir().join(format!("store-{}", uuid::Uuid::new_v4()));
        (DiskStore::new(&root), root)
    }

    fn key() -> String {
        format!("{}/{}", uuid::Uuid::new_v4(), uuid::Uuid::new_v4())
    }

    async fn read(store: &DiskStore, key: &str) -> io::Result<Vec<u8>> {
        let mut stored = store.open(key).await?;
        let mut bytes = Vec::new();
        stored.reader.read_to_end(&mut bytes).await?;
        assert_eq!(stored.size_bytes, bytes.len() as u64);
        Ok(bytes)
    }

    #[tokio::test]
    async fn stores_in_chunks_reads_and_deletes() {
        let (store, root) = store();
        let key = key();
        let mut file = store.create(&key).await.unwrap();
        file.write(b"PK\x03").await.unwrap();
        // Not readable before it is finished.
        assert!(store.open(&key).await.is_err());
        file.write(b"\x04").await.unwrap();
        file.finish().await.unwrap();
        assert_eq!(read(&store, &key).await.unwrap(), b"PK\x03\x04");
        store.delete(&key).await.unwrap();
        assert!(store.open(&key).await.is_err());
        store.delete(&key).await.unwrap();
        let _ = std::fs::remove_dir_all(root);
    }

    #[tokio::test]
    async fn a_file_dropped_unfinished_leaves_nothing() {
        let (store, root) = store();
        let key = key();
        let mut file = store.create(&key).await.unwrap();
        file.write(&[1; 100_000]).await.unwrap();
        drop(file);
        let folder = root.join(key.split('/').next().unwrap());
        assert_eq!(std::fs::read_dir(folder).unwrap().count(), 0);
        let _ = std::fs::remove_dir_all(root);
    }

    #[tokio::test]
    async fn refuses_keys_that_are_paths() {
        let store = DiskStore::new(std::env::temp_dir());
        for key in ["../etc/passwd", "/etc/passwd", "a/b/c", "", "abc/", "x.zip"] {
            assert!(store.open(key).await.is_err(), "{key}");
            assert!(store.create(key).await.is_err(), "{key}");
        }
    }
}
