//! Accessible forms: every control has its label; a field in error carries `aria-invalid` and
//! points to its message (`aria-describedby`); a summary with `role="alert"` announces the
//! problem when a submission fails. Errors are codes, translated here into the page's language.
use crate::{error::AppError, i18n::*};
use leptos::prelude::*;

/// The errors a form shows: per field (codes) and for the whole form (a code).
#[derive(Clone, Copy)]
pub struct FormState {
    pub error: RwSignal<Option<AppError>>,
    pub pending: RwSignal<bool>,
    pub done: RwSignal<bool>,
}

impl FormState {
    pub fn new() -> Self {
        Self {
            error: RwSignal::new(None),
            pending: RwSignal::new(false),
            done: RwSignal::new(false),
        }
    }

    /// The error code of `field`, if any.
    pub fn field_error(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.error
                .with(|error| error.as_ref().and_then(|e| e.code_for(field)))
        })
    }

    /// Runs `call` unless `check` fails; shows what fails either way, and calls `on_success`.
    pub fn submit<T, F>(
        self,
        check: Result<(), AppError>,
        call: impl FnOnce() -> F + 'static,
        on_success: impl FnOnce(T) + 'static,
    ) where
        F: std::future::Future<Output = Result<T, AppError>> + 'static,
        T: 'static,
    {
        self.done.set(false);
        if let Err(error) = check {
            self.error.set(Some(error));
            focus_first_invalid();
            return;
        }
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            let result = call().await;
            self.pending.set(false);
            match result {
                Ok(value) => {
                    self.error.set(None);
                    self.done.set(true);
                    on_success(value);
                }
                Err(error) => {
                    self.error.set(Some(error));
                    focus_first_invalid();
                }
            }
        });
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
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

/// The message for an error code, in the current language.
pub fn error_text(locale: Locale, code: &str) -> String {
    let text = match code {
        "required" => td_string!(locale, errors.required),
        "too_long" => td_string!(locale, errors.too_long),
        "control_characters" => td_string!(locale, errors.control_characters),
        "invalid_email" => td_string!(locale, errors.invalid_email),
        "invalid_siret" => td_string!(locale, errors.invalid_siret),
        "invalid_phone" => td_string!(locale, errors.invalid_phone),
        "password_too_short" => td_string!(locale, errors.password_too_short),
        "password_too_long" => td_string!(locale, errors.password_too_long),
        "password_too_common" => td_string!(locale, errors.password_too_common),
        "password_mismatch" => td_string!(locale, errors.password_mismatch),
        "email_taken" => td_string!(locale, errors.email_taken),
        "siret_taken" => td_string!(locale, errors.siret_taken),
        "wrong_password" => td_string!(locale, errors.wrong_password),
        "invalid_account_reference" => td_string!(locale, errors.invalid_account_reference),
        "not_a_number" => td_string!(locale, errors.not_a_number),
        "out_of_range" => td_string!(locale, errors.out_of_range),
        "invalid_choice" => td_string!(locale, errors.invalid_choice),
        "invalid_postal_code" => td_string!(locale, errors.invalid_postal_code),
        "invalid_tracking_number" => td_string!(locale, errors.invalid_tracking_number),
        "file_too_large" => td_string!(locale, errors.file_too_large),
        "file_empty" => td_string!(locale, errors.file_empty),
        "file_type_not_allowed" => td_string!(locale, errors.file_type_not_allowed),
        // Orders: the conflicts of placing, paying and deciding.
        "not_allowed_to_buy" => td_string!(locale, errors.not_allowed_to_buy),
        "payment_chosen" => td_string!(locale, errors.payment_chosen),
        "on_account_not_allowed" => td_string!(locale, errors.on_account_not_allowed),
        "order_step" => td_string!(locale, errors.order_step),
        "not_paid" => td_string!(locale, errors.not_paid),
        // The collaborator space's conflicts.
        "already_decided" => td_string!(locale, collaborators.already_decided),
        "holder_stays" => td_string!(locale, collaborators.holder_stays),
        "already_member" => td_string!(locale, collaborators.already_member),
        "request_pending" => td_string!(locale, collaborators.request_pending),
        "no_account_for_siret" => td_string!(locale, collaborators.no_account_for_siret),
        "email_has_account" => td_string!(locale, collaborators.email_has_account),
        "deactivated_member" => td_string!(locale, collaborators.deactivated_member),
        "no_account" => td_string!(locale, collaborators.no_account),
        _ => td_string!(locale, errors.invalid),
    };
    text.to_string()
}

