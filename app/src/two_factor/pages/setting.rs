//! The holder's requirement: every member of the account must have two-factor authentication.
use crate::{
    components::{
        form::{last_success, ActionOutcome, AppAction},
        text::tr,
    },
    i18n::*,
    plain_forms::{PlainForm, PostForm},
    two_factor::api,
};
use leptos::{prelude::*, server_fn::ServerFn};

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
    let form = PlainForm::new(api::RequireTwoFactor::PATH);
    // Without JavaScript: what the plain post did, said once on the page it comes back to.
    let before = form
        .outcome::<()>()
        .map(|outcome| outcome.map(|()| form.typed("required").as_deref() == Some("true")));
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
                        <PostForm form class="command" on_submit=move |event| {
                            event.prevent_default();
                            set.dispatch(!required);
                        }>
                            <input type="hidden" name="required" value=(!required).to_string() />
                            <button type="submit" class="button" aria-pressed=required.to_string()>
                                {move || if required {
                                    tr!(i18n, two_factor.requirement_stop)
                                } else {
                                    tr!(i18n, two_factor.requirement_start)
                                }}
                            </button>
                        </PostForm>
                    </section>
                })
            })}
        </Transition>
        <ActionOutcome outcome=Signal::derive(move || set.value().get().or_else(|| before.clone())) done=saved />
    }
}
