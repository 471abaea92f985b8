use crate::{
    auth::{api, use_auth},
    i18n::*,
};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::{
    components::{Outlet, Redirect, A},
    hooks::use_navigate,
};

/// The account area: the left-hand menu of the seed ("Mes collaborateurs" among the last
/// entries) beside the selected page. Only for logged-in people; others go to the login page.
#[component]
pub fn AccountLayout() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let log_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // Whatever the answer, the session is gone or unusable: leave the area.
            let _ = api::log_out().await;
            auth.refresh();
            navigate("/login", Default::default());
        });
    };
    // Awaiting `me` (rather than reading it) waits for a refetch in flight: after a login, the
    // stale "nobody" must not redirect to the login page. It also avoids a Leptos SSR stall
    // (leptos-rs/leptos#4578) with resources read from several Suspense boundaries.
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let log_out = log_out.clone();
                Suspend::new(async move {
                match auth.me.await {
                    Ok(Some(_)) => Either::Left(view! {
                        <div class="account">
                            <nav class="account__menu" aria-label=move || t_string!(i18n, account.menu_label).to_string()>
                                <ul>
                                    <li><A href="/account/projects">{t!(i18n, account.projects)}</A></li>
                                    <li><A href="/account/orders">{t!(i18n, account.orders)}</A></li>
                                    <li><A href="/account/collaborators">{t!(i18n, account.collaborators)}</A></li>
                                    <li><A href="/account/profile">{t!(i18n, account.profile)}</A></li>
                                    <li>
                                        <button type="button" class="account__logout" on:click=log_out.clone()>
                                            {t!(i18n, account.logout)}
                                        </button>
                                    </li>
                                </ul>
                            </nav>
                            <div class="account__content">
                                <Outlet />
                            </div>
                        </div>
                    }),
                    _ => Either::Right(view! { <Redirect path="/login" /> }),
                }
            })}}
        </Suspense>
    }
}
