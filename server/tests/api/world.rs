//! One customer account with a member of every kind, another account, a staff user, and a
//! project, a design file, orders and purchase requests between them: the scene of the
//! projects, orders and back-office tests.
use crate::helpers::{browser, spawn_app_with, TestApp};
use serde_json::{json, Value};
use uuid::Uuid;

pub const PASSWORD: &str = "chosen by the collaborator";
const GIVEN_PASSWORD: &str = "given by the holder 2026";
pub const STAFF_EMAIL: &str = "atelier@emsproto.fr";
/// Staff who have not enrolled a second factor yet.
pub const NEW_STAFF_EMAIL: &str = "nouveau@emsproto.fr";

pub async fn status_and_body(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

pub async fn ok(response: reqwest::Response) -> Value {
    let (status, body) = status_and_body(response).await;
    assert_eq!(status, 200, "{body}");
    body
}

pub fn uuid(value: &Value) -> Uuid {
    serde_json::from_value(value.clone()).expect("an id")
}

pub fn project_form(name: &str) -> Value {
    json!({
        "name": name, "service": "fabrication", "quantity": "10", "layers": "2",
        "width_mm": "100", "height_mm": "80", "thickness": "1.6", "finish": "lead_free_hasl",
        "mask": "green", "notes": ""
    })
}

pub fn order_form() -> Value {
    json!({
        "quantity": "10", "lead_time": "standard", "recipient": "Acme Électronique",
        "line1": "12 rue des Forges", "line2": "", "postal_code": "44000", "city": "Nantes",
        "country": "FR", "po_reference": "PO-2026-17", "terms_accepted": true
    })
}

/// A minimal ZIP archive (an empty one: the end-of-central-directory record after the local
/// file header magic is enough for the type check, which reads the first bytes).
pub fn gerber_zip() -> Vec<u8> {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(&[0; 60]);
    bytes
}

pub struct World {
    pub app: TestApp,
    pub anonymous: reqwest::Client,
    /// marie@acme.fr, the holder (app.client).
    pub holder: reqwest::Client,
    /// Can buy, sees only their orders.
    pub buyer: reqwest::Client,
    /// Can neither buy nor see others' orders.
    pub non_buyer: reqwest::Client,
    /// Sees all orders, cannot buy.
    pub sees_all: reqwest::Client,
    /// Could buy and see all, then deactivated.
    pub deactivated: reqwest::Client,
    /// The holder of another customer account.
    pub other: reqwest::Client,
    /// Enrolled in two-factor authentication, and checked a code just now.
    pub staff: reqwest::Client,
    /// Staff logged in with their password, who have not enrolled a second factor yet.
    pub staff_without_two_factor: reqwest::Client,
    /// Created by the holder, logged in, and not past choosing their own password yet.
    pub first_password: reqwest::Client,
    /// Can neither buy nor see others' orders, and has not proven their e-mail address (every
    /// other person of the scene has).
    pub unverified: reqwest::Client,
    pub account_id: Uuid,
    pub project: Uuid,
    pub file: Uuid,
    /// Placed by the buyer.
    pub buyer_order: Uuid,
    /// Placed by the holder.
    pub holder_order: Uuid,
    /// Pending purchase requests by the non-buyer.
    pub requests: [Uuid; 3],
}

impl World {
    pub async fn project_version(&self) -> i32 {
        self.version_of(self.project).await
    }

    /// The version of `project` as stored now (1 for a project that does not exist).
    pub async fn version_of(&self, project: Uuid) -> i32 {
        sqlx::query_scalar("SELECT version FROM projects WHERE id = $1")
            .bind(project)
            .fetch_optional(&self.app.pool)
            .await
            .unwrap()
            .unwrap_or(1)
    }

    /// The account's company address (the holder's default delivery address), which quotes
    /// and documents print.
    pub async fn add_company_address(&self) {
        ok(self
            .app
            .call_as(
                &self.holder,
                "account/addresses/add",
                json!({ "form": { "label": "Siège", "recipient": "Acme Électronique",
                    "line1": "1 quai de la Fosse", "line2": "", "postal_code": "44000",
                    "city": "Nantes", "country": "FR", "is_default": true } }),
            )
            .await)
        .await;
    }

    /// A new project of the account, created by `client`.
    pub async fn create_project(&self, client: &reqwest::Client, name: &str) -> Uuid {
        let created = self
            .app
            .call_as(
                client,
                "projects/create",
                json!({ "form": project_form(name) }),
            )
            .await;
        uuid(&ok(created).await)
    }

    /// Uploads a design file against the project's version as stored now.
    pub async fn upload(
        &self,
        client: &reqwest::Client,
        project: Uuid,
        kind: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        let version = self.version_of(project).await;
        self.upload_at(client, project, version, kind, name, bytes)
            .await
    }

    /// Uploads a bill of materials (CSV) to `project`.
    pub async fn upload_bom(
        &self,
        client: &reqwest::Client,
        project: Uuid,
        csv: &str,
    ) -> reqwest::Response {
        let bytes = csv.as_bytes().to_vec();
        self.upload(client, project, "bom", "bom.csv", bytes).await
    }

    /// Uploads a design file made against the project's `version`.
    pub async fn upload_at(
        &self,
        client: &reqwest::Client,
        project: Uuid,
        version: i32,
        kind: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        let form = reqwest::multipart::Form::new()
            .text("project_id", project.to_string())
            .text("version", version.to_string())
            .text("kind", kind.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
            );
        self.app.upload_form(client, form).await
    }

    pub async fn place(&self, client: &reqwest::Client, key: Uuid) -> reqwest::Response {
        let version = self.project_version().await;
        self.app
            .call_as(
                client,
                "orders/place",
                json!({ "project_id": self.project, "project_version": version,
                        "form": order_form(), "idempotency_key": key }),
            )
            .await
    }

    pub async fn request(&self, client: &reqwest::Client) -> reqwest::Response {
        let version = self.project_version().await;
        self.app
            .call_as(
                client,
                "purchase-requests/create",
                json!({ "project_id": self.project, "project_version": version,
                        "form": order_form(), "idempotency_key": Uuid::new_v4() }),
            )
            .await
    }
}

/// A collaborator (who can neither buy nor see all orders) created by the holder and logged in
/// with the password the holder chose: the first password is still to choose.
async fn created_and_logged_in(app: &TestApp, email: &str) -> reqwest::Client {
    create_member(app, email, false, false).await;
    let client = browser();
    ok(app.log_in_as(&client, email, GIVEN_PASSWORD).await).await;
    client
}

async fn create_member(app: &TestApp, email: &str, can_buy: bool, can_see_all_orders: bool) {
    ok(app
        .call(
            "collaborators/create",
            json!({ "form": {
                "first_name": "Membre", "last_name": email.split('@').next().unwrap(),
                "email": email, "phone": "06 98 76 54 32",
                "permissions": { "can_buy": can_buy, "can_see_all_orders": can_see_all_orders },
                "password": GIVEN_PASSWORD, "confirmation": GIVEN_PASSWORD, "locale": "fr"
            }}),
        )
        .await)
    .await;
}

async fn add_member(
    app: &TestApp,
    email: &str,
    can_buy: bool,
    can_see_all_orders: bool,
) -> reqwest::Client {
    create_member(app, email, can_buy, can_see_all_orders).await;
    let client = browser();
    ok(app.log_in_as(&client, email, GIVEN_PASSWORD).await).await;
    ok(app
        .call_as(
            &client,
            "account/first-password",
            json!({ "password": PASSWORD, "confirmation": PASSWORD }),
        )
        .await)
    .await;
    client
}

/// A staff user made the way `server staff create` makes them, logged in with their password
/// only: they must still enrol a second factor.
pub async fn new_staff_client(app: &TestApp, email: &str) -> reqwest::Client {
    app::backoffice::create_staff(
        &app.pool,
        &app::backoffice::NewStaff {
            email: email.into(),
            first_name: "Anne".into(),
            last_name: "Atelier".into(),
            phone: "02 40 00 00 00".into(),
            password: PASSWORD.into(),
        },
    )
    .await
    .expect("staff created");
    let staff = browser();
    let step = ok(app.log_in_as(&staff, email, PASSWORD).await).await;
    assert_eq!(step, "enrolment_needed");
    staff
}

/// A staff user made the way `server staff create` makes them, logged in and enrolled in
/// two-factor authentication (as their first login asks).
pub async fn staff_client(app: &TestApp) -> reqwest::Client {
    let staff = new_staff_client(app, STAFF_EMAIL).await;
    crate::two_factor::enrol(app, &staff).await;
    staff
}

pub async fn world() -> World {
    world_with(&[]).await
}

/// The same scene on a server with some settings added or replaced (`spawn_app_with`).
pub async fn world_with(settings: &[(&str, &str)]) -> World {
    world_in(spawn_app_with(settings).await).await
}

/// The scene set on `app`, a server just started.
pub async fn world_in(app: TestApp) -> World {
    app.sign_up_as(&app.client, json!({})).await;
    let holder = app.client.clone();
    let buyer = add_member(&app, "buyer@acme.fr", true, false).await;
    let non_buyer = add_member(&app, "nonbuyer@acme.fr", false, false).await;
    let sees_all = add_member(&app, "seesall@acme.fr", false, true).await;
    let deactivated = add_member(&app, "gone@acme.fr", true, true).await;
    let gone: Uuid = sqlx::query_scalar("SELECT id FROM users WHERE email = 'gone@acme.fr'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    ok(app
        .call("collaborators/deactivate", json!({ "user_id": gone }))
        .await)
    .await;
    let other = browser();
    app.sign_up_as(
        &other,
        json!({ "email": "jean@autre.fr", "company_name": "Autre SA", "siret": "" }),
    )
    .await;
    let staff = staff_client(&app).await;
    let staff_without_two_factor = new_staff_client(&app, NEW_STAFF_EMAIL).await;
    let first_password = created_and_logged_in(&app, "newcomer@acme.fr").await;
    let unverified = add_member(&app, "unproven@acme.fr", false, false).await;
    sqlx::query("UPDATE users SET email_verified_at = now() WHERE email <> 'unproven@acme.fr'")
        .execute(&app.pool)
        .await
        .unwrap();
    let account_id: Uuid = sqlx::query_scalar(
        "SELECT id FROM customer_accounts WHERE company_name = 'Acme Électronique'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();

    let project = uuid(
        &ok(app
            .call_as(
                &non_buyer,
                "projects/create",
                json!({ "form": project_form("Carte capteur") }),
            )
            .await)
        .await,
    );
    let mut world = World {
        anonymous: browser(),
        app,
        holder,
        buyer,
        non_buyer,
        sees_all,
        deactivated,
        other,
        staff,
        staff_without_two_factor,
        first_password,
        unverified,
        account_id,
        project,
        file: Uuid::nil(),
        buyer_order: Uuid::nil(),
        holder_order: Uuid::nil(),
        requests: [Uuid::nil(); 3],
    };
    let uploaded = ok(world
        .upload(
            &world.non_buyer,
            project,
            "gerber",
            "carte.zip",
            gerber_zip(),
        )
        .await)
    .await;
    world.file = uuid(&uploaded["id"]);
    world.buyer_order = uuid(&ok(world.place(&world.buyer, Uuid::new_v4()).await).await);
    world.holder_order = uuid(&ok(world.place(&world.holder, Uuid::new_v4()).await).await);
    for slot in 0..3 {
        world.requests[slot] = uuid(&ok(world.request(&world.non_buyer).await).await);
    }
    world
}
