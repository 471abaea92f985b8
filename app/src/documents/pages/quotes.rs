//! A project's quotes: the form that asks for one (at a lead time), and those already made. The
//! form posts to `documents/quote` until the page is hydrated; the browser comes back to the
//! project's page, which says which quote was made.
use super::DocumentRows;
use crate::{
    components::{
        form::{last_success, AppAction, FormAlert, SubmitButton},
        labels::lead_time_text,
        text::tr,
    },
    documents::{api, types::DocumentLine},
    i18n::*,
    plain_forms::{Hidden, PlainForm, PostForm},
};
use leptos::prelude::*;
use shared::LeadTime;
use uuid::Uuid;

#[component]
pub fn ProjectQuotes(
    project_id: Uuid,
    /// The form, made with the page (`documents/quote`).
    form: PlainForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let request: AppAction<(Uuid, String), DocumentLine> =
        Action::new_unsync(|(id, lead_time): &(Uuid, String)| {
            api::request_quote(*id, lead_time.clone())
        });
    let made = last_success(request);
    let quotes = Resource::new(move || made.get(), move |_| api::project_quotes(project_id));
    let lead_time = form.field_or("lead_time", LeadTime::Standard.as_str());
    let status = form.status(request);
    // The quote made by the form posted before the page was hydrated.
    let made_before = form.answer::<DocumentLine>().map(|quote| quote.number);
    let version = request.version();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        request.dispatch((project_id, lead_time.get_untracked()));
    };
    view! {
        <section class="form-section" aria-labelledby="quotes-title">
            <h2 id="quotes-title" class="caps">{tr!(i18n, documents.quotes_title)}</h2>
            <p>{tr!(i18n, documents.quotes_intro)}</p>
            <PostForm form on_submit class="form form--inline" labelled_by="quotes-title">
                <FormAlert status />
                <Hidden field="project_id" value=Signal::stored(project_id.to_string()) />
                <div class="field">
                    <label for="quote-lead-time">{tr!(i18n, documents.quote_lead_time)}</label>
                    <select id="quote-lead-time" name="lead_time"
                        on:change=move |event| lead_time.set(event_target_value(&event))>
                        {LeadTime::ALL.into_iter().map(|option| view! {
                            <option value=option.as_str() selected=move || lead_time.get() == option.as_str()>
                                {move || lead_time_text(i18n.get_locale(), option)}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <SubmitButton status>{tr!(i18n, documents.quote_submit)}</SubmitButton>
            </PostForm>
            <p role="status" aria-live="polite">
                {move || {
                    let number = if version.get() == 0 {
                        made_before.clone()
                    } else {
                        request.value().with(|done| match done {
                            Some(Ok(quote)) => Some(quote.number.clone()),
                            _ => None,
                        })
                    };
                    number.map(|number| t_string!(i18n, documents.quote_made, number = number.as_str()).to_string())
                }}
            </p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match quotes.await {
                        Ok(quotes) if quotes.is_empty() => view! { <p class="empty">{tr!(i18n, documents.quotes_empty)}</p> }.into_any(),
                        Ok(documents) => view! { <DocumentRows documents /> }.into_any(),
                        Err(_) => ().into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