/// The message for an error that concerns the whole form.
pub fn form_error_text(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Validation(_) | AppError::Conflict { .. } => {
            td_string!(locale, errors.form_has_errors).to_string()
        }
        AppError::EditConflict { by, at } => td_string!(
            locale,
            errors.edit_conflict,
            // The person may have left since: their name is gone with them.
            name = if by.is_empty() {
                td_string!(locale, projects.former_member)
            } else {
                by.as_str()
            },
            date = crate::components::format::date_time(locale, *at)
        )
        .to_string(),
        AppError::PriceChanged {
            old_cents,
            new_cents,
        } => td_string!(
            locale,
            errors.price_changed,
            old = crate::components::format::money(locale, *old_cents),
            new = crate::components::format::money(locale, *new_cents)
        )
        .to_string(),
        AppError::InvalidCredentials => td_string!(locale, errors.invalid_credentials).to_string(),
        AppError::Unauthorized => td_string!(locale, errors.unauthorized).to_string(),
        AppError::Forbidden => td_string!(locale, errors.forbidden).to_string(),
        AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
        AppError::InvalidToken => td_string!(locale, errors.invalid_token).to_string(),
        AppError::TooManyRequests { retry_after_secs } => td_string!(
            locale,
            errors.too_many_requests,
            seconds = *retry_after_secs
        )
        .to_string(),
        AppError::Internal { request_id } => td_string!(
            locale,
            errors.internal,
            reference = request_id.clone().unwrap_or_else(|| "-".into())
        )
        .to_string(),
        AppError::Network => td_string!(locale, errors.network).to_string(),
    }
}

/// An action's failure (a button rather than a form): the conflict or the fields' problems in
/// words, else the general message.
pub fn action_error_text(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Conflict { code, .. } => error_text(locale, code),
        AppError::Validation(issues) if !issues.is_empty() => issues
            .iter()
            .map(|issue| error_text(locale, issue.code.code()))
            .collect::<Vec<_>>()
            .join(" "),
        other => form_error_text(locale, other),
    }
}

/// A labelled text input bound to `value`, with its error message.
#[component]
pub fn Field(
    /// The control's id and name.
    id: &'static str,
    value: RwSignal<String>,
    form: FormState,
    /// The field whose errors this control shows (defaults to `id`).
    #[prop(optional)]
    field: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// A help text under the control.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The label's text.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = form.field_error(field.unwrap_or(id));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let described_by = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            if has_hint {
                ids.push(hint_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label for=id>
                {children()}
                {required.then(|| view! { <span class="field__required" aria-hidden="true">" *"</span> })}
            </label>
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                required=required
                aria-required=required.then_some("true")
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            {move || {
                error
                    .get()
                    .map(|code| {
                        view! {
                            <p class="field__error" id=error_id.clone()>
                                {move || error_text(i18n.get_locale(), &code)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The form's announcement: what went wrong, in a live region read out at once.
#[component]
pub fn FormAlert(form: FormState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-alert-region" role="alert" aria-live="assertive">
            {move || {
                form.error
                    .get()
                    .map(|error| view! { <p class="form-alert">{form_error_text(i18n.get_locale(), &error)}</p> })
            }}
        </div>
    }
}

/// The submit button; busy while the request runs.
#[component]
pub fn SubmitButton(form: FormState, children: Children) -> impl IntoView {
    view! {
        <button type="submit" class="button button--primary" aria-busy=move || form.pending.get().to_string() disabled=move || form.pending.get()>
            {children()}
        </button>
    }
}
