//! The pages of text: the legal notice (`/legal`), the privacy policy (`/privacy`), the terms of
//! sale (`/terms`, whose version each order stores) and the FAQ (`faq.rs`). Their text is data,
//! one list of sections per language, rendered by one component.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::terms::TERMS_OF_SALE_VERSION;

/// A part of a page of text: its heading and its paragraphs.
pub(super) struct Section {
    pub(super) heading: &'static str,
    pub(super) paragraphs: &'static [&'static str],
}

/// A page of text in one language.
pub(super) struct LegalText {
    pub(super) title: &'static str,
    pub(super) intro: &'static str,
    pub(super) sections: &'static [Section],
}

/// A page of text; with `version`, the terms of sale's version in force under its introduction.
#[component]
pub(super) fn LegalPage(
    text: fn(Locale) -> &'static LegalText,
    #[prop(optional)] version: bool,
    /// What follows the sections (the FAQ's links to the help articles).
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let page = text(locale);
        let version = version.then(|| {
            let label = match locale {
                Locale::fr => "Version en vigueur : ",
                Locale::en => "Version in force: ",
            };
            view! { <p class="legal__version">{label} <strong>{TERMS_OF_SALE_VERSION}</strong></p> }
        });
        view! {
            <Title text=page.title />
            <article class="page legal">
                <h1>{page.title}</h1>
                <p class="page__intro">{page.intro}</p>
                {version}
                {page.sections.iter().map(|section| view! {
                    <section>
                        <h2>{section.heading}</h2>
                        {section.paragraphs.iter().map(|paragraph| view! { <p>{*paragraph}</p> }).collect_view()}
                    </section>
                }).collect_view()}
                {children.clone().map(|children| children())}
            </article>
        }
    }
}

/// MENTIONS LÉGALES
#[component]
pub fn LegalNoticePage() -> impl IntoView {
    view! { <LegalPage text=|locale| match locale { Locale::fr => &LEGAL_FR, Locale::en => &LEGAL_EN } /> }
}

/// POLITIQUE DE CONFIDENTIALITÉ
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! { <LegalPage text=|locale| match locale { Locale::fr => &PRIVACY_FR, Locale::en => &PRIVACY_EN } /> }
}

/// CONDITIONS GÉNÉRALES DE VENTE
#[component]
pub fn TermsPage() -> impl IntoView {
    view! { <LegalPage version=true text=|locale| match locale { Locale::fr => &TERMS_FR, Locale::en => &TERMS_EN } /> }
}

static LEGAL_FR: LegalText = LegalText {
    title: "Mentions légales",
    intro: "Le site et le portail client EMS PROTO sont édités par la société EMS PROTO.",
    sections: &[
        Section {
            heading: "Éditeur",
            paragraphs: &[
                "EMS PROTO, société par actions simplifiée au capital de 50 000 €, immatriculée au registre du commerce et des sociétés de Nantes sous le numéro 894 123 454 (SIRET 894 123 454 00007), TVA intracommunautaire FR80 894 123 454.",
                "Siège social : 12 rue de la Soudure, 44300 Nantes, France. Téléphone : +33 2 40 12 34 56. E-mail : contact@emsproto.fr.",
                "Directrice de la publication : Claire Martin, présidente.",
            ],
        },
        Section {
            heading: "Hébergeur",
            paragraphs: &[
                "OVH SAS, 2 rue Kellermann, 59100 Roubaix, France. Téléphone : +33 9 72 10 10 07. Les données sont hébergées en France.",
            ],
        },
        Section {
            heading: "Propriété intellectuelle",
            paragraphs: &[
                "Les textes, logos et illustrations du site appartiennent à EMS PROTO. Les fichiers de conception que vous déposez restent votre propriété : nous ne les utilisons que pour fabriquer vos commandes.",
            ],
        },
        Section {
            heading: "Données personnelles",
            paragraphs: &[
                "Le traitement de vos données est décrit dans notre politique de confidentialité. Pour exercer vos droits, écrivez à dpo@emsproto.fr.",
            ],
        },
    ],
};

