//! The pages that most visits never show (the account area, the back-office, the login and
//! sign-up forms), split out of the WASM every visitor downloads. With `cargo leptos build
//! --split`, each one's code is fetched when it is first shown; the server names the chunk of
//! the page it renders in that page's HTML, so a visit that starts there gets it with the first
//! load. The home page and the other public pages stay in the main file (make bench: the first
//! load of the home page).
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// One route per page: `data()` has nothing to start (each page creates its own resources),
/// `view()` is the part split out.
macro_rules! lazy_pages {
    ($($route:ident => $page:path),* $(,)?) => {$(
        #[doc = concat!("`", stringify!($page), "`, loaded when first shown.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_route: Self) -> AnyView {
                untrack(|| $page().into_any())
            }
        }
    )*};
}

lazy_pages! {
    LoginRoute => crate::auth::LoginPage,
    SignUpRoute => crate::auth::SignUpPage,
    ForgotPasswordRoute => crate::auth::ForgotPasswordPage,
    ResetPasswordRoute => crate::auth::ResetPasswordPage,
    AccountHomeRoute => crate::pages::AccountHome,
    ProjectsRoute => crate::projects::ProjectsPage,
    ProjectRoute => crate::projects::ProjectPage,
    OrdersRoute => crate::orders::OrdersPage,
    OrderRoute => crate::orders::OrderPage,
    CollaboratorsRoute => crate::collaborators::CollaboratorsPage,
    NewCollaboratorRoute => crate::collaborators::NewCollaboratorPage,
    ProfileRoute => crate::auth::ProfilePage,
    BackofficeRoute => crate::backoffice::BackofficePage,
    StaffOrderRoute => crate::backoffice::StaffOrderPage,
}
