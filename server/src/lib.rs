#![recursion_limit = "512"]
//! The portal's HTTP server: configuration, start-up and the routes that are not Leptos pages.
pub mod assets;
pub mod compression;
pub mod config;
pub mod health;
pub mod mailer;
pub mod metrics;
pub mod renders;
pub mod request_id;
pub mod security;
pub mod sessions;
pub mod staff;
pub mod startup;
pub mod telemetry;
