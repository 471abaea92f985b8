use super::*;
use std::collections::HashMap;

fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Settings::from_lookup(|name| map.get(name).cloned())
}

#[test]
fn defaults_apply_when_only_the_database_is_given() {
    let settings = settings(&[("DATABASE_URL", "postgres://localhost/x")]).unwrap();
    assert_eq!(settings.site_addr, "127.0.0.1:3000".parse().unwrap());
    assert_eq!(settings.log_format, LogFormat::Text);
    assert_eq!(settings.log_filter, "info");
    assert_eq!(&*settings.leptos.output_name, "ems-portal");
    assert_eq!(settings.database.max_connections, 10);
    assert_eq!(settings.public_url, "http://127.0.0.1:3000");
    assert!(settings.mail.smtp_url.is_none());
    assert!(settings.trusted_proxies.is_empty());
    assert_eq!(settings.storage_quota_bytes, 2 * 1024 * 1024 * 1024);
    assert_eq!(settings.database.acquire_timeout, Duration::from_secs(2));
    assert_eq!(settings.metrics_addr, None);
    assert_eq!(settings.shutdown_grace, Duration::from_secs(30));
}

#[test]
fn metrics_are_served_only_where_told() {
    let on = settings(&[("DATABASE_URL", "x"), ("METRICS_ADDR", "127.0.0.1:9100")]).unwrap();
    assert_eq!(on.metrics_addr, Some("127.0.0.1:9100".parse().unwrap()));
    let error = settings_error(&[("DATABASE_URL", "x"), ("METRICS_ADDR", "9100")]);
    assert!(
        error.starts_with("METRICS_ADDR has an invalid value"),
        "{error}"
    );
}

#[test]
fn the_public_url_is_an_http_address_and_defaults_to_the_bound_port() {
    for wrong in ["portal.example", "ftp://portal.example", "https://"] {
        let error = settings_error(&[("DATABASE_URL", "x"), ("PUBLIC_URL", wrong)]);
        assert!(
            error.starts_with("PUBLIC_URL has an invalid value"),
            "{error}"
        );
    }
    let bound = "127.0.0.1:40123".parse().unwrap();
    let tests = settings(&[("DATABASE_URL", "x"), ("SITE_ADDR", "127.0.0.1:0")]).unwrap();
    assert_eq!(
        tests.public_url_listening_on(bound),
        "http://127.0.0.1:40123"
    );
    let given = settings(&[
        ("DATABASE_URL", "x"),
        ("SITE_ADDR", "127.0.0.1:0"),
        ("PUBLIC_URL", "https://portal.example/"),
    ])
    .unwrap();
    assert_eq!(
        given.public_url_listening_on(bound),
        "https://portal.example"
    );
}

#[test]
fn the_storage_quota_is_a_number_of_bytes() {
    let settings = settings(&[("DATABASE_URL", "x"), ("STORAGE_QUOTA_BYTES", "1000000")]).unwrap();
    assert_eq!(settings.storage_quota_bytes, 1_000_000);
    let error = settings_error(&[("DATABASE_URL", "x"), ("STORAGE_QUOTA_BYTES", "2GB")]);
    assert!(
        error.starts_with("STORAGE_QUOTA_BYTES has an invalid value"),
        "{error}"
    );
}

#[test]
fn trusted_proxies_are_a_list_of_addresses() {
    let settings =
        settings(&[("DATABASE_URL", "x"), ("TRUSTED_PROXIES", "10.0.0.1, ::1")]).unwrap();
    assert_eq!(
        settings.trusted_proxies,
        [
            "10.0.0.1".parse::<IpAddr>().unwrap(),
            "::1".parse().unwrap()
        ]
    );
    let error = settings_error(&[("DATABASE_URL", "x"), ("TRUSTED_PROXIES", "proxy.local")]);
    assert!(
        error.starts_with("TRUSTED_PROXIES has an invalid value"),
        "{error}"
    );
}

#[test]
fn files_go_to_a_folder_or_a_bucket() {
    let default = settings(&[("DATABASE_URL", "x")]).unwrap();
    let folder = std::env::current_dir().unwrap().join(".data/files/");
    assert_eq!(
        default.files.url,
        url::Url::from_directory_path(folder).unwrap().as_str()
    );
    assert_eq!(default.files.sweep_grace, Duration::from_secs(3600));
    let old = settings(&[("DATABASE_URL", "x"), ("FILES_DIR", "/srv/files")]).unwrap();
    assert_eq!(old.files.url, "file:///srv/files/");
    let s3 = settings(&[
        ("DATABASE_URL", "x"),
        ("FILES_URL", "s3://designs/portal"),
        ("AWS_REGION", "fr-par"),
        ("AWS_SECRET_ACCESS_KEY", "hush"),
    ])
    .unwrap();
    assert_eq!(s3.files.url, "s3://designs/portal");
    let names: Vec<_> = s3.files.aws.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["AWS_SECRET_ACCESS_KEY", "AWS_REGION"]);
    assert!(!format!("{s3:?}").contains("hush"));
    for wrong in ["ftp://host/x", "files", "s3:///nobucket", "file://relative"] {
        let error = settings_error(&[("DATABASE_URL", "x"), ("FILES_URL", wrong)]);
        assert!(
            error.starts_with("FILES_URL has an invalid value"),
            "{error}"
        );
    }
}

