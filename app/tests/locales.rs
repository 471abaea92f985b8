//! leptos_i18n only warns when a key is missing from one locale and then shows the default
//! language: this test makes it an error.
use serde_json::Value;
use std::collections::BTreeSet;

fn keys(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                keys(child, &path, out);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

fn locale_keys(name: &str) -> BTreeSet<String> {
    let path = format!("{}/locales/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = BTreeSet::new();
    keys(&value, "", &mut out);
    out
}

#[test]
fn french_and_english_have_the_same_keys() {
    let fr = locale_keys("fr");
    let en = locale_keys("en");
    let only_fr: Vec<_> = fr.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&fr).collect();
    assert!(
        only_fr.is_empty() && only_en.is_empty(),
        "only in fr.json: {only_fr:?}; only in en.json: {only_en:?}"
    );
}

#[test]
fn no_translation_is_empty() {
    for name in ["fr", "en"] {
        let path = format!("{}/locales/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let mut empty = Vec::new();
        fn walk(value: &Value, path: String, empty: &mut Vec<String>) {
            match value {
                Value::Object(map) => map
                    .iter()
                    .for_each(|(k, v)| walk(v, format!("{path}.{k}"), empty)),
                Value::String(s) if s.trim().is_empty() => empty.push(path),
                _ => {}
            }
        }
        walk(&value, name.to_string(), &mut empty);
        assert!(empty.is_empty(), "empty translations: {empty:?}");
    }
}
