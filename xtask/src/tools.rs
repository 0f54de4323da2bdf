//! The widget build's tools from the npm registry, run with the machine's Node.js:
//! binaryen's `wasm-opt` (its own Wasm build of the C++ code, so nothing compiles on
//! the machine), terser for the JS and lightningcss for the CSS. `xtask/tools/`
//! pins them (exact versions, `package-lock.json`); `npm ci` installs them under the
//! target directory, again only when the lock file changes.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::util::{self, Cmd};

/// binaryen's features that Rust's wasm32 target turns on by default and every
/// browser Glas supports has; wasm-opt must know them to keep what uses them.
pub const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub struct Tools {
    modules: PathBuf,
}

impl Tools {
    /// The tools, installed first if the lock file changed since the last install.
    pub fn install() -> Result<Tools> {
        let source = util::root().join("xtask/tools");
        let dir = util::target_dir()?.join("glas-build-tools");
        let lock = fs::read(source.join("package-lock.json"))?;
        let stamp = dir.join("installed-package-lock.json");
        let modules = dir.join("node_modules");
        if fs::read(&stamp).ok().as_deref() != Some(lock.as_slice()) || !modules.exists() {
            util::step(
                "Installing the widget's build tools (npm ci: binaryen, terser, lightningcss)",
            );
            fs::create_dir_all(&dir)?;
            fs::remove_file(&stamp).ok();
            for file in ["package.json", "package-lock.json"] {
                fs::copy(source.join(file), dir.join(file))?;
            }
            // No install scripts: none of these needs one.
            Cmd::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
                .dir(&dir)
                .stdout_to_stderr()
                .run()
                .context(
                    "npm ci of xtask/tools failed (the widget's build needs Node.js and npm)",
                )?;
            fs::write(&stamp, &lock)?;
        }
        Ok(Tools { modules })
    }

    fn node(&self, script: &str) -> Cmd {
        Cmd::new("node").arg(self.modules.join(script))
    }

    /// binaryen's optimiser for size, as `wasm-opt -Oz` with our features.
    pub fn wasm_opt(&self, input: &Path, output: &Path, flags: &[&str]) -> Result<()> {
        self.node("binaryen/bin/wasm-opt")
            .arg(input)
            .args(flags)
            .args(WASM_FEATURES)
            .arg("-o")
            .arg(output)
            .run()
    }

    /// terser: compressed and mangled, as an ES module (`module`) or a classic script.
    pub fn minify_js(&self, source: &str, module: bool) -> Result<String> {
        let work = tempfile::tempdir()?;
        let input = work.path().join("in.js");
        let output = work.path().join("out.js");
        fs::write(&input, source)?;
        let mut terser = self
            .node("terser/bin/terser")
            .arg(&input)
            .args(["--compress", "passes=2", "--mangle", "--ecma", "2020"])
            .args(["--comments", "false", "--output"])
            .arg(&output);
        if module {
            terser = terser.arg("--module");
        }
        terser.run()?;
        Ok(fs::read_to_string(&output)?)
    }

    /// lightningcss: minified, no browser targets (so nothing is rewritten for old ones).
    pub fn minify_css(&self, source: &str) -> Result<String> {
        let work = tempfile::tempdir()?;
        let input = work.path().join("in.css");
        let output = work.path().join("out.css");
        fs::write(&input, source)?;
        let script = "const [lib, input, output] = process.argv.slice(1);\
            const fs = require('fs');\
            const { transform } = require(lib);\
            const { code } = transform({ filename: input, code: fs.readFileSync(input), minify: true });\
            fs.writeFileSync(output, code);";
        Cmd::new("node")
            .args(["-e", script])
            .arg(self.modules.join("lightningcss"))
            .arg(&input)
            .arg(&output)
            .run()?;
        Ok(fs::read_to_string(&output)?)
    }
}