fn settings_error(pairs: &[(&str, &str)]) -> String {
    settings(pairs).unwrap_err().to_string()
}

#[test]
fn password_hashing_threads_default_to_the_cores_and_need_one() {
    let default = settings(&[("DATABASE_URL", "x")]).unwrap();
    assert_eq!(
        default.password_hashing_threads,
        app::server::default_hashing_threads()
    );
    let one = settings(&[("DATABASE_URL", "x"), ("PASSWORD_HASHING_THREADS", "1")]).unwrap();
    assert_eq!(one.password_hashing_threads.get(), 1);
    for wrong in ["0", "-1", "many"] {
        let error = settings_error(&[("DATABASE_URL", "x"), ("PASSWORD_HASHING_THREADS", wrong)]);
        assert!(
            error.starts_with("PASSWORD_HASHING_THREADS has an invalid value"),
            "{error}"
        );
    }
}

#[test]
fn the_hashing_queue_defaults_to_sixteen_per_thread_and_needs_one() {
    let one_thread = settings(&[("DATABASE_URL", "x"), ("PASSWORD_HASHING_THREADS", "1")]).unwrap();
    assert_eq!(one_thread.password_hashing_queue.get(), 16);
    let tiny = settings(&[("DATABASE_URL", "x"), ("PASSWORD_HASHING_QUEUE", "1")]).unwrap();
    assert_eq!(tiny.password_hashing_queue.get(), 1);
    let error = settings_error(&[("DATABASE_URL", "x"), ("PASSWORD_HASHING_QUEUE", "0")]);
    assert!(
        error.starts_with("PASSWORD_HASHING_QUEUE has an invalid value"),
        "{error}"
    );
}

#[test]
fn limits_on_new_passwords_have_defaults() {
    let default = settings(&[("DATABASE_URL", "x")]).unwrap();
    assert_eq!(default.password_changes_per_minute, 10);
    let set = settings(&[("DATABASE_URL", "x"), ("PASSWORD_CHANGES_PER_MINUTE", "3")]).unwrap();
    assert_eq!(set.password_changes_per_minute, 3);
    let error = settings_error(&[("DATABASE_URL", "x"), ("PASSWORD_CHANGES_PER_MINUTE", "x")]);
    assert!(
        error.starts_with("PASSWORD_CHANGES_PER_MINUTE has an invalid value"),
        "{error}"
    );
}

#[test]
fn staff_session_limits_default_to_30_minutes_idle_12_hours_and_a_10_minute_recheck() {
    let default = settings(&[("DATABASE_URL", "x")]).unwrap().sessions;
    assert_eq!(default.staff_idle, time::Duration::minutes(30));
    assert_eq!(default.staff_lifetime, time::Duration::hours(12));
    assert_eq!(default.code_recheck, time::Duration::minutes(10));
    let changed = settings(&[
        ("DATABASE_URL", "x"),
        ("STAFF_IDLE_MINUTES", "15"),
        ("STAFF_SESSION_HOURS", "8"),
        ("CODE_RECHECK_MINUTES", "5"),
    ])
    .unwrap()
    .sessions;
    assert_eq!(changed.staff_idle, time::Duration::minutes(15));
    assert_eq!(changed.staff_lifetime, time::Duration::hours(8));
    assert_eq!(changed.code_recheck, time::Duration::minutes(5));
    for wrong in ["0", "-5", "soon"] {
        let error = settings_error(&[("DATABASE_URL", "x"), ("STAFF_IDLE_MINUTES", wrong)]);
        assert!(
            error.starts_with("STAFF_IDLE_MINUTES has an invalid value"),
            "{error}"
        );
    }
}

#[test]
fn debug_never_prints_the_secrets() {
    let settings = settings(&[
        (
            "DATABASE_URL",
            "postgres://portal:db-secret@db.internal/portal",
        ),
        ("SMTP_URL", "smtps://mailer:smtp-secret@smtp.example:465"),
    ])
    .unwrap();
    let printed = format!("{settings:?}");
    for secret in ["db-secret", "smtp-secret", "db.internal", "smtp.example"] {
        assert!(!printed.contains(secret), "{secret} printed: {printed}");
    }
    assert!(printed.contains("REDACTED"), "{printed}");
}

#[test]
fn the_database_url_is_required() {
    assert!(matches!(
        settings(&[]),
        Err(ConfigError::Missing("DATABASE_URL"))
    ));
}

#[test]
fn invalid_values_name_the_variable() {
    let error = settings(&[("DATABASE_URL", "x"), ("SITE_ADDR", "nowhere")]).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("SITE_ADDR has an invalid value"),
        "{error}"
    );
    let error = settings(&[("DATABASE_URL", "x"), ("LOG_FORMAT", "xml")]).unwrap_err();
    assert!(error.to_string().contains("LOG_FORMAT"), "{error}");
}

#[test]
fn environment_overrides_defaults() {
    let settings = settings(&[
        ("DATABASE_URL", "x"),
        ("SITE_ADDR", "0.0.0.0:8080"),
        ("LOG_FORMAT", "json"),
        ("LOG_LEVEL", "debug"),
    ])
    .unwrap();
    assert_eq!(settings.site_addr.port(), 8080);
    assert_eq!(settings.log_format, LogFormat::Json);
    assert_eq!(settings.log_filter, "debug");
}
