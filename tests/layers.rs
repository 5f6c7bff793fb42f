//! The layers of `ARCHITECTURE.md`, checked on the source: every folder
//! (or file) of `src/` belongs to one layer, imports point only down or
//! across (no cycle between folders), and a feature imports no other
//! feature: features talk through core and model.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, bottom first, and the folders (or files) of `src/` in each.
const LAYERS: [(&str, &[&str]); 4] = [
    ("core", &["core", "engine", "input"]),
    ("model", &["model", "data", "theme"]),
    (
        "features",
        &[
            "world",
            "characters",
            "dialogue",
            "story",
            "swarm",
            "surge",
            "dreamscape",
        ],
    ),
    (
        "shell",
        &[
            "screens",
            "menus",
            "audio",
            "save",
            "settings",
            "autoplay",
            "dev_tools",
            "headless",
        ],
    ),
];

/// Which top-level parts of `src/` each part imports (`crate::part`).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let parts: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "bin"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|p| p != "lib" && p != "main")
        .collect();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "bin") {
                continue;
            }
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let part = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if !parts.contains(&part) || path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut used = BTreeSet::new();
        // `crate::part…` and the parts named in `use crate::{part::…, …}`.
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                used.extend(
                    group
                        .split(',')
                        .map(|s| s.trim().split("::").next().unwrap_or_default().to_string()),
                );
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                used.insert(name);
            }
        }
        out.entry(part.clone())
            .or_default()
            .extend(used.into_iter().filter(|u| parts.contains(u) && *u != part));
    }
    out
}

fn layer_of(part: &str) -> usize {
    LAYERS
        .iter()
        .position(|(_, parts)| parts.contains(&part))
        .unwrap_or_else(|| {
            panic!("src/{part} is in no layer: add it to LAYERS (and ARCHITECTURE.md)")
        })
}

#[test]
fn every_import_points_down_the_layers_and_no_feature_imports_another() {
    let imports = imports();
    let mut wrong = Vec::new();
    for (from, tos) in &imports {
        let lf = layer_of(from);
        for to in tos {
            let lt = layer_of(to);
            if lt > lf {
                wrong.push(format!(
                    "{from} ({}) imports {to} ({}), a layer above it",
                    LAYERS[lf].0, LAYERS[lt].0
                ));
            } else if lt == lf && LAYERS[lf].0 == "features" {
                wrong.push(format!(
                    "the feature {from} imports the feature {to}: let them talk through core and model"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_import_cycle_spans_two_parts_of_src() {
    let imports = imports();
    // Depth-first search for a back edge, naming the cycle it closes.
    fn visit<'a>(
        at: &'a str,
        imports: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<&'a str>> {
        if let Some(i) = path.iter().position(|p| *p == at) {
            let mut cycle = path[i..].to_vec();
            cycle.push(at);
            return Some(cycle);
        }
        if !done.insert(at) {
            return None;
        }
        path.push(at);
        for to in imports.get(at).into_iter().flatten() {
            if let Some(c) = visit(to, imports, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for part in imports.keys() {
        if let Some(cycle) = visit(part, &imports, &mut Vec::new(), &mut done) {
            panic!("an import cycle: {}", cycle.join(" → "));
        }
    }
}

/// No source file of the game, its crates or their tests is over 600
/// lines, outside the art and sound generators (`src/bin/`), whose tables
/// of drawing and music are long by nature.
#[test]
fn no_source_file_is_over_600_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![root.join("src"), root.join("benches"), root.join("tests")];
    for krate in std::fs::read_dir(root.join("crates")).unwrap() {
        let krate = krate.unwrap().path();
        folders.extend(["src", "benches", "tests"].map(|f| krate.join(f)));
    }
    let mut long = Vec::new();
    while let Some(path) = folders.pop() {
        if path.is_dir() {
            if path == root.join("src/bin") {
                continue;
            }
            folders.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let lines = std::fs::read_to_string(&path).unwrap().lines().count();
            if lines > 600 {
                long.push(format!(
                    "{} has {lines} lines",
                    path.strip_prefix(root).unwrap().display()
                ));
            }
        }
    }
    long.sort();
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}
