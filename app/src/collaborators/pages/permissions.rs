//! The two questions of the seed, as yes/no radio groups with their explanations
//! ("Questions fréquentes") beside them. Both default to "non".
use crate::components::text::tr;
use crate::i18n::*;
use crate::plain_forms::field_name;
use leptos::prelude::*;
use shared::Permissions;

/// "Il peut acheter ?" and "Il peut voir toutes les commandes … ?", bound to `value`, named as
/// the server functions' `permissions` argument. Each instance is inside its own form (radios
/// group by form and name); `id` keeps their explanations' ids apart.
#[component]
pub fn PermissionChoice(id: String, value: RwSignal<Permissions>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <YesNo
            name=field_name("permissions.can_buy")
            help_id=format!("{id}-can-buy-help")
            checked=Signal::derive(move || value.get().can_buy)
            set=Callback::new(move |yes| value.update(|p| p.can_buy = yes))
            legend=Signal::derive(move || t_string!(i18n, collaborators.can_buy).to_string())
            yes_help=Signal::derive(move || t_string!(i18n, collaborators.can_buy_yes).to_string())
            no_help=Signal::derive(move || t_string!(i18n, collaborators.can_buy_no).to_string())
        />
        <YesNo
            name=field_name("permissions.can_see_all_orders")
            help_id=format!("{id}-all-orders-help")
            checked=Signal::derive(move || value.get().can_see_all_orders)
            set=Callback::new(move |yes| value.update(|p| p.can_see_all_orders = yes))
            legend=Signal::derive(move || t_string!(i18n, collaborators.can_see_all_orders).to_string())
            yes_help=Signal::derive(move || t_string!(i18n, collaborators.can_see_all_orders_yes).to_string())
            no_help=Signal::derive(move || t_string!(i18n, collaborators.can_see_all_orders_no).to_string())
        />
    }
}

#[component]
fn YesNo(
    name: String,
    help_id: String,
    checked: Signal<bool>,
    set: Callback<bool>,
    legend: Signal<String>,
    yes_help: Signal<String>,
    no_help: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="yes-no" aria-describedby=help_id.clone()>
            <legend>{move || legend.get()}</legend>
            <div class="yes-no__options">
                <label>
                    <input type="radio" name=name.clone() value="true"
                        checked=checked.get_untracked()
                        prop:checked=move || checked.get()
                        on:change=move |_| set.run(true) />
                    {tr!(i18n, collaborators.yes)}
                </label>
                <label>
                    <input type="radio" name=name.clone() value="false"
                        checked=!checked.get_untracked()
                        prop:checked=move || !checked.get()
                        on:change=move |_| set.run(false) />
                    {tr!(i18n, collaborators.no)}
                </label>
            </div>
            <ul class="yes-no__help" id=help_id.clone()>
                <li>{move || yes_help.get()}</li>
                <li>{move || no_help.get()}</li>
            </ul>
        </fieldset>
    }
}

/// "oui" / "non" for a permission in a list.
pub fn yes_no(locale: Locale, yes: bool) -> &'static str {
    if yes {
        td_string!(locale, collaborators.yes)
    } else {
        td_string!(locale, collaborators.no)
    }
}

/// "Il peut acheter ? oui · Il peut voir toutes les commandes ? non".
pub fn permissions_summary(locale: Locale, permissions: Permissions) -> String {
    format!(
        "{} {} · {} {}",
        td_string!(locale, collaborators.can_buy),
        yes_no(locale, permissions.can_buy),
        td_string!(locale, collaborators.can_see_all_orders_short),
        yes_no(locale, permissions.can_see_all_orders)
    )
}
