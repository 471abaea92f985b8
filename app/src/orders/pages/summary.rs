//! Everything about an order but its payment: facts, progress, project, prices, delivery and
//! files. The back-office shows it too, beside the staff's actions.
use super::{
    placed_by_words,
    timeline::{timeline, Timeline},
};
use crate::documents::pages::OrderDocuments;
use crate::{
    components::{format, labels::*, text::tr},
    i18n::*,
    orders::types::OrderDetail,
    projects::types::file_url,
};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::DeliveryAddress;

/// Everything about an order but the payment choice: facts, progress, project, prices,
/// delivery and files. `link_project` links the project's page (customers only).
#[component]
pub fn OrderSummaryView(
    detail: OrderDetail,
    #[prop(optional)] link_project: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let steps = timeline(&detail);
    let OrderDetail {
        number,
        project_id,
        project,
        quantity,
        lead_time,
        net_cents,
        vat_cents,
        total_cents,
        delivery_address,
        po_reference,
        status,
        placed_by,
        requested_by,
        created_at,
        files,
        documents,
        terms_version,
        refund_due_at,
        refunded_at,
        ..
    } = detail;
    let board = project.board.clone();
    let service = project.service;
    let project_name = project.name.clone();
    let project_title = match project_id.filter(|_| link_project) {
        Some(id) => {
            view! { <A href=format!("/account/projects/{id}")>{project_name}</A> }.into_any()
        }
        None => view! { <span>{project_name}</span> }.into_any(),
    };
    let placed = placed_by_words(placed_by, requested_by);
    view! {
        <section class="block" aria-labelledby="summary-title">
            <h2 id="summary-title" class="caps">{tr!(i18n, orders.summary_title)}</h2>
            <dl class="facts">
                <dt>{tr!(i18n, orders.number_label)}</dt>
                <dd>{number}</dd>
                <dt>{tr!(i18n, orders.placed_on_label)}</dt>
                <dd>{move || format::date_time(i18n.get_locale(), created_at)}</dd>
                <dt>{tr!(i18n, orders.placed_by_label)}</dt>
                <dd>{placed}</dd>
                <dt>{tr!(i18n, orders.status_label)}</dt>
                <dd>{move || status_text(i18n.get_locale(), status)}</dd>
                <dt>{tr!(i18n, orders.quantity_label)}</dt>
                <dd>{quantity}</dd>
                <dt>{tr!(i18n, orders.lead_time_label)}</dt>
                <dd>{move || lead_time_text(i18n.get_locale(), lead_time)}</dd>
                {po_reference.map(|reference| view! {
                    <dt>{tr!(i18n, orders.po_reference_label)}</dt>
                    <dd>{reference}</dd>
                })}
                {refund_due_at.map(|_| view! {
                    <dt>{tr!(i18n, order_actions.refund_label)}</dt>
                    <dd>{move || match refunded_at {
                        Some(at) => t_string!(i18n, order_actions.refunded_on, date = format::date(i18n.get_locale(), at)).to_string(),
                        None => t_string!(i18n, order_actions.refund_due, total = format::money(i18n.get_locale(), total_cents)).to_string(),
                    }}</dd>
                })}
                {terms_version.map(|version| view! {
                    <dt>{tr!(i18n, orders.terms_label)}</dt>
                    <dd><a href="/terms">{move || t_string!(i18n, orders.terms_value, version = version.clone()).to_string()}</a></dd>
                })}
            </dl>
        </section>
        {view! { <Timeline steps /> }.into_any()}
        <div class="order-grid">
            <section class="block" aria-labelledby="project-title">
                <h2 id="project-title" class="caps">{tr!(i18n, orders.project_title)}</h2>
                <dl class="facts">
                    <dt>{tr!(i18n, orders.project_name_label)}</dt>
                    <dd>{project_title}</dd>
                    <dt>{tr!(i18n, projects.col_service)}</dt>
                    <dd>{move || service_text(i18n.get_locale(), service)}</dd>
                    <dt>{tr!(i18n, projects.layers_label)}</dt>
                    <dd>{board.layers.get()}</dd>
                    <dt>{tr!(i18n, projects.col_size)}</dt>
                    <dd>{format!("{} × {}", board.width.get(), board.height.get())}</dd>
                    <dt>{tr!(i18n, projects.thickness_label)}</dt>
                    <dd>{move || thickness_text(i18n.get_locale(), board.thickness)}</dd>
                    <dt>{tr!(i18n, projects.finish_label)}</dt>
                    <dd>{move || finish_text(i18n.get_locale(), board.finish)}</dd>
                    <dt>{tr!(i18n, projects.mask_label)}</dt>
                    <dd>{move || mask_text(i18n.get_locale(), board.mask)}</dd>
                    {(!project.notes.trim().is_empty()).then(|| view! {
                        <dt>{tr!(i18n, projects.notes_label)}</dt>
                        <dd>{project.notes.clone()}</dd>
                    })}
                </dl>
            </section>
            <section class="block" aria-labelledby="prices-title">
                <h2 id="prices-title" class="caps">{tr!(i18n, orders.prices_title)}</h2>
                <table class="table prices">
                    <caption class="visually-hidden">{tr!(i18n, orders.prices_title)}</caption>
                    <tbody>
                        <tr>
                            <th scope="row">{tr!(i18n, projects.quote_net)}</th>
                            <td class="num">{move || format::money(i18n.get_locale(), net_cents)}</td>
                        </tr>
                        <tr>
                            <th scope="row">{tr!(i18n, projects.quote_vat)}</th>
                            <td class="num">{move || format::money(i18n.get_locale(), vat_cents)}</td>
                        </tr>
                        <tr class="prices__total">
                            <th scope="row">{tr!(i18n, projects.quote_total)}</th>
                            <td class="num">{move || format::money(i18n.get_locale(), total_cents)}</td>
                        </tr>
                    </tbody>
                </table>
            </section>
            <section class="block" aria-labelledby="delivery-title">
                <h2 id="delivery-title" class="caps">{tr!(i18n, orders.delivery_title)}</h2>
                {address_view(delivery_address)}
            </section>
        </div>
        <section class="block" aria-labelledby="order-files-title">
            <h2 id="order-files-title" class="caps">{tr!(i18n, orders.files_title)}</h2>
            {if files.is_empty() {
                view! { <p class="empty">{tr!(i18n, orders.no_files)}</p> }.into_any()
            } else {
                view! {
                    <ul class="rows">
                        {files.into_iter().map(|file| {
                            let kind = file.kind;
                            let size = file.size_bytes;
                            view! {
                                <li class="row">
                                    <span>
                                        <strong>{move || file_kind_text(i18n.get_locale(), kind)}</strong>
                                        " · "
                                        <a href=file_url(file.id) download="" rel="external">
                                            <span class="visually-hidden">{tr!(i18n, projects.download)} " "</span>
                                            {file.file_name}
                                        </a>
                                    </span>
                                    <span>{move || file_size_text(i18n.get_locale(), size)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
        <OrderDocuments documents />
    }
    .into_any()
}

/// A delivery address as written on a parcel.
fn address_view(address: DeliveryAddress) -> impl IntoView {
    let i18n = use_i18n();
    let country = address.country;
    view! {
        <address class="address">
            {address.recipient.as_str().to_string()}<br />
            {address.line1.as_str().to_string()}<br />
            {address.line2.map(|line| view! { {line.as_str().to_string()}<br /> })}
            {format!("{} {}", address.postal_code.as_str(), address.city.as_str())}<br />
            {move || country_text(i18n.get_locale(), country)}
        </address>
    }
}
