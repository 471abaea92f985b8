//! SERVICES: what the workshop makes, as a table generated from the rules the quote uses
//! (`shared`), and the instant quote without an account. The quote's form is a GET form: its
//! board is in the address, so the server prices it before the WASM arrives (and without
//! JavaScript), the back button and a shared link show the same quote, and "Order" carries it
//! through the login to the new project's form.
use crate::{
    auth::{use_auth, Visitor},
    components::{
        format,
        labels::{
            finish_text, lead_time_text, mask_text, service_text, thickness_text, working_days_text,
        },
        list::{query_options, QuerySelect},
        text::tr,
    },
    i18n::*,
    projects::forms::ProjectForm,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{Form, A},
    hooks::use_query_map,
};
use shared::{
    quote, working_days, BoardThickness, LayerCount, LeadTime, Millimetres, Quantity, Service,
    SolderMask, SurfaceFinish,
};

#[component]
pub fn ServicesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr!(i18n, pages.services_title) />
        <article class="page services">
            <h1>{tr!(i18n, pages.services_title)}</h1>
            <p class="page__intro">{tr!(i18n, pages.services_intro)}</p>
            <Capabilities />
            <InstantQuote />
        </article>
    }
}

/// Every value of a choice, in the page's language, separated by commas.
fn listed<T: Copy>(all: &[T], text: impl Fn(Locale, T) -> String, locale: Locale) -> String {
    all.iter()
        .map(|item| text(locale, *item))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The capabilities table: each row read from `shared`'s choices, limits and lead times.
#[component]
fn Capabilities() -> impl IntoView {
    let i18n = use_i18n();
    let row = move |label: &'static str, value: Box<dyn Fn(Locale) -> String + Send + Sync>| {
        view! {
            <tr>
                <th scope="row">{move || services_label(i18n.get_locale(), label)}</th>
                <td>{move || value(i18n.get_locale())}</td>
            </tr>
        }
    };
    view! {
        <section class="block" aria-labelledby="capabilities-title">
            <h2 id="capabilities-title">{tr!(i18n, services_page.capabilities_title)}</h2>
            <div class="table-wrap">
                <table class="table capabilities">
                    <caption class="visually-hidden">{tr!(i18n, services_page.capabilities_title)}</caption>
                    <tbody>
                        {row("services", Box::new(|l| listed(&Service::ALL, |l, s| service_text(l, s).to_string(), l)))}
                        {row("layers", Box::new(|_| LayerCount::ALL.iter().map(|c| c.get().to_string()).collect::<Vec<_>>().join(", ")))}
                        {row("size", Box::new(|l| td_string!(l, services_page.size_value,
                            min = Millimetres::MIN, max = Millimetres::MAX).to_string()))}
                        {row("quantity", Box::new(|l| td_string!(l, services_page.quantity_value,
                            min = Quantity::MIN, max = Quantity::MAX).to_string()))}
                        {row("thickness", Box::new(|l| listed(&BoardThickness::ALL, thickness_text, l)))}
                        {row("finishes", Box::new(|l| listed(&SurfaceFinish::ALL, |l, f| finish_text(l, f).to_string(), l)))}
                        {row("masks", Box::new(|l| listed(&SolderMask::ALL, |l, m| mask_text(l, m).to_string(), l)))}
                    </tbody>
                </table>
            </div>
            <LeadTimes />
        </section>
    }
}

/// A row heading of the capabilities table.
fn services_label(locale: Locale, label: &str) -> &'static str {
    match label {
        "services" => td_string!(locale, services_page.row_services),
        "layers" => td_string!(locale, services_page.row_layers),
        "size" => td_string!(locale, services_page.row_size),
        "quantity" => td_string!(locale, services_page.row_quantity),
        "thickness" => td_string!(locale, services_page.row_thickness),
        "finishes" => td_string!(locale, services_page.row_finishes),
        _ => td_string!(locale, services_page.row_masks),
    }
}

