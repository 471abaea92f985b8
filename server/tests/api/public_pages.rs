//! The public pages with real content: the services page's capabilities table (from the rules
//! the quote uses) and its instant quote without an account, which "Order" carries through the
//! login to a new project.
use crate::helpers::spawn_app;
use crate::world::world;
use shared::{
    quote, BoardSpec, BoardThickness, LayerCount, LeadTime, Millimetres, Quantity, Service,
    SolderMask, SurfaceFinish,
};

const BOARD: &str = "service=fabrication_assembly&quantity=25&layers=4&width_mm=60&height_mm=40\
                     &thickness=1.6&finish=enig&mask=black";

async fn page(client: &reqwest::Client, url: String, language: &str) -> String {
    let response = client
        .get(url)
        .header("Accept-Language", language)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_capabilities_table_comes_from_the_rules_of_the_quote() {
    let app = spawn_app().await;
    let html = page(&app.client, format!("{}/services", app.address), "fr").await;
    let layers: Vec<String> = LayerCount::ALL
        .iter()
        .map(|c| c.get().to_string())
        .collect();
    for expected in [
        "Ce que nous fabriquons".to_string(),
        layers.join(", "),
        format!("de {} à {} mm de côté", Millimetres::MIN, Millimetres::MAX),
        format!("de {} à {} cartes", Quantity::MIN, Quantity::MAX),
        "ENIG".to_string(),
        // Fabrication + assembly, standard: 5 + 5 working days.
        format!(
            "{} jours ouvrés",
            shared::working_days(Service::FabricationAndAssembly, LeadTime::Standard)
        ),
        "Devis instantané".to_string(),
    ] {
        assert!(html.contains(&expected), "missing {expected}: {html}");
    }
    let html = page(&app.client, format!("{}/services", app.address), "en").await;
    for expected in [
        "What we make",
        "Solder mask colours",
        "Instant quote",
        "2 working days",
    ] {
        assert!(html.contains(expected), "missing {expected}: {html}");
    }
}

#[tokio::test]
async fn the_quote_in_the_address_is_priced_on_the_server() {
    let app = spawn_app().await;
    let html = page(
        &app.client,
        format!("{}/services?{BOARD}", app.address),
        "fr",
    )
    .await;
    let board = BoardSpec {
        layers: LayerCount::try_from(4).unwrap(),
        width: Millimetres::try_from(60).unwrap(),
        height: Millimetres::try_from(40).unwrap(),
        thickness: BoardThickness::Mm1_6,
        finish: SurfaceFinish::Enig,
        mask: SolderMask::Black,
    };
    let quantity = Quantity::new(25).unwrap();
    for lead in LeadTime::ALL {
        let price = quote(Service::FabricationAndAssembly, &board, quantity, lead);
        let net = price.net.format("fr");
        assert!(html.contains(&net), "missing {net} ({lead:?}): {html}");
    }
    // The form shows the board asked for, chosen in its selects.
    assert!(html.contains(r#"<option value="black" selected"#), "{html}");
    // Someone not logged in orders through the login, which then opens the new project.
    assert!(
        html.contains(
            "/login?next=/account/projects/new%3Fservice%3Dfabrication_assembly%26quantity%3D25"
        ),
        "{html}"
    );

    // A board that does not parse gets no price, and no error page.
    let html = page(
        &app.client,
        format!("{}/services?layers=7", app.address),
        "en",
    )
    .await;
    assert!(!html.contains("Order this board"), "{html}");
}

#[tokio::test]
async fn a_customer_orders_the_quote_as_a_new_project() {
    let world = world().await;
    let html = page(
        &world.holder,
        format!("{}/services?{BOARD}", world.app.address),
        "fr",
    )
    .await;
    assert!(
        html.contains("/account/projects/new?service=fabrication_assembly&amp;quantity=25")
            || html.contains("/account/projects/new?service=fabrication_assembly&quantity=25"),
        "{html}"
    );
    let html = page(
        &world.holder,
        format!("{}/account/projects/new?{BOARD}", world.app.address),
        "fr",
    )
    .await;
    for chosen in [
        r#"value="fabrication_assembly" checked"#,
        r#"value="enig" selected"#,
    ] {
        assert!(html.contains(chosen), "missing {chosen}: {html}");
    }
    assert!(html.contains(r#"value="25""#), "{html}");
}

#[tokio::test]
async fn the_legal_pages_and_the_faq_answer_in_both_languages() {
    let app = spawn_app().await;
    for (path, french, english) in [
        ("/legal", "Hébergeur", "Publication director"),
        ("/privacy", "Durées de conservation", "Data controller"),
        ("/terms", "Droit applicable", "Governing law"),
        (
            "/faq",
            "Quels fichiers acceptez-vous ?",
            "Which files do you accept?",
        ),
    ] {
        let url = format!("{}{path}", app.address);
        let html = page(&app.client, url.clone(), "fr").await;
        assert!(html.contains(french), "{path}: {html}");
        let html = page(&app.client, url, "en").await;
        assert!(html.contains(english), "{path}: {html}");
        // English pages keep English punctuation.
        assert!(
            !html.contains(" ?<") && !html.contains(" :"),
            "{path}: {html}"
        );
    }
    let html = page(&app.client, format!("{}/terms", app.address), "fr").await;
    assert!(
        html.contains(shared::terms::TERMS_OF_SALE_VERSION),
        "{html}"
    );
    // Every page links to the three legal pages.
    let html = page(&app.client, format!("{}/", app.address), "en").await;
    for link in [r#"href="/legal""#, r#"href="/privacy""#, r#"href="/terms""#] {
        assert!(html.contains(link), "missing {link}");
    }
}
