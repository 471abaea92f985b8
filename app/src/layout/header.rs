use crate::{auth::use_auth, components::text::tr, i18n::*};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;

/// The public header of the seed's site: brand, main menu, and the `FR | EN` switch.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{tr!(i18n, common.skip_to_content)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__name">"EMS PROTO"</span>
                    <span class="brand__tagline">{tr!(i18n, brand.tagline)}</span>
                </A>
                <nav class="main-nav" aria-label=tr!(i18n, nav.label)>
                    <ul>
                        <li><A href="/" exact=true>{tr!(i18n, nav.home)}</A></li>
                        <li><A href="/services">{tr!(i18n, nav.services)}</A></li>
                        <li><A href="/faq">{tr!(i18n, nav.faq)}</A></li>
                        <li><A href="/blog">{tr!(i18n, nav.blog)}</A></li>
                        <li><A href="/resources">{tr!(i18n, nav.resources)}</A></li>
                        <li><LoginOrAccount /></li>
                        <li><A href="/contact" attr:class="main-nav__contact">{tr!(i18n, nav.contact)}</A></li>
                    </ul>
                </nav>
                <AccountChoice />
                <LanguageSwitch />
            </div>
        </header>
    }
}

/// The switcher between the accounts a person acts for, when they have several.
#[component]
fn AccountChoice() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                auth.me.await.ok().flatten().map(|me| view! { <super::account::AccountSwitch me /> })
            })}
        </Transition>
    }
}

/// CONNEXION, or the way to the account area once logged in.
#[component]
fn LoginOrAccount() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let login =
        move || view! { <A href="/login" attr:class="main-nav__login">{tr!(i18n, nav.login)}</A> };
    view! {
        <Transition fallback=login>
            {move || Suspend::new(async move {
                match auth.me.await {
                    // Staff have the back-office instead of a customer account.
                    Ok(Some(me)) => Either::Left(view! {
                        <A href=if me.staff { "/backoffice" } else { "/account" } attr:class="main-nav__login">
                            {if me.staff { tr!(i18n, nav.backoffice).into_any() } else { tr!(i18n, nav.my_account).into_any() }}
                        </A>
                    }),
                    _ => Either::Right(login()),
                }
            })}
        </Transition>
    }
}

/// `FR | EN`: changes the language at once, without a reload; the choice is kept in a cookie
/// so that the server renders the next page in it too.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choice = move |locale: Locale, code: &'static str, name: &'static str| {
        view! {
            <button
                type="button"
                class="lang-switch__choice"
                lang=locale.as_str()
                title=name
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| i18n.set_locale(locale)
            >
                {code}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=tr!(i18n, lang.switch_label)>
            {choice(Locale::fr, "FR", "Français")}
            <span class="lang-switch__separator" aria-hidden="true">"|"</span>
            {choice(Locale::en, "EN", "English")}
        </div>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{tr!(i18n, footer.company)}</p>
            <p>{tr!(i18n, footer.rights)}</p>
        </footer>
    }
}