static LEGAL_EN: LegalText = LegalText {
    title: "Legal notice",
    intro: "The EMS PROTO website and customer portal are published by EMS PROTO.",
    sections: &[
        Section {
            heading: "Publisher",
            paragraphs: &[
                "EMS PROTO, a French simplified joint-stock company (SAS) with a share capital of €50,000, registered with the Nantes Trade and Companies Register under number 894 123 454 (SIRET 894 123 454 00007), EU VAT number FR80 894 123 454.",
                "Registered office: 12 rue de la Soudure, 44300 Nantes, France. Phone: +33 2 40 12 34 56. E-mail: contact@emsproto.fr.",
                "Publication director: Claire Martin, President.",
            ],
        },
        Section {
            heading: "Host",
            paragraphs: &[
                "OVH SAS, 2 rue Kellermann, 59100 Roubaix, France. Phone: +33 9 72 10 10 07. The data is hosted in France.",
            ],
        },
        Section {
            heading: "Intellectual property",
            paragraphs: &[
                "The site's texts, logos and pictures belong to EMS PROTO. The design files you upload remain yours: we use them only to make your orders.",
            ],
        },
        Section {
            heading: "Personal data",
            paragraphs: &[
                "How we process your data is described in our privacy policy. To exercise your rights, write to dpo@emsproto.fr.",
            ],
        },
    ],
};

static PRIVACY_FR: LegalText = LegalText {
    title: "Politique de confidentialité",
    intro: "Ce que nous faisons des données personnelles que le portail client recueille, pourquoi, combien de temps, et comment exercer vos droits.",
    sections: &[
        Section {
            heading: "Responsable du traitement",
            paragraphs: &[
                "EMS PROTO SAS, 12 rue de la Soudure, 44300 Nantes, représentée par sa présidente. Contact pour vos données : dpo@emsproto.fr.",
            ],
        },
        Section {
            heading: "Données traitées et finalités",
            paragraphs: &[
                "Votre compte : nom, prénom, adresse e-mail, téléphone, mot de passe (conservé sous forme d'empreinte Argon2, jamais en clair), langue et fuseau horaire, pour vous identifier et vous écrire. Base légale : l'exécution du contrat.",
                "Votre entreprise et vos commandes : raison sociale, SIRET, projets, fichiers de conception, adresses de livraison, commandes et paiements, pour fabriquer, livrer et facturer. Base légale : l'exécution du contrat et nos obligations comptables.",
                "La sécurité : adresses IP, navigateur et événements de connexion, pour protéger votre compte contre les accès frauduleux. Base légale : notre intérêt légitime.",
                "Les messages que vous nous envoyez par le formulaire de contact, pour vous répondre. Base légale : notre intérêt légitime à répondre aux demandes.",
            ],
        },
        Section {
            heading: "Durées de conservation",
            paragraphs: &[
                "Le compte est conservé tant que vous l'utilisez et supprimé à votre demande. Les commandes et factures sont conservées dix ans (article L123-22 du Code de commerce), sans votre nom une fois votre compte supprimé. Les événements de sécurité sont conservés un an, les messages de contact trois ans.",
            ],
        },
        Section {
            heading: "Destinataires",
            paragraphs: &[
                "Nos équipes de fabrication et de facturation, notre hébergeur (OVH, en France) et notre prestataire d'envoi d'e-mails. Aucune donnée n'est vendue ni transmise hors de l'Union européenne.",
            ],
        },
        Section {
            heading: "Cookies",
            paragraphs: &[
                "Le portail n'utilise que deux cookies, nécessaires à son fonctionnement et exemptés de consentement : le cookie de session, qui vous garde connecté, et le cookie de langue, qui retient votre choix FR | EN. Aucun cookie de mesure d'audience ni de publicité.",
            ],
        },
        Section {
            heading: "Vos droits",
            paragraphs: &[
                "Vous pouvez accéder à vos données, les rectifier, les recevoir dans un format lisible, vous opposer à un traitement ou demander leur effacement. Votre profil (« Mon compte ») permet de corriger vos informations, de télécharger toutes vos données et de supprimer votre compte ; pour le reste, écrivez à dpo@emsproto.fr, nous répondons sous un mois.",
                "Vous pouvez aussi saisir la CNIL (www.cnil.fr), 3 place de Fontenoy, 75007 Paris.",
            ],
        },
    ],
};

