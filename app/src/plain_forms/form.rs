//! The page's side of a plain form: the `<form>` that posts to its server function, the names
//! of its fields, and what the server sent back when it refused the form.
use super::Resubmission;
use crate::{
    components::form::{form_action, AppAction, FormStatus},
    error::AppError,
    issues::Form,
};
use leptos::{ev::SubmitEvent, prelude::*};
use std::future::Future;

/// A form posting to a server function: how its fields are named, and what the server sent
/// back the last time it refused this form (on the page the browser was sent back to).
#[derive(Clone, Copy)]
pub struct PlainForm {
    /// The server function's path (`api::SignUp::PATH`), the form's `action`.
    pub endpoint: &'static str,
    /// The argument whose fields the form fills (`form`), or none: the fields are arguments.
    argument: Option<&'static str>,
    sent: StoredValue<Option<Resubmission>>,
}

impl PlainForm {
    /// A form whose fields are the server function's arguments (`email`).
    pub fn new(endpoint: &'static str) -> Self {
        Self::build(endpoint, None)
    }

    /// A form whose fields are those of one argument of the server function (`form[email]`).
    pub fn of_argument(endpoint: &'static str, argument: &'static str) -> Self {
        Self::build(endpoint, Some(argument))
    }

    fn build(endpoint: &'static str, argument: Option<&'static str>) -> Self {
        // Read on the server, and carried to the browser with the page: the hydrated form
        // starts from what the server rendered.
        let sent = SharedValue::new(move || resubmitted_to(endpoint)).into_inner();
        Self {
            endpoint,
            argument,
            sent: StoredValue::new(sent),
        }
    }

    /// The name of the field at `path` (`permissions.can_buy` → `form[permissions][can_buy]`).
    pub fn name(&self, path: &str) -> String {
        field_name_in(self.argument, path)
    }

    /// What was typed in the field when the server last refused the form.
    pub fn typed(&self, path: &str) -> Option<String> {
        let name = self.name(path);
        self.sent
            .with_value(|sent| sent.as_ref()?.field(&name).map(str::to_owned))
    }

    /// A field's signal: what was typed before, else `default`.
    pub fn field_or(&self, path: &str, default: impl Into<String>) -> RwSignal<String> {
        RwSignal::new(self.typed(path).unwrap_or_else(|| default.into()))
    }

    /// A field's signal: what was typed before, else empty.
    pub fn field(&self, path: &str) -> RwSignal<String> {
        self.field_or(path, String::new())
    }

    /// Why the server last refused the form, if it did.
    pub fn error(&self) -> Option<AppError> {
        self.sent
            .with_value(|sent| sent.as_ref().map(|sent| sent.error.clone()))
    }

    /// The form's action ([`form_action`]).
    pub fn action<F, O, Sent>(&self, send: impl Fn(F) -> Sent + Copy + 'static) -> AppAction<F, O>
    where
        F: Form + Clone + Send + Sync + 'static,
        O: Send + Sync + 'static,
        Sent: Future<Output = Result<O, AppError>> + 'static,
    {
        form_action(send)
    }

    /// What the form shows of `action` ([`FormStatus::of`]), and until the action first runs,
    /// the server's refusal of the form posted before. (Not the action's first value: an
    /// unsync action's value may not be dropped on another thread of the server.)
    pub fn status<I, O>(&self, action: AppAction<I, O>) -> FormStatus
    where
        I: Send + Sync + 'static,
        O: Send + Sync + 'static,
    {
        let status = FormStatus::of(action);
        let Some(refused) = self.error() else {
            return status;
        };
        let version = action.version();
        FormStatus {
            error: Signal::derive(move || {
                if version.get() == 0 {
                    Some(refused.clone())
                } else {
                    status.error.get()
                }
            }),
            ..status
        }
    }
}

/// The name of the field at `path` in `argument`, or of the argument itself without one.
fn field_name_in(argument: Option<&str>, path: &str) -> String {
    let mut parts = path.split('.');
    let mut name = match argument {
        Some(argument) => argument.to_string(),
        None => parts.next().unwrap_or_default().to_string(),
    };
    // With an argument, every part of the path is one of its fields.
    for part in parts {
        name.push('[');
        name.push_str(part);
        name.push(']');
    }
    name
}

/// The refusal the request being rendered carries for `endpoint` (`server::take_resubmission`).
fn resubmitted_to(endpoint: &str) -> Option<Resubmission> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()?
            .extensions
            .get::<Resubmission>()
            .filter(|sent| sent.endpoint == endpoint)
            .cloned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = endpoint;
        None
    }
}

/// The name of a control's field: as its [`PostForm`] names them, else the field itself.
pub fn field_name(path: &str) -> String {
    use_context::<PlainForm>()
        .map(|form| form.name(path))
        .unwrap_or_else(|| path.to_string())
}

/// The `<form>` of a [`PlainForm`]: posted by the browser until the page is hydrated, then
/// handled by `on_submit` (which prevents the post).
#[component]
pub fn PostForm(
    form: PlainForm,
    on_submit: impl FnMut(SubmitEvent) + 'static,
    #[prop(default = "form")] class: &'static str,
    /// The form's accessible name, when the page has several.
    #[prop(optional, into)]
    label: MaybeProp<String>,
    /// The id of the heading that names the form.
    #[prop(optional)]
    labelled_by: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    provide_context(form);
    view! {
        <form class=class novalidate method="post" action=form.endpoint
            aria-label=move || label.get() aria-labelledby=labelled_by on:submit=on_submit>
            {children()}
        </form>
    }
}

/// A value the form sends without showing it (the page's language); with `argument`, an
/// argument of the server function beside the form's (a project's id).
#[component]
pub fn Hidden(
    field: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(optional)] argument: bool,
) -> impl IntoView {
    let name = if argument {
        field.to_string()
    } else {
        field_name(field)
    };
    view! { <input type="hidden" name=name value=move || value.get() /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_as_the_server_function_reads_them() {
        assert_eq!(field_name_in(Some("form"), "email"), "form[email]");
        assert_eq!(
            field_name_in(Some("form"), "permissions.can_buy"),
            "form[permissions][can_buy]"
        );
        assert_eq!(field_name_in(None, "email"), "email");
        assert_eq!(
            field_name_in(None, "permissions.can_buy"),
            "permissions[can_buy]"
        );
    }
}
