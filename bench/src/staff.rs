//! A staff user for the back-office's lists, made and logged in as a person of the manufacturer
//! is: `server staff create` (the only way the portal makes staff), a login with the password,
//! then the enrolment in two-factor authentication that staff must finish before anything else,
//! with codes computed from the secret the portal shows (by `totp-rs`, the server's own crate).
use crate::{
    fixtures::{post_json, PASSWORD},
    servers::Servers,
    Context, Result,
};
use reqwest::{cookie::CookieStore, Url};
use serde_json::{json, Value};
use std::{
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};
use totp_rs::{Builder, Secret};

pub const STAFF_EMAIL: &str = "atelier@bench.example";

/// Makes the staff user on the database of `servers`, logs them in on its portal and enrols
/// their second factor: the session's `Cookie` header.
pub async fn log_in(servers: &Servers<'_>) -> Result<String> {
    servers.create_staff(STAFF_EMAIL, PASSWORD).await?;
    let base = servers.ours_url();
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(Arc::clone(&jar))
        .build()
        .context("building the HTTP client")?;
    let call = |endpoint: &'static str, body: Value| post_json(&client, &base, endpoint, body);
    let step = call(
        "auth/login",
        json!({ "form": { "email": STAFF_EMAIL, "password": PASSWORD } }),
    )
    .await?;
    if step != "enrolment_needed" {
        return Err(format!(
            "the staff login answered {step}, not enrolment_needed"
        ));
    }
    let started = call("account/two-factor/start", json!({})).await?;
    let secret = started["secret"]
        .as_str()
        .ok_or("account/two-factor/start answered no secret")?;
    call(
        "account/two-factor/confirm",
        json!({ "code": current_code(secret)? }),
    )
    .await?;
    let url = Url::parse(&base).context("the base URL")?;
    jar.cookies(&url)
        .and_then(|value| value.to_str().ok().map(str::to_owned))
        .ok_or_else(|| "the staff user has no session cookie".to_string())
}

/// The authenticator's code of the current 30-second step, from the secret shown as text.
fn current_code(secret: &str) -> Result<String> {
    let secret = Secret::try_from_base32(secret).context("the secret")?;
    let totp = Builder::new()
        .with_secret(secret)
        .build()
        .context("a TOTP")?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .context("the clock")?
        .as_secs();
    Ok(totp.generate(now).to_string())
}
