//! Settings, layered: built-in defaults, then environment variables (documented in README).
use leptos::config::{Env, LeptosOptions};
use secrecy::SecretString;
use std::{
    env,
    net::{IpAddr, SocketAddr},
    num::{NonZeroU32, NonZeroUsize},
    path::PathBuf,
    time::Duration,
};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set")]
    Missing(&'static str),
    #[error("{name} has an invalid value {value:?}: {reason}")]
    Invalid {
        name: &'static str,
        value: String,
        reason: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug)]
pub struct DatabaseSettings {
    /// It may carry a password: `Debug` prints it as redacted.
    pub url: SecretString,
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `smtp://…` or `smtps://…` (lettre's URL form, with the account's password); none:
    /// e-mails become `.eml` files. `Debug` prints it as redacted.
    pub smtp_url: Option<SecretString>,
    pub mail_dir: PathBuf,
    pub from: String,
}

/// Where design files are kept, and how often the stored files no row names are swept.
#[derive(Clone, Debug)]
pub struct FilesSettings {
    /// `file:///absolute/folder` or `s3://bucket/prefix` (`FILES_URL`); without it, the folder
    /// `FILES_DIR` (`.data/files`).
    pub url: String,
    /// The `AWS_*` settings given, for an `s3://` URL (`Debug` prints them as redacted).
    pub aws: Vec<(&'static str, SecretString)>,
    /// Time between two sweeps (`FILES_SWEEP_INTERVAL_SECS`, an hour).
    pub sweep_every: Duration,
    /// A stored file no row names is swept once this old (`FILES_SWEEP_GRACE_SECS`, an hour):
    /// longer than any upload takes between storing its file and committing its row.
    pub sweep_grace: Duration,
}

/// The `AWS_*` settings passed to the S3 client (`object_store` reads the same names).
pub const AWS_SETTINGS: [&str; 12] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT",
    "AWS_ALLOW_HTTP",
    "AWS_VIRTUAL_HOSTED_STYLE_REQUEST",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
];

#[derive(Clone, Debug)]
pub struct Settings {
    /// The address people use to reach the site, for links in e-mails; `https://…` also makes
    /// the session cookie `Secure` and `__Host-` prefixed.
    pub public_url: String,
    /// Reverse proxies whose `X-Forwarded-For` is believed for the client's address (rate
    /// limits): `TRUSTED_PROXIES`, comma-separated IP addresses; none by default.
    pub trusted_proxies: Vec<IpAddr>,
    /// Login attempts allowed per client address and per e-mail each minute
    /// (`LOGIN_ATTEMPTS_PER_MINUTE`, 10; `make bench` raises it to measure logins).
    pub login_attempts_per_minute: u32,
    /// Sign-ups, password resets, first passwords and password changes allowed per client
    /// address (together) and per account each minute (`PASSWORD_CHANGES_PER_MINUTE`, 10).
    pub password_changes_per_minute: u32,
    /// Threads hashing passwords (`PASSWORD_HASHING_THREADS`, one per core by default). They
    /// run at the lowest priority; fewer than the cores keeps cores free of hashing altogether.
    pub password_hashing_threads: NonZeroUsize,
    /// The design files a customer account may keep, in bytes (`STORAGE_QUOTA_BYTES`, 2 GiB).
    pub storage_quota_bytes: u64,
    /// Password checks that may wait for those threads, and half as many new passwords
    /// (`PASSWORD_HASHING_QUEUE`, 16 per thread by default); past that, requests get 503 with
    /// `Retry-After`.
    pub password_hashing_queue: NonZeroUsize,
    /// Staff sessions end after `STAFF_IDLE_MINUTES` (30) without a request and
    /// `STAFF_SESSION_HOURS` (12) after login; recording a payment and switching payment on
    /// account ask the code again after `CODE_RECHECK_MINUTES` (10).
    pub sessions: app::server::session::SessionRules,
    pub mail: MailSettings,
    pub files: FilesSettings,
    /// The manufacturer's bank account, for transfers (`BANK_HOLDER`, `BANK_IBAN`, `BANK_BIC`).
    pub bank: app::server::BankDetails,
    pub database: DatabaseSettings,
    /// Where the server listens; port 0 picks a free port (tests).
    pub site_addr: SocketAddr,
    /// Where Prometheus reads the metrics (`METRICS_ADDR`, e.g. `127.0.0.1:9100`): a private
    /// address, never the site's; none by default, and then nothing is recorded.
    pub metrics_addr: Option<SocketAddr>,
    /// How long requests in flight may take to finish once the process is told to stop
    /// (`SHUTDOWN_GRACE_SECS`, 30); it exits then anyway.
    pub shutdown_grace: Duration,
    /// A `tracing` filter, e.g. `info` or `server=debug,tower_http=info`.
    pub log_filter: String,
    pub log_format: LogFormat,
    pub leptos: LeptosOptions,
}

