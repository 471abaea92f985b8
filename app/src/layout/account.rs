use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

/// The account area: the left-hand menu of the seed ("Mes collaborateurs" among the last
/// entries) beside the selected page.
#[component]
pub fn AccountLayout() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="account">
            <nav class="account__menu" aria-label=move || t_string!(i18n, account.menu_label).to_string()>
                <ul>
                    <li><A href="/account/projects">{t!(i18n, account.projects)}</A></li>
                    <li><A href="/account/orders">{t!(i18n, account.orders)}</A></li>
                    <li><A href="/account/collaborators">{t!(i18n, account.collaborators)}</A></li>
                    <li><A href="/account/profile">{t!(i18n, account.profile)}</A></li>
                    <li><A href="/login">{t!(i18n, account.logout)}</A></li>
                </ul>
            </nav>
            <div class="account__content">
                <Outlet />
            </div>
        </div>
    }
}
