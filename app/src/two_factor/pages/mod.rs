//! The pages of two-factor authentication: enrolling and turning it off (`/two-factor`), its
//! summary in "Mon compte", the login's second step, the re-check before sensitive staff
//! actions, and the holder's requirement.
mod enrol;
mod prompt;
mod setting;

pub use enrol::{TwoFactorPage, TwoFactorSection};
pub use prompt::{CodePrompt, LoginCodeForm};
pub use setting::RequireTwoFactorSetting;
