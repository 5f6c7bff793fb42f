//! The committed art is exactly what the generator draws.

use std::process::Command;

#[test]
fn regenerating_the_art_gives_the_same_files() {
    let out = Command::new(env!("CARGO_BIN_EXE_make-art"))
        .arg("--check")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "make-art --check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The game finds each character's sprites on the row the generator drew them.
#[test]
fn the_character_sheet_rows_match_the_game() {
    let out = Command::new(env!("CARGO_BIN_EXE_make-art"))
        .arg("--catalog")
        .output()
        .unwrap();
    let catalog = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<(String, usize)> = catalog
        .lines()
        .filter_map(|l| l.strip_prefix("character "))
        .map(|l| {
            let (name, row) = l.split_once(' ').unwrap();
            (name.to_string(), row.parse().unwrap())
        })
        .collect();
    assert_eq!(rows.len(), biodental_story::Character::ALL.len());
    for who in biodental_story::Character::ALL {
        let drawn = rows
            .iter()
            .find(|(name, _)| name == who.ldtk_name())
            .map(|(_, row)| *row);
        assert_eq!(drawn, Some(who.sheet_row()), "{who:?}");
    }
}
