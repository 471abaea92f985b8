//! Password hashing with argon2id (OWASP parameters, the crate's defaults: m=19456, t=2, p=1).
//! Each hash takes ~14 ms of CPU and 19 MiB. Hashes run on threads of their own, one per core,
//! at the lowest weight Linux gives a normal thread (`SCHED_BATCH`, nice 19): a flood of logins
//! uses the CPU nothing else wants, and any other thread that wakes up (a page, `/healthz`,
//! PostgreSQL) gets the core within a fraction of a millisecond. The price: on a server
//! saturated by other work, logins slow down to a trickle until it calms down.
//!
//! Each hashing thread hashes into one working memory of its own, mapped from the system for a
//! burst of hashes and unmapped after a second without any: 19 MiB per hashing thread while
//! logins arrive, nothing afterwards. (With a fresh allocation per hash, as the crate's
//! `hash_password` does, a flood of logins left the process with the blocks: allocators keep
//! freed memory for reuse.)
//!
//! Nothing waits for them without bound: checks of a password (logins) and hashes of new ones
//! wait in two bounded queues, checks first; a request that finds its queue full gets
//! `AppError::Busy` (503 with `Retry-After`) at once, rather than memory and minutes of waiting.
use super::OrInternal;
use crate::error::AppError;
use argon2::{
    password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version,
};
use memmap2::MmapMut;
use std::{num::NonZeroUsize, sync::Arc, time::Duration};
use tokio::sync::{oneshot, OnceCell};

type Job = Box<dyn FnOnce(&mut WorkingMemory) + Send>;

/// How long a request refused by a full queue is told to wait: a full queue drains in well under
/// a second with the default size (16 hashes per thread, each about 14 ms).
const BUSY_RETRY_AFTER_SECS: u64 = 1;

#[derive(Clone, Debug)]
pub struct PasswordHasher {
    /// Checks of a password (logins, the current password of a change), bounded: the hashing
    /// threads take these first.
    checks: flume::Sender<Job>,
    /// Hashes of new passwords (sign-up, reset, first password, change), bounded to half as
    /// many: taken when no check waits, so that a flood of them delays a login by the hashes
    /// already running at most. The threads end when the last hasher is dropped.
    new_passwords: flume::Sender<Job>,
    /// Verified against when the e-mail is unknown, so that both cases take the same time.
    /// Made at the first need, not at start-up (30 ms less before the first request).
    dummy_hash: Arc<OnceCell<String>>,
}

impl PasswordHasher {
    /// One hashing thread per core, and the default queue.
    pub fn new() -> Self {
        let threads = default_hashing_threads();
        Self::with_threads(threads, default_hashing_queue(threads))
    }

    /// `threads` hashing threads: fewer than the cores leaves the others to pages and
    /// PostgreSQL during a flood of logins, at the price of fewer logins per second. At most
    /// `queue` checks and half as many new passwords wait for them; past that, requests are
    /// refused with `AppError::Busy`.
    pub fn with_threads(threads: NonZeroUsize, queue: NonZeroUsize) -> Self {
        let (checks, waiting_checks) = flume::bounded::<Job>(queue.get());
        let (new_passwords, waiting_new) = flume::bounded::<Job>((queue.get() / 2).max(1));
        for index in 0..threads.get() {
            let queues = Queues {
                checks: waiting_checks.clone(),
                new_passwords: waiting_new.clone(),
            };
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{index}"))
                .spawn(move || {
                    lowest_priority();
                    let mut memory = WorkingMemory::default();
                    while let Some(job) = queues.next_job(&mut memory) {
                        job(&mut memory);
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "cannot start a password hashing thread");
            }
        }
        Self {
            checks,
            new_passwords,
            dummy_hash: Arc::new(OnceCell::new()),
        }
    }

    /// How many password checks and new passwords wait for a hashing thread (for the metrics).
    pub fn queued(&self) -> (usize, usize) {
        (self.checks.len(), self.new_passwords.len())
    }

    /// Hashes a new password; `AppError::Busy` when its queue is full.
    pub async fn hash(&self, password: &str) -> Result<String, AppError> {
        self.hash_in(&self.new_passwords, password).await
    }

    async fn hash_in(
        &self,
        queue: &flume::Sender<Job>,
        password: &str,
    ) -> Result<String, AppError> {
        let password = password.to_owned();
        self.on_hashing_thread(queue, move |memory| hash_into(memory, &password))
            .await?
            .or_internal()
    }

    /// Checks `password` against `stored`, or against the dummy hash when there is no user;
    /// `AppError::Busy` when the queue of checks is full.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> Result<bool, AppError> {
        let known = stored.is_some();
        let hash = match stored {
            Some(stored) => stored.to_owned(),
            None => self.dummy_hash().await?,
        };
        let password = password.to_owned();
        let matches = self
            .on_hashing_thread(&self.checks, move |memory| {
                verify_into(memory, &password, &hash)
            })
            .await?;
        Ok(known && matches)
    }

