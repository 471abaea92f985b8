use crate::helpers::spawn_app;

async fn home_page(headers: &[(&str, &str)]) -> String {
    let app = spawn_app().await;
    let mut request = app.client.get(format!("{}/", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_home_page_is_french_by_default() {
    let html = home_page(&[]).await;
    assert!(html.contains(r#"<html lang="fr""#), "{html}");
    for label in [
        "Accueil",
        "Services",
        "FAQ",
        "Blog",
        "Ressources",
        "Connexion",
        "Nous contacter",
    ] {
        assert!(html.contains(label), "missing {label}");
    }
    assert!(html.contains("Vos circuits imprimés, du prototype à la série"));
}

#[tokio::test]
async fn the_language_cookie_renders_english_on_the_server() {
    let html = home_page(&[("Cookie", "lang=en")]).await;
    assert!(html.contains(r#"<html lang="en""#), "{html}");
    assert!(html.contains("Your printed circuit boards, from prototype to production"));
    assert!(html.contains("Contact us"));
    assert!(!html.contains("Nous contacter"));
}

#[tokio::test]
async fn a_first_visit_follows_accept_language() {
    let html = home_page(&[("Accept-Language", "en-GB,en;q=0.9")]).await;
    assert!(html.contains(r#"<html lang="en""#), "{html}");
    let html = home_page(&[("Accept-Language", "de-DE,fr;q=0.8")]).await;
    assert!(html.contains(r#"<html lang="fr""#), "{html}");
}

#[tokio::test]
async fn the_cookie_wins_over_accept_language() {
    let html = home_page(&[("Accept-Language", "en"), ("Cookie", "lang=fr")]).await;
    assert!(html.contains(r#"<html lang="fr""#), "{html}");
}

#[tokio::test]
async fn the_language_cookie_is_found_among_others_and_ignored_when_unknown() {
    let html = home_page(&[("Cookie", "id=abc; lang=en; theme=dark")]).await;
    assert!(html.contains(r#"<html lang="en""#), "{html}");
    let html = home_page(&[("Accept-Language", "en"), ("Cookie", "lang=de")]).await;
    assert!(html.contains(r#"<html lang="en""#), "{html}");
}

#[tokio::test]
async fn the_account_area_routes_exist_for_a_logged_in_person() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, serde_json::json!({})).await;
    for path in [
        "/account/projects",
        "/account/orders",
        "/account/collaborators",
        "/account/profile",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("Mes collaborateurs"),
            "{path}: the left-hand menu"
        );
    }
}

#[tokio::test]
async fn an_unknown_page_is_a_404() {
    let app = spawn_app().await;
    let response = app.get("/no-such-page").await;
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page introuvable"));
    // Logged in, the header of the same page says who is there: still a 404 page.
    app.sign_up_as(&app.client, serde_json::json!({})).await;
    let response = app.get("/no-such-page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Page introuvable"), "{html}");
}

/// The account area and the back-office are each one wildcard of the home page's route table
/// (app/src/lazy_routes.rs): an address under them that none of their pages has is a 404 too.
#[tokio::test]
async fn an_unknown_page_inside_the_account_area_or_the_back_office_is_a_404() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, serde_json::json!({})).await;
    for path in ["/account/no-such-page", "/account/projects/new/extra"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains("Page introuvable"), "{path}: {html}");
    }
    let staff = crate::world::staff_client(&app).await;
    let url = format!("{}/backoffice/no-such-page", app.address);
    let response = staff.get(url).send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page introuvable"));
}

/// The back-office's gate is decided before the page is rendered: whoever may not see it is
/// sent where they belong, whether or not the page's WASM ever runs.
#[tokio::test]
async fn the_back_office_sends_everyone_else_where_they_belong() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, serde_json::json!({})).await;
    let staff_to_enrol = crate::world::new_staff_client(&app, "nouveau@emsproto.fr").await;
    let staff = crate::world::staff_client(&app).await;
    let location = |client: reqwest::Client, path: &'static str| {
        let url = format!("{}{path}", app.address);
        async move {
            let response = client.get(url).send().await.unwrap();
            let status = response.status().as_u16();
            let place = response
                .headers()
                .get("location")
                .map(|value| value.to_str().unwrap().to_string());
            (status, place)
        }
    };
    let redirected = |place: &str| (303, Some(place.to_string()));
    for path in ["/backoffice", "/backoffice/messages"] {
        assert_eq!(
            location(crate::helpers::browser(), path).await,
            redirected("/login")
        );
        assert_eq!(
            location(app.client.clone(), path).await,
            redirected("/account")
        );
        assert_eq!(
            location(staff_to_enrol.clone(), path).await,
            redirected("/two-factor")
        );
        assert_eq!(location(staff.clone(), path).await, (200, None));
    }
}

/// Every page of the public part and of the forms' part answers at its own address, with its
/// own title: each part's table picks the page by the whole address.
#[tokio::test]
async fn each_public_page_and_form_is_found_at_its_address() {
    let app = spawn_app().await;
    for (path, title) in [
        ("/services", "<title>Services · EMS PROTO</title>"),
        ("/faq", "<title>Questions fréquentes · EMS PROTO</title>"),
        ("/blog", "<title>Blog · EMS PROTO</title>"),
        ("/resources", "<title>Ressources · EMS PROTO</title>"),
        ("/contact", "<title>Nous contacter · EMS PROTO</title>"),
        ("/login", "<title>Connexion · EMS PROTO</title>"),
        (
            "/signup",
            "<title>Créer un compte client · EMS PROTO</title>",
        ),
        (
            "/forgot-password",
            "<title>Mot de passe oublié · EMS PROTO</title>",
        ),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains(title), "{path}: {html}");
    }
}

#[tokio::test]
async fn the_collaborator_space_help_article_is_public_and_linked_from_resources() {
    let app = spawn_app().await;
    let response = app.get("/resources/collaborator-space").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Espace collaborateurs"), "{html}");
    assert!(html.contains("Demande d'invitation"), "{html}");

    let response = app.get("/resources").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains(r#"href="/resources/collaborator-space""#),
        "{html}"
    );
}

/// A page that creates resources inside the account area once left some server-side renders
/// open forever (the body never ended). Every render must finish.
#[tokio::test]
async fn account_pages_always_finish_rendering() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, serde_json::json!({})).await;
    let project: serde_json::Value = app
        .call(
            "projects/create",
            serde_json::json!({ "form": crate::world::project_form("Carte") }),
        )
        .await
        .json()
        .await
        .unwrap();
    let project_page = format!("/account/projects/{}", project.as_str().unwrap());
    for round in 0..5 {
        for path in [
            "/account/collaborators",
            "/account/profile",
            "/account",
            "/account/projects",
            "/account/projects/new",
            project_page.as_str(),
            "/account/orders",
            "/account/company",
            "/two-factor",
        ] {
            let body = tokio::time::timeout(std::time::Duration::from_secs(10), async {
                app.get(path).await.text().await.unwrap()
            })
            .await
            .unwrap_or_else(|_| panic!("{path} (round {round}) never finished"));
            assert!(
                body.ends_with("</script>") || body.contains("</html>"),
                "{path}"
            );
        }
    }
}

/// The header's link of the person who is logged in, as the server rendered it.
fn header_login_link(html: &str) -> &str {
    let class = html
        .find(r#"class="main-nav__login""#)
        .expect("the header's login link");
    let start = html[..class].rfind("<a").expect("the link's start");
    let end = class + html[class..].find("</a>").expect("the link's end");
    &html[start..end]
}

/// The header knows who is logged in as the page is rendered: the server looks them up before
/// (`look_up_visitor`), on every page and on the 404 page.
#[tokio::test]
async fn the_header_says_who_is_logged_in() {
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.unwrap();
    let link = header_login_link(&html);
    assert!(
        link.contains(r#"href="/login""#) && link.contains("Connexion"),
        "{link}"
    );

    app.sign_up_as(&app.client, serde_json::json!({})).await;
    for path in ["/", "/services", "/account/projects", "/no-such-page"] {
        let html = app.get(path).await.text().await.unwrap();
        let link = header_login_link(&html);
        assert!(
            link.contains(r#"href="/account""#) && link.contains("Mon espace"),
            "{path}: {link}"
        );
    }

    let staff = crate::world::staff_client(&app).await;
    let response = staff.get(format!("{}/", app.address)).send().await.unwrap();
    let html = response.text().await.unwrap();
    let link = header_login_link(&html);
    assert!(
        link.contains(r#"href="/backoffice""#) && link.contains("Back-office"),
        "{link}"
    );

    // Logged out, the same session cookie is nobody's.
    app.call("auth/logout", serde_json::json!({})).await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(header_login_link(&html).contains(r#"href="/login""#));
}
