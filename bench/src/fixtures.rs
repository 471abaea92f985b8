//! The data the portal is measured on: one customer account with 50 collaborators, 200
//! projects and 1,000 orders, and 20 smaller accounts around it. The first project and order
//! go through the portal's own server functions (so that their stored form is the real one);
//! the rest are copies of them made in SQL, which takes a second instead of minutes.
use crate::{Context, Result};
use reqwest::{cookie::CookieStore, Url};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::sync::Arc;
use uuid::Uuid;

pub const HOLDER_EMAIL: &str = "marie@bench.example";
// Nothing of the holder's details ("Banc d'Essai", Marie Lambert) in it: the server refuses that.
pub const PASSWORD: &str = "une phrase de passe pour les mesures 2026";
/// The measured account's company name (the back-office's search by customer looks it up).
pub const HOLDER_COMPANY: &str = "Banc d'Essai SAS";
/// The measured account's SIRET (the sign-up flood of `comparisons::flood` is refused on it).
pub const HOLDER_SIRET: &str = "73282932000074";

/// The measured account, and a logged-in session of its holder.
pub struct Fixtures {
    pub account_id: Uuid,
    pub holder_id: Uuid,
    /// The holder's `Cookie` header (session and language).
    pub cookie: String,
    /// The session's id, as the session store keys it.
    pub session_id: String,
    /// The holder's stored argon2 hash (the raw argon2 loop verifies the same one).
    pub password_hash: String,
    pub session_epoch: i32,
}

/// Sizes of one account.
struct Sizes {
    collaborators: i32,
    projects: i32,
    orders: i32,
}

/// With the template project and order: 200 projects and 1,000 orders.
const MEASURED: Sizes = Sizes {
    collaborators: 50,
    projects: 199,
    orders: 999,
};
const AROUND: Sizes = Sizes {
    collaborators: 5,
    projects: 10,
    orders: 50,
};
const OTHER_ACCOUNTS: i32 = 20;

/// A server function called as the portal's own pages call it: its JSON answer, or an error
/// saying which endpoint answered what.
pub async fn post_json(
    client: &reqwest::Client,
    base: &str,
    endpoint: &'static str,
    body: Value,
) -> Result<Value> {
    let response = client
        .post(format!("{base}/api/{endpoint}"))
        .json(&body)
        .send()
        .await
        .context(endpoint)?;
    let status = response.status();
    let text = response.text().await.context(endpoint)?;
    if !status.is_success() {
        return Err(format!("{endpoint}: {status} {text}"));
    }
    serde_json::from_str::<Value>(&text).context(endpoint)
}

