use server::{config::Settings, startup::Application};
use sqlx::{Connection, PgConnection};
use std::collections::HashMap;

/// A server started for one test, on a free port, against a database created for it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    admin_url: String,
    database: String,
}

/// The cluster where tests create their databases (`make test` starts a private one).
fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").expect(
        "TEST_DATABASE_URL is not set: run the tests with `make test`, or point it at a \
         PostgreSQL server where this user may create databases",
    )
}

fn with_database(url: &str, database: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("a database URL ends with /name");
    format!("{base}/{database}")
}

pub async fn spawn_app() -> TestApp {
    let admin_url = admin_url();
    let database = format!("test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&admin_url).await.expect("connect to the test cluster");
    sqlx::query(&format!(r#"CREATE DATABASE "{database}""#))
        .execute(&mut admin)
        .await
        .expect("create the test database");

    let variables = HashMap::from([
        ("DATABASE_URL".to_string(), with_database(&admin_url, &database)),
        ("SITE_ADDR".to_string(), "127.0.0.1:0".to_string()),
        ("DATABASE_MAX_CONNECTIONS".to_string(), "5".to_string()),
    ]);
    let settings = Settings::from_lookup(|name| variables.get(name).cloned()).expect("test settings");
    let application = Application::build(settings).await.expect("build the application");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped(std::future::pending()));

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("an HTTP client");
    TestApp { address, client, admin_url, database }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the request reaches the server")
    }
}

impl Drop for TestApp {
    /// Drops the test's database; on a thread of its own, since `Drop` cannot await.
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let database = self.database.clone();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url).await?;
                sqlx::query(&format!(r#"DROP DATABASE IF EXISTS "{database}" WITH (FORCE)"#))
                    .execute(&mut admin)
                    .await?;
                Ok::<_, sqlx::Error>(())
            })?;
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
        })
        .join();
    }
}
