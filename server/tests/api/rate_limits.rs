//! The rate limiters on their table (`app/src/server/limits.rs`): quotas, the wait they answer,
//! one limit for several pools at once, two limits checked together as one after the other, keys
//! forgotten only once back to a full quota.
use crate::helpers::spawn_app;
use app::{
    error::AppError,
    server::{check_both, AddressKey, RateLimiter, Refused},
};
use sqlx::PgPool;
use std::{
    net::IpAddr,
    time::{Duration, Instant},
};

fn address(text: &str) -> AddressKey {
    AddressKey::from(text.parse::<IpAddr>().unwrap())
}

/// The wait a refused attempt answers (panics when it was let through).
fn wait_of(answer: Result<(), AppError>) -> u64 {
    match answer {
        Err(AppError::TooManyRequests { retry_after_secs }) => retry_after_secs,
        other => panic!("not refused: {other:?}"),
    }
}

#[tokio::test]
async fn a_new_address_of_the_same_64_gets_no_fresh_quota() {
    let app = spawn_app().await;
    let limiter = RateLimiter::per_minute("test", app.pool.clone(), 1);
    limiter.check(&address("2001:db8:1:2::1")).await.unwrap();
    wait_of(limiter.check(&address("2001:db8:1:2::2")).await);
    limiter.check(&address("2001:db8:1:3::1")).await.unwrap();
}

#[tokio::test]
async fn a_refused_attempt_says_when_one_comes_back_and_pushes_nothing() {
    let app = spawn_app().await;
    // Three a minute: three at once, then one every 20 seconds.
    let limiter = RateLimiter::per_minute("test", app.pool.clone(), 3);
    for _ in 0..3 {
        limiter.check(&"k".to_string()).await.unwrap();
    }
    for _ in 0..10 {
        let wait = wait_of(limiter.check(&"k".to_string()).await);
        assert!((19..=20).contains(&wait), "{wait}");
    }
    // Another key has its own quota.
    limiter.check(&"other".to_string()).await.unwrap();
    // Another limiter with the same key too.
    let another = RateLimiter::per_minute("another", app.pool.clone(), 1);
    another.check(&"k".to_string()).await.unwrap();
}

#[tokio::test]
async fn two_limits_checked_together_take_the_second_only_when_the_first_lets_through() {
    let app = spawn_app().await;
    let per_address = RateLimiter::per_minute("per_address", app.pool.clone(), 2);
    let per_email = RateLimiter::per_minute("per_email", app.pool.clone(), 3);
    let (here, email) = (address("203.0.113.9"), "marie@acme.fr".to_string());
    let both = || check_both((&per_address, &here), (&per_email, &email));
    both().await.unwrap();
    both().await.unwrap();
    // The address's quota is spent: refused by the first, the e-mail's is left untouched.
    match both().await {
        Err(Refused::First(refused)) => assert!((29..=30).contains(&wait_of(Err(refused)))),
        other => panic!("not refused by the first: {other:?}"),
    }
    // From another address, the e-mail has exactly one attempt left (3 a minute, 2 taken).
    let there = address("198.51.100.7");
    check_both((&per_address, &there), (&per_email, &email))
        .await
        .unwrap();
    match check_both((&per_address, &there), (&per_email, &email)).await {
        Err(Refused::Second(refused)) => assert!((19..=20).contains(&wait_of(Err(refused)))),
        other => panic!("not refused by the second: {other:?}"),
    }
    // As one check after the other: the attempt the second refused was taken from the first.
    wait_of(per_address.check(&there).await);
}

#[tokio::test]
async fn several_pools_checking_at_once_share_one_quota() {
    let app = spawn_app().await;
    let other = PgPool::connect_with(app.pool.connect_options().as_ref().clone())
        .await
        .unwrap();
    // Two processes' limiters: the same name and quota, each on its own pool.
    let here = RateLimiter::per_minute("test", app.pool.clone(), 5);
    let there = RateLimiter::per_minute("test", other.clone(), 5);
    let key = "shared".to_string();
    let attempts = (0..20).map(|n| {
        let limiter = if n % 2 == 0 { &here } else { &there };
        limiter.check(&key)
    });
    let answers = futures::future::join_all(attempts).await;
    let let_through = answers.iter().filter(|answer| answer.is_ok()).count();
    assert_eq!(let_through, 5);
    other.close().await;
}

#[tokio::test]
async fn attempts_come_back_with_time_and_the_sweep_forgets_only_full_keys() {
    let app = spawn_app().await;
    let quick = RateLimiter::new("quick", app.pool.clone(), 1, Duration::from_millis(200));
    let slow = RateLimiter::per_hour("slow", app.pool.clone(), 1);
    quick.check(&"k".to_string()).await.unwrap();
    slow.check(&"k".to_string()).await.unwrap();
    // The slow one's next attempt is an hour away.
    assert!(wait_of(slow.check(&"k".to_string()).await) > 3500);
    let deadline = Instant::now() + Duration::from_secs(5);
    while quick.check(&"k".to_string()).await.is_err() {
        assert!(Instant::now() < deadline, "the attempt never came back");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Poll until the quick key is back to a full quota, then sweep: the slow key stays.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        app::server::sweep_rate_limits(&app.pool).await.unwrap();
        let left: Vec<String> = sqlx::query_scalar("SELECT limiter FROM rate_limits")
            .fetch_all(&app.pool)
            .await
            .unwrap();
        if left == ["slow"] {
            break;
        }
        assert!(Instant::now() < deadline, "never swept: {left:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Forgetting the slow key would have given it a fresh quota: it still has none.
    wait_of(slow.check(&"k".to_string()).await);
}
