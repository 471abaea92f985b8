//! Rate limits kept in PostgreSQL, shared by every server process (docs/architecture.md,
//! "Limits and floods"): N processes enforce one limit, and a restart forgets nothing. A key over
//! its quota waits for attempts to come back: a delay, never a lock-out that an attacker could
//! impose.
//!
//! Each limiter is a generic cell rate algorithm (what the `governor` crate did in memory
//! before): "n a minute" lets n attempts through at once, then one more each minute / n. Its
//! state is one row per key in `rate_limits`, the time at which the key is back to its full
//! quota; each attempt is one upsert on the pool (no transaction, no connection held), and two
//! limits checked together ([`check_both`]: an address and an e-mail) are one statement. A
//! refused attempt changes nothing, so hammering a key does not push its quota further away.
//! When the database cannot answer, the check fails with the database's error: limits fail
//! closed.
use crate::error::AppError;
use sqlx::PgPool;
use std::{
    fmt::Display,
    marker::PhantomData,
    net::{IpAddr, Ipv6Addr},
    time::Duration,
};
use uuid::Uuid;

/// The key of a client address: an IPv4 address, or the /64 an IPv6 address belongs to (one
/// subscriber usually gets a whole /64, and can pick any address in it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AddressKey(IpAddr);

impl std::fmt::Display for AddressKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

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

/// One limit: `count` attempts per `period` for each key `K` (written with its `Display`).
pub struct RateLimiter<K> {
    /// The limiter's name in `rate_limits` (each limiter its own).
    name: &'static str,
    pool: PgPool,
    /// How long one attempt takes to come back (the period divided by the count).
    interval: Duration,
    /// How far ahead of now the key's "full again" time may be for one more attempt.
    tolerance: Duration,
    key: PhantomData<fn(&K)>,
}

impl<K: Display> RateLimiter<K> {
    pub fn per_minute(name: &'static str, pool: PgPool, count: u32) -> Self {
        Self::new(name, pool, count, Duration::from_secs(60))
    }

    pub fn per_hour(name: &'static str, pool: PgPool, count: u32) -> Self {
        Self::new(name, pool, count, Duration::from_secs(3600))
    }

    /// `count` attempts per `period` (a count of 0 counts as 1).
    pub fn new(name: &'static str, pool: PgPool, count: u32, period: Duration) -> Self {
        let count = count.max(1);
        let interval = period / count;
        Self {
            name,
            pool,
            interval,
            tolerance: interval * (count - 1),
            key: PhantomData,
        }
    }

    /// Takes one attempt for `key`, or says how long to wait: one statement.
    pub async fn check(&self, key: &K) -> Result<(), AppError> {
        take(&self.pool, self.attempt(key), None)
            .await
            .map_err(AppError::from)
    }

    fn attempt(&self, key: &K) -> Attempt {
        Attempt {
            limiter: self.name,
            key: key.to_string(),
            interval: self.interval.as_secs_f64(),
            tolerance: self.tolerance.as_secs_f64(),
        }
    }
}

/// Takes one attempt from `first` for `first_key` and, when it was let through, one from
/// `second` for `second_key`: what checking one after the other does, in one statement (a login
/// checks its client address and its e-mail).
pub async fn check_both<A: Display, B: Display>(
    (first, first_key): (&RateLimiter<A>, &A),
    (second, second_key): (&RateLimiter<B>, &B),
) -> Result<(), Refused> {
    let second = second.attempt(second_key);
    take(&first.pool, first.attempt(first_key), Some(second)).await
}

/// Which of two limits checked together ([`check_both`]) refused the attempt. A database error
/// comes as the first's: nothing was taken.
#[derive(Debug)]
pub enum Refused {
    First(AppError),
    Second(AppError),
}

impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::First(error) | Refused::Second(error) => error,
        }
    }
}

/// One attempt at one limiter's key, as the statement takes it.
struct Attempt {
    limiter: &'static str,
    key: String,
    /// Seconds one attempt takes to come back.
    interval: f64,
    /// Seconds ahead of now the key's "full again" time may be for one more attempt.
    tolerance: f64,
}

