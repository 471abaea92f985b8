//! The back-office pages: every customer's orders, the customer accounts, and one order with the
//! staff's actions. Only staff see them.
mod accounts;
mod documents;
mod list;
mod order;

pub use accounts::CustomerAccountsPage;
pub use documents::StaffDocumentsPage;
pub use list::BackofficePage;
pub use order::StaffOrderPage;

use crate::{auth::provide_me, i18n::*};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// What an action that worked did, as the pages' live region says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    /// The customer's payment arrived.
    Paid,
    /// The order moved to its next step.
    Advanced,
    Cancelled,
    /// The refund of an order cancelled after payment was made.
    Refunded,
    /// Payment on account was switched for a customer.
    Saved,
    /// A customer's SIRET was marked as checked.
    SiretVerified,
    /// A customer's SIRET is no longer marked as checked.
    SiretUnverified,
}

impl Done {
    fn text(locale: Locale, done: Done) -> &'static str {
        match done {
            Done::Paid => td_string!(locale, backoffice.done_paid),
            Done::Advanced => td_string!(locale, backoffice.done_advanced),
            Done::Cancelled => td_string!(locale, backoffice.done_cancelled),
            Done::Saved => td_string!(locale, backoffice.done_saved),
            Done::Refunded => td_string!(locale, backoffice.done_refunded),
            Done::SiretVerified => td_string!(locale, backoffice.done_siret_verified),
            Done::SiretUnverified => td_string!(locale, backoffice.done_siret_unverified),
        }
    }
}

/// Only staff see the back-office; anyone else is sent to the login page or their account.
#[component]
pub fn StaffGate() -> impl IntoView {
    let me = provide_me();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) if me.staff && me.must_enrol_two_factor => Some(view! { <Redirect path="/two-factor" /> }.into_any()),
                    Ok(Some(me)) if me.staff => None,
                    Ok(Some(_)) => Some(view! { <Redirect path="/account" /> }.into_any()),
                    _ => Some(view! { <Redirect path="/login" /> }.into_any()),
                }
            })}
        </Suspense>
    }
}
