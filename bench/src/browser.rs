//! The home page in Chromium: what its first load downloads (brotli-compressed), and the
//! browser measurements of end2end/bench (hydration, LCP and CLS, Lighthouse).
use crate::{Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// What a first visit to the home page downloads: the HTML and every JS, WASM and CSS file
/// Chromium fetched until the page was hydrated (the HTML names the main files; the main JS
/// imports the lazy parts' loader itself), each compressed with brotli at its best quality, as
/// a build would; in KiB.
pub async fn first_load_kib(base: &str, browser: &Browser) -> Result<f64> {
    let home = format!("{base}/");
    let paths = browser.files(&home).await?;
    let counted: Vec<&String> = paths
        .iter()
        .filter(|path| {
            path.as_str() == "/"
                || [".js", ".wasm", ".css"]
                    .iter()
                    .any(|ext| path.ends_with(ext))
        })
        .collect();
    if !counted.iter().any(|path| path.ends_with(".wasm")) {
        return Err(format!("{home} loaded no WASM file: {paths:?}"));
    }
    let mut total = 0;
    for path in counted {
        let bytes = reqwest::get(format!("{base}{path}"))
            .await
            .context(path)?
            .error_for_status()
            .context(path)?
            .bytes()
            .await
            .context(path)?;
        total += brotli_size(&bytes);
    }
    Ok(total as f64 / 1024.0)
}

/// Every JS, WASM and CSS file in a site's `pkg` folder (not the pre-compressed copies),
/// brotli-compressed; in KiB.
pub fn client_files_kib(pkg: &Path) -> Result<f64> {
    let mut total = 0;
    for entry in std::fs::read_dir(pkg).context(&format!("reading {}", pkg.display()))? {
        let path = entry.context("a pkg file")?.path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        if [".js", ".wasm", ".css"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            total += brotli_size(&std::fs::read(&path).context(name)?);
        }
    }
    Ok(total as f64 / 1024.0)
}

pub fn brotli_size(bytes: &[u8]) -> usize {
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut compressed, &params);
    compressed.len()
}

#[derive(Debug, Deserialize)]
pub struct Vitals {
    pub lcp_ms: f64,
    pub cls: f64,
}

/// The browser measurements, made by end2end/bench/*.mjs in Chromium (Playwright, Lighthouse).
pub struct Browser {
    scripts: PathBuf,
}

impl Browser {
    pub fn new(root: &Path) -> Self {
        Self {
            scripts: root.join("end2end/bench"),
        }
    }

    async fn node(&self, script: &str, args: &[&str]) -> Result<serde_json::Value> {
        let output = tokio::process::Command::new("node")
            .arg(self.scripts.join(script))
            .args(args)
            .env("CHROME_PATH", "/usr/bin/chromium")
            .kill_on_drop(true)
            .output()
            .await
            .context(&format!("running node {script}"))?;
        if !output.status.success() {
            return Err(format!(
                "{script} {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout
            .lines()
            .rfind(|line| line.starts_with('{'))
            .unwrap_or_default();
        serde_json::from_str(line).context(&format!("reading what {script} printed"))
    }

    pub async fn hydration(&self, url: &str) -> Result<f64> {
        let json = self.node("browser.mjs", &["hydration", url, "1"]).await?;
        json["hydrated_ms"][0]
            .as_f64()
            .ok_or_else(|| format!("no hydration time in {json}"))
    }

    /// The paths a first visit to `url` requested ([`first_load_kib`]).
    async fn files(&self, url: &str) -> Result<Vec<String>> {
        let json = self.node("browser.mjs", &["files", url, "1"]).await?;
        serde_json::from_value(json["files"][0].clone())
            .context(&format!("reading the files in {json}"))
    }

    pub async fn vitals(&self, url: &str) -> Result<Vitals> {
        let json = self.node("browser.mjs", &["vitals", url, "1"]).await?;
        Ok(Vitals {
            lcp_ms: json["lcp_ms"][0]
                .as_f64()
                .ok_or_else(|| format!("no LCP in {json}"))?,
            cls: json["cls"][0]
                .as_f64()
                .ok_or_else(|| format!("no CLS in {json}"))?,
        })
    }

    pub async fn lighthouse(&self, url: &str) -> Result<f64> {
        let json = self.node("lighthouse.mjs", &[url]).await?;
        json["performance"]
            .as_f64()
            .ok_or_else(|| format!("no score in {json}"))
    }
}
