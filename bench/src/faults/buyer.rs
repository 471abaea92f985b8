//! The buyer the drills order as: a company signed up through nginx, with one project ready to
//! order (its Gerber file uploaded), and one logged-in session shared by the drills' clients.
use crate::{Context, Result};
use serde_json::{json, Value};
use std::{sync::Arc, time::Duration};
use uuid::Uuid;

pub const PASSWORD: &str = "une phrase de passe pour les exercices de panne";

pub struct Buyer {
    pub client: reqwest::Client,
    pub base: String,
    pub account_id: Uuid,
    pub project_id: Uuid,
}

/// What one request came to.
#[derive(Debug)]
pub enum Answer {
    Ok(Value),
    /// An HTTP status other than 2xx, with the start of the body.
    Status(u16, String),
    /// No HTTP answer: refused, reset, timed out.
    Transport(String),
}

impl Answer {
    /// A short label for the figures (`200`, `503`, `transport`).
    pub fn label(&self) -> String {
        match self {
            Answer::Ok(_) => "200".into(),
            Answer::Status(status, _) => status.to_string(),
            Answer::Transport(_) => "no answer".into(),
        }
    }
}

impl Buyer {
    pub async fn sign_up(base: &str, pool: &sqlx::PgPool) -> Result<Self> {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar)
            // No request of the drills may hang: every one has a bound.
            .timeout(Duration::from_secs(20))
            .build()
            .context("building the HTTP client")?;
        let mut buyer = Self {
            client,
            base: base.to_string(),
            account_id: Uuid::nil(),
            project_id: Uuid::nil(),
        };
        let suffix = Uuid::new_v4().simple().to_string();
        let email = format!("acheteur.{}@faults.example", &suffix[..12]);
        buyer
            .expect_ok(
                "auth/signup",
                json!({ "form": {
                    "company_name": "Pannes Contrôlées SARL", "siret": "",
                    "first_name": "Hélène", "last_name": "Vasseur", "email": email,
                    "phone": "06 12 34 56 78", "password": PASSWORD, "confirmation": PASSWORD,
                    "locale": "fr"
                }}),
            )
            .await?;
        buyer.account_id = sqlx::query_scalar(
            "SELECT m.account_id FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = $1",
        )
        .bind(&email)
        .fetch_one(pool)
        .await
        .context("reading the buyer's account")?;
        buyer
            .expect_ok("account/switch", json!({ "account_id": buyer.account_id }))
            .await?;
        let project = buyer
            .expect_ok(
                "projects/create",
                json!({ "form": {
                    "name": "Carte de secours", "service": "fabrication_assembly",
                    "quantity": "10", "layers": "4", "width_mm": "100", "height_mm": "80",
                    "thickness": "1.6", "finish": "enig", "mask": "green", "notes": ""
                }}),
            )
            .await?;
        buyer.project_id = serde_json::from_value(project).context("the project's id")?;
        match buyer.upload(1).await {
            Answer::Ok(_) => Ok(buyer),
            other => Err(format!("uploading the Gerber file: {other:?}")),
        }
    }

    /// `POST /api/{endpoint}` with a JSON body.
    pub async fn call(&self, endpoint: &str, body: &Value) -> Answer {
        let sent = self
            .client
            .post(format!("{}/api/{endpoint}", self.base))
            .json(body)
            .send()
            .await;
        answer(sent).await
    }

    async fn expect_ok(&self, endpoint: &str, body: Value) -> Result<Value> {
        match self.call(endpoint, &body).await {
            Answer::Ok(value) => Ok(value),
            other => Err(format!("{endpoint}: {other:?}")),
        }
    }

    /// `GET path` (a page or a file).
    pub async fn get(&self, path: &str) -> Answer {
        answer(self.client.get(format!("{}{path}", self.base)).send().await).await
    }

    /// Places one order of the project with `key`: the same key gives the same order.
    pub async fn place_order(&self, key: Uuid) -> Answer {
        let body = json!({
            "project_id": self.project_id, "project_version": 2, "idempotency_key": key,
            "form": { "quantity": "10", "lead_time": "standard",
                      "recipient": "Pannes Contrôlées SARL", "line1": "3 quai des Essais",
                      "line2": "", "postal_code": "44000", "city": "Nantes", "country": "FR",
                      "po_reference": "", "terms_accepted": true }
        });
        self.call("orders/place", &body).await
    }

    /// Uploads a small Gerber file made against project version `version`.
    pub async fn upload(&self, version: i32) -> Answer {
        // The smallest ZIP the type check accepts (its magic number).
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&[0; 60]);
        let form = reqwest::multipart::Form::new()
            .text("project_id", self.project_id.to_string())
            .text("version", version.to_string())
            .text("kind", "gerber")
            .part(
                "file",
                reqwest::multipart::Part::bytes(zip).file_name("carte-de-secours.zip"),
            );
        let sent = self
            .client
            .post(format!("{}/api/projects/upload", self.base))
            // Uploads need the site's Origin, as a browser sends it (PUBLIC_URL is nginx's).
            .header("Origin", &self.base)
            .multipart(form)
            .send()
            .await;
        answer(sent).await
    }
}

async fn answer(sent: reqwest::Result<reqwest::Response>) -> Answer {
    let response = match sent {
        Ok(response) => response,
        Err(error) => return Answer::Transport(error.to_string()),
    };
    let status = response.status();
    let text = match response.text().await {
        Ok(text) => text,
        Err(error) => return Answer::Transport(error.to_string()),
    };
    if status.is_success() {
        Answer::Ok(serde_json::from_str(&text).unwrap_or(Value::String(text)))
    } else {
        Answer::Status(status.as_u16(), text.chars().take(200).collect())
    }
}
