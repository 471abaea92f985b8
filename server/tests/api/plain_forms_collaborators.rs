//! The collaborator space's forms posted by the browser itself (before the WASM, or without
//! JavaScript): the join request's two steps, the holder's buttons, the invitation offered when
//! the e-mail has an account, the first password, switching accounts and logging out.
use crate::collaborators::{
    add_settled_collaborator, collaborators, new_collaborator, other_holder, prove_address, space,
    user_id, COLLABORATOR_PASSWORD, OWN_PASSWORD,
};
use crate::helpers::{browser, location, spawn_app};
use serde_json::{json, Value};

const PAGE: &str = "/account/collaborators";

#[tokio::test]
async fn a_join_request_names_the_company_first_then_is_sent_and_the_holder_accepts_it() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let jean = other_holder(&app).await;

    // First step: the SIRET names the company; nothing is sent yet.
    let named = app
        .post_form(
            &jean,
            "/api/collaborators/request",
            PAGE,
            &[("reference", "732 829 320 00074"), ("confirmed", "false")],
        )
        .await;
    assert_eq!(location(&named), PAGE);
    let page = app.page(&jean, PAGE).await;
    assert!(page.contains("Acme Électronique"), "{page}");
    assert!(page.contains("Confirmer la demande"));
    assert!(page.contains(r#"name="confirmed" value="true""#));
    assert!(
        page.contains(r#"name="reference" value="732 829 320 00074""#),
        "the confirmation carries the reference typed"
    );
    assert_eq!(
        space(&app, &app.client).await["incoming_requests"],
        json!([])
    );

    // Second step: confirmed, the request leaves and the page says so.
    let sent = app
        .post_form(
            &jean,
            "/api/collaborators/request",
            PAGE,
            &[("reference", "732 829 320 00074"), ("confirmed", "true")],
        )
        .await;
    assert_eq!(location(&sent), PAGE);
    let page = app.page(&jean, PAGE).await;
    assert!(page.contains("Votre demande est envoyée."), "{page}");
    assert!(!page.contains("Confirmer la demande"));

    // The holder accepts, choosing the permissions with the radios.
    let request_id = space(&app, &app.client).await["incoming_requests"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let page = app.page(&app.client, PAGE).await;
    assert!(page.contains(&format!(r#"name="request_id" value="{request_id}""#)));
    let accepted = app
        .post_form(
            &app.client,
            "/api/collaborators/decide",
            PAGE,
            &[
                ("request_id", &request_id),
                ("accept", "true"),
                ("permissions[can_buy]", "true"),
                ("permissions[can_see_all_orders]", "false"),
            ],
        )
        .await;
    assert_eq!(location(&accepted), PAGE);
    assert!(app.page(&app.client, PAGE).await.contains("est accepté."));
    let members = collaborators(&app, &app.client).await;
    let jean_there = members
        .as_array()
        .unwrap()
        .iter()
        .find(|member| member["email"] == "jean@autre.fr")
        .expect("Jean is a collaborator");
    assert_eq!(
        jean_there["permissions"],
        json!({ "can_buy": true, "can_see_all_orders": false })
    );

    // Jean leaves the account with its button.
    let account_id = space(&app, &app.client).await["account"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let left = app
        .post_form(
            &jean,
            "/api/collaborators/leave",
            PAGE,
            &[("account_id", &account_id)],
        )
        .await;
    assert_eq!(location(&left), PAGE);
    assert!(app
        .page(&jean, PAGE)
        .await
        .contains("Vous avez quitté ce compte."));
    assert_eq!(space(&app, &jean).await["memberships"], json!([]));
}

#[tokio::test]
async fn a_declined_request_needs_no_permissions_and_a_refused_button_says_why_once() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let jean = other_holder(&app).await;
    let sent = app
        .post_form(
            &jean,
            "/api/collaborators/request",
            PAGE,
            &[("reference", "marie@acme.fr"), ("confirmed", "false")],
        )
        .await;
    assert_eq!(location(&sent), PAGE);
    let request_id = space(&app, &app.client).await["incoming_requests"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let declined = app
        .post_form(
            &app.client,
            "/api/collaborators/decide",
            PAGE,
            &[
                ("request_id", &request_id),
                ("accept", "false"),
                ("message", "Nous ne travaillons pas ensemble."),
            ],
        )
        .await;
    assert_eq!(location(&declined), PAGE);
    assert!(app.page(&app.client, PAGE).await.contains("est refusé."));
    assert_eq!(space(&app, &jean).await["sent_requests"], json!([]));

    // The holder may not remove themselves: the reason comes back with the page, once.
    let holder_id = user_id(&app, "marie@acme.fr").await.to_string();
    let refused = app
        .post_form(
            &app.client,
            "/api/collaborators/remove",
            "/account/collaborators?page=1",
            &[("user_id", &holder_id)],
        )
        .await;
    assert_eq!(location(&refused), "/account/collaborators?page=1");
    let why = "Le titulaire ne peut ni se retirer ni se désactiver";
    assert!(app
        .page(&app.client, "/account/collaborators?page=1")
        .await
        .contains(why));
    assert!(!app.page(&app.client, PAGE).await.contains(why));
}

#[tokio::test]
async fn the_holders_buttons_change_permissions_deactivate_and_reactivate() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let (paul, paul_id) = add_settled_collaborator(&app, false).await;
    let paul_id = paul_id.to_string();
    let permissions_of_paul = |members: Value| {
        members
            .as_array()
            .unwrap()
            .iter()
            .find(|member| member["email"] == "paul@acme.fr")
            .map(|member| (member["permissions"].clone(), member["active"].clone()))
            .unwrap()
    };

    let page = app.page(&app.client, PAGE).await;
    assert!(page.contains(r#"action="/api/collaborators/permissions""#));
    let changed = app
        .post_form(
            &app.client,
            "/api/collaborators/permissions",
            PAGE,
            &[
                ("user_id", &paul_id),
                ("permissions[can_buy]", "true"),
                ("permissions[can_see_all_orders]", "true"),
            ],
        )
        .await;
    assert_eq!(location(&changed), PAGE);
    assert_eq!(
        permissions_of_paul(collaborators(&app, &app.client).await),
        (
            json!({ "can_buy": true, "can_see_all_orders": true }),
            json!(true)
        )
    );

    let deactivated = app
        .post_form(
            &app.client,
            "/api/collaborators/deactivate",
            PAGE,
            &[("user_id", &paul_id)],
        )
        .await;
    assert_eq!(location(&deactivated), PAGE);
    assert_eq!(
        app.me(&paul).await["active"],
        Value::Null,
        "Paul's access ends"
    );

    let reactivated = app
        .post_form(
            &app.client,
            "/api/collaborators/reactivate",
            PAGE,
            &[
                ("user_id", &paul_id),
                ("permissions[can_buy]", "false"),
                ("permissions[can_see_all_orders]", "true"),
            ],
        )
        .await;
    assert_eq!(location(&reactivated), PAGE);
    assert_eq!(
        permissions_of_paul(collaborators(&app, &app.client).await),
        (
            json!({ "can_buy": false, "can_see_all_orders": true }),
            json!(true)
        )
    );
}

#[tokio::test]
async fn an_email_with_an_account_is_offered_an_invitation_which_the_form_sends() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    let _jean = other_holder(&app).await;
    let form = new_collaborator("jean@autre.fr", true, false);
    let fields: Vec<(String, String)> = form["form"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(name, value)| match value {
            Value::Object(inner) => inner
                .iter()
                .map(|(part, value)| (format!("form[{name}][{part}]"), value.to_string()))
                .collect::<Vec<_>>(),
            value => vec![(format!("form[{name}]"), value.as_str().unwrap().to_string())],
        })
        .collect();
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let refused = app
        .post_form(
            &app.client,
            "/api/collaborators/create",
            "/account/collaborators/new",
            &fields,
        )
        .await;
    assert_eq!(location(&refused), "/account/collaborators/new");
    let page = app.page(&app.client, "/account/collaborators/new").await;
    assert!(page.contains("Cette personne a déjà un compte EMS PROTO"));
    assert!(page.contains(r#"form="invitation""#));
    assert!(page.contains(r#"name="email" value="jean@autre.fr""#));
    assert!(page.contains(r#"name="permissions[can_buy]" value="true""#));

    let invited = app
        .post_form(
            &app.client,
            "/api/collaborators/invite",
            "/account/collaborators/new",
            &[
                ("email", "jean@autre.fr"),
                ("permissions[can_buy]", "true"),
                ("permissions[can_see_all_orders]", "false"),
            ],
        )
        .await;
    assert_eq!(location(&invited), "/account/collaborators?done=invited");
    assert!(app
        .page(&app.client, "/account/collaborators?done=invited")
        .await
        .contains("L'invitation est envoyée."));
    assert_eq!(
        space(&app, &app.client).await["sent_invitations"][0]["email"],
        "jean@autre.fr"
    );
}

#[tokio::test]
async fn a_created_collaborator_chooses_a_password_switches_accounts_and_logs_out() {
    let app = spawn_app().await;
    app.sign_up_as(&app.client, json!({})).await;
    app.call(
        "collaborators/create",
        new_collaborator("paul@acme.fr", false, false),
    )
    .await;
    let paul = browser();
    app.log_in_as(&paul, "paul@acme.fr", COLLABORATOR_PASSWORD)
        .await;
    assert!(app
        .page(&paul, "/account")
        .await
        .contains(r#"action="/api/account/first-password""#));
    let chosen = app
        .post_form(
            &paul,
            "/api/account/first-password",
            "/account",
            &[("password", OWN_PASSWORD), ("confirmation", OWN_PASSWORD)],
        )
        .await;
    assert_eq!(location(&chosen), "/account");
    assert_eq!(app.me(&paul).await["must_change_password"], false);

    // Paul, also a holder of his own company, switches accounts with the menu's form.
    prove_address(&app, "paul@acme.fr").await;
    let opened = app
        .call_as(
            &paul,
            "account/new-company",
            json!({ "form": { "company_name": "Paul SARL", "siret": "" } }),
        )
        .await;
    assert_eq!(opened.status(), 200);
    let me = app.me(&paul).await;
    let other = me["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|account| account["id"] != me["active"]["id"])
        .map(|account| account["id"].as_str().unwrap().to_string())
        .expect("two accounts");
    let page = app.page(&paul, "/account/projects").await;
    assert!(page.contains(r#"action="/api/account/switch""#));
    let switched = app
        .post_form(
            &paul,
            "/api/account/switch",
            "/account/projects",
            &[("account_id", &other)],
        )
        .await;
    assert_eq!(location(&switched), "/account/projects");
    assert_eq!(app.me(&paul).await["active"]["id"], json!(other));

    let out = app
        .post_form(&paul, "/api/auth/logout", "/account/projects", &[])
        .await;
    assert_eq!(location(&out), "/login");
    assert_eq!(app.me(&paul).await, Value::Null);
}
