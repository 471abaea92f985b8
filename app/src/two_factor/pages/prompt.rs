//! Typing a code: the login's second step, and the re-check an action may ask for.
use crate::{
    auth::use_auth,
    components::{
        controls::Input,
        form::{on_success, AppAction, FormAlert, SubmitButton},
        text::tr,
    },
    error::{AppError, TwoFactorIssue},
    i18n::*,
    plain_forms::{PlainForm, PostForm},
    two_factor::api,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_navigate;

/// The login's second step: a code of the authenticator, or a recovery code.
#[component]
pub fn LoginCodeForm() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let form = PlainForm::new(api::LogInWithCode::PATH);
    let send: AppAction<String, ()> =
        Action::new_unsync(|code: &String| api::log_in_with_code(code.clone()));
    let status = form.status(send);
    on_success(send, move |()| {
        auth.refresh();
        navigate("/account", Default::default());
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        send.dispatch(code.get_untracked());
    };
    view! {
        <PostForm form on_submit>
            <p>{tr!(i18n, two_factor.login_intro)}</p>
            <FormAlert status />
            <Input id="code" value=code status required=true autocomplete="one-time-code">
                {tr!(i18n, two_factor.code_label)}
            </Input>
            <SubmitButton status>{tr!(i18n, two_factor.login_submit)}</SubmitButton>
        </PostForm>
    }
}

/// Whether an answer asks for a recent code.
fn asks_for_code(error: Option<&AppError>) -> bool {
    matches!(
        error,
        Some(AppError::TwoFactor(TwoFactorIssue::CodeRequired))
    )
}

/// When `action`'s last answer asks for a recent code (`TwoFactor(CodeRequired)`): a field for
/// it; once the code is checked, the same input is sent again.
///
/// Until the page is hydrated (and without JavaScript) the field is a form posting the code to
/// `account/two-factor/verify`: shown when the page's form posted before was refused for want
/// of a code (`refused_before`, the page's `PostedBefore::error`) or the code posted was wrong.
/// Once the code is accepted, the page says to do the action again: the browser cannot post
/// the first form again by itself. Rendered by the page outside its suspense (it makes the
/// verify form's `PlainForm`).
#[component]
pub fn CodePrompt<I, O>(
    action: AppAction<I, O>,
    /// Why the page's form posted before the page was hydrated was refused, if it was.
    #[prop(default = None)]
    refused_before: Option<AppError>,
) -> impl IntoView
where
    I: Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let form = PlainForm::new(api::VerifyCode::PATH);
    let last_input = RwSignal::new(None::<I>);
    let input = action.input();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            last_input.set(Some(input));
        }
    });
    let code = RwSignal::new(String::new());
    let verify: AppAction<String, ()> =
        Action::new_unsync(|code: &String| api::verify_code(code.clone()));
    let status = form.status(verify);
    let verified = verify.value();
    // Before the action runs here: the page's plain post asked for a code (or the code posted
    // was wrong), until a code is accepted.
    let asked_before = asks_for_code(refused_before.as_ref()) || form.error().is_some();
    let (version, value) = (action.version(), action.value());
    let asked = Signal::derive(move || {
        if version.get() == 0 {
            asked_before && !verified.with(|answer| matches!(answer, Some(Ok(()))))
        } else {
            value.with(|answer| asks_for_code(answer.as_ref().and_then(|a| a.as_ref().err())))
        }
    });
    // The action sent again with the code checked; else, the page says to do it again.
    let resent = RwSignal::new(false);
    on_success(verify, move |()| {
        code.set(String::new());
        if let Some(input) = last_input.get_untracked() {
            resent.set(true);
            action.dispatch(input);
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        verify.dispatch(code.get_untracked());
    };
    view! {
        {move || {
            asked.get().then(|| {
                view! {
                    <PostForm form on_submit class="form panel">
                        <p>{tr!(i18n, two_factor.recheck_intro)}</p>
                        <FormAlert status />
                        <Input id="recheck_code" field="code" value=code status required=true autocomplete="one-time-code">
                            {tr!(i18n, two_factor.code_label)}
                        </Input>
                        <SubmitButton status>{tr!(i18n, two_factor.recheck_submit)}</SubmitButton>
                    </PostForm>
                }
            })
        }}
        <div class="live" role="status" aria-live="polite">
            {move || (status.done.get() && !resent.get()).then(|| view! {
                <p class="notice">{tr!(i18n, two_factor.recheck_done)}</p>
            })}
        </div>
    }
}
