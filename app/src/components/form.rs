//! Forms and buttons run Leptos `Action`s: the action knows whether it runs (`pending`), what
//! it last answered (`value`) and how many times it answered (`version`). This module adds
//! what pages need around them: the form's status for its controls, reloading after a success
//! only, and the live regions that announce what happened.
use super::errors::{action_error_text, form_error_text};
use crate::{
    error::{AppError, FieldProblem},
    i18n::*,
    issues::Form,
};
use leptos::prelude::*;
use std::future::Future;

/// A page's action: the server's answer, or why it failed.
pub type AppAction<I, O> = Action<I, Result<O, AppError>>;

/// The action of a form: parses it here first, then sends it to the server function `send`,
/// which parses it again (the browser shows the same problems the server would answer).
pub fn form_action<F, O, Sent>(send: impl Fn(F) -> Sent + Copy + 'static) -> AppAction<F, O>
where
    F: Form + Clone + Send + Sync + 'static,
    O: Send + Sync + 'static,
    Sent: Future<Output = Result<O, AppError>> + 'static,
{
    Action::new_unsync(move |form: &F| {
        let form = form.clone();
        async move {
            form.parse()?;
            send(form).await
        }
    })
}

/// What a form shows of its action: the last error (per field and for the form) and whether
/// it runs. Copied into every control of the form.
#[derive(Clone, Copy)]
pub struct FormStatus {
    pub error: Signal<Option<AppError>>,
    pub pending: Signal<bool>,
    /// The last answer was a success, and nothing runs now ("Enregistré").
    pub done: Signal<bool>,
}

impl FormStatus {
    pub fn of<I, O>(action: AppAction<I, O>) -> Self
    where
        I: Send + Sync + 'static,
        O: Send + Sync + 'static,
    {
        let value = action.value();
        let pending = action.pending();
        Self {
            error: Signal::derive(move || {
                value.with(|answer| answer.as_ref().and_then(|a| a.as_ref().err().cloned()))
            }),
            pending: pending.into(),
            done: Signal::derive(move || {
                !pending.get() && value.with(|answer| matches!(answer, Some(Ok(_))))
            }),
        }
    }

    /// What is wrong with `field`, if the last answer says so.
    pub fn problem_with(self, field: &'static str) -> Signal<Option<FieldProblem>> {
        Signal::derive(move || {
            self.error
                .with(|error| error.as_ref().and_then(|e| e.problem_with(field)))
        })
    }
}

/// The action's version at its last success: a resource keyed on it reloads after each
/// success and never after a failure (which would rebuild the forms around what was typed).
pub fn last_success<I, O>(action: AppAction<I, O>) -> Memo<usize>
where
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    last_success_where(action, |_| true)
}

/// [`last_success`] counting only the answers that `changes_data` says change what the page
/// shows (a first step that only asks for a confirmation does not).
pub fn last_success_where<I, O>(
    action: AppAction<I, O>,
    changes_data: impl Fn(&O) -> bool + Send + Sync + 'static,
) -> Memo<usize>
where
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    let value = action.value();
    let version = action.version();
    // Only the value is tracked: the action sets its version just before it.
    Memo::new(move |previous: Option<&usize>| {
        if value.with(|answer| matches!(answer, Some(Ok(answer)) if changes_data(answer))) {
            version.get_untracked()
        } else {
            previous.copied().unwrap_or_default()
        }
    })
}

/// Calls `then` with each successful answer of `action` (in the browser, where actions run).
pub fn on_success<I, O>(action: AppAction<I, O>, then: impl Fn(O) + 'static)
where
    I: Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let value = action.value();
    Effect::new(move |_| {
        if let Some(Ok(answer)) = value.get() {
            untrack(|| then(answer));
        }
    });
}

/// Moves the keyboard focus to the first field in error, once the page shows it.
fn focus_first_invalid() {
    request_animation_frame(|| {
        if let Ok(Some(element)) = document().query_selector("[aria-invalid=\"true\"]") {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(element) = element.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}

/// The form's announcement: what went wrong, in a live region read out at once; the focus
/// moves to the first field in error.
#[component]
pub fn FormAlert(status: FormStatus) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        if status.error.with(Option::is_some) {
            focus_first_invalid();
        }
    });
    view! {
        <div class="form-alert-region" role="alert" aria-live="assertive">
            {move || {
                status.error
                    .get()
                    .map(|error| view! { <p class="form-alert">{form_error_text(i18n.get_locale(), &error)}</p> })
            }}
        </div>
    }
}

/// The submit button; busy while the action runs.
#[component]
pub fn SubmitButton(status: FormStatus, children: Children) -> impl IntoView {
    view! {
        <button type="submit" class="button button--primary" aria-busy=move || status.pending.get().to_string() disabled=move || status.pending.get()>
            {children()}
        </button>
    }
}

/// A page's polite live region: what the last action did (`done` in words), or why it failed.
#[component]
pub fn ActionOutcome<D>(
    outcome: Signal<Option<Result<D, AppError>>>,
    done: fn(Locale, D) -> &'static str,
) -> impl IntoView
where
    D: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="live" role="status" aria-live="polite">
            {move || outcome.get().map(|outcome| match outcome {
                Ok(what) => view! { <p class="notice">{move || done(i18n.get_locale(), what.clone())}</p> }.into_any(),
                Err(error) => view! { <p class="form-alert" role="alert">{action_error_text(i18n.get_locale(), &error)}</p> }.into_any(),
            })}
        </div>
    }
}
