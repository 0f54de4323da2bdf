//! The widget's build: cargo (wasm32, size-optimised) → wasm-bindgen → wasm-opt →
//! content-hashed files in `widget/dist`, precompressed, with a size report.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::util::{self, Cmd};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
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
    let wasm = publish(&dist, "glas_widget", "wasm", &fs::read(&optimised)?)?;
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
    write_with_compressed(&dist.join("glas.js"), loader.as_bytes())?;

    report(&dist, &["glas.js", &js, &wasm, &css])?;
    Ok(dist)
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

/// Sizes as they travel: the loader on every page view, the rest when the widget opens.
fn report(dist: &Path, files: &[&str]) -> Result<()> {
    println!("\nWidget size report ({})", dist.display());
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "file", "bytes", "gzip", "brotli"
    );
    let (mut raw_total, mut gz_total, mut br_total) = (0, 0, 0);
    for (i, name) in files.iter().enumerate() {
        let path = dist.join(name);
        let raw = fs::metadata(&path)?.len();
        let gz = fs::metadata(path.with_extension(format!("{}.gz", ext(&path))))?.len();
        let br = fs::metadata(path.with_extension(format!("{}.br", ext(&path))))?.len();
        println!("{name:<34} {raw:>10} {gz:>10} {br:>10}");
        raw_total += raw;
        gz_total += gz;
        br_total += br;
        if i == 0 {
            println!("{:-<67}", "");
        }
    }
    println!(
        "{:<34} {raw_total:>10} {gz_total:>10} {br_total:>10}",
        "total (open widget)"
    );
    Ok(())
}
