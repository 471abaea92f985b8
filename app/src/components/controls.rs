//! Every form control, once: each has its label; a control in error carries `aria-invalid` and
//! points to its message and its hint (`aria-describedby`). Values are written as attributes
//! too, so that the server-rendered page shows them before the client takes over.
use super::{errors::problem_text, form::FormStatus};
use crate::{error::FieldProblem, i18n::*, plain_forms::field_name};
use leptos::prelude::*;

/// An option of a select or a radio group.
#[derive(Clone)]
pub struct Choice {
    pub value: String,
    pub label: Signal<String>,
    /// A second line under a radio's label (a price, a delay).
    pub detail: Option<Signal<String>>,
}

/// The message under a control in error, with the id its control points to.
fn problem_message(problem: Signal<Option<FieldProblem>>, message_id: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        problem.get().map(|problem| {
            view! {
                <p class="field__error" id=message_id.clone()>
                    {move || problem_text(i18n.get_locale(), problem)}
                </p>
            }
        })
    }
}

/// `aria-describedby` of a control: its error message when it shows, and its hint.
fn described_by(
    problem: Signal<Option<FieldProblem>>,
    message_id: String,
    hint_id: Option<String>,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    move || {
        let ids: Vec<&str> = problem
            .with(Option::is_some)
            .then_some(message_id.as_str())
            .into_iter()
            .chain(hint_id.as_deref())
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

fn required_mark(required: bool) -> impl IntoView {
    required.then(|| view! { <span class="field__required" aria-hidden="true">" *"</span> })
}

fn hint_view(hint: Option<Signal<String>>, hint_id: Option<String>) -> impl IntoView {
    hint.map(|hint| view! { <p class="field__hint" id=hint_id>{move || hint.get()}</p> })
}

/// A labelled input bound to `value`.
#[component]
pub fn Input(
    /// The control's id and name.
    id: &'static str,
    /// The field whose errors this control shows (defaults to `id`).
    #[prop(optional)]
    field: Option<&'static str>,
    value: RwSignal<String>,
    status: FormStatus,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] min: Option<u32>,
    #[prop(optional)] max: Option<u32>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// A help text under the control.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The label's text.
    children: Children,
) -> impl IntoView {
    let problem = status.problem_with(field.unwrap_or(id));
    let message_id = format!("{id}-error");
    let hint_id = hint.is_some().then(|| format!("{id}-hint"));
    let step = (kind == "number").then_some("1");
    view! {
        <div class="field" class:field--invalid=move || problem.with(Option::is_some)>
            <label for=id>{children()}{required_mark(required)}</label>
            <input
                id=id
                name=field_name(field.unwrap_or(id))
                type=kind
                step=step
                min=min
                max=max
                maxlength=maxlength
                autocomplete=autocomplete
                required=required
                aria-required=required.then_some("true")
                aria-invalid=move || problem.with(Option::is_some).to_string()
                aria-describedby=described_by(problem, message_id.clone(), hint_id.clone())
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
            {hint_view(hint, hint_id)}
            {problem_message(problem, message_id)}
        </div>
    }
    .into_any()
}

/// A labelled checkbox bound to `checked` (the terms of sale); the label may hold a link.
#[component]
pub fn Checkbox(
    id: &'static str,
    checked: RwSignal<bool>,
    status: FormStatus,
    #[prop(optional)] required: bool,
    /// The label's content.
    children: Children,
) -> impl IntoView {
    let problem = status.problem_with(id);
    let message_id = format!("{id}-error");
    view! {
        <div class="field field--checkbox" class:field--invalid=move || problem.with(Option::is_some)>
            <input
                id=id
                name=field_name(id)
                type="checkbox"
                value="true"
                required=required
                aria-invalid=move || problem.with(Option::is_some).to_string()
                aria-describedby=described_by(problem, message_id.clone(), None)
                checked=checked.get_untracked()
                prop:checked=move || checked.get()
                on:change=move |event| checked.set(event_target_checked(&event))
            />
            <label for=id>{children()}{required_mark(required)}</label>
            {problem_message(problem, message_id)}
        </div>
    }
    .into_any()
}

/// A labelled select; each option carries `selected` for the server-rendered page.
#[component]
pub fn Select(
    id: &'static str,
    #[prop(optional)] field: Option<&'static str>,
    value: RwSignal<String>,
    status: FormStatus,
    choices: Vec<Choice>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let problem = status.problem_with(field.unwrap_or(id));
    let message_id = format!("{id}-error");
    view! {
        <div class="field" class:field--invalid=move || problem.with(Option::is_some)>
            <label for=id>{children()}</label>
            <select
                id=id
                name=field_name(field.unwrap_or(id))
                autocomplete=autocomplete
                aria-invalid=move || problem.with(Option::is_some).to_string()
                aria-describedby=described_by(problem, message_id.clone(), None)
                prop:value=move || value.get()
                on:change=move |event| value.set(event_target_value(&event))
            >
                {choices.into_iter().map(|choice| {
                    let selected = choice.value.clone();
                    view! {
                        <option value=choice.value selected=move || value.with(|v| *v == selected)>
                            {move || choice.label.get()}
                        </option>
                    }
                }).collect_view()}
            </select>
            {problem_message(problem, message_id)}
        </div>
    }
    .into_any()
}

/// A labelled textarea.
#[component]
pub fn Textarea(
    id: &'static str,
    value: RwSignal<String>,
    status: FormStatus,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    children: Children,
) -> impl IntoView {
    let problem = status.problem_with(id);
    let message_id = format!("{id}-error");
    let hint_id = hint.is_some().then(|| format!("{id}-hint"));
    view! {
        <div class="field" class:field--invalid=move || problem.with(Option::is_some)>
            <label for=id>{children()}</label>
            <textarea
                id=id
                name=field_name(id)
                rows="4"
                maxlength=maxlength
                aria-invalid=move || problem.with(Option::is_some).to_string()
                aria-describedby=described_by(problem, message_id.clone(), hint_id.clone())
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            >
                {value.get_untracked()}
            </textarea>
            {hint_view(hint, hint_id)}
            {problem_message(problem, message_id)}
        </div>
    }
    .into_any()
}

/// Radio buttons in a fieldset whose legend names the choice.
#[component]
pub fn RadioGroup(
    /// The radios' name; their ids are `{name}-{value}`.
    name: &'static str,
    value: RwSignal<String>,
    status: FormStatus,
    choices: Vec<Choice>,
    #[prop(optional)] required: bool,
    /// The legend's text.
    children: Children,
) -> impl IntoView {
    let problem = status.problem_with(name);
    let message_id = format!("{name}-error");
    let field = field_name(name);
    view! {
        <fieldset class="choices" class:choices--invalid=move || problem.with(Option::is_some)>
            <legend>{children()}{required_mark(required)}</legend>
            {choices.into_iter().map(|choice| {
                let id = format!("{name}-{}", choice.value);
                let checked = choice.value.clone();
                let chosen = choice.value.clone();
                let label = choice.label;
                let label_for = id.clone();
                view! {
                    <label for=label_for>
                        <input
                            type="radio"
                            id=id
                            name=field.clone()
                            value=choice.value
                            checked=value.with_untracked(|v| *v == checked)
                            prop:checked=move || value.with(|v| *v == checked)
                            aria-invalid=move || problem.with(Option::is_some).to_string()
                            aria-describedby=described_by(problem, message_id.clone(), None)
                            on:change=move |_| value.set(chosen.clone())
                        />
                        <span>
                            {move || label.get()}
                            {choice.detail.map(|detail| view! { <span class="choices__detail">{move || detail.get()}</span> })}
                        </span>
                    </label>
                }
            }).collect_view()}
            {problem_message(problem, message_id)}
        </fieldset>
    }
    .into_any()
}

/// The choices of a select or a radio group: each value of `all`, labelled in the page's
/// language.
pub fn choices<T, V, L>(all: &[T], value: fn(T) -> V, label: fn(Locale, T) -> L) -> Vec<Choice>
where
    T: Copy + Send + Sync + 'static,
    V: Into<String>,
    L: Into<String> + 'static,
{
    let i18n = use_i18n();
    all.iter()
        .copied()
        .map(|item| Choice {
            value: value(item).into(),
            label: Signal::derive(move || label(i18n.get_locale(), item).into()),
            detail: None,
        })
        .collect()
}
