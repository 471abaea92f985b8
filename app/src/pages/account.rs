use crate::components::text::tr;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// A page of the account area whose content arrives with a later feature.
#[component]
fn AccountSection(title: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p>{tr!(i18n, account.coming_soon)}</p>
    }
}

macro_rules! account_page {
    ($(#[$doc:meta])* $name:ident, $title:ident) => {
        $(#[$doc])*
        #[component]
        pub fn $name() -> impl IntoView {
            let i18n = use_i18n();
            move || view! { <AccountSection title=t_string!(i18n, account.$title).to_string() /> }
        }
    };
}

account_page!(
    /// The account area's landing page.
    AccountHome, title
);
