//! The two questions of the seed, as yes/no radio groups with their explanations
//! ("Questions fréquentes") beside them. Both default to "non".
use crate::components::text::tr;
use crate::i18n::*;
use crate::plain_forms::PlainForm;
use leptos::prelude::*;
use shared::Permissions;

/// "Il peut acheter ?" and "Il peut voir toutes les commandes … ?", bound to `value`.
/// `id` keeps the radio groups of several instances on one page apart.
#[component]
pub fn PermissionChoice(id: String, value: RwSignal<Permissions>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <YesNo
            name=field_name_or("permissions.can_buy", format!("{id}-can-buy"))
            checked=Signal::derive(move || value.get().can_buy)
            set=Callback::new(move |yes| value.update(|p| p.can_buy = yes))
            legend=Signal::derive(move || t_string!(i18n, collaborators.can_buy).to_string())
            yes_help=Signal::derive(move || t_string!(i18n, collaborators.can_buy_yes).to_string())
            no_help=Signal::derive(move || t_string!(i18n, collaborators.can_buy_no).to_string())
        />
        <YesNo
            name=field_name_or("permissions.can_see_all_orders", format!("{id}-all-orders"))
            checked=Signal::derive(move || value.get().can_see_all_orders)
            set=Callback::new(move |yes| value.update(|p| p.can_see_all_orders = yes))
            legend=Signal::derive(move || t_string!(i18n, collaborators.can_see_all_orders).to_string())
            yes_help=Signal::derive(move || t_string!(i18n, collaborators.can_see_all_orders_yes).to_string())
            no_help=Signal::derive(move || t_string!(i18n, collaborators.can_see_all_orders_no).to_string())
        />
    }
}

/// The radios' name: the permission's field in a plain form (which posts it), else a name of
/// this instance only.
fn field_name_or(path: &str, instance: String) -> String {
    use_context::<PlainForm>().map_or(instance, |form| form.name(path))
}

#[component]
fn YesNo(
    name: String,
    checked: Signal<bool>,
    set: Callback<bool>,
    legend: Signal<String>,
    yes_help: Signal<String>,
    no_help: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Not the name, which may hold brackets (`form[permissions][can_buy]`).
    let help_id = format!("{}-help", name.replace(['[', ']'], "-"));
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
