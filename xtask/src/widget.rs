//! The widget's build: cargo (wasm32, size-optimised) → wasm-bindgen → wasm-opt →
//! content-hashed files in `widget/dist`, precompressed, with a size report.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::util::{self, Cmd};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The one file a page loads up front (the rest have content hashes in their names).
pub const LOADER: &str = "glas.js";
const PROFILE: &str = "wasm-release";

pub fn ensure_wasm_target() -> Result<()> {
    let installed = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .output()?;
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        util::step(&format!("Adding the {WASM_TARGET} target"));
        Cmd::new("rustup")
            .args(["target", "add", WASM_TARGET])
            .run()?;
    }
    Ok(())
}

/// Builds the widget and returns the directory the server serves at `/widget/`.
pub fn build() -> Result<PathBuf> {
    ensure_wasm_target()?;
    util::step("Building the widget (wasm32, release)");
    util::cargo(&[
        "build",
        "--locked",
        "-p",
        "glas-widget",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        PROFILE,
    ])
    .run()?;
    let wasm = util::target_dir()?
        .join(WASM_TARGET)
        .join(PROFILE)
        .join("glas_widget.wasm");

    let work = util::target_dir()?.join("glas-widget-bindgen");
    if work.exists() {
        fs::remove_dir_all(&work)?;
    }
    util::step("wasm-bindgen");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .out_name("glas_widget")
        .typescript(false)
        .omit_default_module_path(true)
        .remove_producers_section(true)
        .generate(&work)
        .context("wasm-bindgen failed")?;

    util::step("wasm-opt -Oz");
    let bindgen_wasm = work.join("glas_widget_bg.wasm");
    let optimised = work.join("glas_widget_opt.wasm");
    // Rust's wasm32 target enables these by default; every browser we support has them.
    wasm_opt::OptimizationOptions::new_optimize_for_size_aggressively()
        .enable_feature(wasm_opt::Feature::BulkMemory)
        .enable_feature(wasm_opt::Feature::SignExt)
        .enable_feature(wasm_opt::Feature::MutableGlobals)
        .enable_feature(wasm_opt::Feature::TruncSat)
        .enable_feature(wasm_opt::Feature::ReferenceTypes)
        .enable_feature(wasm_opt::Feature::Multivalue)
        .run(&bindgen_wasm, &optimised)
        .context("wasm-opt failed")?;

    let root = util::root();
    let optimised_bytes = fs::read(&optimised)?;
    no_server_messages(&root, &optimised_bytes)?;
    let dist = root.join("widget/dist");
    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }
    fs::create_dir_all(&dist)?;

    let js = publish(
        &dist,
        "glas_widget",
        "js",
        &fs::read(work.join("glas_widget.js"))?,
    )?;
    let wasm = publish(&dist, "glas_widget", "wasm", &optimised_bytes)?;
    let css = publish(
        &dist,
        "glas",
        "css",
        &fs::read(root.join("widget/style/glas.css"))?,
    )?;
    let loader = fs::read_to_string(root.join("widget/loader/glas.js"))?
        .replace("__GLAS_JS__", &js)
        .replace("__GLAS_WASM__", &wasm)
        .replace("__GLAS_CSS__", &css);
    write_with_compressed(&dist.join(LOADER), loader.as_bytes())?;

    report(&dist)?;
    Ok(dist)
}

/// The catalogues only the server reads (`shared/build.rs`, glas-shared's `server`
/// feature), and the one that ships to the widget.
const SERVER_CATALOGUES: [&str; 2] = ["pages", "desk"];
const WIDGET_CATALOGUE: &str = "citizen";

