//! Where design files are kept. The portal only sees [`FileStore`]; [`ObjectFiles`] keeps them
//! through the `object_store` crate, in a folder (`FILES_URL=file:///…`) or an S3-compatible
//! bucket (`FILES_URL=s3://bucket/prefix`). Bytes come and go in chunks: an upload is a multipart
//! upload (5 MiB parts, one in flight), a download a stream of the object's bytes, so no file is
//! ever held whole in memory. Stored objects that no row names are removed by [`sweep`].
use bytes::Bytes;
use futures::{stream::BoxStream, StreamExt, TryStreamExt};
use object_store::{
    aws::{AmazonS3Builder, AmazonS3ConfigKey},
    local::LocalFileSystem,
    path::Path,
    prefix::PrefixStore,
    BackoffConfig, ClientOptions, ObjectStore, ObjectStoreExt, RetryConfig, WriteMultipart,
};
use std::{future::Future, io, pin::Pin, sync::Arc, time::Duration};

pub mod sweep;

/// A boxed future, so that the trait can be used as `dyn FileStore`.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Keeps bytes under keys made by the portal (never by the browser).
pub trait FileStore: Send + Sync + std::fmt::Debug {
    /// Starts a new file under `key` (keys are new ids: it replaces nothing). It exists once
    /// [`NewFile::finish`] succeeds; dropped before, it leaves nothing behind.
    fn create<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Box<dyn NewFile>>;
    /// The file stored under `key`, to be read as it is sent.
    fn open<'a>(&'a self, key: &'a str) -> StoreFuture<'a, StoredFile>;
    /// Forgets `key` (a file no row names any more); a key already gone is no error.
    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()>;
    /// Copies the file under `from` to the new key `to` (a duplicated project's files).
    fn copy<'a>(&'a self, from: &'a str, to: &'a str) -> StoreFuture<'a, ()>;
}

/// A file being written, chunk by chunk.
pub trait NewFile: Send {
    fn write<'a>(&'a mut self, chunk: &'a [u8]) -> StoreFuture<'a, ()>;
    /// Makes the file readable under its key.
    fn finish(self: Box<Self>) -> StoreFuture<'static, ()>;
    /// Deletes what was written; nothing appears under the key (a failure is only logged: the
    /// sweep removes what is left).
    fn abort(self: Box<Self>) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;
}

/// A stored file: its size and its bytes, as they arrive from the store.
pub struct StoredFile {
    pub size_bytes: u64,
    pub chunks: BoxStream<'static, io::Result<Bytes>>,
}

/// Why the store did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Not of the form the portal makes (`<uuid>/<uuid>`): refused rather than used as a path.
    #[error("invalid storage key")]
    InvalidKey,
    #[error("no stored file under this key")]
    NotFound,
    /// The store failed or did not answer in time (a dead S3 endpoint, a full disk…).
    #[error("file storage unavailable: {0}")]
    Unavailable(object_store::Error),
}

impl From<object_store::Error> for StoreError {
    fn from(error: object_store::Error) -> Self {
        match error {
            object_store::Error::NotFound { .. } => Self::NotFound,
            other => Self::Unavailable(other),
        }
    }
}

/// Whether `key` is one the portal makes: `<uuid>/<uuid>`, hexadecimal digits and dashes.
pub fn is_valid_key(key: &str) -> bool {
    let mut parts = key.split('/');
    let part_ok =
        |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(account), Some(file), None) if part_ok(account) && part_ok(file)
    )
}

impl From<StoreError> for crate::error::AppError {
    /// A store that fails is named to the person (503, "try again in a few minutes"), with the
    /// cause in the log; a wrong key or a missing file is our fault (500).
    #[track_caller]
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(cause) => {
                // In the request's span: its id is logged with it.
                tracing::error!(error = %cause, "file storage unavailable");
                Self::StorageUnavailable
            }
            other => crate::server::internal(other),
        }
    }
}

fn location(key: &str) -> Result<Path, StoreError> {
    if is_valid_key(key) {
        Ok(Path::from(key))
    } else {
        Err(StoreError::InvalidKey)
    }
}

/// S3 accepts parts of 5 MiB at least (but the last): an upload holds one in memory and sends
/// the one before.
const PART_BYTES: usize = 5 * 1024 * 1024;

/// A store that does not answer is given up within a few seconds, not the crate's minutes:
/// an upload or a download then fails with a clear message, and nothing else waits for it.
fn client_options() -> ClientOptions {
    ClientOptions::new()
        .with_connect_timeout(Duration::from_secs(1))
        // Long enough for a 5 MiB part at 200 kB/s.
        .with_timeout(Duration::from_secs(30))
}

fn retry_config() -> RetryConfig {
    RetryConfig {
        backoff: BackoffConfig {
            init_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            base: 2.0,
        },
        max_retries: 2,
        retry_timeout: Duration::from_secs(3),
    }
}

