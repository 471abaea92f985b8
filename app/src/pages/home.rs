use crate::components::text::tr;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The home page: what the manufacturer does and what the portal offers.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text="" />
        <section class="hero">
            <p class="hero__kicker">{tr!(i18n, home.kicker)}</p>
            <h1>{tr!(i18n, home.title)}</h1>
            <p class="hero__lead">{tr!(i18n, home.lead)}</p>
            <div class="hero__actions">
                <A href="/login" attr:class="button button--primary">{tr!(i18n, home.cta_start)}</A>
                <A href="/services" attr:class="button button--ghost">{tr!(i18n, home.cta_services)}</A>
            </div>
        </section>
        <section class="cards" aria-labelledby="home-services">
            <h2 id="home-services">{tr!(i18n, home.services_title)}</h2>
            <ul class="cards__list">
                <li class="card">
                    <h3>{tr!(i18n, home.pcb_title)}</h3>
                    <p>{tr!(i18n, home.pcb_text)}</p>
                </li>
                <li class="card">
                    <h3>{tr!(i18n, home.assembly_title)}</h3>
                    <p>{tr!(i18n, home.assembly_text)}</p>
                </li>
                <li class="card">
                    <h3>{tr!(i18n, home.turnkey_title)}</h3>
                    <p>{tr!(i18n, home.turnkey_text)}</p>
                </li>
            </ul>
        </section>
        <section class="feature" aria-labelledby="home-team">
            <h2 id="home-team">{tr!(i18n, home.team_title)}</h2>
            <p>{tr!(i18n, home.team_text)}</p>
        </section>
    }
}
