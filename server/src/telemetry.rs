//! Logs: human-readable by default, one JSON object per line with `LOG_FORMAT=json`.
use crate::config::LogFormat;
use tracing_subscriber::{filter::Targets, fmt, prelude::*, EnvFilter, Layer, Registry};

/// Installs the global subscriber; call once, at start-up.
pub fn init(filter: &str, format: LogFormat) {
    // `Targets` decides once per call site. `EnvFilter` also looks every entered span up, which
    // cost 3 % of the CPU of `collaborators/list` (make bench): it is kept for the directives
    // only it understands (span and field filters such as `[request{path=/}]=debug`).
    match filter.parse::<Targets>() {
        Ok(targets) => install(targets, format),
        Err(_) => install(
            EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info")),
            format,
        ),
    }
}

fn install(filter: impl Layer<Registry> + Send + Sync + 'static, format: LogFormat) {
    let registry = tracing_subscriber::registry().with(filter);
    match format {
        LogFormat::Json => registry
            .with(fmt::layer().json().with_current_span(true))
            .init(),
        LogFormat::Text => registry.with(fmt::layer()).init(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `init` relies on: the usual directives take the cheap filter, span filters do not.
    #[test]
    fn plain_directives_parse_as_targets_and_span_filters_do_not() {
        for plain in [
            "info",
            "warn",
            "server=debug,tower_http=info",
            "info,sqlx=warn",
        ] {
            assert!(plain.parse::<Targets>().is_ok(), "{plain}");
        }
        let span_filter = "[request{path=/}]=debug";
        assert!(span_filter.parse::<Targets>().is_err());
        assert!(EnvFilter::try_new(span_filter).is_ok());
    }
}