/// Working days until shipping, by service and lead time (`shared::working_days`).
#[component]
fn LeadTimes() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption>{tr!(i18n, services_page.lead_times_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, services_page.col_service)}</th>
                        {LeadTime::ALL.into_iter().map(|lead| view! {
                            <th scope="col" class="num">{move || lead_time_text(i18n.get_locale(), lead)}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {Service::ALL.into_iter().map(|service| view! {
                        <tr>
                            <th scope="row">{move || service_text(i18n.get_locale(), service)}</th>
                            {LeadTime::ALL.into_iter().map(|lead| view! {
                                <td class="num">{move || working_days_text(i18n.get_locale(), working_days(service, lead))}</td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The instant quote: a GET form over the board's fields, and both lead times' prices.
#[component]
fn InstantQuote() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let board =
        Memo::new(move |_| query.with(|query| ProjectForm::from_query(|key| query.get(key))));
    let field = move |read: fn(&ProjectForm) -> String| Signal::derive(move || board.with(read));
    let label = move |text: fn(Locale) -> &'static str| {
        Signal::derive(move || text(i18n.get_locale()).to_string())
    };
    let number = move |id: &'static str,
                       min: u32,
                       max: u32,
                       text: fn(Locale) -> &'static str,
                       read: fn(&ProjectForm) -> String| {
        view! {
            <div class="field">
                <label for=id>{move || text(i18n.get_locale())}</label>
                <input id=id name=id type="number" inputmode="numeric" min=min max=max required
                    value=field(read) prop:value=field(read) />
            </div>
        }
    };
    let prices = Memo::new(move |_| {
        board.with(|form| {
            let (service, spec) = form.board()?;
            let quantity = Quantity::parse(&form.quantity).ok()?;
            Some(LeadTime::ALL.map(|lead| (lead, quote(service, &spec, quantity, lead))))
        })
    });
    // Customers go straight to the new project's form; others log in first, then get there.
    let order_href = move || {
        let project = format!(
            "/account/projects/new?{}",
            board.with(ProjectForm::board_query)
        );
        match auth.visitor() {
            Visitor::Customer => project,
            Visitor::Anonymous | Visitor::Staff => {
                format!("/login?next={}", format::query_value(&project))
            }
        }
    };
    view! {
        <section class="block quote-public" id="quote" aria-labelledby="public-quote-title">
            <h2 id="public-quote-title">{tr!(i18n, services_page.quote_title)}</h2>
            <p>{tr!(i18n, services_page.quote_intro)}</p>
            <Form method="GET" action="/services" noscroll=true>
                <div class="form form--grid">
                    <QuerySelect id="service" name="service" all=None label=label(|l| td_string!(l, services_page.row_services))
                        current=field(|f| f.service.clone())
                        options=query_options(&Service::ALL, |s| s.as_str().into(), |l, s| service_text(l, s).into()) />
                    {number("quantity", Quantity::MIN, Quantity::MAX, |l| td_string!(l, services_page.field_quantity), |f| f.quantity.clone())}
                    <QuerySelect id="layers" name="layers" all=None label=label(|l| td_string!(l, services_page.row_layers))
                        current=field(|f| f.layers.clone())
                        options=query_options(&LayerCount::ALL, |c| c.get().to_string(), |_, c| c.get().to_string()) />
                    {number("width_mm", u32::from(Millimetres::MIN), u32::from(Millimetres::MAX), |l| td_string!(l, services_page.field_width), |f| f.width_mm.clone())}
                    {number("height_mm", u32::from(Millimetres::MIN), u32::from(Millimetres::MAX), |l| td_string!(l, services_page.field_height), |f| f.height_mm.clone())}
                    <QuerySelect id="thickness" name="thickness" all=None label=label(|l| td_string!(l, services_page.row_thickness))
                        current=field(|f| f.thickness.clone())
                        options=query_options(&BoardThickness::ALL, |t| t.as_str().into(), thickness_text) />
                    <QuerySelect id="finish" name="finish" all=None label=label(|l| td_string!(l, services_page.field_finish))
                        current=field(|f| f.finish.clone())
                        options=query_options(&SurfaceFinish::ALL, |f| f.as_str().into(), |l, f| finish_text(l, f).into()) />
                    <QuerySelect id="mask" name="mask" all=None label=label(|l| td_string!(l, services_page.field_mask))
                        current=field(|f| f.mask.clone())
                        options=query_options(&SolderMask::ALL, |m| m.as_str().into(), |l, m| mask_text(l, m).into()) />
                </div>
                <button type="submit" class="button">{tr!(i18n, services_page.quote_submit)}</button>
            </Form>
            <div aria-live="polite">
                {move || match prices.get() {
                    None => view! { <p class="notice">{tr!(i18n, projects.quote_invalid)}</p> }.into_any(),
                    Some(prices) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <caption>{tr!(i18n, services_page.prices_caption)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{tr!(i18n, services_page.col_lead_time)}</th>
                                        <th scope="col" class="num">{tr!(i18n, services_page.col_net)}</th>
                                        <th scope="col" class="num">{tr!(i18n, services_page.col_total)}</th>
                                        <th scope="col" class="num">{tr!(i18n, services_page.col_unit)}</th>
                                        <th scope="col" class="num">{tr!(i18n, services_page.col_days)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {prices.into_iter().map(|(lead, price)| view! {
                                        <tr>
                                            <th scope="row">{move || lead_time_text(i18n.get_locale(), lead)}</th>
                                            <td class="num">{move || format::money(i18n.get_locale(), price.net.cents())}</td>
                                            <td class="num">{move || format::money(i18n.get_locale(), price.total.cents())}</td>
                                            <td class="num">{move || format::money(i18n.get_locale(), price.unit_net.cents())}</td>
                                            <td class="num">{move || working_days_text(i18n.get_locale(), price.working_days)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <p><A href=order_href attr:class="button">{tr!(i18n, services_page.order)}</A></p>
                        <p class="field__hint">{tr!(i18n, services_page.order_hint)}</p>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
