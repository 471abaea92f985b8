//! The accounts' pages: getting in (sign-up, login, forgotten password), the links that prove
//! an address, and "Mon compte".
mod access;
mod activity;
mod links;
mod profile;

pub use access::{strength_hint, ForgotPasswordPage, LoginPage, ResetPasswordPage, SignUpPage};
pub use links::{ConfirmEmailPage, VerifyEmailPage};
pub use profile::ProfilePage;