static PRIVACY_EN: LegalText = LegalText {
    title: "Privacy policy",
    intro: "What we do with the personal data the customer portal collects, why, for how long, and how to exercise your rights.",
    sections: &[
        Section {
            heading: "Data controller",
            paragraphs: &[
                "EMS PROTO SAS, 12 rue de la Soudure, 44300 Nantes, France, represented by its President. Contact about your data: dpo@emsproto.fr.",
            ],
        },
        Section {
            heading: "Data processed and purposes",
            paragraphs: &[
                "Your account: first and last name, e-mail address, phone, password (kept as an Argon2 hash, never in clear), language and time zone, to identify you and write to you. Legal basis: performance of the contract.",
                "Your company and your orders: company name, SIRET, projects, design files, delivery addresses, orders and payments, to make, deliver and invoice. Legal basis: performance of the contract and our accounting obligations.",
                "Security: IP addresses, browser and login events, to protect your account against fraudulent access. Legal basis: our legitimate interest.",
                "The messages you send us with the contact form, to answer them. Legal basis: our legitimate interest in answering requests.",
            ],
        },
        Section {
            heading: "Retention",
            paragraphs: &[
                "Your account is kept while you use it and deleted when you ask. Orders and invoices are kept for ten years (French Commercial Code, article L123-22), without your name once your account is deleted. Security events are kept for one year, contact messages for three years.",
            ],
        },
        Section {
            heading: "Recipients",
            paragraphs: &[
                "Our manufacturing and invoicing teams, our host (OVH, in France) and our e-mail delivery provider. No data is sold or transferred outside the European Union.",
            ],
        },
        Section {
            heading: "Cookies",
            paragraphs: &[
                "The portal only uses two cookies, needed for it to work and exempt from consent: the session cookie, which keeps you logged in, and the language cookie, which remembers your FR | EN choice. No analytics or advertising cookies.",
            ],
        },
        Section {
            heading: "Your rights",
            paragraphs: &[
                "You may access your data, correct it, receive it in a readable format, object to a processing or ask for its erasure. Your profile (\"My profile\") lets you correct your details; for anything else, write to dpo@emsproto.fr and we answer within one month.",
                "You may also lodge a complaint with the CNIL (www.cnil.fr), 3 place de Fontenoy, 75007 Paris, France.",
            ],
        },
    ],
};