/// 2 GiB of design files per customer account unless `STORAGE_QUOTA_BYTES` says otherwise.
pub const DEFAULT_STORAGE_QUOTA_BYTES: u64 = 2 * 1024 * 1024 * 1024;

impl Settings {
    /// Whether people reach the site over HTTPS (then cookies are `Secure`).
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The public URL once the server listens on `bound`: without `PUBLIC_URL`, it is the
    /// listening address, whose port 0 (tests) only the bound socket knows.
    pub fn public_url_listening_on(&self, bound: SocketAddr) -> String {
        if self.site_addr.port() == 0 && self.public_url == format!("http://{}", self.site_addr) {
            format!("http://{bound}")
        } else {
            self.public_url.clone()
        }
    }

    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| env::var(name).ok())
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var =
            |name: &'static str, default: &str| lookup(name).unwrap_or_else(|| default.into());
        let site_addr_text = lookup("SITE_ADDR")
            .or_else(|| lookup("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr = parse("SITE_ADDR", &site_addr_text)?;
        let log_format = match var("LOG_FORMAT", "text").as_str() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(ConfigError::Invalid {
                    name: "LOG_FORMAT",
                    value: other.into(),
                    reason: "expected text or json".into(),
                })
            }
        };
        let leptos_env = match var("LEPTOS_ENV", "PROD").to_ascii_uppercase().as_str() {
            "DEV" | "DEVELOPMENT" => Env::DEV,
            _ => Env::PROD,
        };
        let leptos = LeptosOptions::builder()
            .output_name(var("LEPTOS_OUTPUT_NAME", "ems-portal"))
            .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
            .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
            .site_addr(site_addr)
            .reload_port(parse(
                "LEPTOS_RELOAD_PORT",
                &var("LEPTOS_RELOAD_PORT", "3001"),
            )?)
            .env(leptos_env)
            .hash_files(match lookup("LEPTOS_HASH_FILES") {
                Some(value) => parse("LEPTOS_HASH_FILES", &value)?,
                None => hash_file_beside_binary(),
            })
            .build();
        let public_url = lookup("PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{site_addr}"))
            .trim_end_matches('/')
            .to_string();
        // Origins of requests are compared with it: it must be an http(s) address with a host.
        match url::Url::parse(&public_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {}
            _ => {
                return Err(ConfigError::Invalid {
                    name: "PUBLIC_URL",
                    value: public_url,
                    reason: "expected http://host[:port] or https://host[:port]".into(),
                })
            }
        }
        let trusted_proxies = var("TRUSTED_PROXIES", "")
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| parse("TRUSTED_PROXIES", entry))
            .collect::<Result<Vec<IpAddr>, _>>()?;
        let login_attempts_per_minute = parse(
            "LOGIN_ATTEMPTS_PER_MINUTE",
            &var("LOGIN_ATTEMPTS_PER_MINUTE", "10"),
        )?;
        let password_changes_per_minute = parse(
            "PASSWORD_CHANGES_PER_MINUTE",
            &var("PASSWORD_CHANGES_PER_MINUTE", "10"),
        )?;
        // Zero is refused by the type.
        let password_hashing_threads = match lookup("PASSWORD_HASHING_THREADS") {
            Some(value) => parse("PASSWORD_HASHING_THREADS", &value)?,
            None => app::server::default_hashing_threads(),
        };
        let storage_quota_bytes = parse(
            "STORAGE_QUOTA_BYTES",
            &var(
                "STORAGE_QUOTA_BYTES",
                &DEFAULT_STORAGE_QUOTA_BYTES.to_string(),
            ),
        )?;
        let password_hashing_queue = match lookup("PASSWORD_HASHING_QUEUE") {
            Some(value) => parse("PASSWORD_HASHING_QUEUE", &value)?,
            None => app::server::default_hashing_queue(password_hashing_threads),
        };
        // Whole positive numbers: zero or a negative limit would end every staff session.
        let count = |name: &'static str, default: &str| -> Result<i64, ConfigError> {
            Ok(i64::from(
                parse::<NonZeroU32>(name, &var(name, default))?.get(),
            ))
        };
        let sessions = app::server::session::SessionRules {
            staff_idle: time::Duration::minutes(count("STAFF_IDLE_MINUTES", "30")?),
            staff_lifetime: time::Duration::hours(count("STAFF_SESSION_HOURS", "12")?),
            code_recheck: time::Duration::minutes(count("CODE_RECHECK_MINUTES", "10")?),
        };
        Ok(Self {
            public_url,
            trusted_proxies,
            login_attempts_per_minute,
            password_changes_per_minute,
            password_hashing_threads,
            storage_quota_bytes,
            password_hashing_queue,
            sessions,
            mail: MailSettings {
                smtp_url: lookup("SMTP_URL")
                    .filter(|url| !url.is_empty())
                    .map(SecretString::from),
                mail_dir: var("MAIL_DIR", ".data/mail").into(),
                from: var("MAIL_FROM", "EMS PROTO <no-reply@emsproto.fr>"),
            },
            files: files_settings(&lookup)?,
            // A placeholder account, obviously so, until the real one is configured.
            bank: app::server::BankDetails {
                holder: var("BANK_HOLDER", "EMS PROTO SAS"),
                iban: var("BANK_IBAN", "FR76 3000 6000 0112 3456 7890 189"),
                bic: var("BANK_BIC", "AGRIFRPPXXX"),
            },
            database: DatabaseSettings {
                url: lookup("DATABASE_URL")
                    .ok_or(ConfigError::Missing("DATABASE_URL"))?
                    .into(),
                max_connections: parse(
                    "DATABASE_MAX_CONNECTIONS",
                    &var("DATABASE_MAX_CONNECTIONS", "10"),
                )?,
                // Short: when the database is down, requests answer 503 after this long.
                acquire_timeout: Duration::from_secs(parse(
                    "DATABASE_ACQUIRE_TIMEOUT_SECS",
                    &var("DATABASE_ACQUIRE_TIMEOUT_SECS", "2"),
                )?),
            },
            site_addr,
            metrics_addr: match lookup("METRICS_ADDR").filter(|addr| !addr.trim().is_empty()) {
                Some(addr) => Some(parse("METRICS_ADDR", &addr)?),
                None => None,
            },
            shutdown_grace: Duration::from_secs(parse(
                "SHUTDOWN_GRACE_SECS",
                &var("SHUTDOWN_GRACE_SECS", "30"),
            )?),
            log_filter: lookup("RUST_LOG").unwrap_or_else(|| var("LOG_LEVEL", "info")),
            log_format,
            leptos,
        })
    }
}

