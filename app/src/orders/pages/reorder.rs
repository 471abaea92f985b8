//! "Commander à nouveau": a buyer orders the same boards again (files, quantity, lead time and
//! delivery address), at today's price, shown beside the past one.
use crate::{
    components::{
        controls::Checkbox,
        form::{on_success, AppAction, FormAlert, SubmitButton},
        format,
        text::tr,
    },
    i18n::*,
    orders::api,
    plain_forms::{Hidden, PlainForm, PostForm},
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::terms::TERMS_OF_SALE_VERSION;
use uuid::Uuid;

/// A form posting to `orders/reorder` (today's price confirmed) until the page is hydrated; the
/// new order's page follows.
#[component]
pub(super) fn ReorderSection(
    order_id: Uuid,
    then_cents: i64,
    today_cents: i64,
    form: PlainForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let terms_accepted = RwSignal::new(form.typed("terms_accepted").as_deref() == Some("true"));
    // One key per page: a double click or a retry answers the same new order.
    let key = Uuid::new_v4();
    let reorder: AppAction<bool, Uuid> = Action::new_unsync(move |terms: &bool| {
        api::reorder(order_id, Some(today_cents), *terms, key)
    });
    let navigate = use_navigate();
    on_success(reorder, move |new_order: Uuid| {
        navigate(&format!("/account/orders/{new_order}"), Default::default());
    });
    let status = form.status(reorder);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        reorder.dispatch(terms_accepted.get_untracked());
    };
    let prices = move || {
        let locale = i18n.get_locale();
        let (then, today) = (
            format::money(locale, then_cents),
            format::money(locale, today_cents),
        );
        let difference = today_cents - then_cents;
        let change = if difference == 0 {
            td_string!(locale, order_actions.reorder_same).to_owned()
        } else {
            let sign = if difference > 0 { "+" } else { "" };
            let difference = format!("{sign}{}", format::money(locale, difference));
            td_string!(
                locale,
                order_actions.reorder_difference,
                difference = difference.as_str()
            )
            .to_string()
        };
        let prices = td_string!(
            locale,
            order_actions.reorder_prices,
            then = then.as_str(),
            today = today.as_str()
        );
        format!("{prices} {change}")
    };
    view! {
        <section class="form-section" aria-labelledby="reorder-title">
            <h2 id="reorder-title" class="caps">{tr!(i18n, order_actions.reorder_title)}</h2>
            <p>{tr!(i18n, order_actions.reorder_intro)}</p>
            <p>{prices}</p>
            <PostForm form on_submit labelled_by="reorder-title">
                <FormAlert status />
                <Hidden field="order_id" value=Signal::stored(order_id.to_string()) />
                <Hidden field="confirmed_net_cents" value=Signal::stored(today_cents.to_string()) />
                <Hidden field="idempotency_key" value=Signal::stored(key.to_string()) />
                <Checkbox id="terms_accepted" checked=terms_accepted status required=true>
                    {move || t_string!(i18n, projects.terms_accept, version = TERMS_OF_SALE_VERSION).to_string()}
                    " " <a href="/terms" target="_blank" rel="noopener">{tr!(i18n, projects.terms_read)}</a>
                </Checkbox>
                <SubmitButton status>{tr!(i18n, order_actions.reorder_submit)}</SubmitButton>
            </PostForm>
        </section>
    }
}
