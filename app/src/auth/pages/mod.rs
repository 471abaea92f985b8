//! The accounts' pages: getting in (sign-up, login, forgotten password) and "Mon compte".
mod access;
mod profile;

pub use access::{strength_hint, ForgotPasswordPage, LoginPage, ResetPasswordPage, SignUpPage};
pub use profile::ProfilePage;
