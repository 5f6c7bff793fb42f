//! `make-art`: draws every sprite and tileset of BioDental from code.
//!
//! `cargo run --bin make-art` rewrites the PNGs; `--check` regenerates them in
//! memory and fails if a committed file differs (the test suite runs this);
//! `--preview DIR` also writes 4× enlargements for looking at the art.
//!
//! Layouts are append-only: levels and the game address tiles by position, so
//! new art goes after the existing tiles, never between them.

mod canvas;
mod characters;
mod dream;
mod font;
mod palette;
mod portraits;
mod props;
mod tiles;
mod ui;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use canvas::Canvas;

/// Every generated file, relative to the repository root, with a picture
/// of it for `--preview`.
fn outputs() -> Vec<(&'static str, Vec<u8>, Canvas)> {
    let png = |c: Canvas| (c.to_png(), c);
    let mut out: Vec<(&'static str, Vec<u8>, Canvas)> = [
        ("levels/tilesets/characters.png", characters::sheet()),
        ("levels/tilesets/clinic.png", tiles::sheet()),
        ("levels/tilesets/props.png", props::sheet()),
        ("levels/tilesets/dream.png", dream::sheet()),
        ("assets/ui/logo.png", ui::logo()),
        ("assets/sprites/fx.png", ui::fx()),
        ("assets/sprites/doors.png", ui::doors()),
        ("assets/sprites/portraits.png", portraits::sheet()),
    ]
    .into_iter()
    .map(|(path, canvas)| {
        let (bytes, canvas) = png(canvas);
        (path, bytes, canvas)
    })
    .collect();
    out.push((
        "assets/fonts/biodental-pixel.ttf",
        font::ttf(),
        font::specimen(),
    ));
    // The characters the font draws, for the game's check of its texts.
    out.push((
        "assets/fonts/biodental-pixel.chars",
        font::charset().into_bytes(),
        font::specimen(),
    ));
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut check = false;
    let mut preview: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = true,
            "--preview" => match it.next() {
                Some(dir) => preview = Some(PathBuf::from(dir)),
                None => {
                    eprintln!("make-art: --preview needs a folder");
                    return ExitCode::from(2);
                }
            },
            "--catalog" => {
                for (name, index) in tiles::catalog() {
                    println!("tile {name} {index}");
                }
                for (name, x, y, w, h) in props::layout() {
                    println!("prop {name} {x} {y} {w} {h}");
                }
                for (name, index) in dream::catalog() {
                    println!("dream {name} {index}");
                }
                for (row, who) in characters::ROSTER.iter().enumerate() {
                    println!("character {who:?} {row}");
                }
                return ExitCode::SUCCESS;
            }
            "-h" | "--help" => {
                println!("usage: make-art [--check] [--preview DIR] [--catalog]");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("make-art: unknown argument {other:?} (try --help)");
                return ExitCode::from(2);
            }
        }
    }

    let mut stale = Vec::new();
    for (rel, bytes, canvas) in outputs() {
        let path = root.join(rel);
        if check {
            if std::fs::read(&path).ok().as_deref() != Some(&bytes[..]) {
                stale.push(rel);
            }
        } else if let Err(e) = write(&path, &bytes) {
            eprintln!("make-art: cannot write {rel}: {e}");
            return ExitCode::FAILURE;
        }
        if let Some(dir) = &preview {
            let name = format!("{}.png", rel.replace('/', "_"));
            if let Err(e) = write(&dir.join(name), &canvas.scaled(4).to_png()) {
                eprintln!("make-art: cannot write preview: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if !stale.is_empty() {
        for rel in &stale {
            eprintln!(
                "make-art: {rel} differs from what the generator draws; run `cargo run --bin make-art`"
            );
        }
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, bytes)
}