static TERMS_FR: LegalText = LegalText {
    title: "Conditions générales de vente",
    intro: "Ces conditions s'appliquent à toute commande de fabrication ou d'assemblage de cartes électroniques passée sur le portail EMS PROTO par un client professionnel.",
    sections: &[
        Section {
            heading: "1. Commandes",
            paragraphs: &[
                "La commande est passée sur le portail par une personne habilitée à acheter pour le compte client. Elle porte sur la version du projet et les fichiers de conception enregistrés au moment de la commande. En commandant, l'acheteur accepte expressément la version en vigueur des présentes conditions, conservée avec la commande.",
                "Nous vérifions les fichiers avant fabrication ; si un fichier ne permet pas de fabriquer, nous vous contactons avant toute production.",
            ],
        },
        Section {
            heading: "2. Prix",
            paragraphs: &[
                "Les prix sont ceux du devis affiché au moment de la commande, en euros hors taxes, TVA française en sus au taux en vigueur. Les composants ne sont pas compris dans le prix de l'assemblage.",
            ],
        },
        Section {
            heading: "3. Paiement",
            paragraphs: &[
                "Le paiement se fait par virement bancaire avant la mise en production, en indiquant la référence de la commande, ou à 30 jours date de facture lorsque nous avons ouvert le paiement en compte à votre entreprise.",
                "Tout retard de paiement entraîne des pénalités au taux d'intérêt de la Banque centrale européenne majoré de 10 points, et une indemnité forfaitaire pour frais de recouvrement de 40 € (articles L441-10 et D441-5 du Code de commerce). Aucun escompte n'est accordé pour paiement anticipé.",
            ],
        },
        Section {
            heading: "4. Délais et livraison",
            paragraphs: &[
                "Les délais sont indiqués en jours ouvrés jusqu'à l'expédition, à compter de la réception du paiement ou de la validation des fichiers. Les marchandises voyagent aux risques de l'acheteur ; le numéro de suivi est donné sur la page de la commande.",
            ],
        },
        Section {
            heading: "5. Annulation",
            paragraphs: &[
                "Une commande peut être annulée tant que sa production n'a pas commencé ; un paiement déjà reçu est alors remboursé. Le droit de rétractation ne s'applique pas entre professionnels.",
            ],
        },
        Section {
            heading: "6. Réception et garantie",
            paragraphs: &[
                "Les cartes sont contrôlées selon la norme IPC-A-600 classe 2 (fabrication) et IPC-A-610 classe 2 (assemblage). Toute non-conformité doit nous être signalée dans les 10 jours suivant la réception ; nous refaisons ou remboursons les cartes non conformes à nos fabrications.",
            ],
        },
        Section {
            heading: "7. Responsabilité",
            paragraphs: &[
                "Nous fabriquons selon vos fichiers : la conception reste sous votre responsabilité. Notre responsabilité est limitée au montant de la commande concernée, hors dommages indirects.",
            ],
        },
        Section {
            heading: "8. Droit applicable",
            paragraphs: &[
                "Les présentes conditions sont soumises au droit français. À défaut d'accord amiable, tout litige relève du tribunal de commerce de Nantes.",
            ],
        },
    ],
};

static TERMS_EN: LegalText = LegalText {
    title: "Terms of sale",
    intro: "These terms apply to every order for printed circuit board fabrication or assembly placed on the EMS PROTO portal by a business customer.",
    sections: &[
        Section {
            heading: "1. Orders",
            paragraphs: &[
                "An order is placed on the portal by a person allowed to buy for the customer account. It covers the version of the project and the design files saved when ordering. By ordering, the buyer expressly accepts the version of these terms in force, which is kept with the order.",
                "We check the files before manufacturing; if a file cannot be manufactured, we contact you before any production.",
            ],
        },
        Section {
            heading: "2. Prices",
            paragraphs: &[
                "Prices are those of the quote shown when ordering, in euros excluding VAT, French VAT added at the current rate. Components are not included in the assembly price.",
            ],
        },
        Section {
            heading: "3. Payment",
            paragraphs: &[
                "Payment is made by bank transfer before production, quoting the order's reference, or at 30 days from the invoice date when we have opened payment on account for your company.",
                "Late payment incurs penalties at the European Central Bank's interest rate plus 10 points, and a fixed recovery fee of €40 (French Commercial Code, articles L441-10 and D441-5). No discount is given for early payment.",
            ],
        },
        Section {
            heading: "4. Lead times and delivery",
            paragraphs: &[
                "Lead times are given in working days until shipping, from the receipt of the payment or the approval of the files. Goods travel at the buyer's risk; the tracking number is shown on the order's page.",
            ],
        },
        Section {
            heading: "5. Cancellation",
            paragraphs: &[
                "An order may be cancelled as long as its production has not started; a payment already received is then refunded. The right of withdrawal does not apply between businesses.",
            ],
        },
        Section {
            heading: "6. Acceptance and warranty",
            paragraphs: &[
                "Boards are inspected to IPC-A-600 class 2 (fabrication) and IPC-A-610 class 2 (assembly). Any non-conformity must be reported within 10 days of receipt; we remake or refund boards that do not conform to our manufacturing.",
            ],
        },
        Section {
            heading: "7. Liability",
            paragraphs: &[
                "We manufacture from your files: the design remains your responsibility. Our liability is limited to the amount of the order concerned, excluding indirect damage.",
            ],
        },
        Section {
            heading: "8. Governing law",
            paragraphs: &[
                "These terms are governed by French law. Failing an amicable settlement, any dispute falls under the Commercial Court of Nantes.",
            ],
        },
    ],
};
