use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// A simple public page: a title and its introduction.
#[component]
fn InfoPage(title: String, intro: String) -> impl IntoView {
    view! {
        <Title text=title.clone() />
        <section class="page">
            <h1>{title}</h1>
            <p class="page__intro">{intro}</p>
        </section>
    }
}

macro_rules! info_page {
    ($(#[$doc:meta])* $name:ident, $title:ident, $intro:ident) => {
        $(#[$doc])*
        #[component]
        pub fn $name() -> impl IntoView {
            let i18n = use_i18n();
            move || {
                view! {
                    <InfoPage
                        title=t_string!(i18n, pages.$title).to_string()
                        intro=t_string!(i18n, pages.$intro).to_string()
                    />
                }
            }
        }
    };
}

info_page!(
    /// SERVICES
    ServicesPage, services_title, services_intro
);
info_page!(
    /// FAQ
    FaqPage, faq_title, faq_intro
);
info_page!(
    /// BLOG
    BlogPage, blog_title, blog_intro
);
info_page!(
    /// RESSOURCES
    ResourcesPage, resources_title, resources_intro
);
info_page!(
    /// NOUS CONTACTER
    ContactPage, contact_title, contact_intro
);
