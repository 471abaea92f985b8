//! A project's quotes: the form that asks for one (at a lead time), and those already made.
use super::DocumentRows;
use crate::{
    components::{
        form::{last_success, AppAction, FormAlert, FormStatus, SubmitButton},
        labels::lead_time_text,
        text::tr,
    },
    documents::{api, types::DocumentLine},
    i18n::*,
};
use leptos::prelude::*;
use shared::LeadTime;
use uuid::Uuid;

#[component]
pub fn ProjectQuotes(project_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let request: AppAction<(Uuid, String), DocumentLine> =
        Action::new_unsync(|(id, lead_time): &(Uuid, String)| {
            api::request_quote(*id, lead_time.clone())
        });
    let made = last_success(request);
    let quotes = Resource::new(move || made.get(), move |_| api::project_quotes(project_id));
    let lead_time = RwSignal::new(LeadTime::Standard.as_str().to_string());
    let status = FormStatus::of(request);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        request.dispatch((project_id, lead_time.get_untracked()));
    };
    view! {
        <section class="form-section" aria-labelledby="quotes-title">
            <h2 id="quotes-title" class="caps">{tr!(i18n, documents.quotes_title)}</h2>
            <p>{tr!(i18n, documents.quotes_intro)}</p>
            <form class="form form--inline" novalidate on:submit=on_submit>
                <FormAlert status />
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
            </form>
            <p role="status" aria-live="polite">
                {move || request.value().with(|done| match done {
                    Some(Ok(quote)) => Some(t_string!(i18n, documents.quote_made, number = quote.number.as_str()).to_string()),
                    _ => None,
                })}
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
