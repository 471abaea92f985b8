//! Every page but the home page (the public pages, the login and sign-up forms, the account
//! area with its frame, the back-office), split out of the WASM every visitor downloads. With
//! `cargo leptos build --split`, each one's code is fetched when it is first shown; the server
//! names the chunks of the page it renders in that page's HTML, so a visit that starts there
//! gets them with the first load. Only the home page, the header and the footer stay in the
//! main file (make bench: the first route); the route table of the other pages and the 404 page
//! are a chunk of their own ([`SiteRoutes`]).
use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Routes},
    lazy_route, path, Lazy, LazyRoute,
};

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

/// Every route but the home page's, itself a lazy route of the home page's table (`App`: the
/// home page, then `*rest`): the route table of thirty pages is code too, which the home page
/// does not need (5 KB of the main file, brotli; bench/CHANGES.md). Its `Routes` matches the
/// whole address, as the outer one does. The server registers these paths from
/// [`SiteRouteList`].
#[component]
pub fn SiteRoutes() -> impl IntoView {
    view! {
        <Routes fallback=crate::pages::NotFound>
            <Route path=path!("services") view={Lazy::<ServicesRoute>::new()} />
            <Route path=path!("faq") view={Lazy::<FaqRoute>::new()} />
            <Route path=path!("blog") view={Lazy::<BlogRoute>::new()} />
            <Route path=path!("resources") view={Lazy::<ResourcesRoute>::new()} />
            <Route path=path!("resources/collaborator-space") view={Lazy::<CollaboratorSpaceHelpRoute>::new()} />
            <Route path=path!("contact") view={Lazy::<ContactRoute>::new()} />
            <Route path=path!("login") view={Lazy::<LoginRoute>::new()} />
            <Route path=path!("signup") view={Lazy::<SignUpRoute>::new()} />
            <Route path=path!("forgot-password") view={Lazy::<ForgotPasswordRoute>::new()} />
            <Route path=path!("reset-password") view={Lazy::<ResetPasswordRoute>::new()} />
            <ParentRoute path=path!("account") view={Lazy::<AccountLayoutRoute>::new()}>
                <Route path=path!("") view={Lazy::<AccountHomeRoute>::new()} />
                <Route path=path!("projects") view={Lazy::<ProjectsRoute>::new()} />
                <Route path=path!("projects/new") view={Lazy::<ProjectRoute>::new()} />
                <Route path=path!("projects/:id") view={Lazy::<ProjectRoute>::new()} />
                <Route path=path!("orders") view={Lazy::<OrdersRoute>::new()} />
                <Route path=path!("orders/:id") view={Lazy::<OrderRoute>::new()} />
                <Route path=path!("collaborators") view={Lazy::<CollaboratorsRoute>::new()} />
                <Route path=path!("collaborators/new") view={Lazy::<NewCollaboratorRoute>::new()} />
                <Route path=path!("profile") view={Lazy::<ProfileRoute>::new()} />
            </ParentRoute>
            <Route path=path!("backoffice") view={Lazy::<BackofficeRoute>::new()} />
            <Route path=path!("backoffice/orders/:id") view={Lazy::<StaffOrderRoute>::new()} />
        </Routes>
    }
}

lazy_pages! {
    SiteRoutesRoute => SiteRoutes,
}

/// [`SiteRoutes`] alone, for the server's list of paths (`leptos_axum::generate_route_list`):
/// the home page's table names them all as one `*rest`, which would also catch the files and
/// the unknown addresses that the server's fallback handles.
#[cfg(feature = "ssr")]
#[component]
pub fn SiteRouteList() -> impl IntoView {
    view! {
        <leptos_router::components::Router>
            <SiteRoutes />
        </leptos_router::components::Router>
    }
}
