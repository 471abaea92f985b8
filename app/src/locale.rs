//! The visitor's language, kept in the `lang` cookie so that the server renders the next page
//! in it.
//!
//! leptos_i18n can keep the cookie itself (its `cookie` feature), but it then parses cookies in
//! the browser with the `cookie` and `time` crates, in the WASM every visitor downloads. The
//! browser never needs to read the cookie: the page's `<html lang>` says which language the
//! server chose, and leptos_i18n hydrates in that one. So the server reads the cookie and the
//! browser only writes it.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::context::UseLocalesOptions;

/// Name of the cookie that keeps the visitor's language.
const LOCALE_COOKIE: &str = "lang";

/// How long the choice is kept: 400 days, the longest browsers accept.
const LOCALE_COOKIE_MAX_AGE_SECONDS: u32 = 400 * 24 * 60 * 60;

/// The languages the server renders in, best first, as an `Accept-Language` value (which is
/// what leptos_i18n reads): the cookie's language when it names one of ours, otherwise the
/// browser's `Accept-Language`.
pub fn language_preference() -> UseLocalesOptions {
    UseLocalesOptions::default().ssr_lang_header_getter(|| {
        #[cfg(feature = "ssr")]
        {
            let headers = use_context::<axum::http::request::Parts>()?.headers;
            chosen_locale(&headers)
                .map(|locale| locale.to_string())
                .or_else(|| {
                    let accepted = headers.get(axum::http::header::ACCEPT_LANGUAGE)?;
                    accepted.to_str().ok().map(str::to_owned)
                })
        }
        #[cfg(not(feature = "ssr"))]
        None
    })
}

/// The language of the person's pages: the `lang` cookie, else English when the browser
/// prefers it, else French (for answers made outside a page's render).
#[cfg(feature = "ssr")]
pub(crate) fn page_locale(headers: &axum::http::HeaderMap) -> Locale {
    chosen_locale(headers).unwrap_or_else(|| {
        let english = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.trim_start().starts_with("en"));
        if english {
            Locale::en
        } else {
            Locale::fr
        }
    })
}

/// The language named by the request's `lang` cookie, if it is one of ours.
#[cfg(feature = "ssr")]
pub(crate) fn chosen_locale(headers: &axum::http::HeaderMap) -> Option<Locale> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|header| header.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .flatten()
        .find(|cookie| cookie.name() == LOCALE_COOKIE)
        .and_then(|cookie| cookie.value().parse().ok())
}

/// Writes the current language into the cookie, after hydration and at every switch.
#[component]
pub fn RememberLocale() -> impl IntoView {
    let i18n = use_i18n();
    // Effects only run in the browser.
    Effect::new(move |_| {
        use leptos::wasm_bindgen::JsCast;
        let cookie = format!(
            "{LOCALE_COOKIE}={}; Path=/; Max-Age={LOCALE_COOKIE_MAX_AGE_SECONDS}; SameSite=Lax",
            i18n.get_locale()
        );
        if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
            let _ = document.set_cookie(&cookie);
        }
    });
}
