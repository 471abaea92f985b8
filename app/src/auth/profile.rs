use super::{api, forms::*, pages::strength_hint, use_auth, use_me};
use crate::{
    components::{
        form::{Field, FormAlert, FormState, SubmitButton},
        text::tr,
    },
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// "Mon compte": names and phone, password, language of the e-mails.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    view! {
        <Title text=tr!(i18n, account.profile) />
        <h1>{tr!(i18n, account.profile)}</h1>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                me.await.ok().flatten().map(|me| {
                    view! {
                        <ProfileForm me=me.clone() />
                        <PasswordForm />
                        <LanguageForm current=me.locale.clone() />
                    }
                })
            })}
        </Transition>
    }
}

#[component]
fn ProfileForm(me: api::Me) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let form = FormState::new();
    let first_name = RwSignal::new(me.first_name);
    let last_name = RwSignal::new(me.last_name);
    let phone = RwSignal::new(me.phone);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = ProfileForm {
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            phone: phone.get_untracked(),
        };
        form.submit(
            input.parse().map(|_| ()),
            move || api::update_profile(input),
            move |()| auth.refresh(),
        );
    };
    view! {
        <section class="panel" aria-labelledby="profile-title">
            <h2 id="profile-title">{tr!(i18n, profile.details_title)}</h2>
            <p>{tr!(i18n, fields.email)} " : " <strong>{me.email}</strong></p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert form />
                <Field id="first_name" value=first_name form required=true autocomplete="given-name">
                    {tr!(i18n, fields.first_name)}
                </Field>
                <Field id="last_name" value=last_name form required=true autocomplete="family-name">
                    {tr!(i18n, fields.last_name)}
                </Field>
                <Field id="phone" value=phone form required=true kind="tel" autocomplete="tel">
                    {tr!(i18n, fields.phone)}
                </Field>
                <SubmitButton form>{tr!(i18n, profile.save)}</SubmitButton>
                <Saved form />
            </form>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let current_password = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = ChangePasswordForm {
            current_password: current_password.get_untracked(),
            password: password.get_untracked(),
            confirmation: confirmation.get_untracked(),
        };
        form.submit(
            input.parse().map(|_| ()),
            move || api::change_password(input),
            move |()| {
                current_password.set(String::new());
                password.set(String::new());
                confirmation.set(String::new());
            },
        );
    };
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">{tr!(i18n, profile.password_title)}</h2>
            <p>{tr!(i18n, profile.password_intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert form />
                <Field id="current_password" value=current_password form required=true kind="password" autocomplete="current-password">
                    {tr!(i18n, fields.current_password)}
                </Field>
                <Field id="new_password" field="password" value=password form required=true kind="password" autocomplete="new-password" hint=strength_hint(password)>
                    {tr!(i18n, fields.new_password)}
                </Field>
                <Field id="new_password_confirmation" field="confirmation" value=confirmation form required=true kind="password" autocomplete="new-password">
                    {tr!(i18n, fields.confirmation)}
                </Field>
                <SubmitButton form>{tr!(i18n, profile.change_password)}</SubmitButton>
                <Saved form />
            </form>
        </section>
    }
}

#[component]
fn LanguageForm(current: String) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let locale = RwSignal::new(current);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let chosen = locale.get_untracked();
        form.submit(Ok(()), move || api::set_language(chosen), |()| {});
    };
    view! {
        <section class="panel" aria-labelledby="language-title">
            <h2 id="language-title">{tr!(i18n, profile.language_title)}</h2>
            <form class="form" on:submit=on_submit>
                <FormAlert form />
                <div class="field">
                    <label for="email_locale">{tr!(i18n, profile.language_label)}</label>
                    <select id="email_locale" name="email_locale" on:change=move |event| locale.set(event_target_value(&event))>
                        <option value="fr" selected=move || locale.get() == "fr">"Français"</option>
                        <option value="en" selected=move || locale.get() == "en">"English"</option>
                    </select>
                </div>
                <SubmitButton form>{tr!(i18n, profile.save)}</SubmitButton>
                <Saved form />
            </form>
        </section>
    }
}

/// "Enregistré", announced politely after a successful save.
#[component]
fn Saved(form: FormState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="saved" role="status" aria-live="polite">
            {move || form.done.get().then(|| tr!(i18n, profile.saved))}
        </span>
    }
}
