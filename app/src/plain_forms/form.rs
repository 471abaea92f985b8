//! The page's side of a plain form: the `<form>` that posts to its server function, the names
//! of its fields, and what the server answered when it sent the browser back to this page.
use super::PlainPost;
use crate::{
    components::form::{AppAction, FormStatus},
    error::AppError,
};
use leptos::{ev::SubmitEvent, prelude::*};
use serde::de::DeserializeOwned;

/// The plain post the browser was sent back to this page from, if it was one of the page's:
/// read on the server, and carried to the browser with the page, so that the hydrated page
/// starts from what the server rendered. Made with the page, outside any suspense.
#[derive(Clone, Copy)]
pub struct PostedBefore(StoredValue<Option<PlainPost>>);

impl PostedBefore {
    /// A post to the server function at `endpoint`.
    pub fn to(endpoint: &'static str) -> Self {
        Self::matching(move |posted| posted == endpoint)
    }

    /// A post to any of the server functions at `endpoints` (a page's buttons, each a form).
    pub fn to_any(endpoints: &'static [&'static str]) -> Self {
        Self::matching(move |posted| endpoints.contains(&posted))
    }

    fn matching(endpoint: impl Fn(&str) -> bool + 'static) -> Self {
        let post = SharedValue::new(move || posted_to(endpoint)).into_inner();
        Self(StoredValue::new(post))
    }

    /// The post only if it was from the one of the page's forms whose field `name` was `value`
    /// (several forms posting to one function).
    pub fn from_form(&self, name: &str, value: &str) -> Self {
        let post = self
            .0
            .get_value()
            .filter(|post| post.field(name) == Some(value));
        Self(StoredValue::new(post))
    }

    /// Why the server refused the post, if it did.
    pub fn error(&self) -> Option<AppError> {
        self.0
            .with_value(|post| post.as_ref()?.answer.as_ref().err().cloned())
    }

    /// Whether the server function succeeded.
    pub fn succeeded(&self) -> bool {
        self.0
            .with_value(|post| post.as_ref().is_some_and(|post| post.answer.is_ok()))
    }

    /// The server function's answer, when it succeeded.
    pub fn answer<T: DeserializeOwned>(&self) -> Option<T> {
        self.0.with_value(|post| {
            let answer = post.as_ref()?.answer.as_ref().ok()?;
            serde_json::from_str(answer).ok()
        })
    }

    /// The outcome of the post, as an action's value reads.
    pub fn outcome<T: DeserializeOwned>(&self) -> Option<Result<T, AppError>> {
        self.error().map(Err).or_else(|| self.answer().map(Ok))
    }

    /// The value posted under the field's full `name`.
    fn typed(&self, name: &str) -> Option<String> {
        self.0
            .with_value(|post| post.as_ref()?.field(name).map(str::to_owned))
    }
}

/// A form posting to a server function: how its fields are named, and what the server answered
/// the last time it sent the browser back to this form's page.
#[derive(Clone, Copy)]
pub struct PlainForm {
    /// The server function's path (`api::SignUp::PATH`), the form's `action`.
    pub endpoint: &'static str,
    /// The argument whose fields the form fills (`form`), or none: the fields are arguments.
    argument: Option<&'static str>,
    before: PostedBefore,
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
        Self {
            endpoint,
            argument,
            before: PostedBefore::to(endpoint),
        }
    }

    /// The name of the field at `path` (`permissions.can_buy` → `form[permissions][can_buy]`).
    pub fn name(&self, path: &str) -> String {
        field_name_in(self.argument, path)
    }

    /// What was typed in the field when the form was last posted.
    pub fn typed(&self, path: &str) -> Option<String> {
        self.before.typed(&self.name(path))
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
        self.before.error()
    }

    /// What the server function answered the form, when it succeeded and came back here.
    pub fn answer<T: DeserializeOwned>(&self) -> Option<T> {
        self.before.answer()
    }

    /// The outcome of the form posted before, as an action's value reads.
    pub fn outcome<T: DeserializeOwned>(&self) -> Option<Result<T, AppError>> {
        self.before.outcome()
    }

    /// What the form shows of `action` ([`FormStatus::of`]), and until the action first runs,
    /// the server's answer to the form posted before: its refusal, or "done". (Not the
    /// action's first value: an unsync action's value may not be dropped on another thread of
    /// the server.)
    pub fn status<I, O>(&self, action: AppAction<I, O>) -> FormStatus
    where
        I: Send + Sync + 'static,
        O: Send + Sync + 'static,
    {
        let status = FormStatus::of(action);
        let (refused, succeeded) = (self.error(), self.before.succeeded());
        if refused.is_none() && !succeeded {
            return status;
        }
        let version = action.version();
        FormStatus {
            error: Signal::derive(move || {
                if version.get() == 0 {
                    refused.clone()
                } else {
                    status.error.get()
                }
            }),
            done: Signal::derive(move || {
                if version.get() == 0 {
                    succeeded
                } else {
                    status.done.get()
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

/// The plain post the request being rendered carries, if it was to a matching endpoint
/// (`server::take_plain_post`).
fn posted_to(endpoint: impl Fn(&str) -> bool) -> Option<PlainPost> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()?
            .extensions
            .get::<PlainPost>()
            .filter(|post| endpoint(&post.endpoint))
            .cloned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = endpoint;
        None
    }
}

/// The name of a control's field: as its [`PostForm`] names them, else as an argument of the
/// server function (`permissions.can_buy` → `permissions[can_buy]`).
pub fn field_name(path: &str) -> String {
    use_context::<PlainForm>()
        .map(|form| form.name(path))
        .unwrap_or_else(|| field_name_in(None, path))
}

/// The `<form>` of a [`PlainForm`]: posted by the browser until the page is hydrated, then
/// handled by `on_submit` (which prevents the post).
#[component]
pub fn PostForm(
    form: PlainForm,
    on_submit: impl FnMut(SubmitEvent) + 'static,
    #[prop(default = "form")] class: &'static str,
    /// The form's id, for buttons outside it (`<button form="…">`).
    #[prop(optional)]
    id: Option<&'static str>,
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
        <form class=class id=id novalidate method="post" action=form.endpoint
            aria-label=move || label.get() aria-labelledby=labelled_by on:submit=on_submit>
            {children()}
        </form>
    }
}

/// A button (and maybe a few fields, its `children`) that posts the `hidden` arguments to the
/// server function at `endpoint` until the page is hydrated; then `on_submit` runs instead.
#[component]
pub fn ButtonForm(
    endpoint: &'static str,
    #[prop(optional)] hidden: Vec<(&'static str, String)>,
    on_submit: impl Fn() + 'static,
    #[prop(default = "command")] class: &'static str,
    children: Children,
) -> impl IntoView {
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        on_submit();
    };
    view! {
        <form class=class method="post" action=endpoint on:submit=on_submit>
            {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
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