pub async fn create(base: &str, pool: &PgPool) -> Result<Fixtures> {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(Arc::clone(&jar))
        .build()
        .context("building the HTTP client")?;
    let call = |endpoint: &'static str, body: Value| post_json(&client, base, endpoint, body);

    call(
        "auth/signup",
        json!({ "form": {
            "company_name": HOLDER_COMPANY, "siret": HOLDER_SIRET,
            "first_name": "Marie", "last_name": "Lambert", "email": HOLDER_EMAIL,
            "phone": "06 12 34 56 78", "password": PASSWORD, "confirmation": PASSWORD,
            "locale": "fr"
        }}),
    )
    .await?;
    let (holder_id, account_id, password_hash, session_epoch): (Uuid, Uuid, String, i32) =
        sqlx::query_as(
            "SELECT u.id, m.account_id, u.password_hash, u.session_epoch
             FROM users u JOIN memberships m ON m.user_id = u.id
             WHERE u.email = $1",
        )
        .bind(HOLDER_EMAIL)
        .fetch_one(pool)
        .await
        .context("reading the holder")?;
    // Chosen in the switcher: the session then names the account, as for most people.
    call("account/switch", json!({ "account_id": account_id })).await?;

    let project = call(
        "projects/create",
        json!({ "form": {
            "name": "Carte capteur", "service": "fabrication_assembly", "quantity": "25",
            "layers": "4", "width_mm": "100", "height_mm": "80", "thickness": "1.6",
            "finish": "enig", "mask": "green", "notes": "Vernis sur la zone capteur."
        }}),
    )
    .await?;
    let project_id: Uuid = serde_json::from_value(project).context("the project's id")?;
    upload_gerber(&client, base, project_id).await?;
    let order = call(
        "orders/place",
        // The upload made version 2 of the project (an upload is an edit).
        json!({ "project_id": project_id, "project_version": 2,
                "idempotency_key": Uuid::new_v4(),
                "form": { "quantity": "25", "lead_time": "standard",
                          "recipient": "Banc d'Essai SAS", "line1": "12 rue des Forges",
                          "line2": "", "postal_code": "44000", "city": "Nantes",
                          "country": "FR", "po_reference": "PO-2026-001",
                          "terms_accepted": true } }),
    )
    .await?;
    let order_id: Uuid = serde_json::from_value(order).context("the order's id")?;

    populate(pool, account_id, holder_id, &MEASURED, project_id, order_id).await?;
    for index in 1..=OTHER_ACCOUNTS {
        let (other_account, other_holder) = other_account(pool, index, &password_hash).await?;
        populate(
            pool,
            other_account,
            other_holder,
            &AROUND,
            project_id,
            order_id,
        )
        .await?;
    }
    sqlx::query("ANALYZE")
        .execute(pool)
        .await
        .context("ANALYZE")?;

    let url = Url::parse(base).context("the base URL")?;
    let cookie = jar
        .cookies(&url)
        .and_then(|value| value.to_str().ok().map(str::to_owned))
        .ok_or("the holder has no session cookie")?;
    let session_id = cookie
        .split("; ")
        .find_map(|pair| pair.strip_prefix("session="))
        .ok_or("no session cookie")?
        .to_owned();
    Ok(Fixtures {
        account_id,
        holder_id,
        cookie,
        session_id,
        password_hash,
        session_epoch,
    })
}

async fn upload_gerber(client: &reqwest::Client, base: &str, project_id: Uuid) -> Result<()> {
    // The smallest ZIP the type check accepts (its magic number).
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend_from_slice(&[0; 60]);
    let form = reqwest::multipart::Form::new()
        .text("project_id", project_id.to_string())
        // An upload names the version it was made against: the project was just created.
        .text("version", "1")
        .text("kind", "gerber")
        .part(
            "file",
            reqwest::multipart::Part::bytes(zip).file_name("carte-capteur.zip"),
        );
    let response = client
        .post(format!("{base}/api/projects/upload"))
        // Uploads need the site's Origin (a browser sends it): the server's PUBLIC_URL is `base`.
        .header("Origin", base)
        .multipart(form)
        .send()
        .await
        .context("uploading the Gerber file")?;
    if !response.status().is_success() {
        return Err(format!("upload: {}", response.status()));
    }
    Ok(())
}

/// Another company: an account and its holder (same password).
async fn other_account(pool: &PgPool, index: i32, password_hash: &str) -> Result<(Uuid, Uuid)> {
    let account = Uuid::new_v4();
    let holder = Uuid::new_v4();
    sqlx::query("INSERT INTO customer_accounts (id, company_name) VALUES ($1, $2)")
        .bind(account)
        .bind(format!("Société {index}"))
        .execute(pool)
        .await
        .context("another account")?;
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, phone)
         VALUES ($1, $2, $3, 'Jean', $4, '+33601020304')",
    )
    .bind(holder)
    .bind(format!("holder{index}@bench.example"))
    .bind(password_hash)
    .bind(format!("Titulaire {index}"))
    .execute(pool)
    .await
    .context("another holder")?;
    sqlx::query("INSERT INTO memberships (account_id, user_id, role) VALUES ($1, $2, 'holder')")
        .bind(account)
        .bind(holder)
        .execute(pool)
        .await
        .context("another holder's membership")?;
    Ok((account, holder))
}

