//! Rows and queries that several features read or write (people, accounts, projects, orders), so that no
//! feature reaches into another's server code. Each feature's own queries stay in its folder.
pub mod accounts;
pub mod list;
pub mod orders;
pub mod projects;
pub mod users;

use time::OffsetDateTime;

/// A moment as the API carries it: Unix time, in seconds.
pub fn unix(at: OffsetDateTime) -> i64 {
    at.unix_timestamp()
}
