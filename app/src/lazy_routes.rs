//! Every page but the home page (the public pages, the login and sign-up forms, the account
//! area with its frame, the back-office), split out of the WASM every visitor downloads. With
//! `cargo leptos build --split`, each one's code is fetched when it is first shown; the server
//! names the chunks of the page it renders in that page's HTML, so a visit that starts there
//! gets them with the first load. Only the home page, the 404 page, the header and the footer
//! stay in the main file (make bench: the first route).
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
    ServicesRoute => crate::pages::ServicesPage,
    FaqRoute => crate::pages::FaqPage,
    BlogRoute => crate::pages::BlogPage,
    ResourcesRoute => crate::pages::ResourcesPage,
    CollaboratorSpaceHelpRoute => crate::pages::CollaboratorSpaceHelpPage,
    ContactRoute => crate::pages::ContactPage,
    LoginRoute => crate::auth::LoginPage,
    SignUpRoute => crate::auth::SignUpPage,
    ForgotPasswordRoute => crate::auth::ForgotPasswordPage,
    ResetPasswordRoute => crate::auth::ResetPasswordPage,
    AccountLayoutRoute => crate::layout::AccountLayout,
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