    async fn dummy_hash(&self) -> Result<String, AppError> {
        self.dummy_hash
            .get_or_try_init(|| {
                // For a login: it goes with the checks.
                self.hash_in(
                    &self.checks,
                    "a password nobody has, to spend the time of a real check",
                )
            })
            .await
            .cloned()
    }

    /// Runs `work` on a hashing thread, after the jobs queued before it in `queue`;
    /// `AppError::Busy` when that queue is full.
    async fn on_hashing_thread<T: Send + 'static>(
        &self,
        queue: &flume::Sender<Job>,
        work: impl FnOnce(&mut WorkingMemory) -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |memory| {
            // Nobody waits any more (the client went away): spare the CPU.
            if !answer.is_closed() {
                let _ = answer.send(work(memory));
            }
        });
        match queue.try_send(job) {
            Ok(()) => {}
            Err(flume::TrySendError::Full(_)) => {
                tracing::warn!("password hashing queue full: request refused");
                return Err(busy());
            }
            Err(flume::TrySendError::Disconnected(_)) => {
                return Err::<T, _>("the password hashing threads have stopped").or_internal()
            }
        }
        answered
            .await
            .map_err(|_| "a password hashing thread stopped")
            .or_internal()
    }
}

fn busy() -> AppError {
    AppError::Busy {
        retry_after_secs: BUSY_RETRY_AFTER_SECS,
    }
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

/// One hashing thread per core.
pub fn default_hashing_threads() -> NonZeroUsize {
    // Two when the system does not say.
    std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN.saturating_add(1))
}

/// Checks that may wait, by default: 16 per hashing thread, so that a queued check waits a
/// quarter of a second at most, and the 16 logins in flight of `make bench` fit in the queue
/// with a single thread.
pub fn default_hashing_queue(threads: NonZeroUsize) -> NonZeroUsize {
    threads.saturating_mul(QUEUED_PER_THREAD)
}

const QUEUED_PER_THREAD: NonZeroUsize = NonZeroUsize::new(16).expect("16 is not zero");

/// A hashing thread's two queues.
struct Queues {
    checks: flume::Receiver<Job>,
    new_passwords: flume::Receiver<Job>,
}

impl Queues {
    /// The next job, a check first, waiting for one if need be; `None` once every hasher is
    /// gone. The working memory goes back to the system after a second without hashes: kept
    /// through a flood of logins (mapping 19 MiB afresh for each hash cost a tenth of the logins
    /// per second).
    fn next_job(&self, memory: &mut WorkingMemory) -> Option<Job> {
        if let Ok(job) = self.checks.try_recv() {
            return Some(job);
        }
        if let Ok(job) = self.new_passwords.try_recv() {
            return Some(job);
        }
        let either = flume::Selector::new()
            .recv(&self.checks, |job| job.ok())
            .recv(&self.new_passwords, |job| job.ok());
        if memory.map.is_some() {
            match either.wait_timeout(KEEP_MEMORY_FOR) {
                Ok(job) => return job,
                Err(flume::select::SelectError::Timeout) => memory.release(),
            }
            return flume::Selector::new()
                .recv(&self.checks, |job| job.ok())
                .recv(&self.new_passwords, |job| job.ok())
                .wait();
        }
        either.wait()
    }
}

const KEEP_MEMORY_FOR: Duration = Duration::from_secs(1);

/// Argon2's blocks for one thread, mapped straight from the system (not the allocator) so that
/// releasing them lowers the process's resident memory at once.
#[derive(Default)]
struct WorkingMemory {
    map: Option<MmapMut>,
}

