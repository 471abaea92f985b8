//! Two-factor authentication (TOTP, RFC 6238): enrolment from "Mon compte" with a QR code and
//! the secret as text, recovery codes shown once, the login's second step, the re-check before
//! sensitive staff actions, and the holder's requirement for every member of the account.
pub mod api;
mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;
pub mod types;

pub use pages::{
    CodePrompt, LoginCodeForm, RequireTwoFactorSetting, TwoFactorPage, TwoFactorSection,
};
