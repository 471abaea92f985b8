//! Generates the `i18n` module from `locales/*.json` (leptos_i18n 0.6 configures itself here,
//! not in `package.metadata`). French is the default locale.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let config = Config::new("fr")
        .and_then(|config| config.add_locale("en"))
        // Plain-string translations with values (e-mails, error messages) need this.
        .map(|config| config.parse_options(ParseOptions::new().interpolate_display(true)))
        .unwrap_or_else(|error| panic!("invalid i18n configuration: {error}"));
    let translations = TranslationsInfos::parse(config)
        .unwrap_or_else(|error| panic!("cannot parse app/locales: {error}"));
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();
    translations
        .generate_i18n_module(out_dir.join("i18n"))
        .unwrap_or_else(|error| panic!("cannot generate the i18n module: {error}"));
}
