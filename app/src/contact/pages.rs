//! The contact page's form, and the back-office's list of the messages received.
use super::{api, forms::ContactForm, types::StaffMessage};
use crate::{
    backoffice::StaffGate,
    components::{
        controls::{Choice, Input, Select, Textarea},
        errors::form_error_text,
        form::{form_action, on_success, FormAlert, SubmitButton},
        format,
        labels::contact_subject_text,
        list::{use_list_query, words, EmptyList, ListControls, Pager},
        text::tr,
    },
    i18n::*,
    plain_forms::{Hidden, PlainForm, PostForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};
use shared::{ContactMessage, ContactSubject};

/// NOUS CONTACTER: a message to the team, without an account; what was typed stays on a
/// refusal, and the form empties once the message is sent.
#[component]
pub fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    let form = PlainForm::of_argument(api::SendMessage::PATH, "form");
    let name = form.field("name");
    let email = form.field("email");
    let company = form.field("company");
    let subject = form.field_or("subject", ContactSubject::Quote.as_str());
    let message = form.field("message");
    let sent_before = use_query_map().with_untracked(|query| query.get("sent").is_some());
    let send = form_action(api::send_message);
    let status = form.status(send);
    on_success(send, move |()| message.set(String::new()));
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        send.dispatch(ContactForm {
            name: name.get_untracked(),
            email: email.get_untracked(),
            company: company.get_untracked(),
            subject: subject.get_untracked(),
            message: message.get_untracked(),
            locale: i18n.get_locale_untracked().as_str().to_string(),
        });
    };
    let subjects: Vec<Choice> = ContactSubject::ALL
        .into_iter()
        .map(|choice| Choice {
            value: choice.as_str().to_string(),
            label: Signal::derive(move || {
                contact_subject_text(i18n.get_locale(), choice).to_string()
            }),
            detail: None,
        })
        .collect();
    let max = u32::try_from(ContactMessage::MAX_CHARS).unwrap_or(u32::MAX);
    view! {
        <Title text=tr!(i18n, pages.contact_title) />
        <section class="page page--narrow">
            <h1>{tr!(i18n, pages.contact_title)}</h1>
            <p class="page__intro">{tr!(i18n, pages.contact_intro)}</p>
            <PostForm form on_submit>
                <FormAlert status />
                <Hidden field="locale" value=Signal::derive(move || i18n.get_locale().as_str().to_string()) />
                <Input id="name" value=name status required=true maxlength=100 autocomplete="name">
                    {tr!(i18n, contact_page.name)}
                </Input>
                <Input id="email" value=email status required=true kind="email" autocomplete="email">
                    {tr!(i18n, fields.email)}
                </Input>
                <Input id="company" value=company status maxlength=100 autocomplete="organization">
                    {tr!(i18n, contact_page.company)}
                </Input>
                <Select id="subject" value=subject status choices=subjects>
                    {tr!(i18n, contact_page.subject)}
                </Select>
                <Textarea id="message" value=message status maxlength=max>
                    {tr!(i18n, contact_page.message)}
                </Textarea>
                <p class="form__legend-note">{tr!(i18n, fields.required_note)}</p>
                <SubmitButton status>{tr!(i18n, contact_page.submit)}</SubmitButton>
            </PostForm>
            <div role="status" aria-live="polite">
                {move || (sent_before || status.done.get()).then(|| view! { <p class="notice">{tr!(i18n, contact_page.sent)}</p> })}
            </div>
            <p>{tr!(i18n, contact_page.elsewhere)} " " <A href="/faq">{tr!(i18n, contact_page.faq_link)}</A></p>
        </section>
    }
}

/// `/backoffice/messages`: a page of the contact messages, newest first, searched from the
/// address (staff only).
#[component]
pub fn StaffMessagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query::<(), _>();
    let messages = Resource::new(move || query.get(), api::staff_messages);
    view! {
        <Title text=tr!(i18n, contact_page.staff_title) />
        <StaffGate />
        <section class="page backoffice">
            <p><A href="/backoffice">{tr!(i18n, backoffice.back)}</A></p>
            <h1>{tr!(i18n, contact_page.staff_title)}</h1>
            <ListControls query id="messages" search_hint=words(tr!(i18n, contact_page.staff_search_hint)) />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match messages.await {
                        Ok(page) => {
                            let lines = if page.items.is_empty() {
                                view! { <EmptyList query empty=words(tr!(i18n, contact_page.staff_empty)) /> }.into_any()
                            } else {
                                view! {
                                    <ul class="messages">
                                        {page.items.clone().into_iter().map(|message| view! { <MessageItem message /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            };
                            view! { {lines} <Pager query page /> }.into_any()
                        }
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
fn MessageItem(message: StaffMessage) -> impl IntoView {
    let i18n = use_i18n();
    let StaffMessage {
        name,
        email,
        company,
        subject,
        message,
        created_at,
        ..
    } = message;
    let mailto = format!("mailto:{email}");
    view! {
        <li class="messages__item">
            <h2>
                {move || contact_subject_text(i18n.get_locale(), subject)} " · " {name}
                {company.map(|company| view! { " · " {company} })}
            </h2>
            <p class="messages__meta">
                <a href=mailto>{email}</a> " · " {move || format::date_time(i18n.get_locale(), created_at)}
            </p>
            <p class="messages__text">{message}</p>
        </li>
    }
}
