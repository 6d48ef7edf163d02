//! Writes `$OUT_DIR/scenario_index.rs`: the id and both titles of every file in
//! `scenarios/`, default first, so the app's scenario picker lists them without
//! compiling the files in (the app fetches a scenario's file when it opens it).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries = Vec::new();
    for file in std::fs::read_dir(&dir).expect("scenarios/ is readable") {
        let path = file.expect("a scenarios/ entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a scenario file is readable");
        let json: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
        let field = |keys: &[&str]| {
            keys.iter()
                .try_fold(&json, |v, k| v.get(k))
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| panic!("{}: no string at {}", path.display(), keys.join(".")))
                .to_string()
        };
        entries.push((
            field(&["id"]),
            field(&["title", "en"]),
            field(&["title", "zh"]),
        ));
    }
    entries.sort_by(|a, b| (a.0 != "default", &a.0).cmp(&(b.0 != "default", &b.0)));
    let mut out = String::from("&[\n");
    for (id, en, zh) in &entries {
        writeln!(
            out,
            "    Entry {{ id: {id:?}, title_en: {en:?}, title_zh: {zh:?} }},"
        )
        .unwrap();
    }
    out.push(']');
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("scenario_index.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
