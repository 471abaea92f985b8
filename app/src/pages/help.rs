//! Help articles: long prose, one version per language, written here rather than in the
//! key/value locale files.
use crate::i18n::*;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Where the article "Espace collaborateurs : qu'est-ce que c'est ?" is published.
pub(crate) const COLLABORATOR_SPACE_PATH: &str = "/resources/collaborator-space";

/// The article's title in `locale`: its heading, and the text of the links to it.
pub(crate) fn collaborator_space_title(locale: Locale) -> &'static str {
    match locale {
        Locale::fr => "Espace collaborateurs : qu'est-ce que c'est ?",
        Locale::en => "Collaborator space: what is it?",
    }
}

/// RESSOURCES › Espace collaborateurs: what the collaborator space is and the two ways of adding
/// collaborators to it, step by step.
///
/// The table of contents uses plain links with `rel="external"` so that the browser, not the
/// router, follows them: a native jump to a fragment also moves the keyboard's starting point
/// to the section, whereas the router only scrolls.
#[component]
pub fn CollaboratorSpaceHelpPage() -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let title = collaborator_space_title(locale);
        match locale {
            Locale::fr => Either::Left(view! {
                <Title text="Espace collaborateurs" />
                <article class="page help">
                    <h1>{title}</h1>
                    <p class="page__intro">
                        "Travaillez à plusieurs sur vos projets : voici à quoi sert l'espace "
                        "collaborateurs et comment y ajouter les membres de votre équipe."
                    </p>

                    <nav class="help__toc" aria-label="Sommaire">
                        <ol>
                            <li>
                                <a href="#what-is-it" rel="external">
                                    "L'espace collaborateurs, qu'est-ce que c'est ?"
                                </a>
                            </li>
                            <li>
                                <a href="#add-collaborators" rel="external">
                                    "Ajouter des collaborateurs à votre espace"
                                </a>
                                <ul>
                                    <li>
                                        <a href="#option-1" rel="external">
                                            "Option n°1 : vous créez vous-même les comptes de vos collaborateurs"
                                        </a>
                                    </li>
                                    <li>
                                        <a href="#option-2" rel="external">
                                            "Option n°2 : vos collaborateurs vous font la demande"
                                        </a>
                                    </li>
                                </ul>
                            </li>
                        </ol>
                    </nav>

                    <section id="what-is-it" class="help__section" aria-labelledby="what-is-it-title">
                        <h2 id="what-is-it-title">"1. L'espace collaborateurs, qu'est-ce que c'est ?"</h2>
                        <p>
                            "Chaque client du site EMS PROTO peut créer des comptes collaborateurs "
                            "depuis son compte client. Vos collaborateurs travaillent alors sur les "
                            "mêmes projets que vous, chacun avec son propre compte."
                        </p>
                        <h3>"Comment accéder à mon espace collaborateurs ?"</h3>
                        <ol class="help__steps">
                            <li>
                                <A href="/login">"Identifiez-vous"</A>
                                " avec l'adresse e-mail et le mot de passe de votre compte client."
                            </li>
                            <li>
                                "Dans le menu à gauche de votre espace client, cliquez sur « "
                                <A href="/account/collaborators">"Mes collaborateurs"</A>
                                " »."
                            </li>
                        </ol>
                    </section>

                    <section id="add-collaborators" class="help__section" aria-labelledby="add-collaborators-title">
                        <h2 id="add-collaborators-title">"2. Ajouter des collaborateurs à votre espace"</h2>
                        <p>
                            "L'espace collaborateurs vous permet de "
                            <strong>"travailler simultanément"</strong>
                            " sur vos projets en cours avec "
                            <strong>"d'autres collaborateurs"</strong>
                            ". Pour cela, deux options s'offrent à vous :"
                        </p>
                        <ul>
                            <li>"option n°1 : vous créez vous-même les comptes de vos collaborateurs ;"</li>
                            <li>"option n°2 : vos collaborateurs vous font la demande."</li>
                        </ul>
                        <p>"Voici comment procéder, pas à pas, dans chaque cas."</p>

                        <section id="option-1" class="help__option" aria-labelledby="option-1-title">
                            <h3 id="option-1-title">
                                "Option n°1 : vous créez vous-même les comptes de vos collaborateurs"
                            </h3>
                            <ol class="help__steps">
                                <li>
                                    "Pour inviter un collaborateur à travailler sur le même espace que "
                                    "vous, cliquez sur « Créer un compte collaborateur » dans votre "
                                    "espace collaborateurs."
                                </li>
                                <li>
                                    "Renseignez ensuite l'ensemble des champs d'identification :"
                                    <ul>
                                        <li>"Prénom ;"</li>
                                        <li>"Nom ;"</li>
                                        <li>"E-mail ;"</li>
                                        <li>"Numéro de téléphone ;"</li>
                                        <li>"« Il peut acheter ? » (oui ou non, voir ci-dessous) ;"</li>
                                        <li>
                                            "« Il peut voir toutes les commandes des collaborateurs de ce "
                                            "compte ? » (si non, il ne verra que ses propres commandes) ;"
                                        </li>
                                        <li>"Mot de passe et Confirmation : un mot de passe provisoire."</li>
                                    </ul>
                                </li>
                                <li>
                                    "Validez le formulaire : le compte de votre collaborateur est créé. "
                                    "Transmettez-lui le mot de passe provisoire que vous avez choisi : "
                                    "à sa première connexion, il choisira son propre mot de passe."
                                </li>
                            </ol>

                            <h4>"Questions fréquentes"</h4>
                            <dl class="help__faq">
                                <dt>"« Il peut acheter ? »"</dt>
                                <dd>
                                    <ul>
                                        <li>
                                            "Si vous choisissez " <strong>"« oui »"</strong>
                                            ", l'espace créé permettra de passer commande."
                                        </li>
                                        <li>
                                            "Si vous choisissez " <strong>"« non »"</strong>
                                            ", l'espace créé permettra uniquement la consultation et la "
                                            "modification des projets en cours."
                                        </li>
                                    </ul>
                                </dd>
                                <dt>"« Il peut voir toutes les commandes ? »"</dt>
                                <dd>
                                    <ul>
                                        <li>
                                            "Si vous choisissez " <strong>"« oui »"</strong>
                                            ", l'espace donnera accès à l'historique de toutes les commandes."
                                        </li>
                                        <li>
                                            "Si vous choisissez " <strong>"« non »"</strong>
                                            ", l'espace donnera accès aux commandes de ce collaborateur "
                                            "uniquement."
                                        </li>
                                    </ul>
                                </dd>
                            </dl>
                        </section>

                        <section id="option-2" class="help__option" aria-labelledby="option-2-title">
                            <h3 id="option-2-title">"Option n°2 : vos collaborateurs vous font la demande"</h3>
                            <ol class="help__steps">
                                <li>"Vos collaborateurs s'identifient avec leur propre compte."</li>
                                <li>
                                    "Ils vont ensuite dans l'espace collaborateurs, depuis le menu de "
                                    "gauche (« Mes collaborateurs »)."
                                </li>
                                <li>
                                    "Puis ils font leur demande de collaboration : dans le champ « Siret "
                                    "ou Email du compte auquel vous souhaitez être rattaché », ils "
                                    "saisissent le numéro SIRET ou l'adresse e-mail du compte mère (le "
                                    "vôtre), puis cliquent sur « Demande d'invitation ». Avec un SIRET, "
                                    "le nom de l'entreprise s'affiche : ils confirment avant l'envoi."
                                </li>
                                <li>
                                    "Vous, titulaire du compte, êtes prévenu par e-mail et retrouvez la "
                                    "demande dans votre espace collaborateurs : acceptez-la en choisissant ses deux autorisations "
                                    "(« Il peut acheter ? » et « Il peut voir toutes les commandes ? »), "
                                    "ou refusez-la, avec un message si vous le souhaitez."
                                </li>
                            </ol>
                        </section>
                    </section>

                    <p class="help__conclusion">
                        "Vous pouvez désormais travailler simultanément avec vos collaborateurs en "
                        "toute quiétude !"
                    </p>
                </article>
            }),
            Locale::en => Either::Right(view! {
                <Title text="Collaborator space" />
                <article class="page help">
                    <h1>{title}</h1>
                    <p class="page__intro">
                        "Work together on your projects: here is what the collaborator space is "
                        "for and how to add the members of your team to it."
                    </p>

                    <nav class="help__toc" aria-label="Contents">
                        <ol>
                            <li>
                                <a href="#what-is-it" rel="external">
                                    "The collaborator space: what is it?"
                                </a>
                            </li>
                            <li>
                                <a href="#add-collaborators" rel="external">
                                    "Adding collaborators to your space"
                                </a>
                                <ul>
                                    <li>
                                        <a href="#option-1" rel="external">
                                            "Option 1: you create your collaborators' accounts yourself"
                                        </a>
                                    </li>
                                    <li>
                                        <a href="#option-2" rel="external">
                                            "Option 2: your collaborators send you a request"
                                        </a>
                                    </li>
                                </ul>
                            </li>
                        </ol>
                    </nav>

                    <section id="what-is-it" class="help__section" aria-labelledby="what-is-it-title">
                        <h2 id="what-is-it-title">"1. The collaborator space: what is it?"</h2>
                        <p>
                            "Every EMS PROTO customer can create collaborator accounts from their "
                            "customer account. Your collaborators then work on the same projects as "
                            "you, each with their own account."
                        </p>
                        <h3>"How do I get to my collaborator space?"</h3>
                        <ol class="help__steps">
                            <li>
                                <A href="/login">"Log in"</A>
                                " with the e-mail address and password of your customer account."
                            </li>
                            <li>
                                "In the left-hand menu of your account area, click “"
                                <A href="/account/collaborators">"My collaborators"</A>
                                "”."
                            </li>
                        </ol>
                    </section>

                    <section id="add-collaborators" class="help__section" aria-labelledby="add-collaborators-title">
                        <h2 id="add-collaborators-title">"2. Adding collaborators to your space"</h2>
                        <p>
                            "The collaborator space lets you "
                            <strong>"work simultaneously"</strong>
                            " on your ongoing projects with "
                            <strong>"other collaborators"</strong>
                            ". There are two ways to set this up:"
                        </p>
                        <ul>
                            <li>"option 1: you create your collaborators' accounts yourself;"</li>
                            <li>"option 2: your collaborators send you a request."</li>
                        </ul>
                        <p>"Here is how to proceed in each case, step by step."</p>

                        <section id="option-1" class="help__option" aria-labelledby="option-1-title">
                            <h3 id="option-1-title">
                                "Option 1: you create your collaborators' accounts yourself"
                            </h3>
                            <ol class="help__steps">
                                <li>
                                    "To invite a collaborator to work in the same space as you, click "
                                    "“Create a collaborator account” in your collaborator space."
                                </li>
                                <li>
                                    "Then fill in all the identification fields:"
                                    <ul>
                                        <li>"First name;"</li>
                                        <li>"Last name;"</li>
                                        <li>"E-mail;"</li>
                                        <li>"Phone number;"</li>
                                        <li>"“Can they buy?” (yes or no, see below);"</li>
                                        <li>
                                            "“Can they see all orders of this account's "
                                            "collaborators?” (if not, they will only see their own orders);"
                                        </li>
                                        <li>"Password and Confirmation: a temporary password."</li>
                                    </ul>
                                </li>
                                <li>
                                    "Submit the form: your collaborator's account is created. Give them "
                                    "the temporary password you chose: the first time they log in, they "
                                    "will choose their own password."
                                </li>
                            </ol>

                            <h4>"Frequently asked questions"</h4>
                            <dl class="help__faq">
                                <dt>"“Can they buy?”"</dt>
                                <dd>
                                    <ul>
                                        <li>
                                            "If you choose " <strong>"“yes”"</strong>
                                            ", the account created will be able to place orders."
                                        </li>
                                        <li>
                                            "If you choose " <strong>"“no”"</strong>
                                            ", the account created will only be able to view and edit "
                                            "ongoing projects."
                                        </li>
                                    </ul>
                                </dd>
                                <dt>"“Can they see all orders?”"</dt>
                                <dd>
                                    <ul>
                                        <li>
                                            "If you choose " <strong>"“yes”"</strong>
                                            ", the account will give access to the history of all orders."
                                        </li>
                                        <li>
                                            "If you choose " <strong>"“no”"</strong>
                                            ", the account will only give access to that collaborator's "
                                            "own orders."
                                        </li>
                                    </ul>
                                </dd>
                            </dl>
                        </section>

                        <section id="option-2" class="help__option" aria-labelledby="option-2-title">
                            <h3 id="option-2-title">"Option 2: your collaborators send you a request"</h3>
                            <ol class="help__steps">
                                <li>"Your collaborators log in with their own account."</li>
                                <li>
                                    "They then go to the collaborator space from the left-hand menu "
                                    "(“My collaborators”)."
                                </li>
                                <li>
                                    "Next, they make their collaboration request: in the field “SIRET "
                                    "or e-mail of the account you want to be attached to”, they enter "
                                    "the SIRET number or the e-mail address of the parent account "
                                    "(yours), then click “Request an invitation”. With a SIRET, the "
                                    "company's name is shown and they confirm before it is sent."
                                </li>
                                <li>
                                    "As the account holder, you get an e-mail and find the request in "
                                    "your collaborator space: accept it, choosing its two permissions "
                                    "(“Can they buy?” and “Can they see all orders?”), or decline it, "
                                    "with a message if you wish."
                                </li>
                            </ol>
                        </section>
                    </section>

                    <p class="help__conclusion">
                        "You can now work simultaneously with your collaborators, with complete "
                        "peace of mind!"
                    </p>
                </article>
            }),
        }
    }
}
