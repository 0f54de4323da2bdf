//! Compiles the Fluent catalogues (`locales/<audience>/<language>.ftl`) into static tables.
//!
//! The sources are parsed here, at build time, by Project Fluent's own parser
//! (`fluent-syntax`), so neither the parser nor the FTL text nor `fluent-bundle`'s
//! resolver ships to the widget: the catalogue costs the citizen only its words.
//! The subset of Fluent the catalogues may use is checked here (text, variables,
//! and selectors on a variable with plural categories or exact values as keys);
//! anything else stops the build with the file, the message and the reason, as does
//! a key that two catalogues define or a language file a catalogue does not list.
//! `i18n.rs` tests that every message formats exactly as `fluent-bundle` would.
//!
//! Each catalogue becomes its own file in `OUT_DIR`; `i18n.rs` includes the
//! server's only under the `server` feature, so the widget's Wasm holds none of them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Pattern, PatternElement, Variant, VariantKey,
};

/// The catalogues by audience: directory under `locales/` (also the constant's and
/// the generated file's name) and languages, in the order of the generated columns.
const CATALOGUES: [(&str, &[&str]); 5] = [
    // What the widget shows, and the server's API errors: ships everywhere.
    ("citizen", &["bg", "en", "tr"]),
    // What only the kiosk's screen says: ships in the kiosk's bundle alone.
    ("kiosk", &["bg", "en", "tr"]),
    // Pages the server renders for citizens (the tracking page): server only.
    ("pages", &["bg", "en", "tr"]),
    // The staff desk: server only, Bulgarian first and English.
    ("desk", &["bg", "en"]),
    // What the loader (widget/loader/glas.js) says when the widget cannot open:
    // checked here like the others, but `i18n.rs` includes none of it; `cargo xtask
    // widget` writes it into the loader.
    ("loader", &["bg", "en", "tr"]),
];

/// The obscene-word lists compiled in, in the order `src/obscene.rs` reads them.
const OBSCENE_LISTS: [&str; 4] = ["bg", "bg-latin", "en", "tr"];

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut owners: BTreeMap<String, &str> = BTreeMap::new();
    for (name, locales) in CATALOGUES {
        let dir = Path::new("locales").join(name);
        println!("cargo::rerun-if-changed={}", dir.display());
        check_languages(&dir, locales);
        let messages = compile(&dir, locales);
        for id in messages.keys() {
            if let Some(other) = owners.insert(id.clone(), name) {
                let why = format!("locales/{other} defines it too; a key belongs to one audience");
                fail(&dir.join("*.ftl"), id, &why);
            }
        }
        let out = generate(name, locales, &messages);
        fs::write(Path::new(&out_dir).join(format!("{name}.rs")), out)
            .expect("OUT_DIR is writable");
    }
    obscene_lists(Path::new(&out_dir));
}

/// The obscene-word lists (`src/obscene.rs` reads them) as they ship: their
/// comments, which explain the format to whoever edits them, and blank lines
/// stay behind, so every phone downloads only the entries.
fn obscene_lists(out_dir: &Path) {
    let mut out = String::from("const LISTS: [&str; 4] = [\n");
    for name in OBSCENE_LISTS {
        let path = Path::new("data/obscene").join(format!("{name}.txt"));
        println!("cargo::rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| fail(&path, "", &e.to_string()));
        let entries: Vec<&str> = text
            .lines()
            .filter_map(|line| line.split('#').next())
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        writeln!(out, "    {:?},", entries.join("\n")).expect("writing to a String");
    }
    out.push_str("];\n");
    fs::write(out_dir.join("obscene.rs"), out).expect("OUT_DIR is writable");
}

/// A language file the catalogue does not list would be silently left out.
fn check_languages(dir: &Path, locales: &[&str]) {
    let files = fs::read_dir(dir).unwrap_or_else(|e| fail(dir, "", &e.to_string()));
    for file in files {
        let path = file.expect("a readable directory").path();
        let listed = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .is_some_and(|stem| locales.contains(&stem));
        if path.extension().is_some_and(|ext| ext == "ftl") && !listed {
            fail(
                &path,
                "",
                &format!("not a language of this catalogue ({locales:?}, build.rs)"),
            );
        }
    }
}

/// Every message of the catalogue in `dir`, with its pattern in each language.
fn compile(dir: &Path, locales: &[&str]) -> BTreeMap<String, Vec<Option<String>>> {
    let mut messages: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    for (i, locale) in locales.iter().enumerate() {
        let path = dir.join(format!("{locale}.ftl"));
        println!("cargo::rerun-if-changed={}", path.display());
        let source = fs::read_to_string(&path).unwrap_or_else(|e| fail(&path, "", &e.to_string()));
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| fail(&path, "", &format!("syntax errors: {errors:?}")));
        for entry in resource.body {
            match entry {
                Entry::Message(message) => {
                    let id = message.id.name;
                    if !message.attributes.is_empty() {
                        fail(&path, id, "attributes are not supported");
                    }
                    let Some(value) = message.value else {
                        fail(&path, id, "a message needs a value");
                    };
                    let slot = &mut messages
                        .entry(id.to_owned())
                        .or_insert_with(|| vec![None; locales.len()])[i];
                    if slot.is_some() {
                        fail(&path, id, "the message is defined twice");
                    }
                    *slot = Some(pattern(&value, &path, id));
                }
                Entry::Term(term) => fail(&path, term.id.name, "terms are not supported"),
                Entry::Comment(_)
                | Entry::GroupComment(_)
                | Entry::ResourceComment(_)
                | Entry::Junk { .. } => {}
            }
        }
    }
    messages
}

