//! The instant quote beside the project form: both lead times' prices of the board as typed.
use super::controls::ProjectFields;
use crate::{
    components::{
        labels::{lead_time_text, working_days_text},
        text::tr,
    },
    i18n::*,
    projects::forms::ProjectForm,
};
use leptos::prelude::*;
use shared::{quote, LeadTime, Quantity, Quote};

/// The prices of a board for both lead times.
#[derive(Clone, Debug, PartialEq)]
struct Quotes {
    quantity: u32,
    standard: Quote,
    express: Quote,
}

impl Quotes {
    /// `None` while the board or the quantity does not parse.
    fn of(project: &ProjectForm) -> Option<Self> {
        let (service, board) = project.board()?;
        let quantity = Quantity::parse(&project.quantity).ok()?;
        Some(Self {
            quantity: quantity.get(),
            standard: quote(service, &board, quantity, LeadTime::Standard),
            express: quote(service, &board, quantity, LeadTime::Express),
        })
    }
}

/// The quote of the form as typed, beside the form; recomputed at every change, as the server
/// will compute it (the same function), though only the server's price counts.
#[component]
pub(super) fn QuotePanel(fields: ProjectFields) -> impl IntoView {
    let i18n = use_i18n();
    let quotes = Memo::new(move |_| Quotes::of(&fields.get()));
    // One cell: a part of the quote of one lead time, in the page's language.
    let cell = move |express: bool, part: fn(&Quote, Locale) -> String| {
        move || {
            let locale = i18n.get_locale();
            quotes.with(|quotes| {
                quotes
                    .as_ref()
                    .map(|q| part(if express { &q.express } else { &q.standard }, locale))
                    .unwrap_or_default()
            })
        }
    };
    view! {
        <aside class="quote" aria-labelledby="quote-title">
            <h2 id="quote-title">{tr!(i18n, projects.quote_title)}</h2>
            <div aria-live="polite">
                <Show
                    when=move || quotes.with(Option::is_some)
                    fallback=move || view! { <p>{tr!(i18n, projects.quote_invalid)}</p> }
                >
                    <table class="table">
                        <caption class="quote__for">
                            {move || {
                                let quantity = quotes.with(|q| q.as_ref().map_or(0, |q| q.quantity));
                                t_string!(i18n, projects.quote_for, quantity = quantity).to_string()
                            }}
                        </caption>
                        <thead>
                            <tr>
                                <td></td>
                                <th scope="col" class="num">{move || lead_time_text(i18n.get_locale(), LeadTime::Standard)}</th>
                                <th scope="col" class="num">{move || lead_time_text(i18n.get_locale(), LeadTime::Express)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <tr>
                                <th scope="row">{tr!(i18n, projects.quote_unit)}</th>
                                <td class="num">{cell(false, |q, l| q.unit_net.format(l.as_str()))}</td>
                                <td class="num">{cell(true, |q, l| q.unit_net.format(l.as_str()))}</td>
                            </tr>
                            <tr>
                                <th scope="row">{tr!(i18n, projects.quote_net)}</th>
                                <td class="num">{cell(false, |q, l| q.net.format(l.as_str()))}</td>
                                <td class="num">{cell(true, |q, l| q.net.format(l.as_str()))}</td>
                            </tr>
                            <tr>
                                <th scope="row">{tr!(i18n, projects.quote_vat)}</th>
                                <td class="num">{cell(false, |q, l| q.vat.format(l.as_str()))}</td>
                                <td class="num">{cell(true, |q, l| q.vat.format(l.as_str()))}</td>
                            </tr>
                            <tr class="quote__total">
                                <th scope="row">{tr!(i18n, projects.quote_total)}</th>
                                <td class="num">{cell(false, |q, l| q.total.format(l.as_str()))}</td>
                                <td class="num">{cell(true, |q, l| q.total.format(l.as_str()))}</td>
                            </tr>
                            <tr>
                                <th scope="row">{tr!(i18n, projects.quote_days)}</th>
                                <td class="num">{cell(false, |q, l| working_days_text(l, q.working_days))}</td>
                                <td class="num">{cell(true, |q, l| working_days_text(l, q.working_days))}</td>
                            </tr>
                        </tbody>
                    </table>
                </Show>
            </div>
            <p class="quote__note">{tr!(i18n, projects.quote_note)}</p>
        </aside>
    }
    .into_any()
}
