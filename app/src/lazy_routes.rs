//! Every page but the home page, split out of the WASM every visitor downloads, in four parts
//! that are each fetched when one of their pages is first shown (`cargo leptos build --split`):
//! the public pages, the login and sign-up forms, the account area with its frame, and the
//! back-office. The server names the part of the page it renders in that page's HTML, so a
//! visit that starts there gets it with the first load. Only the home page, the 404 page, the
//! header and the footer stay in the main file (make bench: the first route).
//!
//! Four parts rather than one per page: each part is one lazy route of the home page's table,
//! with its own pages in a `Routes` of its own (matching the whole address, as the outer one
//! does). With a lazy route per page, the code the pages share was cut into 227 small files,
//! each with a loader and a content-hashed name in a script every visitor downloads (8 KB
//! after brotli), and a page of the account area needed about a hundred requests. The pages of
//! a part are its inner table's eager routes: Leptos hydrates a `Routes` inside a lazy route
//! synchronously, and a lazy route there would panic (bench/CHANGES.md, "Fifth round").
use crate::pages::NotFound;
use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Routes},
    lazy_route, path, LazyRoute, SsrMode,
};

/// One lazy route per part: `data()` has nothing to start (each page creates its own
/// resources), `view()` is the part split out.
macro_rules! lazy_parts {
    ($($route:ident => $part:path),* $(,)?) => {$(
        #[doc = concat!("`", stringify!($part), "`, loaded when one of its pages is first shown.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_route: Self) -> AnyView {
                untrack(|| $part().into_any())
            }
        }
    )*};
}

lazy_parts! {
    PublicPagesRoute => PublicPages,
    AccessFormsRoute => AccessForms,
    AccountAreaRoute => AccountArea,
    BackofficeRoute => Backoffice,
}

/// Services, FAQ, blog, resources (with the collaborator space's help), contact, and the legal
/// notice, privacy policy and terms of sale.
#[component]
pub fn PublicPages() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("services") view=crate::pages::ServicesPage />
            <Route path=path!("faq") view=crate::pages::FaqPage />
            <Route path=path!("blog") view=crate::pages::BlogPage />
            <Route path=path!("resources") view=crate::pages::ResourcesPage />
            <Route path=path!("resources/collaborator-space") view=crate::pages::CollaboratorSpaceHelpPage />
            <Route path=path!("contact") view=crate::contact::ContactPage />
            <Route path=path!("legal") view=crate::pages::LegalNoticePage />
            <Route path=path!("privacy") view=crate::pages::PrivacyPage />
            <Route path=path!("terms") view=crate::pages::TermsPage />
        </Routes>
    }
}

/// Logging in, signing up, the two steps of a forgotten password, the pages of the links
/// that prove an address (they call the same feature's server functions), and enrolling a
/// second factor.
#[component]
pub fn AccessForms() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("login") view=crate::auth::LoginPage />
            <Route path=path!("signup") view=crate::auth::SignUpPage />
            <Route path=path!("forgot-password") view=crate::auth::ForgotPasswordPage />
            <Route path=path!("reset-password") view=crate::auth::ResetPasswordPage />
            <Route path=path!("verify-email") view=crate::auth::VerifyEmailPage />
            <Route path=path!("confirm-email") view=crate::auth::ConfirmEmailPage />
            <Route path=path!("two-factor") view=crate::two_factor::TwoFactorPage />
        </Routes>
    }
}

/// The account area: its frame (menu, account switch) around each of its pages.
#[component]
pub fn AccountArea() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <ParentRoute path=path!("account") ssr=SsrMode::InOrder view=crate::layout::AccountLayout>
                <Route path=path!("") view=crate::home::AccountHomePage />
                <Route path=path!("projects") view=crate::projects::ProjectsPage />
                <Route path=path!("projects/new") view=crate::projects::ProjectPage />
                <Route path=path!("projects/:id") view=crate::projects::ProjectPage />
                <Route path=path!("orders") view=crate::orders::OrdersPage />
                <Route path=path!("orders/:id") view=crate::orders::OrderPage />
                <Route path=path!("purchase-requests") view=crate::orders::PurchaseRequestsPage />
                <Route path=path!("documents") view=crate::documents::pages::DocumentsPage />
                <Route path=path!("collaborators") view=crate::collaborators::CollaboratorsPage />
                <Route path=path!("collaborators/new") view=crate::collaborators::NewCollaboratorPage />
                <Route path=path!("collaborators/history") view=crate::collaborators::MembershipHistoryPage />
                <Route path=path!("company") view=crate::company::CompanyPage />
                <Route path=path!("profile") view=crate::auth::ProfilePage />
            </ParentRoute>
        </Routes>
    }
}

/// The staff's back-office: every order, the customer accounts, one order, and the contact
/// messages.
#[component]
pub fn Backoffice() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("backoffice") ssr=SsrMode::InOrder view=crate::backoffice::BackofficePage />
            <Route path=path!("backoffice/accounts") ssr=SsrMode::InOrder view=crate::backoffice::CustomerAccountsPage />
            <Route path=path!("backoffice/documents") ssr=SsrMode::InOrder view=crate::backoffice::StaffDocumentsPage />
            <Route path=path!("backoffice/orders/:id") ssr=SsrMode::InOrder view=crate::backoffice::StaffOrderPage />
            <Route path=path!("backoffice/messages") ssr=SsrMode::InOrder view=crate::contact::StaffMessagesPage />
        </Routes>
    }
}

/// The server's list of routes (`leptos_axum::generate_route_list`). The home page's table
/// names the account area and the back-office as wildcards (`account/*rest`): axum gets each of
/// their pages instead, so that `/account` itself is a route and the unknown addresses under
/// them still reach the server's fallback.
#[cfg(feature = "ssr")]
pub fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    use leptos_axum::generate_route_list;
    use leptos_router::components::Router;

    let mut routes = generate_route_list(crate::App);
    routes.retain(|route| !route.path().contains('*'));
    routes.extend(generate_route_list(
        || view! { <Router><AccountArea /></Router> },
    ));
    routes.extend(generate_route_list(
        || view! { <Router><Backoffice /></Router> },
    ));
    routes
}