/// The catalogue as a `static` of `i18n::Catalogue`: keys sorted for binary search,
/// patterns row by row (one column per language).
fn generate(
    name: &str,
    locales: &[&str],
    messages: &BTreeMap<String, Vec<Option<String>>>,
) -> String {
    let upper = name.to_uppercase();
    let mut out = format!("// Generated by build.rs from locales/{name}/*.ftl.\n");
    writeln!(out, "static {upper}_KEYS: [&str; {}] = [", messages.len()).unwrap();
    for id in messages.keys() {
        writeln!(out, "    {id:?},").unwrap();
    }
    out.push_str("];\n");
    writeln!(
        out,
        "static {upper}_PATTERNS: [Option<&[Piece]>; {}] = [",
        messages.len() * locales.len()
    )
    .unwrap();
    for patterns in messages.values() {
        let patterns: Vec<String> = patterns
            .iter()
            .map(|p| {
                p.as_ref()
                    .map_or("None".to_owned(), |p| format!("Some({p})"))
            })
            .collect();
        writeln!(out, "    {},", patterns.join(", ")).unwrap();
    }
    out.push_str("];\n");
    writeln!(
        out,
        "static {upper}: Catalogue = Catalogue {{ locales: &{locales:?}, keys: &{upper}_KEYS, patterns: &{upper}_PATTERNS }};"
    )
    .unwrap();
    // A constant per key, so that a mistyped key fails to compile.
    let module = if name == "citizen" {
        "key".to_owned()
    } else {
        format!("{name}_key")
    };
    writeln!(
        out,
        "/// The keys of `locales/{name}/`, as constants: `{module}::WIDGET_TITLE` is `\"widget-title\"`.\npub mod {module} {{"
    )
    .unwrap();
    let mut names = BTreeMap::new();
    for id in messages.keys() {
        let constant = id.to_uppercase().replace('-', "_");
        if let Some(other) = names.insert(constant.clone(), id) {
            let why = format!("{other} makes the same constant, {constant}");
            fail(&Path::new("locales").join(name), id, &why);
        }
        writeln!(out, "    pub const {constant}: &str = {id:?};").unwrap();
    }
    out.push_str("}\n");
    out
}

/// A pattern as a `&[Piece]` expression.
fn pattern(pattern: &Pattern<&str>, path: &Path, id: &str) -> String {
    let pieces: Vec<String> = pattern
        .elements
        .iter()
        .map(|element| match element {
            PatternElement::TextElement { value } => format!("Piece::Text({value:?})"),
            PatternElement::Placeable { expression } => match expression {
                Expression::Inline(inline) => match inline {
                    InlineExpression::VariableReference { id: var } => {
                        format!("Piece::Var({:?})", var.name)
                    }
                    InlineExpression::StringLiteral { value } => {
                        format!(
                            "Piece::Text({:?})",
                            fluent_syntax::unicode::unescape_unicode_to_string(value)
                        )
                    }
                    _ => fail(path, id, "only variables and string literals may be placed"),
                },
                Expression::Select { selector, variants } => {
                    let InlineExpression::VariableReference { id: var } = selector else {
                        fail(path, id, "only a variable may be a selector");
                    };
                    select(var.name, variants, path, id)
                }
            },
        })
        .collect();
    format!("&[{}]", pieces.join(", "))
}

fn select(var: &str, variants: &[Variant<&str>], path: &Path, id: &str) -> String {
    let default = variants
        .iter()
        .position(|v| v.default)
        .unwrap_or_else(|| fail(path, id, "a selector needs a default variant"));
    let arms: Vec<String> = variants
        .iter()
        .map(|variant| {
            let key = match &variant.key {
                VariantKey::Identifier { name } => *name,
                VariantKey::NumberLiteral { value } => *value,
            };
            format!("({key:?}, {})", pattern(&variant.value, path, id))
        })
        .collect();
    format!(
        "Piece::Select {{ var: {var:?}, variants: &[{}], default: {default} }}",
        arms.join(", ")
    )
}

fn fail(path: &Path, id: &str, why: &str) -> ! {
    panic!("{}: {id}: {why}", path.display())
}