/// Fails when the Wasm holds a key of a server-only catalogue: glas-shared's
/// `server` feature would have reached the widget, and with it the staff's words.
/// A catalogue's keys sit in its table next to its words, so a key stands for both;
/// that the citizen's keys are found shows the search can see them.
fn no_server_messages(root: &Path, wasm: &[u8]) -> Result<()> {
    let keys = |catalogue: &str| message_keys(&root.join("shared/locales").join(catalogue));
    let citizen = keys(WIDGET_CATALOGUE)?;
    if !citizen.iter().all(|key| contains(wasm, key)) {
        bail!(
            "the widget's Wasm does not hold the citizen catalogue's keys as text: the check for server messages would prove nothing"
        );
    }
    let mut found = Vec::new();
    let mut checked = 0;
    for catalogue in SERVER_CATALOGUES {
        for key in keys(catalogue)? {
            checked += 1;
            if contains(wasm, &key) {
                found.push(format!("{catalogue}: {key}"));
            }
        }
    }
    if !found.is_empty() {
        bail!(
            "the widget's Wasm holds server-only messages (is glas-shared's `server` feature on for it?):\n  {}",
            found.join("\n  ")
        );
    }
    println!(
        "No server-only message in the Wasm ({checked} keys of {} checked; {} citizen keys found)",
        SERVER_CATALOGUES.join(", "),
        citizen.len()
    );
    Ok(())
}

/// The message ids of every `.ftl` file in `dir`: lines that start `id =`.
fn message_keys(dir: &Path) -> Result<Vec<String>> {
    let mut keys = std::collections::BTreeSet::new();
    for entry in fs::read_dir(dir).with_context(|| dir.display().to_string())? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        for line in fs::read_to_string(&path)?.lines() {
            let Some((id, _)) = line.split_once('=') else {
                continue;
            };
            let id = id.trim_end();
            let is_id = id.starts_with(|c: char| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if is_id {
                keys.insert(id.to_owned());
            }
        }
    }
    if keys.is_empty() {
        bail!("no messages in {}", dir.display());
    }
    Ok(keys.into_iter().collect())
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// Writes `bytes` as `stem-HASH.ext` and returns that name.
fn publish(dist: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<String> {
    let hash = Sha256::digest(bytes);
    let short: String = hash.iter().take(5).map(|b| format!("{b:02x}")).collect();
    let name = format!("{stem}-{short}.{ext}");
    write_with_compressed(&dist.join(&name), bytes)?;
    Ok(name)
}

/// Writes the file and its `.gz` and `.br` forms, which the server sends as they are.
fn write_with_compressed(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes)?;
    fs::write(
        path.with_extension(format!("{}.gz", ext(path))),
        gzip(bytes)?,
    )?;
    fs::write(
        path.with_extension(format!("{}.br", ext(path))),
        brotli(bytes)?,
    )?;
    Ok(())
}

fn ext(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// One file of a build, as stored and as it travels compressed.
pub struct FileSize {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// The loader every page view downloads, in gzip bytes.
pub const LOADER_BUDGET: u64 = 2 * 1024;
/// Everything the open widget downloads (the loader included), in gzip bytes.
pub const OPEN_WIDGET_BUDGET: u64 = 100 * 1024;
/// What `cargo xtask test` holds the open widget to until it meets its budget: a
/// ratchet a little above the last measurement, lowered as the widget shrinks,
/// never raised without saying why in BENCHMARKS.md (issue 10: from 256 KiB to
/// 215 KiB, the open widget measuring 219,389 B; the target is 128 KiB).
pub const OPEN_WIDGET_CEILING: u64 = 215 * 1024;

/// The files of the build in `dist`: the loader first, then what the open widget fetches.
pub fn sizes(dist: &Path) -> Result<Vec<FileSize>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dist)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".gz") && !name.ends_with(".br") {
            names.push(name);
        }
    }
    names.sort_by_key(|name| (name != LOADER, name.clone()));
    if names.first().map(String::as_str) != Some(LOADER) {
        bail!("{} has no {LOADER}: build the widget first", dist.display());
    }
    names
        .into_iter()
        .map(|name| {
            let path = dist.join(&name);
            let len = |p: PathBuf| -> Result<u64> {
                Ok(fs::metadata(&p)
                    .with_context(|| p.display().to_string())?
                    .len())
            };
            Ok(FileSize {
                raw: len(path.clone())?,
                gzip: len(path.with_extension(format!("{}.gz", ext(&path))))?,
                brotli: len(path.with_extension(format!("{}.br", ext(&path))))?,
                name,
            })
        })
        .collect()
}

