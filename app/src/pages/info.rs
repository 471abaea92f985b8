use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::help::{collaborator_space_title, COLLABORATOR_SPACE_PATH};

/// A simple public page: a title, its introduction and, optionally, more below it.
#[component]
fn InfoPage(
    title: String,
    intro: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <Title text=title.clone() />
        <section class="page">
            <h1>{title}</h1>
            <p class="page__intro">{intro}</p>
            {children.map(|children| children())}
        </section>
    }
}

/// Links to the help articles, each named by its title in the current language.
#[component]
pub(super) fn HelpArticleLinks() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="help-links">
            <li>
                <A href=COLLABORATOR_SPACE_PATH>
                    {move || collaborator_space_title(i18n.get_locale())}
                </A>
            </li>
        </ul>
    }
}

/// An [`InfoPage`] from its locale keys, with an optional component shown under the intro.
macro_rules! info_page {
    ($(#[$doc:meta])* $name:ident, $title:ident, $intro:ident $(, $extra:ident)?) => {
        $(#[$doc])*
        #[component]
        pub fn $name() -> impl IntoView {
            let i18n = use_i18n();
            move || {
                view! {
                    <InfoPage
                        title=t_string!(i18n, pages.$title).to_string()
                        intro=t_string!(i18n, pages.$intro).to_string()
                    >
                        $(<$extra />)?
                    </InfoPage>
                }
            }
        }
    };
}

info_page!(
    /// BLOG
    BlogPage, blog_title, blog_intro
);
info_page!(
    /// RESSOURCES
    ResourcesPage, resources_title, resources_intro, HelpArticleLinks
);
