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

/// Where the `FR | EN` switch posts before the page is hydrated, or without JavaScript.
pub const LANGUAGE_PATH: &str = "/language";

/// `POST /language` (`locale`, `back`): keeps the language in the cookie and sends the browser
/// back to the page it was on (a path of this site), now rendered in that language. The
/// hydrated switch changes the language in place and writes the same cookie itself.
#[cfg(feature = "ssr")]
pub fn routes() -> axum::Router {
    axum::Router::new().route(LANGUAGE_PATH, axum::routing::post(choose_language))
}

#[cfg(feature = "ssr")]
async fn choose_language(body: axum::body::Bytes) -> axum::response::Response {
    use axum::{
        http::{header, StatusCode},
        response::IntoResponse,
    };
    let field = |name: &str| {
        url::form_urlencoded::parse(&body)
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    let back = field("back")
        .filter(|back| shared::same_site_path(back).is_some())
        .unwrap_or_else(|| "/".to_string());
    let chosen = field("locale").and_then(|locale| locale.parse::<Locale>().ok());
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    if let Some(locale) = chosen {
        let cookie = format!(
            "{LOCALE_COOKIE}={locale}; Path=/; Max-Age={LOCALE_COOKIE_MAX_AGE_SECONDS}; SameSite=Lax"
        );
        if let Ok(cookie) = axum::http::HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, cookie);
        }
    }
    response
}
