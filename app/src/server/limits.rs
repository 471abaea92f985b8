//! Rate limits kept in the server's memory (one process; docs/architecture.md, "Limits and
//! floods"). A key over its quota waits for tokens to come back: a delay, never a lock-out that
//! an attacker could impose.
//!
//! What a limiter remembers is bounded: keys are short (an address's /64, a parsed e-mail of
//! 254 characters at most, an id), and each limiter holds at most `max_keys` of them. When it
//! is full, keys back to a full quota are dropped first; if it is still full, the keys it does
//! not know share one quota until room comes back: people already counted keep theirs, and a
//! flood of new keys gets 429 rather than memory.
use crate::error::AppError;
use governor::{
    clock::{Clock, DefaultClock},
    middleware::NoOpMiddleware,
    nanos::Nanos,
    state::{
        keyed::{DashMapStateStore, ShrinkableKeyedStateStore},
        InMemoryState, NotKeyed, StateStore,
    },
    Quota,
};
use std::{
    hash::Hash,
    net::{IpAddr, Ipv6Addr},
    num::NonZeroU32,
    sync::Mutex,
    time::{Duration, Instant},
};
use uuid::Uuid;

/// The key of a client address: an IPv4 address, or the /64 an IPv6 address belongs to (one
/// subscriber usually gets a whole /64, and can pick any address in it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AddressKey(IpAddr);

impl From<IpAddr> for AddressKey {
    fn from(address: IpAddr) -> Self {
        match address {
            IpAddr::V4(_) => Self(address),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Self(IpAddr::V4(v4)),
                None => {
                    let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                    Self(IpAddr::V6(Ipv6Addr::from(prefix)))
                }
            },
        }
    }
}

/// The key of what a person typed as their e-mail: the address parsed by the rule every form
/// uses (so at most 254 characters), in lowercase. Whatever does not parse shares one key: it
/// can belong to nobody, and must not fill the limiter with junk.
pub fn email_key(typed: &str) -> String {
    shared::Email::parse(typed)
        .map(|email| email.normalized())
        .unwrap_or_else(|_| UNREADABLE_EMAIL.to_string())
}

/// The one key of every e-mail that does not parse (no address can be empty).
const UNREADABLE_EMAIL: &str = "";

/// Keys a limiter remembers at most unless told otherwise (`RATE_LIMIT_MAX_KEYS`).
pub const DEFAULT_MAX_KEYS: usize = 50_000;

pub struct RateLimiter<K: Hash + Eq + Clone> {
    limiter: governor::RateLimiter<K, BoundedStore<K>, DefaultClock, NoOpMiddleware>,
    max_keys: usize,
    /// When the limiter last dropped its keys back to a full quota because it was full.
    last_shrink: Mutex<Option<Instant>>,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn per_minute(count: u32, max_keys: usize) -> Self {
        let count = NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN);
        Self::new(Quota::per_minute(count), max_keys)
    }

    pub fn per_hour(count: u32, max_keys: usize) -> Self {
        let count = NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN);
        Self::new(Quota::per_hour(count), max_keys)
    }

    fn new(quota: Quota, max_keys: usize) -> Self {
        let max_keys = max_keys.max(1);
        let store = BoundedStore {
            keys: DashMapStateStore::default(),
            max_keys,
            overflow: InMemoryState::default(),
        };
        Self {
            limiter: governor::RateLimiter::new(quota, store, DefaultClock::default()),
            max_keys,
            last_shrink: Mutex::new(None),
        }
    }

    /// Takes one attempt for `key`, or says how long to wait.
    pub fn check(&self, key: &K) -> Result<(), AppError> {
        if self.limiter.len() >= self.max_keys {
            self.shrink_when_full();
        }
        self.limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            AppError::TooManyRequests {
                retry_after_secs: wait.as_secs().max(1),
            }
        })
    }

    /// Drops the keys back to a full quota, at most once a second: each drop walks every key,
    /// and a flood of new keys must not turn into a walk per request.
    fn shrink_when_full(&self) {
        let Ok(mut last) = self.last_shrink.try_lock() else {
            return;
        };
        if last.is_none_or(|last| last.elapsed() >= SHRINK_EVERY) {
            *last = Some(Instant::now());
            self.limiter.retain_recent();
        }
    }

    /// Forgets keys that are back to a full quota (called periodically).
    pub fn shrink(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }

    /// How many keys the limiter remembers now.
    pub fn len(&self) -> usize {
        self.limiter.len()
    }

    pub fn is_empty(&self) -> bool {
        self.limiter.is_empty()
    }
}

impl<K: Hash + Eq + Clone> std::fmt::Debug for RateLimiter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RateLimiter")
    }
}

const SHRINK_EVERY: Duration = Duration::from_secs(1);

/// governor's keyed state (one GCRA state per key, in a `DashMap`) with a bound on the keys:
/// once `max_keys` are held, keys not held share the `overflow` state.
pub struct BoundedStore<K: Hash + Eq + Clone> {
    keys: DashMapStateStore<K>,
    max_keys: usize,
    overflow: InMemoryState,
}

impl<K: Hash + Eq + Clone> StateStore for BoundedStore<K> {
    type Key = K;

    fn measure_and_replace<T, F, E>(&self, key: &K, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        // A race may let a few keys past the bound: it is a bound on memory, not a quota.
        if self.keys.len() < self.max_keys || self.keys.contains_key(key) {
            self.keys.measure_and_replace(key, f)
        } else {
            self.overflow.measure_and_replace(&NotKeyed::NonKey, f)
        }
    }
}

impl<K: Hash + Eq + Clone> ShrinkableKeyedStateStore<K> for BoundedStore<K> {
    fn retain_recent(&self, drop_below: Nanos) {
        ShrinkableKeyedStateStore::retain_recent(&self.keys, drop_below);
    }

