//! "Mon compte": names and phone, e-mail address, password, language of the e-mails, and the
//! recent activity (`activity.rs`).
use super::{access::strength_hint, activity::ActivitySection};
use crate::auth::{api, forms::*, types::Me, use_auth, use_me};
use crate::{
    components::{
        controls::Input,
        form::{form_action, on_success, AppAction, FormAlert, FormStatus, SubmitButton},
        format::{use_time_zone, PageTimeZone},
        text::tr,
    },
    i18n::*,
    plain_forms::{PlainForm, PostForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use shared::TimeZoneName;

/// "Mon compte": names and phone, e-mail address, password, language of the e-mails.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    // Made with the page, outside its suspense: the server and the browser make them in the
    // same order.
    let plain = ProfilePlainForms {
        details: PlainForm::of_argument(api::UpdateProfile::PATH, "form"),
        email: PlainForm::new(api::ChangeEmail::PATH),
        password: PlainForm::of_argument(api::ChangePassword::PATH, "form"),
        language: PlainForm::new(api::SetLanguage::PATH),
        time_zone: PlainForm::new(api::SetTimeZone::PATH),
        end_others: PlainForm::new(api::EndOtherSessions::PATH),
        delete: PlainForm::new(crate::personal_data::api::DeleteAccount::PATH),
    };
    view! {
        <Title text=tr!(i18n, account.profile) />
        <h1>{tr!(i18n, account.profile)}</h1>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                me.await.ok().flatten().map(|me| {
                    view! {
                        <ProfileForm me=me.clone() plain=plain.details />
                        <EmailForm plain=plain.email />
                        <PasswordForm plain=plain.password />
                        <LanguageForm current=me.locale.clone() plain=plain.language />
                        <TimeZoneForm current=me.time_zone plain=plain.time_zone />
                        <PersonalData delete=plain.delete />
                    }
                })
            })}
        </Transition>
        // Outside the suspended part, which renders again as what it waits for arrives: each
        // loads a resource of its own, once.
        <ActivitySection plain=plain.end_others />
        <crate::two_factor::TwoFactorSection />
    }
}

/// The page's forms that the browser may post itself (`plain_forms`).
#[derive(Clone, Copy)]
struct ProfilePlainForms {
    details: PlainForm,
    email: PlainForm,
    password: PlainForm,
    language: PlainForm,
    time_zone: PlainForm,
    end_others: PlainForm,
    delete: PlainForm,
}

#[component]
fn ProfileForm(me: Me, plain: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let first_name = plain.field_or("first_name", me.first_name);
    let last_name = plain.field_or("last_name", me.last_name);
    let phone = plain.field_or("phone", me.phone);
    let save = form_action(api::update_profile);
    let status = plain.status(save);
    on_success(save, move |()| auth.refresh());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save.dispatch(ProfileForm {
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            phone: phone.get_untracked(),
        });
    };
    view! {
        <section class="panel" aria-labelledby="profile-title">
            <h2 id="profile-title">{tr!(i18n, profile.details_title)}</h2>
            <p>
                {tr!(i18n, profile.email_label)} " " <strong>{me.email}</strong>
                {(!me.email_verified).then(|| view! { " " <span>{tr!(i18n, profile.email_unverified)}</span> })}
            </p>
            <PostForm form=plain on_submit>
                <FormAlert status />
                <Input id="first_name" value=first_name status required=true autocomplete="given-name">
                    {tr!(i18n, fields.first_name)}
                </Input>
                <Input id="last_name" value=last_name status required=true autocomplete="family-name">
                    {tr!(i18n, fields.last_name)}
                </Input>
                <Input id="phone" value=phone status required=true kind="tel" autocomplete="tel">
                    {tr!(i18n, fields.phone)}
                </Input>
                <SubmitButton status>{tr!(i18n, profile.save)}</SubmitButton>
                <Saved status />
            </PostForm>
        </section>
    }
}

/// A new address: a link goes there, and nothing changes until it is followed.
#[component]
fn EmailForm(plain: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let new_email = plain.field("new_email");
    let password = RwSignal::new(String::new());
    // The address the last request named, for the confirmation.
    let requested = RwSignal::new(String::new());
    let change =
        form_action(|form: ChangeEmailForm| api::change_email(form.new_email, form.password));
    let status = plain.status(change);
    on_success(change, move |()| password.set(String::new()));
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        requested.set(new_email.get_untracked().trim().to_string());
        change.dispatch(ChangeEmailForm {
            new_email: new_email.get_untracked(),
            password: password.get_untracked(),
        });
    };
    view! {
        <section class="panel" aria-labelledby="email-title">
            <h2 id="email-title">{tr!(i18n, profile.email_title)}</h2>
            <p>{tr!(i18n, profile.email_intro)}</p>
            <PostForm form=plain on_submit>
                <FormAlert status />
                <Input id="new_email" value=new_email status required=true kind="email" autocomplete="email">
                    {tr!(i18n, profile.new_email)}
                </Input>
                <Input id="email_password" field="password" value=password status required=true kind="password" autocomplete="current-password">
                    {tr!(i18n, profile.email_password)}
                </Input>
                <SubmitButton status>{tr!(i18n, profile.email_submit)}</SubmitButton>
                <p class="saved" role="status" aria-live="polite">
                    {move || status.done.get().then(|| t!(i18n, profile.email_sent, email = requested.get()))}
                </p>
            </PostForm>
        </section>
    }
}

