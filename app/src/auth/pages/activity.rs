//! "Mon compte", recent activity: the person's logins, failures and changes, from which device
//! and address; and the button that logs out their other sessions.
use crate::auth::{api, types::ActivityEntry};
use crate::{
    components::{
        errors::form_error_text,
        form::{last_success, AppAction, FormAlert},
        format::date_time,
        text::tr,
    },
    i18n::*,
    plain_forms::{PlainForm, PostForm},
};
use leptos::prelude::*;
use shared::SecurityEvent;

/// What happened, in words.
pub fn event_text(locale: Locale, event: SecurityEvent) -> &'static str {
    match event {
        SecurityEvent::LoginSucceeded => td_string!(locale, activity.login_succeeded),
        SecurityEvent::LoginFailed => td_string!(locale, activity.login_failed),
        SecurityEvent::LimitReached => td_string!(locale, activity.limit_reached),
        SecurityEvent::TwoFactorEnrolled => td_string!(locale, activity.two_factor_enrolled),
        SecurityEvent::TwoFactorFailed => td_string!(locale, activity.two_factor_failed),
        SecurityEvent::ResetRequested => td_string!(locale, activity.reset_requested),
        SecurityEvent::ResetUsed => td_string!(locale, activity.reset_used),
        SecurityEvent::PasswordChanged => td_string!(locale, activity.password_changed),
        SecurityEvent::EmailChangeRequested => td_string!(locale, activity.email_change_requested),
        SecurityEvent::EmailChanged => td_string!(locale, activity.email_changed),
        SecurityEvent::LoggedOut => td_string!(locale, activity.logged_out),
        SecurityEvent::OtherSessionsEnded => td_string!(locale, activity.other_sessions_ended),
        SecurityEvent::StaffAction => td_string!(locale, activity.staff_action),
        SecurityEvent::RecoveryCodeUsed => td_string!(locale, activity.recovery_code_used),
        SecurityEvent::TwoFactorDisabled => td_string!(locale, activity.two_factor_disabled),
        SecurityEvent::TwoFactorRequirementChanged => {
            td_string!(locale, activity.two_factor_requirement_changed)
        }
        SecurityEvent::SessionExpired => td_string!(locale, activity.session_expired),
    }
}

/// The person's recent activity, reloaded after their other sessions are logged out.
#[component]
pub fn ActivitySection(plain: PlainForm) -> impl IntoView {
    let i18n = use_i18n();
    let end_others: AppAction<(), ()> = Action::new_unsync(|_: &()| api::end_other_sessions());
    let status = plain.status(end_others);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        end_others.dispatch(());
    };
    let changed = last_success(end_others);
    let activity = Resource::new(move || changed.get(), |_| api::my_activity());
    view! {
        <section class="panel" aria-labelledby="activity-title">
            <h2 id="activity-title">{tr!(i18n, activity.title)}</h2>
            <p>{tr!(i18n, activity.intro)}</p>
            <PostForm form=plain on_submit class="command">
                <FormAlert status />
                <button type="submit" class="button" disabled=move || status.pending.get()>
                    {tr!(i18n, activity.end_others)}
                </button>
            </PostForm>
            <p class="saved" role="status" aria-live="polite">
                {move || status.done.get().then(|| tr!(i18n, activity.ended))}
            </p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match activity.await {
                        Ok(entries) => view! { <ActivityTable entries /> }.into_any(),
                        Err(error) => view! {
                            <p class="form-alert" role="alert">{form_error_text(i18n.get_locale(), &error)}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ActivityTable(entries: Vec<ActivityEntry>) -> impl IntoView {
    let i18n = use_i18n();
    if entries.is_empty() {
        return view! { <p>{tr!(i18n, activity.empty)}</p> }.into_any();
    }
    view! {
        <table class="table">
            <caption class="visually-hidden">{tr!(i18n, activity.title)}</caption>
            <thead>
                <tr>
                    <th scope="col">{tr!(i18n, activity.when)}</th>
                    <th scope="col">{tr!(i18n, activity.what)}</th>
                    <th scope="col">{tr!(i18n, activity.device)}</th>
                    <th scope="col">{tr!(i18n, activity.address)}</th>
                </tr>
            </thead>
            <tbody>
                {entries.into_iter().map(|entry| {
                    let unknown = move || td_string!(i18n.get_locale(), activity.unknown).to_string();
                    let device = entry.device.filter(|device| !device.is_empty());
                    view! {
                        <tr>
                            <td>{move || date_time(i18n.get_locale(), entry.at)}</td>
                            <td>{move || event_text(i18n.get_locale(), entry.kind)}</td>
                            <td>{move || device.clone().unwrap_or_else(unknown)}</td>
                            <td>{move || entry.ip.clone().unwrap_or_else(unknown)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