impl WorkingMemory {
    /// `count` blocks, reused from the last hash when it needed as many or more. Argon2 writes
    /// every block before it reads it, so what a previous hash left there does not matter.
    fn blocks(&mut self, count: usize) -> Result<&mut [Block], String> {
        let bytes = count * std::mem::size_of::<Block>();
        let map = match self.map.take() {
            Some(map) if map.len() >= bytes => map,
            _ => MmapMut::map_anon(bytes).map_err(|error| error.to_string())?,
        };
        let map = self.map.insert(map);
        let start = map.as_mut_ptr();
        if start.align_offset(std::mem::align_of::<Block>()) != 0 {
            return Err("argon2 memory is not aligned".into());
        }
        // SAFETY: the mapping is at least `count` blocks long and page-aligned (checked above
        // for the block's 64 bytes); a block is 128 plain `u64`s, valid for any bytes; the
        // slice borrows `self` mutably, so the mapping outlives it and nothing else aliases it.
        Ok(unsafe { std::slice::from_raw_parts_mut(start.cast::<Block>(), count) })
    }

    fn release(&mut self) {
        self.map = None;
    }
}

fn hash_into(memory: &mut WorkingMemory, password: &str) -> Result<String, String> {
    let params = Params::default();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let raw_salt = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(|e| e.to_string())?;
    let mut output = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(
            password.as_bytes(),
            raw_salt,
            &mut output,
            memory.blocks(params.block_count())?,
        )
        .map_err(|e| e.to_string())?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&output).map_err(|e| e.to_string())?),
    };
    Ok(hash.to_string())
}

/// What `PasswordVerifier::verify_password` does, with the thread's working memory: the
/// algorithm, version and parameters come from the stored hash.
fn verify_into(memory: &mut WorkingMemory, password: &str, stored: &str) -> bool {
    let Ok(stored) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(version), Ok(params)) = (
        Algorithm::try_from(stored.algorithm),
        stored
            .version
            .map_or(Ok(Version::default()), Version::try_from),
        Params::try_from(&stored),
    ) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(raw_salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let Ok(blocks) = memory.blocks(params.block_count()) else {
        return false;
    };
    let mut output = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), raw_salt, &mut output, blocks)
        .is_ok()
        // `Output`'s equality takes the same time wherever the bytes differ.
        && Output::new(&output).is_ok_and(|computed| computed == expected)
}

/// Gives the calling thread (only it: Linux schedules threads one by one) the lowest weight of
/// a normal thread: `SCHED_BATCH` (the scheduler does not favour its wake-ups) at nice 19 (1.5 %
/// of a nice-0 thread's share). Measured against `SCHED_IDLE`, which every waking thread
/// preempts at once, in five alternated pairs: 3.4 % more logins per second in the median, and a
/// `/healthz` p99 during a login flood as low or lower (bench/CHANGES.md, sixth round).
fn lowest_priority() {
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: plain system calls on the calling thread (pid 0, its own thread id) with valid
        // parameters; lowering one's own priority needs no privilege.
        let refused = unsafe {
            libc::sched_setscheduler(0, libc::SCHED_BATCH, &param) != 0
                || libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 19) != 0
        };
        if refused {
            tracing::warn!(
                error = %std::io::Error::last_os_error(),
                "cannot lower the password hashing threads' priority"
            );
        }
    }
}