fn files_settings(lookup: &impl Fn(&str) -> Option<String>) -> Result<FilesSettings, ConfigError> {
    let invalid = |value: String, reason: &str| ConfigError::Invalid {
        name: "FILES_URL",
        value,
        reason: reason.into(),
    };
    let url = match lookup("FILES_URL").filter(|url| !url.is_empty()) {
        Some(url) => url,
        None => {
            let folder = PathBuf::from(lookup("FILES_DIR").unwrap_or_else(|| ".data/files".into()));
            let folder = std::path::absolute(&folder).map_err(|error| ConfigError::Invalid {
                name: "FILES_DIR",
                value: folder.display().to_string(),
                reason: error.to_string(),
            })?;
            url::Url::from_directory_path(&folder)
                .map_err(|()| ConfigError::Invalid {
                    name: "FILES_DIR",
                    value: folder.display().to_string(),
                    reason: "expected a folder".into(),
                })?
                .to_string()
        }
    };
    match url::Url::parse(&url) {
        Ok(parsed) if parsed.scheme() == "file" && parsed.to_file_path().is_ok() => {}
        Ok(parsed)
            if parsed.scheme() == "s3" && parsed.host_str().is_some_and(|b| !b.is_empty()) => {}
        _ => {
            return Err(invalid(
                url,
                "expected file:///absolute/folder or s3://bucket/prefix",
            ))
        }
    }
    let seconds = |name: &'static str| -> Result<Duration, ConfigError> {
        Ok(Duration::from_secs(parse(
            name,
            &lookup(name).unwrap_or_else(|| "3600".into()),
        )?))
    };
    Ok(FilesSettings {
        url,
        aws: AWS_SETTINGS
            .into_iter()
            .filter_map(|name| lookup(name).map(|value| (name, SecretString::from(value))))
            .collect(),
        sweep_every: seconds("FILES_SWEEP_INTERVAL_SECS")?.max(Duration::from_secs(1)),
        sweep_grace: seconds("FILES_SWEEP_GRACE_SECS")?,
    })
}

/// cargo-leptos writes `hash.txt` beside the release binary when asset names carry their hash
/// (`hash-files` in Cargo.toml); without it (tests, `cargo run`) the plain names are served.
fn hash_file_beside_binary() -> bool {
    env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").is_file()))
        .unwrap_or(false)
}

fn parse<T: std::str::FromStr>(name: &'static str, value: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    value
        .trim()
        .parse()
        .map_err(|error: T::Err| ConfigError::Invalid {
            name,
            value: value.into(),
            reason: error.to_string(),
        })
}

#[cfg(test)]
mod tests;
