use serde_json::{json, Value};
use server::{config::Settings, startup::Application};
use sqlx::{Connection, PgConnection, PgPool};
use std::{collections::HashMap, path::PathBuf, time::Duration};

/// A server started for one test, on a free port, against a database created for it.
pub struct TestApp {
    pub address: String,
    /// A browser-like client: it keeps its cookies.
    pub client: reqwest::Client,
    /// The test's own database, for checks and for arranging what the API cannot.
    pub pool: PgPool,
    /// Where this server writes its e-mails.
    pub mail_dir: PathBuf,
    /// Where this server keeps design files, unless `FILES_URL` names another store.
    pub files_dir: PathBuf,
    admin_url: String,
    database: String,
    /// The settings it was started with: a sibling process starts with them too.
    variables: HashMap<String, String>,
    /// Whether dropping it drops the database and folders (a sibling's belong to the first).
    owns_database: bool,
}

/// The cluster where tests create their databases (`make test` starts a private one).
fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").expect(
        "TEST_DATABASE_URL is not set: run the tests with `make test`, or point it at a \
         PostgreSQL server where this user may create databases",
    )
}

fn with_database(url: &str, database: &str) -> String {
    let (base, _) = url
        .rsplit_once('/')
        .expect("a database URL ends with /name");
    format!("{base}/{database}")
}

/// The bucket `scripts/s3 start` creates on the local S3 server.
pub const S3_BUCKET: &str = "ems-portal";

/// The local S3 server's endpoint (`TEST_S3_ENDPOINT`, set by `make test`). Without it the S3
/// tests fail under CI, and are skipped elsewhere with the reason printed.
pub fn s3_endpoint() -> Option<String> {
    match std::env::var("TEST_S3_ENDPOINT") {
        Ok(endpoint) if !endpoint.is_empty() => Some(endpoint),
        _ if std::env::var_os("CI").is_some() => {
            panic!("TEST_S3_ENDPOINT is not set: `make test` starts the local S3 server")
        }
        _ => {
            eprintln!(
                "skipped against S3: TEST_S3_ENDPOINT is not set (`scripts/s3 start`, then \
                 TEST_S3_ENDPOINT=$(scripts/s3 url))"
            );
            None
        }
    }
}

/// Settings that keep design files on the S3 server at `endpoint`, under a prefix of their
/// own (one per test: tests share the bucket).
pub fn s3_settings(endpoint: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "FILES_URL",
            format!("s3://{S3_BUCKET}/test-{}", uuid::Uuid::new_v4().simple()),
        ),
        ("AWS_ENDPOINT_URL", endpoint.to_string()),
        ("AWS_ALLOW_HTTP", "true".to_string()),
        ("AWS_ACCESS_KEY_ID", "local".to_string()),
        ("AWS_SECRET_ACCESS_KEY", "local-secret".to_string()),
        ("AWS_REGION", "us-east-1".to_string()),
    ]
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// `spawn_app` with some settings added or replaced (`("SMTP_URL", "smtp://…")`).
pub async fn spawn_app_with(settings: &[(&str, &str)]) -> TestApp {
    spawn_app_on_database_with(settings, &[]).await
}

/// `spawn_app_with`, the test's database first given `database_settings` (`ALTER DATABASE …
/// SET`): every connection the server opens has them.
pub async fn spawn_app_on_database_with(
    settings: &[(&str, &str)],
    database_settings: &[(&str, &str)],
) -> TestApp {
    let admin_url = admin_url();
    let database = create_database(&admin_url).await;
    set_on_database(&admin_url, &database, database_settings).await;

    let mail_dir = std::env::temp_dir().join(format!("ems-portal-mail-{database}"));
    let files_dir = std::env::temp_dir().join(format!("ems-portal-files-{database}"));
    let variables = HashMap::from([
        (
            "DATABASE_URL".to_string(),
            with_database(&admin_url, &database),
        ),
        ("MAIL_DIR".to_string(), mail_dir.display().to_string()),
        ("FILES_DIR".to_string(), files_dir.display().to_string()),
        ("LOG_LEVEL".to_string(), "warn".to_string()),
        ("SITE_ADDR".to_string(), "127.0.0.1:0".to_string()),
        ("DATABASE_MAX_CONNECTIONS".to_string(), "5".to_string()),
        // Tests set several people up from one address, faster than the default quota of new
        // passwords; `security.rs` tests that quota with its own.
        (
            "PASSWORD_CHANGES_PER_MINUTE".to_string(),
            "1000".to_string(),
        ),
    ]);
    let mut variables = variables;
    for (name, value) in settings {
        variables.insert(name.to_string(), value.to_string());
    }
    let (address, pool) = start(settings_from(&variables)).await;
    TestApp {
        address,
        client: browser(),
        pool,
        mail_dir,
        files_dir,
        admin_url,
        database,
        variables,
        owns_database: true,
    }
}

