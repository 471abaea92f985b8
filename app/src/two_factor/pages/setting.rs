//! The holder's requirement: every member of the account must have two-factor authentication.
use crate::{
    components::{
        form::{last_success, ActionOutcome, AppAction},
        text::tr,
    },
    i18n::*,
    two_factor::api,
};
use leptos::prelude::*;

fn saved(locale: Locale, required: bool) -> &'static str {
    if required {
        td_string!(locale, two_factor.requirement_on)
    } else {
        td_string!(locale, two_factor.requirement_off)
    }
}

/// Shown to the holder only (the status says whether the caller holds the active account).
#[component]
pub fn RequireTwoFactorSetting() -> impl IntoView {
    let i18n = use_i18n();
    let set: AppAction<bool, bool> = Action::new_unsync(|required: &bool| {
        let required = *required;
        async move { api::require_two_factor(required).await.map(|()| required) }
    });
    let changed = last_success(set);
    let status = Resource::new(move || changed.get(), |_| api::load_two_factor_status());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let required = status.await.ok()?.holder_requires?;
                Some(view! {
                    <section class="panel" aria-labelledby="require-two-factor-title">
                        <h2 id="require-two-factor-title">{tr!(i18n, two_factor.requirement_title)}</h2>
                        <p>{tr!(i18n, two_factor.requirement_intro)}</p>
                        <p>{move || saved(i18n.get_locale(), required)}</p>
                        <button type="button" class="button" aria-pressed=required.to_string()
                            on:click=move |_| { set.dispatch(!required); }>
                            {move || if required {
                                tr!(i18n, two_factor.requirement_stop)
                            } else {
                                tr!(i18n, two_factor.requirement_start)
                            }}
                        </button>
                    </section>
                })
            })}
        </Transition>
        <ActionOutcome outcome=set.value().into() done=saved />
    }
}
