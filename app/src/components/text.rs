//! Translated texts without values: `tr!(i18n, key)` rather than leptos_i18n's `t!`.
//!
//! `t!` makes each text a closure of its own type, and Leptos's rendering code (build,
//! hydrate, rebuild, HTML) is compiled again for every one: about 3 KB of WASM per call site
//! (measured with twiggy on the release build; bench/CHANGES.md). A [`translated`] text is one
//! fn pointer inside the same closure type for every call, so a text costs only its `match` on
//! the language. `t!` stays for the texts that take values (`t!(i18n, key, name = ...)`).
use crate::i18n::Locale;
use leptos_i18n::I18nContext;

/// The text `text` gives for the current language, following the `FR | EN` switch; usable as
/// a child or as an attribute's value. Written `tr!(i18n, home.title)`.
pub fn translated(
    i18n: I18nContext<Locale>,
    text: fn(Locale) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || text(i18n.get_locale())
}

/// `tr!(i18n, key.path)`: the key's text, in the current language ([`translated`]).
macro_rules! tr {
    ($i18n:expr, $($key:tt)+) => {
        $crate::components::text::translated($i18n, |locale| {
            $crate::i18n::td_string!(locale, $($key)+)
        })
    };
}
pub(crate) use tr;
