//! The widget's modules form layers: no file in `src/` imports a module that
//! imports it back (issue 10's shape; `ui.rs` at the bottom imports no
//! component). Read from the sources, so a new cycle fails `cargo test`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`form::state`) → the modules it names in `use crate::…` and
/// `use super::…`.
type Imports = BTreeMap<String, BTreeSet<String>>;

fn module_of(relative: &Path) -> String {
    let name = relative
        .with_extension("")
        .to_string_lossy()
        .replace('/', "::");
    match name.strip_suffix("::mod") {
        Some(parent) => parent.to_owned(),
        None if name == "lib" => "crate".to_owned(),
        None => name,
    }
}

fn imports_of(module: &str, source: &str) -> BTreeSet<String> {
    let parent = module.rsplit_once("::").map(|(p, _)| p);
    let mut imports = BTreeSet::new();
    for line in source.lines().map(str::trim) {
        let Some(path) = line.strip_prefix("use ") else {
            continue;
        };
        let named = if let Some(rest) = path.strip_prefix("crate::") {
            rest.split([':', ';', ' ', '{']).next().map(str::to_owned)
        } else if let Some(rest) = path.strip_prefix("super::") {
            let name = rest.split([':', ';', ' ', '{']).next().unwrap_or_default();
            Some(match parent {
                Some(parent) => format!("{parent}::{name}"),
                None => name.to_owned(),
            })
        } else {
            None
        };
        if let Some(named) = named.filter(|n| !n.is_empty() && n != module) {
            imports.insert(named);
        }
    }
    imports
}

fn read(dir: &Path, root: &Path, imports: &mut Imports) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            read(&path, root, imports);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let module = module_of(path.strip_prefix(root).expect("under src"));
            let source = std::fs::read_to_string(&path).expect("a source file");
            let found = imports_of(&module, &source);
            imports.insert(module, found);
        }
    }
}

/// Every pair of modules that import each other, `a` before `b`.
fn mutual(imports: &Imports) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (a, names) in imports {
        for b in names {
            let back = imports.get(b).is_some_and(|theirs| theirs.contains(a));
            if back && a < b {
                pairs.push((a.clone(), b.clone()));
            }
        }
    }
    pairs
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut imports = Imports::new();
    read(&src, &src, &mut imports);
    assert!(imports.len() > 10, "the sources were read: {imports:?}");
    assert!(
        imports["form::send"].contains("form::state"),
        "super:: is followed"
    );
    assert!(imports["app"].contains("ui"), "crate:: is followed");
    assert_eq!(mutual(&imports), Vec::<(String, String)>::new());
}

#[test]
fn a_cycle_is_found() {
    let mut imports = Imports::new();
    imports.insert("app".into(), imports_of("app", "use crate::form::Form;\n"));
    imports.insert(
        "form".into(),
        imports_of("form", "use crate::app::{Stage, Ui};\n"),
    );
    imports.insert(
        "ui".into(),
        imports_of("ui", "use crate::options::Options;\n"),
    );
    assert_eq!(mutual(&imports), [("app".to_owned(), "form".to_owned())]);
}