    fn shrink_to_fit(&self) {
        self.keys.shrink_to_fit();
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// The quotas and the bound on keys (`server/src/config.rs` reads them from the environment).
#[derive(Clone, Copy, Debug)]
pub struct Quotas {
    /// Login attempts per client address and per e-mail each minute.
    pub login_attempts_per_minute: u32,
    /// Sign-ups, password resets, first passwords and password changes per client address and
    /// per account each minute.
    pub password_changes_per_minute: u32,
    /// Keys each limiter remembers at most.
    pub max_keys: usize,
}

#[derive(Debug)]
pub struct Limits {
    /// Login attempts per client address.
    pub login_per_ip: RateLimiter<AddressKey>,
    /// Login attempts per e-mail ([`email_key`]), whoever sends them.
    pub login_per_account: RateLimiter<String>,
    /// Password-reset e-mails per address asked for.
    pub reset_per_email: RateLimiter<String>,
    /// Collaboration requests per person.
    pub collaboration_requests: RateLimiter<Uuid>,
    /// E-mails with a link that proves an address (sent again, or to a new address), per
    /// person.
    pub address_links: RateLimiter<Uuid>,
    /// New passwords (sign-up, reset, first password, change) per client address, together:
    /// each one costs a hash.
    pub new_passwords_per_ip: RateLimiter<AddressKey>,
    /// Sign-ups per e-mail ([`email_key`]) signed up with.
    pub sign_ups_per_email: RateLimiter<String>,
    /// Password resets, first passwords and changes per person.
    pub new_passwords_per_person: RateLimiter<Uuid>,
    /// Second-factor codes typed, per person (login, re-check, enrolment, turning it off).
    pub two_factor_codes: RateLimiter<Uuid>,
}

impl Limits {
    pub fn new(quotas: Quotas) -> Self {
        let keys = quotas.max_keys;
        let login = quotas.login_attempts_per_minute;
        let passwords = quotas.password_changes_per_minute;
        Self {
            login_per_ip: RateLimiter::per_minute(login, keys),
            login_per_account: RateLimiter::per_minute(login, keys),
            reset_per_email: RateLimiter::per_minute(3, keys),
            collaboration_requests: RateLimiter::per_minute(5, keys),
            address_links: RateLimiter::per_hour(3, keys),
            new_passwords_per_ip: RateLimiter::per_minute(passwords, keys),
            sign_ups_per_email: RateLimiter::per_minute(passwords, keys),
            new_passwords_per_person: RateLimiter::per_minute(passwords, keys),
            two_factor_codes: RateLimiter::per_minute(5, keys),
        }
    }

    pub fn shrink(&self) {
        self.login_per_ip.shrink();
        self.login_per_account.shrink();
        self.reset_per_email.shrink();
        self.collaboration_requests.shrink();
        self.address_links.shrink();
        self.new_passwords_per_ip.shrink();
        self.sign_ups_per_email.shrink();
        self.new_passwords_per_person.shrink();
        self.two_factor_codes.shrink();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> AddressKey {
        AddressKey::from(text.parse::<IpAddr>().unwrap())
    }

    #[test]
    fn an_ipv6_client_is_keyed_by_its_64() {
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:ffff:1:2:3"));
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2::"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        // IPv4 addresses stay whole, even written the IPv6 way.
        assert_ne!(key("203.0.113.9"), key("203.0.113.10"));
        assert_eq!(key("::ffff:203.0.113.9"), key("203.0.113.9"));
    }

    #[test]
    fn a_new_address_of_the_same_64_gets_no_fresh_quota() {
        let limiter = RateLimiter::per_minute(1, 100);
        limiter.check(&key("2001:db8:1:2::1")).unwrap();
        assert!(matches!(
            limiter.check(&key("2001:db8:1:2::2")),
            Err(AppError::TooManyRequests { .. })
        ));
        limiter.check(&key("2001:db8:1:3::1")).unwrap();
    }

    #[test]
    fn a_full_limiter_keeps_its_keys_and_makes_new_ones_share_a_quota() {
        let limiter = RateLimiter::per_minute(1, 2);
        limiter.check(&"a".to_string()).unwrap();
        limiter.check(&"b".to_string()).unwrap();
        // Full, and neither key is back to a full quota: new keys share one.
        limiter.check(&"c".to_string()).unwrap();
        assert!(matches!(
            limiter.check(&"d".to_string()),
            Err(AppError::TooManyRequests { .. })
        ));
        assert_eq!(limiter.len(), 2);
        // Keys it holds keep their own quota.
        assert!(limiter.check(&"a".to_string()).is_err());
        for many in 0..1000 {
            let _ = limiter.check(&format!("flood {many}"));
        }
        assert_eq!(limiter.len(), 2);
    }

    #[test]
    fn a_full_limiter_makes_room_by_forgetting_keys_back_to_a_full_quota() {
        // A quota that comes back within a nanosecond: full again by the next call, no waiting.
        let limiter = RateLimiter::new(Quota::with_period(Duration::from_nanos(1)).unwrap(), 2);
        limiter.check(&"a".to_string()).unwrap();
        limiter.check(&"b".to_string()).unwrap();
        limiter.check(&"c".to_string()).unwrap();
        limiter.check(&"d".to_string()).unwrap();
        assert!(limiter.len() <= 2);
    }

    #[test]
    fn an_email_is_keyed_parsed_and_bogus_ones_share_a_key() {
        assert_eq!(email_key(" Marie@Acme.FR "), "marie@acme.fr");
        let long = format!("{}@acme.fr", "a".repeat(10_000));
        assert_eq!(email_key(&long), email_key("not an address"));
        assert_eq!(email_key(""), UNREADABLE_EMAIL);
    }
}
