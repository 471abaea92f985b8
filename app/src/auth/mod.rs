//! Customer accounts: sign-up, login, logout, forgotten password, and "Mon compte".
pub mod api;
pub mod forms;
mod pages;
mod profile;
#[cfg(feature = "ssr")]
pub(crate) mod server;

pub use pages::{strength_hint, ForgotPasswordPage, LoginPage, ResetPasswordPage, SignUpPage};
pub use profile::ProfilePage;

use crate::error::AppError;
use api::Me;
use leptos::prelude::*;

/// Who is logged in, for every component; `refresh` after a login or logout.
#[derive(Clone, Copy)]
pub struct Auth {
    pub me: Resource<Result<Option<Me>, AppError>>,
    version: RwSignal<u32>,
}

impl Auth {
    pub fn provide() -> Self {
        let version = RwSignal::new(0);
        let me = Resource::new(move || version.get(), |_| api::who_am_i());
        let auth = Self { me, version };
        provide_context(auth);
        auth
    }

    pub fn refresh(self) {
        self.version.update(|version| *version += 1);
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