/// Checks both size budgets; an error names every file over and its numbers.
pub fn budgets(dist: &Path) -> Result<()> {
    check(dist, OPEN_WIDGET_BUDGET, "budget")
}

/// What `cargo xtask test` enforces: the loader's budget, and the open widget's
/// ceiling (its budget once it meets it; see BENCHMARKS.md).
pub fn enforced_budgets(dist: &Path) -> Result<()> {
    check(dist, OPEN_WIDGET_CEILING, "ceiling")
}

fn check(dist: &Path, open_limit: u64, what: &str) -> Result<()> {
    let over: Vec<String> = [
        loader_over_budget(dist)?,
        open_widget_over(dist, open_limit, what)?,
    ]
    .into_iter()
    .flatten()
    .collect();
    if !over.is_empty() {
        bail!(
            "the widget in {} is over budget:\n  {}",
            dist.display(),
            over.join("\n  ")
        );
    }
    Ok(())
}

fn loader_over_budget(dist: &Path) -> Result<Option<String>> {
    let files = sizes(dist)?;
    let loader = &files[0];
    Ok((loader.gzip > LOADER_BUDGET).then(|| {
        format!(
            "the loader {} is {} bytes gzip, over its budget of {LOADER_BUDGET}",
            loader.name, loader.gzip
        )
    }))
}

fn open_widget_over(dist: &Path, limit: u64, what: &str) -> Result<Option<String>> {
    let files = sizes(dist)?;
    let total: u64 = files.iter().map(|f| f.gzip).sum();
    Ok((total > limit).then(|| {
        let each: Vec<String> = files
            .iter()
            .map(|f| format!("{} {}", f.name, f.gzip))
            .collect();
        format!(
            "the open widget is {total} bytes gzip ({}), over its {what} of {limit}",
            each.join(", ")
        )
    }))
}

/// Sizes as they travel: the loader on every page view, the rest when the widget opens.
fn report(dist: &Path) -> Result<()> {
    println!("\nWidget size report ({})", dist.display());
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "file", "bytes", "gzip", "brotli"
    );
    let files = sizes(dist)?;
    for (i, f) in files.iter().enumerate() {
        println!(
            "{:<34} {:>10} {:>10} {:>10}",
            f.name, f.raw, f.gzip, f.brotli
        );
        if i == 0 {
            println!("{:-<67}", "");
        }
    }
    let total = |size: fn(&FileSize) -> u64| files.iter().map(size).sum::<u64>();
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "total (open widget)",
        total(|f| f.raw),
        total(|f| f.gzip),
        total(|f| f.brotli)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_catalogues_are_read_key_by_key() {
        let root = util::root();
        let desk = message_keys(&root.join("shared/locales/desk")).unwrap();
        assert!(desk.contains(&"desk-title".to_owned()), "{desk:?}");
        assert!(desk.contains(&"desk-inbox-count".to_owned()), "{desk:?}");
        // A selector's variants and comments are not keys.
        assert!(desk.iter().all(|key| key.starts_with("desk-")), "{desk:?}");
    }

    #[test]
    fn a_wasm_with_a_server_key_is_refused() {
        let root = util::root();
        let citizen = message_keys(&root.join("shared/locales/citizen")).unwrap();
        let mut wasm = citizen.join("\0").into_bytes();
        assert!(no_server_messages(&root, &wasm).is_ok());
        wasm.extend_from_slice(b"\0desk-title\0");
        let error = no_server_messages(&root, &wasm).unwrap_err().to_string();
        assert!(error.contains("desk: desk-title"), "{error}");
        assert!(no_server_messages(&root, b"no keys at all").is_err());
    }
}