impl Attempt {
    /// The refusal when nothing was taken: how long until one attempt is back. The snapshot
    /// read after the upsert is the row as it was before it (a key inserted by a concurrent
    /// attempt since has no row there: one interval is then the wait).
    fn refusal(&self, until_full: Option<f64>) -> AppError {
        let wait = until_full.map_or(self.interval, |until_full| until_full - self.tolerance);
        AppError::TooManyRequests {
            retry_after_secs: (wait.ceil() as u64).max(1),
        }
    }
}

/// Takes `first`, then `second` (when there is one) if `first` was taken, in one statement.
async fn take(pool: &PgPool, first: Attempt, second: Option<Attempt>) -> Result<(), Refused> {
    let answer = sqlx::query_file!(
        "src/server/limits_take.sql",
        first.limiter,
        first.key,
        first.interval,
        first.tolerance,
        second.as_ref().map(|second| second.limiter),
        second.as_ref().map(|second| second.key.as_str()),
        second.as_ref().map(|second| second.interval),
        second.as_ref().map(|second| second.tolerance),
    )
    .fetch_one(pool)
    .await
    .map_err(|error| Refused::First(error.into()))?;
    if !answer.first_taken {
        return Err(Refused::First(first.refusal(answer.first_until_full)));
    }
    match second {
        Some(second) if !answer.second_taken => {
            Err(Refused::Second(second.refusal(answer.second_until_full)))
        }
        _ => Ok(()),
    }
}

impl<K> std::fmt::Debug for RateLimiter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("name", &self.name)
            .field("interval", &self.interval)
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// Deletes the keys back to their full quota: without a row they have it anyway, so no answer
/// changes. Safe from several processes at once (a row updated meanwhile no longer matches).
pub async fn sweep(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!("DELETE FROM rate_limits WHERE full_at < now()")
        .execute(pool)
        .await?;
    Ok(deleted.rows_affected())
}

/// The quotas (`server/src/config.rs` reads them from the environment).
#[derive(Clone, Copy, Debug)]
pub struct Quotas {
    /// Login attempts per client address and per e-mail each minute.
    pub login_attempts_per_minute: u32,
    /// Sign-ups, password resets, first passwords and password changes per client address and
    /// per account each minute.
    pub password_changes_per_minute: u32,
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
    /// Contact messages per client address: each one e-mails every staff person.
    pub contact_per_ip: RateLimiter<AddressKey>,
    /// Contact messages per e-mail address given ([`email_key`]): each one e-mails it.
    pub contact_per_email: RateLimiter<String>,
}

impl Limits {
    pub fn new(pool: &PgPool, quotas: Quotas) -> Self {
        let login = quotas.login_attempts_per_minute;
        let passwords = quotas.password_changes_per_minute;
        Self {
            login_per_ip: RateLimiter::per_minute("login_per_ip", pool.clone(), login),
            login_per_account: RateLimiter::per_minute("login_per_account", pool.clone(), login),
            reset_per_email: RateLimiter::per_minute("reset_per_email", pool.clone(), 3),
            collaboration_requests: RateLimiter::per_minute("collaboration", pool.clone(), 5),
            address_links: RateLimiter::per_hour("address_links", pool.clone(), 3),
            new_passwords_per_ip: RateLimiter::per_minute(
                "new_passwords_per_ip",
                pool.clone(),
                passwords,
            ),
            sign_ups_per_email: RateLimiter::per_minute("sign_ups", pool.clone(), passwords),
            new_passwords_per_person: RateLimiter::per_minute(
                "new_passwords_per_person",
                pool.clone(),
                passwords,
            ),
            two_factor_codes: RateLimiter::per_minute("two_factor_codes", pool.clone(), 5),
            contact_per_ip: RateLimiter::per_hour("contact_per_ip", pool.clone(), 5),
            contact_per_email: RateLimiter::per_hour("contact_per_email", pool.clone(), 3),
        }
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
        // The key as stored in `rate_limits`.
        assert_eq!(key("2001:db8:1:2:aaaa::1").to_string(), "2001:db8:1:2::");
        assert_eq!(key("::ffff:203.0.113.9").to_string(), "203.0.113.9");
    }

    #[test]
    fn an_email_is_keyed_parsed_and_bogus_ones_share_a_key() {
        assert_eq!(email_key(" Marie@Acme.FR "), "marie@acme.fr");
        let long = format!("{}@acme.fr", "a".repeat(10_000));
        assert_eq!(email_key(&long), email_key("not an address"));
        assert_eq!(email_key(""), UNREADABLE_EMAIL);
    }
}
