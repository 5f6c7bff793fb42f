//! Property tests for `check-levels`: mutated and generated LDtk projects,
//! damaged text and random JSON go through the real check (`check_text`,
//! which `check-levels` and its tests use; the game runs its rules). None
//! may panic, and each answers in bounded time.
//!
//! Every case comes from a seed, so a failure names the seed and the
//! mutations that made it. `LEVEL_FUZZ_CASES=1000 cargo test --test
//! level_fuzz` hunts longer.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

mod common;

use arbitrary::Unstructured;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use biodental::world::check::check_text;
use common::level_mut;

/// Cases per test, unless `LEVEL_FUZZ_CASES` says otherwise.
const CASES: u64 = 40;

/// No case may take longer than this (a debug build on a slow machine).
const TIME_LIMIT: Duration = Duration::from_secs(10);

/// The keys that hold sizes and counts, mutated more often than the rest.
const SIZE_KEYS: &[&str] = &[
    "pxWid",
    "pxHei",
    "__cWid",
    "__cHei",
    "__gridSize",
    "gridSize",
    "tileGridSize",
    "intGridCsv",
    "width",
    "height",
    "px",
    "__pivot",
    "__grid",
    "iid",
    "identifier",
    "__identifier",
    "__value",
    "__type",
    "entityIid",
    "levelIid",
];

/// Numbers that have broken things before, or sit at a limit.
const NUMBERS: &[f64] = &[
    0.0,
    -1.0,
    1.0,
    2.0,
    15.0,
    16.0,
    255.0,
    256.0,
    257.0,
    1024.0,
    1025.0,
    4096.0,
    4097.0,
    46_341.0,
    100_000.0,
    2_147_483_647.0,
    -2_147_483_648.0,
    2_147_483_648.0,
    1e10,
    9_007_199_254_740_993.0,
    0.5,
    -0.5,
    1e30,
    1e300,
];

fn cases() -> u64 {
    std::env::var("LEVEL_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CASES)
}

/// The shipped project without its tiles (they are most of its text and
/// none of its rules), so that a case takes milliseconds.
fn base() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/levels/biodental.ldtk");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for level in doc["levels"].as_array_mut().unwrap() {
        for layer in level["layerInstances"].as_array_mut().unwrap() {
            layer["gridTiles"] = json!([]);
            layer["autoLayerTiles"] = json!([]);
        }
    }
    doc
}

/// Random bytes for one case.
fn bytes(seed: u64) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut bytes = vec![0u8; 4096];
    rng.fill_bytes(&mut bytes);
    bytes
}

/// Runs the check on `text`: it must not panic and must answer in time.
/// Returns the number of problems.
fn check_case(seed: u64, what: &str, text: &str) -> usize {
    let start = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| check_text("levels/fuzz.ldtk", text)));
    let took = start.elapsed();
    let problems = result.unwrap_or_else(|_| panic!("seed {seed}: the check panicked on {what}"));
    assert!(
        took < TIME_LIMIT,
        "seed {seed}: the check took {took:?} on {what}"
    );
    for p in &problems {
        assert!(
            p.to_string().len() < 2000,
            "seed {seed}: a problem repeats a huge value on {what}"
        );
    }
    problems.len()
}

#[derive(Clone, Debug)]
enum Key {
    Index(usize),
    Name(String),
}

/// Every node of `doc`, by its path, with the key that holds it.
fn paths(doc: &Value) -> Vec<Vec<Key>> {
    fn walk(v: &Value, here: &mut Vec<Key>, out: &mut Vec<Vec<Key>>) {
        out.push(here.clone());
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    here.push(Key::Index(i));
                    walk(item, here, out);
                    here.pop();
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    here.push(Key::Name(k.clone()));
                    walk(item, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut Vec::new(), &mut out);
    out
}

fn node_mut<'a>(doc: &'a mut Value, path: &[Key]) -> &'a mut Value {
    path.iter().fold(doc, |v, k| match k {
        Key::Index(i) => &mut v[*i],
        Key::Name(n) => &mut v[n.as_str()],
    })
}

fn node<'a>(doc: &'a Value, path: &[Key]) -> &'a Value {
    path.iter().fold(doc, |v, k| match k {
        Key::Index(i) => &v[*i],
        Key::Name(n) => &v[n.as_str()],
    })
}

fn key_name(path: &[Key]) -> Option<&str> {
    path.iter().rev().find_map(|k| match k {
        Key::Name(n) => Some(n.as_str()),
        Key::Index(_) => None,
    })
}

fn show(path: &[Key]) -> String {
    path.iter()
        .map(|k| match k {
            Key::Index(i) => format!("/{i}"),
            Key::Name(n) => format!("/{n}"),
        })
        .collect()
}

fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// One mutation of `doc`, chosen by `u`; says what it did.
fn mutate(doc: &mut Value, u: &mut Unstructured) -> arbitrary::Result<String> {
    let all = paths(doc);
    // Half the time, a node under one of the keys that hold sizes and names.
    let sized: Vec<&Vec<Key>> = all
        .iter()
        .filter(|p| key_name(p).is_some_and(|k| SIZE_KEYS.contains(&k)))
        .collect();
    let path = if u.arbitrary()? {
        sized[u.choose_index(sized.len())?].clone()
    } else {
        all[u.choose_index(all.len())?].clone()
    };
    let other = all[u.choose_index(all.len())?].clone();
    let other_value = node(doc, &other).clone();
    let strings: Vec<&Vec<Key>> = all.iter().filter(|p| node(doc, p).is_string()).collect();
    let some_string = node(doc, strings[u.choose_index(strings.len())?]).clone();
    let target = node_mut(doc, &path);
    let at = show(&path);
    let what = match (u.int_in_range(0..=5)?, &mut *target) {
        (0 | 1, Value::Number(_)) => {
            let x = *u.choose(NUMBERS)?;
            *target = number(x);
            format!("{at} = {x}")
        }
        (0, Value::String(_)) => {
            *target = some_string;
            format!("{at} = another string of the project")
        }
        (1, Value::String(s)) => {
            let n = *u.choose(&[0usize, 1, 256, 257, 1025, 100_000])?;
            *s = "é".repeat(n / 2) + &"x".repeat(n % 2);
            format!("{at} = a string of {n} bytes")
        }
        (0, Value::Array(items)) if !items.is_empty() => {
            let i = u.choose_index(items.len())?;
            let copies = u.int_in_range(1..=40)?;
            for _ in 0..copies {
                items.push(items[i].clone());
            }
            format!("{at}: item {i} copied {copies} times")
        }
        (1, Value::Array(items)) if !items.is_empty() => {
            let i = u.choose_index(items.len())?;
            items.remove(i);
            format!("{at}: item {i} removed")
        }
        (0 | 1, Value::Object(map)) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let k = u.choose(&keys)?.clone();
            map.remove(&k);
            format!("{at}: key {k} removed")
        }
        (2, _) => {
            let v = match u.int_in_range(0..=5)? {
                0 => Value::Null,
                1 => json!(true),
                2 => json!("x"),
                3 => json!(7),
                4 => json!([]),
                _ => json!({}),
            };
            *target = v.clone();
            format!("{at} = {v}")
        }
        (3, _) if key_name(&path) == key_name(&other) => {
            *target = other_value;
            format!("{at} = the value at {}", show(&other))
        }
        (_, Value::Array(items)) => {
            items.clear();
            format!("{at} emptied")
        }
        (_, Value::Number(_)) => {
            let x = u.arbitrary::<i32>()?;
            *target = json!(x);
            format!("{at} = {x}")
        }
        _ => {
            *target = Value::Null;
            format!("{at} = null")
        }
    };
    Ok(what)
}

/// Mutated projects: a few changes anywhere, sizes and names more often.
#[test]
fn mutated_projects_never_panic_and_answer_in_time() {
    let base = base();
    assert_eq!(
        check_case(0, "the shipped project", &base.to_string()),
        0,
        "the shipped project (without tiles) passes"
    );
    let start = Instant::now();
    let mut reported = 0;
    for seed in 0..cases() {
        let data = bytes(seed);
        let mut u = Unstructured::new(&data);
        let mut doc = base.clone();
        let mut done = Vec::new();
        for _ in 0..u.int_in_range(1..=3).unwrap_or(1) {
            match mutate(&mut doc, &mut u) {
                Ok(what) => done.push(what),
                Err(_) => break,
            }
        }
        if check_case(seed, &done.join("; "), &doc.to_string()) > 0 {
            reported += 1;
        }
    }
    println!(
        "{} mutated projects checked in {:?}; {reported} had problems",
        cases(),
        start.elapsed()
    );
}

/// Generated levels: sizes from tiny to past every limit, with a grid that
/// matches them or not, through the real check.
#[test]
fn generated_level_sizes_never_panic_and_answer_in_time() {
    let base = base();
    let start = Instant::now();
    for seed in 0..cases() {
        let data = bytes(1_000_000 + seed);
        let mut u = Unstructured::new(&data);
        let mut doc = base.clone();
        let what = generate_level(&mut doc, &mut u).unwrap_or_default();
        check_case(seed, &what, &doc.to_string());
    }
    println!(
        "{} generated levels checked in {:?}",
        cases(),
        start.elapsed()
    );
}

