//! Password hashing with argon2id (OWASP parameters, the crate's defaults: m=19456, t=2, p=1).
//! Each hash takes ~20 ms of CPU and 19 MiB. Hashes run on threads of their own, one per core,
//! under Linux's `SCHED_IDLE` policy: a flood of logins uses all the CPU nothing else wants, and
//! any other thread that wakes up (a page, `/healthz`, PostgreSQL) takes the core at once. The
//! price: on a server saturated by other work, logins wait until it calms down.
use argon2::{
    password_hash::{
        rand_core::OsRng, PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString,
    },
    Argon2,
};
use std::{
    collections::HashSet,
    sync::{mpsc, Arc, LazyLock, Mutex},
};
use tokio::sync::{oneshot, OnceCell};

type Job = Box<dyn FnOnce() + Send>;

#[derive(Clone, Debug)]
pub struct PasswordHasher {
    /// The hashing threads' queue; they end when the last hasher is dropped.
    jobs: mpsc::Sender<Job>,
    /// Verified against when the e-mail is unknown, so that both cases take the same time.
    /// Made at the first need, not at start-up (30 ms less before the first request).
    dummy_hash: Arc<OnceCell<String>>,
}

impl PasswordHasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for index in 0..cores {
            let queue = Arc::clone(&queue);
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{index}"))
                .spawn(move || {
                    lowest_priority();
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "cannot start a password hashing thread");
            }
        }
        Self {
            jobs,
            dummy_hash: Arc::new(OnceCell::new()),
        }
    }

    pub async fn hash(&self, password: &str) -> Result<String, String> {
        let password = password.to_owned();
        self.on_hashing_thread(move || hash_now(&password)).await?
    }

    /// Checks `password` against `stored`, or against the dummy hash when there is no user.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let known = stored.is_some();
        let hash = match stored {
            Some(stored) => stored.to_owned(),
            None => match self.dummy_hash().await {
                Ok(dummy) => dummy,
                Err(_) => return false,
            },
        };
        let password = password.to_owned();
        let matches = self
            .on_hashing_thread(move || {
                PasswordHash::new(&hash)
                    .map(|parsed| {
                        Argon2::default()
                            .verify_password(password.as_bytes(), &parsed)
                            .is_ok()
                    })
                    .unwrap_or(false)
            })
            .await
            .unwrap_or(false);
        known && matches
    }

    async fn dummy_hash(&self) -> Result<String, String> {
        self.dummy_hash
            .get_or_try_init(|| {
                self.hash("a password nobody has, to spend the time of a real check")
            })
            .await
            .cloned()
    }

    /// Runs `work` on a hashing thread, after the hashes queued before it.
    async fn on_hashing_thread<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, String> {
        let (answer, answered) = oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                // Nobody waits any more (the client went away): spare the CPU.
                if !answer.is_closed() {
                    let _ = answer.send(work());
                }
            }))
            .map_err(|_| "the password hashing threads have stopped".to_string())?;
        answered
            .await
            .map_err(|_| "a password hashing thread stopped".to_string())
    }
}

/// Puts the calling thread (only it: Linux schedules threads one by one) under `SCHED_IDLE`.
/// A nice value is not enough: the scheduler lets a nice thread finish its time slice (up to
/// 3 ms) before a woken thread runs; an idle-policy thread is preempted at once.
fn lowest_priority() {
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: plain system call on the calling thread (pid 0) with a valid parameter.
        let refused = unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) } != 0;
        if refused {
            tracing::warn!("the password hashing threads run at normal priority");
        }
    }
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

fn hash_now(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| e.to_string())
}

/// Passwords long enough for our rules yet among the most used ones (shipped with the server,
/// never with the WASM client). Compared without regard to case.
static COMMON_PASSWORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(|line| line.trim().to_lowercase())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

pub fn is_common_password(password: &str) -> bool {
    COMMON_PASSWORDS.contains(&password.to_lowercase())
}
