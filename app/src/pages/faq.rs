//! FAQ: the questions customers ask before and after ordering, answered from the portal's
//! rules (the files accepted are `shared::FileKind`'s, the lead times `shared::working_days`').
use super::{
    info::HelpArticleLinks,
    legal::{LegalPage, LegalText, Section},
};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn FaqPage() -> impl IntoView {
    view! {
        <LegalPage text=|locale| match locale { Locale::fr => &FAQ_FR, Locale::en => &FAQ_EN }>
            <HelpArticleLinks />
        </LegalPage>
    }
}

static FAQ_FR: LegalText = LegalText {
    title: "Questions fréquentes",
    intro: "Les réponses aux questions les plus courantes sur les fichiers, les délais, le paiement et votre compte client.",
    sections: &[
        Section {
            heading: "Quels fichiers acceptez-vous ?",
            paragraphs: &[
                "Pour la fabrication : vos fichiers Gerber et de perçage, réunis dans une archive ZIP. Pour l'assemblage, en plus : la nomenclature (BOM) en CSV, TXT ou Excel (.xlsx) et le fichier de placement des composants en CSV, TXT ou .pos (export KiCad). Chaque fichier fait au plus 20 Mo.",
                "Le portail vérifie le type de chaque fichier avant l'envoi, puis nos techniciens vérifient qu'il permet de fabriquer : s'il manque quelque chose, nous vous contactons avant toute production.",
            ],
        },
        Section {
            heading: "Quels sont les délais ?",
            paragraphs: &[
                "En délai standard, 5 jours ouvrés pour la fabrication, 5 pour l'assemblage, 10 pour les deux ; en express, 2, 3 et 5 jours ouvrés, pour 50 % de plus. Le délai court jusqu'à l'expédition, à partir du paiement ou de la validation des fichiers. Le tableau de la page Services les donne pour chaque prestation.",
            ],
        },
        Section {
            heading: "Comment est calculé le prix ?",
            paragraphs: &[
                "Selon la prestation, le nombre de couches, la surface de la carte, ses options (finition, couleur du vernis, épaisseur) et la quantité, avec des remises de 15 à 45 % à partir de la 11e carte. Le devis instantané de la page Services et celui de vos projets appliquent exactement les mêmes règles que votre commande.",
            ],
        },
        Section {
            heading: "Comment payer ?",
            paragraphs: &[
                "Par virement bancaire avant la mise en production, en indiquant la référence de la commande affichée sur sa page avec nos coordonnées bancaires. Si votre entreprise dispose du paiement en compte, vous payez à 30 jours date de facture et la production démarre sans attendre.",
            ],
        },
        Section {
            heading: "Puis-je annuler une commande ?",
            paragraphs: &[
                "Oui, tant que sa production n'a pas commencé : le titulaire du compte ou un acheteur l'annule depuis la page de la commande. Un paiement déjà reçu vous est remboursé par virement.",
            ],
        },
        Section {
            heading: "Comment suivre ma commande ?",
            paragraphs: &[
                "Chaque commande a sa page dans « Mes commandes », avec ses étapes (réception, vérification des fichiers, production, expédition, livraison) et le numéro de suivi du transporteur dès l'expédition. Vous recevez aussi un e-mail à chaque étape importante.",
            ],
        },
        Section {
            heading: "Comment travailler à plusieurs sur un compte ?",
            paragraphs: &[
                "Le titulaire du compte client crée les comptes de ses collaborateurs ou accepte leurs demandes, et choisit pour chacun s'il peut acheter et s'il voit toutes les commandes du compte. Un collaborateur qui ne peut pas acheter demande l'achat à un acheteur, qui l'approuve ou le refuse. Les articles ci-dessous expliquent tout pas à pas.",
            ],
        },
        Section {
            heading: "Que faites-vous de mes données et de mes fichiers ?",
            paragraphs: &[
                "Vos fichiers ne servent qu'à fabriquer vos commandes et ne sont jamais transmis à des tiers. Vos données sont hébergées en France ; notre politique de confidentialité dit lesquelles, pourquoi et combien de temps.",
            ],
        },
    ],
};

static FAQ_EN: LegalText = LegalText {
    title: "Frequently asked questions",
    intro: "Answers to the most common questions about files, lead times, payment and your customer account.",
    sections: &[
        Section {
            heading: "Which files do you accept?",
            paragraphs: &[
                "For fabrication: your Gerber and drill files, together in a ZIP archive. For assembly, also: the bill of materials (BOM) as CSV, TXT or Excel (.xlsx), and the component placement file as CSV, TXT or .pos (KiCad export). Each file is 20 MB at most.",
                "The portal checks each file's type before sending it, then our technicians check that it can be manufactured: if something is missing, we contact you before any production.",
            ],
        },
        Section {
            heading: "What are the lead times?",
            paragraphs: &[
                "At the standard lead time, 5 working days for fabrication, 5 for assembly, 10 for both; express takes 2, 3 and 5 working days, for 50% more. The lead time runs until shipping, from the payment or the approval of the files. The table on the Services page gives them for each service.",
            ],
        },
        Section {
            heading: "How is the price computed?",
            paragraphs: &[
                "From the service, the layer count, the board's area, its options (finish, mask colour, thickness) and the quantity, with discounts of 15 to 45% from the 11th board. The instant quote on the Services page and your projects' quotes apply exactly the same rules as your order.",
            ],
        },
        Section {
            heading: "How do I pay?",
            paragraphs: &[
                "By bank transfer before production, quoting the order's reference shown on its page with our bank details. If your company has payment on account, you pay at 30 days from the invoice date and production starts without waiting.",
            ],
        },
        Section {
            heading: "Can I cancel an order?",
            paragraphs: &[
                "Yes, as long as its production has not started: the account's holder or a buyer cancels it from the order's page. A payment already received is refunded by bank transfer.",
            ],
        },
        Section {
            heading: "How do I follow my order?",
            paragraphs: &[
                "Each order has its page in \"My orders\", with its steps (received, file check, production, shipping, delivery) and the carrier's tracking number once shipped. You also get an e-mail at each important step.",
            ],
        },
        Section {
            heading: "How do several people work on one account?",
            paragraphs: &[
                "The holder of the customer account creates their collaborators' accounts or accepts their requests, and chooses for each whether they may buy and whether they see every order of the account. A collaborator who may not buy asks a buyer, who approves or declines. The articles below explain everything step by step.",
            ],
        },
        Section {
            heading: "What do you do with my data and my files?",
            paragraphs: &[
                "Your files are only used to make your orders and are never passed on. Your data is hosted in France; our privacy policy says which data, why and for how long.",
            ],
        },
    ],
};