fn settings_from(variables: &HashMap<String, String>) -> Settings {
    Settings::from_lookup(|name| variables.get(name).cloned()).expect("test settings")
}

/// Starts a server: its address and its pool.
async fn start(settings: Settings) -> (String, PgPool) {
    let application = Application::build(settings)
        .await
        .expect("build the application");
    let address = format!("http://127.0.0.1:{}", application.port());
    let pool = application.pool().clone();
    tokio::spawn(application.run_until_stopped(std::future::pending()));
    (address, pool)
}

/// Creates an empty database with a new name on the test cluster, and gives its name.
pub async fn create_database(admin_url: &str) -> String {
    let database = format!("test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(admin_url)
        .await
        .expect("connect to the test cluster");
    sqlx::query(&format!(r#"CREATE DATABASE "{database}""#))
        .execute(&mut admin)
        .await
        .expect("create the test database");
    database
}

/// `ALTER DATABASE … SET` each of `settings`: connections opened afterwards have them.
async fn set_on_database(admin_url: &str, database: &str, settings: &[(&str, &str)]) {
    if settings.is_empty() {
        return;
    }
    let mut admin = PgConnection::connect(admin_url)
        .await
        .expect("connect to the test cluster");
    for (name, value) in settings {
        let value = value.replace('\'', "''");
        sqlx::query(&format!(
            r#"ALTER DATABASE "{database}" SET {name} = '{value}'"#
        ))
        .execute(&mut admin)
        .await
        .expect("set a setting on the test database");
    }
}

/// A database created empty for one test, dropped with it: `url` names it.
pub struct EmptyDatabase {
    pub url: String,
    admin_url: String,
    database: String,
}

impl EmptyDatabase {
    pub async fn create() -> Self {
        let admin_url = admin_url();
        let database = create_database(&admin_url).await;
        Self {
            url: with_database(&admin_url, &database),
            admin_url,
            database,
        }
    }
}

impl Drop for EmptyDatabase {
    fn drop(&mut self) {
        drop_database(self.admin_url.clone(), self.database.clone());
    }
}

/// A new cookie jar: another browser, another person.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        // A request that gets no answer fails the test rather than hanging it.
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client")
}

/// A valid sign-up form; change fields with `sign_up_form(json!({...}))`.
pub fn sign_up_form(overrides: Value) -> Value {
    let mut form = json!({
        "company_name": "Acme Électronique",
        "siret": "732 829 320 00074",
        "first_name": "Marie",
        "last_name": "Curie",
        "email": "marie@acme.fr",
        "phone": "06 12 34 56 78",
        "password": "correct horse battery staple",
        "confirmation": "correct horse battery staple",
        "locale": "fr"
    });
    if let (Some(form), Some(overrides)) = (form.as_object_mut(), overrides.as_object()) {
        for (key, value) in overrides {
            form.insert(key.clone(), value.clone());
        }
    }
    form
}

/// The session cookie a response sets, if any (`name=value`).
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.starts_with("session="))
        .and_then(|cookie| cookie.split(';').next())
        .map(str::to_owned)
}

impl TestApp {
    /// A second server process on this one's database (and folders), as a load balancer has
    /// several: what one process counts, the other must see. Started afresh, it also shows what
    /// a restarted process remembers.
    pub async fn spawn_sibling(&self) -> TestApp {
        self.spawn_sibling_with(&[]).await
    }

    /// [`Self::spawn_sibling`] with some settings added or replaced.
    pub async fn spawn_sibling_with(&self, overrides: &[(&str, &str)]) -> TestApp {
        let (address, pool) = start(self.settings_with(overrides)).await;
        TestApp {
            address,
            client: browser(),
            pool,
            mail_dir: self.mail_dir.clone(),
            files_dir: self.files_dir.clone(),
            admin_url: self.admin_url.clone(),
            database: self.database.clone(),
            variables: self.variables.clone(),
            owns_database: false,
        }
    }

    /// The settings this server was started with, some added or replaced.
    pub fn settings_with(&self, overrides: &[(&str, &str)]) -> Settings {
        let mut variables = self.variables.clone();
        for (name, value) in overrides {
            variables.insert(name.to_string(), value.to_string());
        }
        settings_from(&variables)
    }

    /// Calls a server function the way the browser does (JSON body), with `client`'s cookies.
    pub async fn call_as(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        arguments: Value,
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/{endpoint}", self.address))
            .json(&arguments)
            .send()
            .await
            .expect("the request reaches the server")
    }

    pub async fn call(&self, endpoint: &str, arguments: Value) -> reqwest::Response {
        self.call_as(&self.client, endpoint, arguments).await
    }

    /// Signs a customer account up with `client`, which is then logged in as its holder.
    pub async fn sign_up_as(&self, client: &reqwest::Client, overrides: Value) {
        let response = self
            .call_as(
                client,
                "auth/signup",
                json!({ "form": sign_up_form(overrides) }),
            )
            .await;
        assert_eq!(
            response.status(),
            200,
            "sign-up: {}",
            response.text().await.unwrap()
        );
    }