/// Why `FILES_URL` names no store this server can use.
#[derive(Debug, thiserror::Error)]
pub enum StoreConfigError {
    #[error("FILES_URL is not a URL: {0}")]
    Url(#[from] url::ParseError),
    #[error("FILES_URL must start with file:// or s3://, not {0}://")]
    Scheme(String),
    #[error("FILES_URL names a folder that cannot be used: {0}")]
    Folder(io::Error),
    #[error("FILES_URL: {0}")]
    Store(#[from] object_store::Error),
}

/// Design files in an object store (`object_store`), under a prefix of their own.
#[derive(Debug, Clone)]
pub struct ObjectFiles {
    store: Arc<dyn ObjectStore>,
}

impl ObjectFiles {
    /// The store `url` names: `file:///absolute/folder` (created if missing) or
    /// `s3://bucket/prefix`, with the `AWS_*` settings given (`AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`…; names the
    /// crate does not know are ignored).
    pub fn from_url<'a>(
        url: &str,
        aws: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, StoreConfigError> {
        let url = url::Url::parse(url)?;
        let store: Arc<dyn ObjectStore> = match url.scheme() {
            "file" => {
                let folder = url
                    .to_file_path()
                    .map_err(|()| StoreConfigError::Scheme("file".into()))?;
                std::fs::create_dir_all(&folder).map_err(StoreConfigError::Folder)?;
                // Empty account folders go with their last file.
                Arc::new(LocalFileSystem::new_with_prefix(folder)?.with_automatic_cleanup(true))
            }
            "s3" | "s3a" => {
                // Options first: `AWS_ALLOW_HTTP` is one, and would be replaced otherwise.
                let mut builder = AmazonS3Builder::new()
                    .with_client_options(client_options())
                    .with_retry(retry_config());
                for (name, value) in aws {
                    if let Ok(key) = name.to_ascii_lowercase().parse::<AmazonS3ConfigKey>() {
                        builder = builder.with_config(key, value);
                    }
                }
                let s3 = builder.with_url(url.as_str()).build()?;
                let prefix = url.path().trim_matches('/');
                if prefix.is_empty() {
                    Arc::new(s3)
                } else {
                    Arc::new(PrefixStore::new(s3, prefix))
                }
            }
            other => return Err(StoreConfigError::Scheme(other.into())),
        };
        Ok(Self { store })
    }

    /// The keys stored, with when each was written (the listing the sweep reads).
    pub fn list(&self) -> BoxStream<'static, Result<object_store::ObjectMeta, StoreError>> {
        self.store.list(None).map_err(StoreError::from).boxed()
    }
}

impl FileStore for ObjectFiles {
    fn create<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Box<dyn NewFile>> {
        Box::pin(async move {
            let upload = self.store.put_multipart(&location(key)?).await?;
            Ok(Box::new(ObjectUpload {
                writer: Some(WriteMultipart::new_with_chunk_size(upload, PART_BYTES)),
            }) as Box<dyn NewFile>)
        })
    }

    fn open<'a>(&'a self, key: &'a str) -> StoreFuture<'a, StoredFile> {
        Box::pin(async move {
            let stored = self.store.get(&location(key)?).await?;
            Ok(StoredFile {
                size_bytes: stored.meta.size,
                chunks: stored.into_stream().map_err(io::Error::other).boxed(),
            })
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            match self.store.delete(&location(key)?).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(error) => Err(error.into()),
            }
        })
    }

    fn copy<'a>(&'a self, from: &'a str, to: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            // The store copies (S3 server-side): the bytes do not pass through this process.
            self.store.copy(&location(from)?, &location(to)?).await?;
            Ok(())
        })
    }
}

/// A multipart upload under way; emptied once finished, so that `drop` aborts only the others.
struct ObjectUpload {
    writer: Option<WriteMultipart>,
}

impl NewFile for ObjectUpload {
    fn write<'a>(&'a mut self, chunk: &'a [u8]) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let writer = self.writer.as_mut().ok_or(StoreError::InvalidKey)?;
            // One part in flight at most: the body is read no faster than the store takes it.
            writer.wait_for_capacity(1).await?;
            writer.write(chunk);
            Ok(())
        })
    }

    fn finish(mut self: Box<Self>) -> StoreFuture<'static, ()> {
        let writer = self.writer.take();
        Box::pin(async move {
            writer.ok_or(StoreError::InvalidKey)?.finish().await?;
            Ok(())
        })
    }

    fn abort(
        mut self: Box<Self>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        let writer = self.writer.take();
        Box::pin(async move {
            if let Some(writer) = writer {
                abort_logged(writer).await;
            }
        })
    }
}

async fn abort_logged(writer: WriteMultipart) {
    if let Err(error) = writer.abort().await {
        tracing::warn!(%error, "unfinished design file upload not aborted");
    }
}

impl Drop for ObjectUpload {
    /// An upload refused, failed or abandoned (the client went away) is aborted: its parts are
    /// deleted (a folder's staging file, an S3 multipart upload), and no object appears.
    fn drop(&mut self) {
        if let (Some(writer), Ok(runtime)) =
            (self.writer.take(), tokio::runtime::Handle::try_current())
        {
            runtime.spawn(abort_logged(writer));
        }
    }
}

#[cfg(test)]
mod tests;