/// Collaborators (every tenth deactivated, permissions varied), projects made by them, and
/// orders through every status, copied from the template project and order.
async fn populate(
    pool: &PgPool,
    account: Uuid,
    holder: Uuid,
    sizes: &Sizes,
    template_project: Uuid,
    template_order: Uuid,
) -> Result<()> {
    let prefix = account.simple().to_string();
    sqlx::query(
        "WITH people AS (
             INSERT INTO users (id, email, password_hash, first_name, last_name, phone)
             SELECT gen_random_uuid(), 'c' || n || '.' || $2 || '@bench.example', h.password_hash,
                    (ARRAY['Paul','Zoé','Léa','Hugo','Inès','Louis','Chloé','Jules','Emma','Noé'])[1 + n % 10],
                    (ARRAY['Martin','Bernard','Dubois','Thomas','Robert','Richard','Petit','Durand'])[1 + n % 8] || '-' || n,
                    '+33612' || lpad(n::text, 6, '0')
             FROM generate_series(1, $3) n, users h WHERE h.id = $4
             RETURNING id, email)
         INSERT INTO memberships (account_id, user_id, role, can_buy, can_see_all_orders, status, added_by)
         SELECT $1, p.id, 'collaborator', n % 3 = 0, n % 4 = 0,
                CASE WHEN n % 10 = 0 THEN 'deactivated' ELSE 'active' END, $4
         FROM people p, LATERAL (SELECT split_part(substr(p.email, 2), '.', 1)::int AS n) numbered",
    )
    .bind(account)
    .bind(&prefix)
    .bind(sizes.collaborators)
    .bind(holder)
    .execute(pool)
    .await
    .context("collaborators")?;

    sqlx::query(
        "INSERT INTO projects (id, account_id, name, service, quantity, layers, width_mm, height_mm,
                               thickness, finish, mask, notes, created_by, updated_by, created_at, updated_at)
         SELECT gen_random_uuid(), $1, 'Carte ' || n, t.service, 1 + (n * 7) % 500, t.layers,
                t.width_mm, t.height_mm, t.thickness, t.finish, t.mask, t.notes, author.user_id,
                author.user_id, now() - n * interval '3 hours', now() - n * interval '2 hours'
         FROM projects t, generate_series(1, $3) n,
              LATERAL (SELECT user_id FROM memberships
                       WHERE account_id = $1 ORDER BY user_id OFFSET n % $4 LIMIT 1) author
         WHERE t.id = $2",
    )
    .bind(account)
    .bind(template_project)
    .bind(sizes.projects)
    .bind(sizes.collaborators + 1)
    .execute(pool)
    .await
    .context("projects")?;

    sqlx::query(
        "INSERT INTO orders (id, account_id, project_id, placed_by, idempotency_key, project_snapshot,
                             quantity, lead_time, net_cents, vat_cents, total_cents, delivery_address,
                             po_reference, status, payment_method, payment_reference, paid_at,
                             created_at, updated_at)
         SELECT gen_random_uuid(), $1, project.id, project.created_by, gen_random_uuid(),
                t.project_snapshot, t.quantity, t.lead_time, t.net_cents, t.vat_cents,
                t.total_cents, t.delivery_address, t.po_reference,
                (ARRAY['received','file_check','in_production','shipped','delivered','cancelled'])[1 + n % 6],
                t.payment_method, t.payment_reference || '-' || $4 || '-' || n,
                CASE WHEN n % 6 BETWEEN 1 AND 4 THEN now() - n * interval '1 hour' END,
                now() - n * interval '90 minutes', now() - n * interval '1 hour'
         FROM orders t, generate_series(1, $3) n,
              LATERAL (SELECT id, created_by FROM projects
                       WHERE account_id = $1 ORDER BY id OFFSET n % $5 LIMIT 1) project
         WHERE t.id = $2",
    )
    .bind(account)
    .bind(template_order)
    .bind(sizes.orders)
    .bind(&prefix)
    .bind(sizes.projects)
    .execute(pool)
    .await
    .context("orders")?;
    Ok(())
}