    pub async fn log_in_as(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.call_as(
            client,
            "auth/login",
            json!({ "form": { "email": email, "password": password } }),
        )
        .await
    }

    /// Who `client` is logged in as (`null` when nobody).
    pub async fn me(&self, client: &reqwest::Client) -> Value {
        let response = self.call_as(client, "auth/me", json!({})).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Waits for the mail worker to write an e-mail to `recipient`, other than the link that
    /// proves an address (every sign-up sends one: [`Self::wait_for_mail_of_kind`] reads it);
    /// returns its text, with the quoted-printable body decoded.
    pub async fn wait_for_mail(&self, recipient: &str) -> String {
        self.wait_for_mail_where(recipient, |kind| kind != "verify_email")
            .await
    }

    /// [`Self::wait_for_mail`] for an e-mail of one kind (the outbox's `kind`, e.g.
    /// `verify_email`); the newest when there are several.
    pub async fn wait_for_mail_of_kind(&self, recipient: &str, kind: &str) -> String {
        self.wait_for_mail_where(recipient, |found| found == kind)
            .await
    }

    async fn wait_for_mail_where(&self, recipient: &str, wanted: impl Fn(&str) -> bool) -> String {
        for _ in 0..100 {
            // Named `{outbox id:08}-{kind}.eml`: the newest first.
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&self.mail_dir)
                .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
                .unwrap_or_default();
            paths.sort_unstable_by(|a, b| b.cmp(a));
            for path in paths {
                let name = path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .unwrap_or("");
                let kind = name.split_once('-').map_or("", |(_, kind)| kind);
                if !wanted(kind) {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if text.contains(&format!("To: {recipient}")) {
                    return decode_quoted_printable(&text);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let outbox: Vec<(String, i32, Option<String>)> =
            sqlx::query_as("SELECT recipient, attempts, last_error FROM outbox")
                .fetch_all(&self.pool)
                .await
                .unwrap();
        panic!(
            "no e-mail to {recipient} in {}; outbox: {outbox:?}",
            self.mail_dir.display()
        );
    }

    /// Sends a multipart form to the upload endpoint as a page of ours does: uploads are
    /// refused without our `Origin`, which browsers send and no other site can forge.
    pub async fn upload_form(
        &self,
        client: &reqwest::Client,
        form: reqwest::multipart::Form,
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/projects/upload", self.address))
            .header("Origin", &self.address)
            .multipart(form)
            .send()
            .await
            .expect("the request reaches the server")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the request reaches the server")
    }
}

impl Drop for TestApp {
    /// Drops the test's database and folders, unless they are another's.
    fn drop(&mut self) {
        if !self.owns_database {
            return;
        }
        let _ = std::fs::remove_dir_all(&self.mail_dir);
        let _ = std::fs::remove_dir_all(&self.files_dir);
        drop_database(self.admin_url.clone(), self.database.clone());
    }
}

/// Drops a test's database; on a thread of its own, since `Drop` cannot await.
fn drop_database(admin_url: String, database: String) {
    let _ = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async {
            let mut admin = PgConnection::connect(&admin_url).await?;
            sqlx::query(&format!(
                r#"DROP DATABASE IF EXISTS "{database}" WITH (FORCE)"#
            ))
            .execute(&mut admin)
            .await?;
            Ok::<_, sqlx::Error>(())
        })?;
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    })
    .join();
}

/// Undoes quoted-printable: soft line breaks (`=` at the end of a line) and `=XX` bytes.
fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The upload form of a project's Gerber archive (`carte.zip`) at `version`, as the page sends it.
pub fn gerber_upload_form(
    project: uuid::Uuid,
    version: i32,
    bytes: Vec<u8>,
) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("project_id", project.to_string())
        .text("version", version.to_string())
        .text("kind", "gerber")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("carte.zip"),
        )
}

// Forms posted by the browser itself (before the WASM, or without JavaScript).

/// The fields as a browser posts them (`form[email]=…`).
pub fn encoded(fields: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

impl TestApp {
    /// Posts `fields` to the server function `endpoint` as a form of the page `from` would.
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        from: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(format!("{}{endpoint}", self.address))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "text/html,application/xhtml+xml")
            .header(reqwest::header::ORIGIN, &self.address)
            .header(reqwest::header::REFERER, format!("{}{from}", self.address))
            .body(encoded(fields))
            .send()
            .await
            .expect("the request reaches the server")
    }

    /// The page at `path` as `client` gets it (which must be `200`).
    pub async fn page(&self, client: &reqwest::Client, path: &str) -> String {
        let response = client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK, "{path}");
        response.text().await.unwrap()
    }
}

/// Where a plain form post sends the browser (`303 See Other`).
pub fn location(response: &reqwest::Response) -> &str {
    assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
    response.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
}
