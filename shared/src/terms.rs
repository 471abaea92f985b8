//! The terms of sale in force: each order stores the version its buyer accepted.

/// The version of the terms of sale shown on `/terms` and accepted when ordering.
pub const TERMS_OF_SALE_VERSION: &str = "2026-12-01";
