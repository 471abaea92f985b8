//! How each process under test is started: the portal, the bare axum process and the Leptos
//! hello-world, each on a port of its own (a second portal, on a database of its own, on
//! another: [`Servers::second_portal`]).
use crate::{processes::Process, run::Settings, Context, Result};
use std::{
    path::{Path, PathBuf},
    process::Stdio,
};
use tokio::{io::AsyncWriteExt, process::Command};

const OURS_PORT: u16 = 3210;
const BARE_PORT: u16 = 3211;
const HELLO_PORT: u16 = 3212;
/// The portal on the 100× database, beside the first one (`comparisons::scale`).
const SECOND_PORTAL_PORT: u16 = 3213;

/// How each process under test is started.
pub struct Servers<'a> {
    settings: &'a Settings,
    database_url: &'a str,
    /// The portal's port, and its log's name in `target/bench/logs`.
    ours_port: u16,
    ours_log: &'static str,
}

impl<'a> Servers<'a> {
    pub fn new(settings: &'a Settings, database_url: &'a str) -> Self {
        Self {
            settings,
            database_url,
            ours_port: OURS_PORT,
            ours_log: "portal.log",
        }
    }

    /// The portal on `database_url`, while the first one runs on its own database: another port
    /// and log (`portal-*.log`, which the panics' count reads too).
    pub fn second_portal(settings: &'a Settings, database_url: &'a str) -> Self {
        Self {
            ours_port: SECOND_PORTAL_PORT,
            ours_log: "portal-100x.log",
            ..Self::new(settings, database_url)
        }
    }

    pub fn ours_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.ours_port)
    }

    pub fn bare_url(&self) -> String {
        format!("http://127.0.0.1:{BARE_PORT}")
    }

    pub fn hello_url(&self) -> String {
        format!("http://127.0.0.1:{HELLO_PORT}")
    }

    fn release(&self, binary: &str) -> PathBuf {
        self.settings.root.join("target/release").join(binary)
    }

    pub async fn ours(&self) -> Result<Process> {
        let out = &self.settings.out;
        let env = [
            ("DATABASE_URL", self.database_url.to_string()),
            ("SITE_ADDR", format!("127.0.0.1:{}", self.ours_port)),
            (
                "LEPTOS_SITE_ROOT",
                self.settings.root.join("target/site").display().to_string(),
            ),
            ("LEPTOS_ENV", "PROD".into()),
            ("MAIL_DIR", out.join("mail").display().to_string()),
            ("FILES_DIR", out.join("files").display().to_string()),
            // Measuring logins means many of them from one address.
            ("LOGIN_ATTEMPTS_PER_MINUTE", "1000000000".into()),
            // The sign-up flood names its clients in `X-Forwarded-For`, as a proxy would.
            ("TRUSTED_PROXIES", "127.0.0.1".into()),
            // As deployed, whatever the shell running the bench says: with backtraces on, the
            // few panics of renders whose client left (a Leptos bug, see CHANGES.md) read the
            // binary's debug info into memory, and the process kept 55 MiB more.
            ("RUST_BACKTRACE", "0".into()),
        ];
        Process::start(
            "the portal",
            &self.release("server"),
            &[],
            &env,
            (self.ours_port, "/healthz"),
            &out.join("logs").join(self.ours_log),
        )
        .await
    }

    /// A staff user made as the portal makes them, `server staff create` on this database (the
    /// password on its standard input).
    pub async fn create_staff(&self, email: &str, password: &str) -> Result<()> {
        let mut child = Command::new(self.release("server"))
            .args(["staff", "create", "--email", email, "--first-name", "Anne"])
            .args(["--last-name", "Atelier", "--phone", "02 40 00 00 00"])
            .env("DATABASE_URL", self.database_url)
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .context("starting server staff create")?;
        let mut stdin = child.stdin.take().ok_or("server staff create: no stdin")?;
        stdin
            .write_all(format!("{password}\n").as_bytes())
            .await
            .context("writing the staff password")?;
        drop(stdin);
        let output = child
            .wait_with_output()
            .await
            .context("running server staff create")?;
        if !output.status.success() {
            return Err(format!(
                "server staff create {email}: {} {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(())
    }

    pub async fn bare(&self, home: &Path, page: &Path) -> Result<Process> {
        let args = [
            "baseline".to_string(),
            BARE_PORT.to_string(),
            home.display().to_string(),
            page.display().to_string(),
            self.settings.root.join("target/site").display().to_string(),
        ];
        Process::start(
            "the bare axum process",
            &std::env::current_exe().context("the bench binary")?,
            &args,
            &[],
            (BARE_PORT, "/healthz"),
            &self.settings.out.join("logs/bare.log"),
        )
        .await
    }

    pub async fn hello(&self) -> Result<Process> {
        let env = [
            (
                "LEPTOS_SITE_ROOT",
                self.settings
                    .root
                    .join("target/hello-site")
                    .display()
                    .to_string(),
            ),
            ("LEPTOS_SITE_PKG_DIR", "pkg".into()),
            ("LEPTOS_OUTPUT_NAME", "hello".into()),
            ("LEPTOS_SITE_ADDR", format!("127.0.0.1:{HELLO_PORT}")),
            ("LEPTOS_HASH_FILES", "true".into()),
            ("LEPTOS_HASH_FILE_NAME", "hello-hash.txt".into()),
            ("LEPTOS_ENV", "PROD".into()),
        ];
        Process::start(
            "the hello-world",
            &self.release("bench-hello"),
            &[],
            &env,
            (HELLO_PORT, "/"),
            &self.settings.out.join("logs/hello.log"),
        )
        .await
    }
}