/// Hashes a new password on the hashing threads of the application state.
pub async fn hash_new(password: &shared::Password) -> Result<String, AppError> {
    super::state().passwords.hash(password.expose()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};

    #[test]
    fn our_hashes_and_the_crates_verify_each_other() {
        let mut memory = WorkingMemory::default();
        let ours = hash_into(&mut memory, "correct horse battery").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        assert!(Argon2::default()
            .verify_password(b"wrong", &parsed)
            .is_err());

        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"staple", &salt)
            .unwrap()
            .to_string();
        assert!(verify_into(&mut memory, "staple", &theirs));
        assert!(!verify_into(&mut memory, "Staple", &theirs));
    }

    #[test]
    fn a_hash_with_other_parameters_is_checked_with_them() {
        // Stored before a change of parameters: bigger memory than the working memory holds.
        let params = Params::new(32 * 1024, 1, 1, None).unwrap();
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut OsRng);
        let stored = argon2.hash_password(b"older", &salt).unwrap().to_string();
        let mut memory = WorkingMemory::default();
        hash_into(&mut memory, "first, a default hash").unwrap();
        assert!(verify_into(&mut memory, "older", &stored));
        assert!(!verify_into(&mut memory, "newer", &stored));
        memory.release();
        assert!(memory.map.is_none());
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashes_run_at_the_lowest_weight_of_a_normal_thread() {
        let hasher = PasswordHasher::with_threads(NonZeroUsize::MIN, NonZeroUsize::MIN);
        let (policy, nice) = hasher
            .on_hashing_thread(&hasher.checks, |_| {
                // SAFETY: plain queries about the calling thread.
                unsafe {
                    (
                        libc::sched_getscheduler(0),
                        libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t),
                    )
                }
            })
            .await
            .unwrap();
        assert_eq!(policy, libc::SCHED_BATCH);
        assert_eq!(nice, 19);
        // The caller's thread is left as it was.
        // SAFETY: a plain query about the calling thread.
        assert_eq!(unsafe { libc::sched_getscheduler(0) }, libc::SCHED_OTHER);
    }

    /// A hasher whose only thread is held until the returned sender is dropped.
    async fn held_hasher(queue: usize) -> (PasswordHasher, std::sync::mpsc::Sender<()>) {
        let hasher =
            PasswordHasher::with_threads(NonZeroUsize::MIN, NonZeroUsize::new(queue).unwrap());
        let (release, held) = std::sync::mpsc::channel::<()>();
        let (started, running) = oneshot::channel();
        let holder = hasher.clone();
        tokio::spawn(async move {
            let _ = holder
                .on_hashing_thread(&holder.checks, move |_| {
                    let _ = started.send(());
                    let _ = held.recv();
                })
                .await;
        });
        running.await.unwrap();
        (hasher, release)
    }

    /// Queues a job that writes `name` into `done`, and waits until it is queued.
    async fn queue_job(
        hasher: &PasswordHasher,
        new_password: bool,
        name: &'static str,
        done: &Arc<std::sync::Mutex<Vec<&'static str>>>,
    ) -> tokio::task::JoinHandle<Result<(), AppError>> {
        let queue = if new_password {
            hasher.new_passwords.clone()
        } else {
            hasher.checks.clone()
        };
        let before = queue.len();
        let (hasher, done) = (hasher.clone(), Arc::clone(done));
        let queued = tokio::spawn({
            let queue = queue.clone();
            async move {
                hasher
                    .on_hashing_thread(&queue, move |_| done.lock().unwrap().push(name))
                    .await
            }
        });
        while queue.len() == before {
            tokio::task::yield_now().await;
        }
        queued
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once() {
        let (hasher, release) = held_hasher(1).await;
        let done = Arc::new(std::sync::Mutex::new(Vec::new()));
        let check = queue_job(&hasher, false, "check", &done).await;
        let busy = AppError::Busy {
            retry_after_secs: 1,
        };
        assert_eq!(
            hasher.verify("anything", Some("not a hash")).await,
            Err(busy.clone())
        );
        let new_password = queue_job(&hasher, true, "new password", &done).await;
        assert_eq!(hasher.hash("a new password").await, Err(busy));
        drop(release);
        assert_eq!(check.await.unwrap(), Ok(()));
        assert_eq!(new_password.await.unwrap(), Ok(()));
        assert_eq!(
            hasher.verify("anything", Some("not a hash")).await,
            Ok(false)
        );
    }

    #[tokio::test]
    async fn checks_go_before_new_passwords() {
        let (hasher, release) = held_hasher(4).await;
        let done = Arc::new(std::sync::Mutex::new(Vec::new()));
        let first = queue_job(&hasher, true, "new password", &done).await;
        let second = queue_job(&hasher, false, "check", &done).await;
        drop(release);
        first.await.unwrap().unwrap();
        second.await.unwrap().unwrap();
        assert_eq!(*done.lock().unwrap(), ["check", "new password"]);
    }

    #[test]
    fn new_passwords_may_take_half_the_queue() {
        let hasher =
            PasswordHasher::with_threads(NonZeroUsize::MIN, NonZeroUsize::new(32).unwrap());
        assert_eq!(hasher.checks.capacity(), Some(32));
        assert_eq!(hasher.new_passwords.capacity(), Some(16));
    }

    #[test]
    fn the_default_queue_is_sixteen_hashes_per_thread() {
        let two = NonZeroUsize::new(2).unwrap();
        assert_eq!(default_hashing_queue(two).get(), 32);
    }

    #[test]
    fn garbage_never_verifies() {
        let mut memory = WorkingMemory::default();
        assert!(!verify_into(&mut memory, "anything", "not a hash"));
        assert!(!verify_into(
            &mut memory,
            "anything",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA"
        ));
    }
}
