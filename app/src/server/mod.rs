//! Server-only pieces shared by the server functions (compiled with the `ssr` feature only).
pub mod breached;
mod client_ip;
pub mod db;
pub mod documents;
pub mod email_tokens;
mod limits;
pub mod links;
pub mod mail;
pub mod passwords;
mod respond;
pub mod security_events;
pub mod session;
mod state;
pub mod storage;

pub use client_ip::{client_address, client_ip};
pub use limits::{
    check_both, email_key, sweep as sweep_rate_limits, AddressKey, Limits, Quotas, RateLimiter,
    Refused,
};
pub use passwords::{default_hashing_queue, default_hashing_threads, PasswordHasher};
pub use respond::{
    attachment, database_unreachable, database_unreachable_lately, download_refusal, internal,
    note_database_unreachable, state, OnConstraint, OrInternal,
};
pub use state::{AppConfig, AppState, BankDetails};
pub use storage::{FileStore, NewFile, ObjectFiles, StoreError, StoredFile};
