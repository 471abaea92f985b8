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
    view! {
        <YesNo question=Question::CanBuy help_id=Question::CanBuy.help_id(&id) value />
        <YesNo question=Question::CanSeeAllOrders help_id=Question::CanSeeAllOrders.help_id(&id) value />
    }
}

/// One of the seed's two questions: its field, its texts, and the permission it sets. A list's
/// rows each show both, so a question reads the permissions and the language when rendered
/// rather than through signals of its own.
#[derive(Clone, Copy)]
enum Question {
    CanBuy,
    CanSeeAllOrders,
}

impl Question {
    fn field(self) -> &'static str {
        match self {
            Question::CanBuy => "permissions.can_buy",
            Question::CanSeeAllOrders => "permissions.can_see_all_orders",
        }
    }

    fn answer(self, permissions: Permissions) -> bool {
        match self {
            Question::CanBuy => permissions.can_buy,
            Question::CanSeeAllOrders => permissions.can_see_all_orders,
        }
    }

    fn set(self, permissions: &mut Permissions, yes: bool) {
        match self {
            Question::CanBuy => permissions.can_buy = yes,
            Question::CanSeeAllOrders => permissions.can_see_all_orders = yes,
        }
    }

    /// The id of the question's explanations, for the form `id` names.
    fn help_id(self, id: &str) -> String {
        match self {
            Question::CanBuy => format!("{id}-can-buy-help"),
            Question::CanSeeAllOrders => format!("{id}-all-orders-help"),
        }
    }

    fn texts(self, locale: Locale) -> QuestionTexts {
        match self {
            Question::CanBuy => QuestionTexts {
                question: td_string!(locale, collaborators.can_buy),
                yes_means: td_string!(locale, collaborators.can_buy_yes),
                no_means: td_string!(locale, collaborators.can_buy_no),
            },
            Question::CanSeeAllOrders => QuestionTexts {
                question: td_string!(locale, collaborators.can_see_all_orders),
                yes_means: td_string!(locale, collaborators.can_see_all_orders_yes),
                no_means: td_string!(locale, collaborators.can_see_all_orders_no),
            },
        }
    }
}

/// A question and what each answer means ("Questions fréquentes"), in one language.
#[derive(Clone, Copy)]
struct QuestionTexts {
    question: &'static str,
    yes_means: &'static str,
    no_means: &'static str,
}

#[component]
fn YesNo(question: Question, help_id: String, value: RwSignal<Permissions>) -> impl IntoView {
    let i18n = use_i18n();
    let name = field_name(question.field());
    let texts = move || question.texts(i18n.get_locale());
    let yes = move || question.answer(value.get());
    let answered_yes = question.answer(value.get_untracked());
    let answer = move |yes: bool| move |_| value.update(|p| question.set(p, yes));
    let described_by = help_id.clone();
    view! {
        <fieldset class="yes-no" aria-describedby=described_by>
            <legend>{move || texts().question}</legend>
            <div class="yes-no__options">
                <label>
                    <input type="radio" name=name.clone() value="true"
                        checked=answered_yes prop:checked=yes on:change=answer(true) />
                    {tr!(i18n, collaborators.yes)}
                </label>
                <label>
                    <input type="radio" name=name value="false"
                        checked=!answered_yes prop:checked=move || !yes() on:change=answer(false) />
                    {tr!(i18n, collaborators.no)}
                </label>
            </div>
            <ul class="yes-no__help" id=help_id>
                <li>{move || texts().yes_means}</li>
                <li>{move || texts().no_means}</li>
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