#[component]
fn PasswordForm(plain: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let current_password = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let change = form_action(api::change_password);
    let status = plain.status(change);
    on_success(change, move |()| {
        current_password.set(String::new());
        password.set(String::new());
        confirmation.set(String::new());
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        change.dispatch(ChangePasswordForm {
            current_password: current_password.get_untracked(),
            password: password.get_untracked(),
            confirmation: confirmation.get_untracked(),
        });
    };
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">{tr!(i18n, profile.password_title)}</h2>
            <p>{tr!(i18n, profile.password_intro)}</p>
            <PostForm form=plain on_submit>
                <FormAlert status />
                <Input id="current_password" value=current_password status required=true kind="password" autocomplete="current-password">
                    {tr!(i18n, fields.current_password)}
                </Input>
                <Input id="new_password" field="password" value=password status required=true kind="password" autocomplete="new-password" hint=strength_hint(password)>
                    {tr!(i18n, fields.new_password)}
                </Input>
                <Input id="new_password_confirmation" field="confirmation" value=confirmation status required=true kind="password" autocomplete="new-password">
                    {tr!(i18n, fields.confirmation)}
                </Input>
                <SubmitButton status>{tr!(i18n, profile.change_password)}</SubmitButton>
                <Saved status />
            </PostForm>
        </section>
    }
}

#[component]
fn LanguageForm(current: String, plain: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let locale = RwSignal::new(current);
    let save: AppAction<String, ()> =
        Action::new_unsync(|chosen: &String| api::set_language(chosen.clone()));
    let status = plain.status(save);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save.dispatch(locale.get_untracked());
    };
    view! {
        <section class="panel" aria-labelledby="language-title">
            <h2 id="language-title">{tr!(i18n, profile.language_title)}</h2>
            <PostForm form=plain on_submit>
                <FormAlert status />
                <div class="field">
                    <label for="email_locale">{tr!(i18n, profile.language_label)}</label>
                    <select id="email_locale" name="locale" on:change=move |event| locale.set(event_target_value(&event))>
                        <option value="fr" selected=move || locale.get() == "fr">"Français"</option>
                        <option value="en" selected=move || locale.get() == "en">"English"</option>
                    </select>
                </div>
                <SubmitButton status>{tr!(i18n, profile.save)}</SubmitButton>
                <Saved status />
            </PostForm>
        </section>
    }
}

/// The time zone of the person's dates and times; the page's dates follow once it is saved.
#[component]
fn TimeZoneForm(current: TimeZoneName, plain: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let page_zone = use_time_zone();
    let chosen = RwSignal::new(current);
    let save: AppAction<TimeZoneName, ()> =
        Action::new_unsync(|zone: &TimeZoneName| api::set_time_zone(zone.as_str().to_string()));
    let status = plain.status(save);
    on_success(save, move |()| {
        page_zone.set(PageTimeZone(chosen.get_untracked()))
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save.dispatch(chosen.get_untracked());
    };
    let on_change = move |event: leptos::ev::Event| {
        if let Ok(zone) = TimeZoneName::parse(&event_target_value(&event)) {
            chosen.set(zone);
        }
    };
    view! {
        <section class="panel" aria-labelledby="time-zone-title">
            <h2 id="time-zone-title">{tr!(i18n, time_zone.title)}</h2>
            <PostForm form=plain on_submit>
                <FormAlert status />
                <div class="field">
                    <label for="time_zone">{tr!(i18n, time_zone.label)}</label>
                    <select id="time_zone" name="time_zone" aria-describedby="time_zone-hint" on:change=on_change>
                        {TimeZoneName::ALL.into_iter().map(|zone| view! {
                            <option value=zone.as_str() selected=move || chosen.get() == zone>{zone.as_str()}</option>
                        }).collect_view()}
                    </select>
                    <p class="field__hint" id="time_zone-hint">{tr!(i18n, time_zone.hint)}</p>
                </div>
                <SubmitButton status>{tr!(i18n, profile.save)}</SubmitButton>
                <Saved status />
            </PostForm>
        </section>
    }
}

/// The personal data export: a plain link, a file the browser saves.
#[component]
fn PersonalData(delete: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="personal-data-title">
            <h2 id="personal-data-title">{tr!(i18n, personal_data.title)}</h2>
            <p>{tr!(i18n, personal_data.intro)}</p>
            <p>
                <a class="button" href="/api/account/personal-data" download="ems-proto-personal-data.json" rel="external">
                    {tr!(i18n, personal_data.download)}
                </a>
            </p>
        </section>
        <crate::personal_data::DeleteAccountSection form=delete />
    }
}

/// "Enregistré", announced politely after a successful save.
#[component]
fn Saved(status: FormStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="saved" role="status" aria-live="polite">
            {move || status.done.get().then(|| tr!(i18n, profile.saved))}
        </span>
    }
}