/// Gives one level a generated size and grid; says which.
fn generate_level(doc: &mut Value, u: &mut Unstructured) -> arbitrary::Result<String> {
    let levels = doc["levels"].as_array_mut().unwrap();
    let i = u.choose_index(levels.len())?;
    let level = &mut levels[i];
    let sizes = [
        0i64, 1, 15, 16, 17, 200, 480, 1024, 4096, 4097, 46_341, 100_000,
    ];
    let grids = [0i64, 1, 2, 8, 16, 32, 256, 257];
    let (w, h) = (*u.choose(&sizes)?, *u.choose(&sizes)?);
    let grid = *u.choose(&grids)?;
    // Most of the time the grid matches the level, as LDtk writes it.
    let matching = u.ratio(3u8, 4)?;
    let (cw, ch) = if matching && grid > 0 {
        ((w + grid - 1) / grid, (h + grid - 1) / grid)
    } else {
        (*u.choose(&sizes)?, *u.choose(&sizes)?)
    };
    // The cells are filled only for small grids, so that cases stay quick.
    let cells = cw.saturating_mul(ch);
    level["pxWid"] = json!(w);
    level["pxHei"] = json!(h);
    for layer in level["layerInstances"].as_array_mut().unwrap() {
        layer["__gridSize"] = json!(grid);
        layer["__cWid"] = json!(cw);
        layer["__cHei"] = json!(ch);
        if layer["__type"] == "IntGrid" {
            let n = if (0..=64 * 64).contains(&cells) && u.ratio(3u8, 4)? {
                cells as usize
            } else {
                u.int_in_range(0..=600)?
            };
            let csv: Vec<u8> = (0..n).map(|_| u.int_in_range(0..=1).unwrap_or(0)).collect();
            layer["intGridCsv"] = json!(csv);
        }
    }
    Ok(format!(
        "level {i}: {w}×{h} px, grid {grid}, {cw}×{ch} cells{}",
        if matching { "" } else { " (not matching)" }
    ))
}

/// Damaged text: cut short, or bytes overwritten.
#[test]
fn damaged_text_never_panics() {
    let text = base().to_string();
    for seed in 0..cases() {
        let data = bytes(2_000_000 + seed);
        let mut u = Unstructured::new(&data);
        let mut broken = text.clone().into_bytes();
        let what = if u.arbitrary().unwrap_or(false) {
            let cut = u.choose_index(broken.len()).unwrap_or(0);
            broken.truncate(cut);
            format!("cut at byte {cut}")
        } else {
            let n = u.int_in_range(1..=8).unwrap_or(1);
            for _ in 0..n {
                let i = u.choose_index(broken.len()).unwrap_or(0);
                broken[i] = *u
                    .choose(&b"{}[],:\"0123456789-.eE ntfx\\"[..])
                    .unwrap_or(&b'x');
            }
            format!("{n} bytes overwritten")
        };
        let broken = String::from_utf8_lossy(&broken);
        check_case(seed, &what, &broken);
    }
}

/// Random JSON documents, small and deep: rejected, never a panic.
#[test]
fn random_json_never_panics() {
    fn value(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
        let pick = if depth == 0 {
            u.int_in_range(0..=3)?
        } else {
            u.int_in_range(0..=5)?
        };
        Ok(match pick {
            0 => Value::Null,
            1 => json!(u.arbitrary::<bool>()?),
            2 => number(*u.choose(NUMBERS)?),
            3 => json!(*u.choose(SIZE_KEYS)?),
            4 => {
                let n = u.int_in_range(0..=4)?;
                Value::Array(
                    (0..n)
                        .map(|_| value(u, depth - 1))
                        .collect::<Result<_, _>>()?,
                )
            }
            _ => {
                let n = u.int_in_range(0..=6)?;
                let mut map = serde_json::Map::new();
                for _ in 0..n {
                    let key = if u.arbitrary()? {
                        (*u.choose(SIZE_KEYS)?).to_string()
                    } else {
                        (*u.choose(&[
                            "levels",
                            "defs",
                            "layerInstances",
                            "entityInstances",
                            "fieldInstances",
                            "jsonVersion",
                            "worlds",
                        ])?)
                        .to_string()
                    };
                    map.insert(key, value(u, depth - 1)?);
                }
                Value::Object(map)
            }
        })
    }
    for seed in 0..cases() {
        let data = bytes(3_000_000 + seed);
        let mut u = Unstructured::new(&data);
        let doc = value(&mut u, 5).unwrap_or(Value::Null);
        check_case(seed, &format!("random JSON {doc}"), &doc.to_string());
    }
}

/// The largest level the limits allow, walled round and open inside, with
/// the finest grid they allow at that size: the check still answers in time.
#[test]
fn the_largest_level_allowed_is_checked_in_time() {
    let mut doc = base();
    let lobby = level_mut(&mut doc, "Lobby");
    let (px, grid) = (4096i64, 4i64);
    let cells = px / grid;
    lobby["pxWid"] = json!(px);
    lobby["pxHei"] = json!(px);
    for layer in lobby["layerInstances"].as_array_mut().unwrap() {
        layer["__gridSize"] = json!(grid);
        layer["__cWid"] = json!(cells);
        layer["__cHei"] = json!(cells);
        if layer["__type"] == "IntGrid" {
            let csv: Vec<u8> = (0..cells * cells)
                .map(|i| {
                    let (x, y) = (i % cells, i / cells);
                    u8::from(x == 0 || y == 0 || x == cells - 1 || y == cells - 1)
                })
                .collect();
            layer["intGridCsv"] = json!(csv);
        }
    }
    let start = Instant::now();
    let problems = check_case(0, "the largest level", &doc.to_string());
    println!(
        "a {px}×{px} px level of {cells}×{cells} cells checked in {:?} ({problems} problems)",
        start.elapsed()
    );
}
