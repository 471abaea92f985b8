use crate::{
    auth::{use_auth, Visitor},
    components::text::tr,
    i18n::*,
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

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
                <LanguageSwitch />
            </div>
        </header>
    }
}

/// CONNEXION, or the way to the account area (the back-office for staff) once logged in.
#[component]
fn LoginOrAccount() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let href = move || {
        match auth.visitor() {
            Visitor::Anonymous => "/login",
            Visitor::Customer => "/account",
            Visitor::Staff => "/backoffice",
        }
        .to_string()
    };
    let text = move || {
        let locale = i18n.get_locale();
        match auth.visitor() {
            Visitor::Anonymous => td_string!(locale, nav.login),
            Visitor::Customer => td_string!(locale, nav.my_account),
            Visitor::Staff => td_string!(locale, nav.backoffice),
        }
    };
    view! { <A href=href attr:class="main-nav__login">{text}</A> }
}

/// `FR | EN`: changes the language at once, without a reload; the choice is kept in a cookie
/// so that the server renders the next page in it too. Before the page is hydrated (or
/// without JavaScript) the buttons post the choice, and the server sends the page back in it.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let here = move || {
        let path = location.pathname.get();
        let query = location.search.get();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{}", query.trim_start_matches('?'))
        }
    };
    let choice = move |locale: Locale, code: &'static str, name: &'static str| {
        view! {
            <button
                type="submit"
                name="locale"
                value=locale.as_str()
                class="lang-switch__choice"
                lang=locale.as_str()
                title=name
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |event| {
                    event.prevent_default();
                    i18n.set_locale(locale);
                }
            >
                {code}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=tr!(i18n, lang.switch_label)>
            <form class="lang-switch__form" method="post" action=crate::locale::LANGUAGE_PATH>
                <input type="hidden" name="back" value=here />
                {choice(Locale::fr, "FR", "Français")}
                <span class="lang-switch__separator" aria-hidden="true">"|"</span>
                {choice(Locale::en, "EN", "English")}
            </form>
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
            <nav aria-label=tr!(i18n, footer.legal_label)>
                <ul class="site-footer__links">
                    <li><A href="/legal">{tr!(i18n, footer.legal)}</A></li>
                    <li><A href="/privacy">{tr!(i18n, footer.privacy)}</A></li>
                    <li><A href="/terms">{tr!(i18n, footer.terms)}</A></li>
                </ul>
            </nav>
        </footer>
    }
}
