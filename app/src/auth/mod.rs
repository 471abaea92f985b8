//! Customer accounts: sign-up, login, logout, forgotten password, proven e-mail addresses (and
//! changing one's own), and "Mon compte".
pub mod api;
pub mod forms;
mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;
pub mod types;
mod visitor;

pub use pages::{
    strength_hint, ConfirmEmailPage, ForgotPasswordPage, LoginPage, ProfilePage, ResetPasswordPage,
    SignUpPage, VerifyEmailPage,
};
#[cfg(feature = "ssr")]
pub use server::look_up_visitor;
pub use visitor::Visitor;

use crate::error::AppError;
use leptos::prelude::*;
use types::Me;

/// Who is logged in, for every component: [`Visitor`] for the header, and the version that
/// [`MeResource`]s follow: `refresh` after a login or a change to the person, `logged_out`
/// after a logout.
///
/// Only the visitor is read on the home page. The whole `Me` is a resource of the account area
/// and the back-office ([`provide_me`]): in the main WASM, its resource, its JSON decoding and
/// the server-function client cost 62 KB of the 227 KB the home page downloaded (brotli; make
/// bench, bench/CHANGES.md).
#[derive(Clone, Copy)]
pub struct Auth {
    visitor: RwSignal<Visitor>,
    version: RwSignal<u32>,
}

impl Auth {
    /// The visitor comes with the page: the server looked it up before rendering
    /// (`server::look_up_visitor`), and the browser reads it from the page's hydration data.
    pub fn provide() -> Self {
        let visitor = SharedValue::new_str(Visitor::of_request).into_inner();
        let auth = Self {
            visitor: RwSignal::new(visitor),
            version: RwSignal::new(0),
        };
        provide_context(auth);
        auth
    }

    pub fn visitor(self) -> Visitor {
        self.visitor.get()
    }

    /// Reloads who is logged in: the page's `Me`, whose every reload also sets the header's
    /// visitor ([`provide_me`]). After a login or a sign-up, the account area the page goes to
    /// loads a `Me` of its own.
    pub fn refresh(self) {
        self.version.update(|version| *version += 1);
    }

    /// The session has ended: nobody is logged in any more.
    pub fn logged_out(self) {
        self.visitor.set(Visitor::Anonymous);
        self.refresh();
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The logged-in person in full, reloaded by [`Auth::refresh`].
pub type MeResource = Resource<Result<Option<Me>, AppError>>;

/// Creates the [`MeResource`] of a part of the site (the account area, the back-office) and
/// gives it to the pages inside.
pub fn provide_me() -> MeResource {
    let auth = use_auth();
    let me = Resource::new(
        move || auth.version.get(),
        move |_| async move {
            let me = api::who_am_i().await;
            // The header follows: a login, a sign-up or a change of account shows there too.
            if let Ok(me) = &me {
                let visitor = Visitor::of(me.as_ref());
                if auth.visitor.get_untracked() != visitor {
                    auth.visitor.set(visitor);
                }
            }
            me
        },
    );
    provide_context(me);
    me
}

/// The [`MeResource`] of the part of the site this page belongs to.
pub fn use_me() -> MeResource {
    expect_context::<MeResource>()
}
