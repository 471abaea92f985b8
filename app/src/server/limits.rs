//! Rate limits kept in the server's memory (one process; docs/architecture.md, "Rate limits").
//! A key over its quota waits for tokens to come back: a delay, never a lock-out that an
//! attacker could impose.
use crate::error::AppError;
use governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota,
};
use std::{hash::Hash, net::IpAddr, num::NonZeroU32};
use uuid::Uuid;

pub struct RateLimiter<K: Hash + Eq + Clone>(DefaultKeyedRateLimiter<K>);

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn per_minute(count: u32) -> Self {
        let count = NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN);
        Self(DefaultKeyedRateLimiter::keyed(Quota::per_minute(count)))
    }

    pub fn per_hour(count: u32) -> Self {
        let count = NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN);
        Self(DefaultKeyedRateLimiter::keyed(Quota::per_hour(count)))
    }

    /// Takes one attempt for `key`, or says how long to wait.
    pub fn check(&self, key: &K) -> Result<(), AppError> {
        self.0.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            AppError::TooManyRequests {
                retry_after_secs: wait.as_secs().max(1),
            }
        })
    }

    /// Forgets keys that are back to a full quota (called periodically).
    pub fn shrink(&self) {
        self.0.retain_recent();
    }
}

impl<K: Hash + Eq + Clone> std::fmt::Debug for RateLimiter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RateLimiter")
    }
}

#[derive(Debug)]
pub struct Limits {
    /// Login attempts per client address.
    pub login_per_ip: RateLimiter<IpAddr>,
    /// Login attempts per e-mail (normalised), whoever sends them.
    pub login_per_account: RateLimiter<String>,
    /// Password-reset e-mails per address asked for.
    pub reset_per_email: RateLimiter<String>,
    /// Collaboration requests per person.
    pub collaboration_requests: RateLimiter<Uuid>,
    /// E-mails with a link that proves an address (sent again, or to a new address), per
    /// person.
    pub address_links: RateLimiter<Uuid>,
    /// Second-factor codes typed, per person (login, re-check, enrolment, turning it off).
    pub two_factor_codes: RateLimiter<Uuid>,
}

impl Limits {
    pub fn new(login_attempts_per_minute: u32) -> Self {
        Self {
            login_per_ip: RateLimiter::per_minute(login_attempts_per_minute),
            login_per_account: RateLimiter::per_minute(login_attempts_per_minute),
            reset_per_email: RateLimiter::per_minute(3),
            collaboration_requests: RateLimiter::per_minute(5),
            address_links: RateLimiter::per_hour(3),
            two_factor_codes: RateLimiter::per_minute(5),
        }
    }

    pub fn shrink(&self) {
        self.login_per_ip.shrink();
        self.login_per_account.shrink();
        self.reset_per_email.shrink();
        self.collaboration_requests.shrink();
        self.address_links.shrink();
        self.two_factor_codes.shrink();
    }
}
